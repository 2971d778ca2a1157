"""The pull request of an Actions `pull_request` event (GITHUB_EVENT_NAME / GITHUB_EVENT_PATH)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from releaser.errors import UsageError

PULL_REQUEST_EVENTS = frozenset({"pull_request", "pull_request_target"})


@dataclass(frozen=True)
class PullRequest:
    """What releaser needs to know about the pull request being previewed."""

    number: int | None = None
    title: str | None = None
    base_branch: str | None = None
    base_repository: str | None = None  # "owner/name" the PR merges into
    head_repository: str | None = None  # "owner/name" the PR's commits come from

    @property
    def from_fork(self) -> bool:
        """True when the commits come from another repository (its token cannot write)."""
        return bool(
            self.head_repository
            and self.base_repository
            and self.head_repository.lower() != self.base_repository.lower()
        )


def pull_request_from_env(env: Mapping[str, str]) -> PullRequest:
    """The pull request of the running Actions event; an empty one outside a PR event."""
    if env.get("GITHUB_EVENT_NAME") not in PULL_REQUEST_EVENTS or not env.get("GITHUB_EVENT_PATH"):
        return PullRequest(base_branch=env.get("GITHUB_BASE_REF") or None)
    path = Path(env["GITHUB_EVENT_PATH"])
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(
            f"cannot read the event payload {path}: {exc}",
            hint="GITHUB_EVENT_PATH must name the JSON file Actions wrote for this event",
        ) from None
    pull = payload.get("pull_request") if isinstance(payload, dict) else None
    if not isinstance(pull, dict):
        return PullRequest(base_branch=env.get("GITHUB_BASE_REF") or None)
    base, head = _dict(pull.get("base")), _dict(pull.get("head"))
    number = pull.get("number")
    return PullRequest(
        number=number if isinstance(number, int) else None,
        title=_text(pull.get("title")),
        base_branch=_text(base.get("ref")) or env.get("GITHUB_BASE_REF") or None,
        base_repository=_text(_dict(base.get("repo")).get("full_name")),
        head_repository=_text(_dict(head.get("repo")).get("full_name")),
    )


def _dict(value: Any) -> dict[str, Any]:  # noqa: ANN401 - JSON
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:  # noqa: ANN401 - JSON
    return value if isinstance(value, str) and value else None
