"""Pull requests on the local GitHub server: list (by head, base, state), create, get, update.

Kept apart from the release routes in github_server.py; `GitHubServer` mixes `PullRequests`
in and sends every `/pulls` path here. Where it matters to a release through a pull request,
it behaves like GitHub:
- one open pull request per head and base: a second create answers 422 ("A pull request
  already exists for owner:branch.");
- with an origin attached (`attach_origin`), the head must be a branch of that bare repository
  (else 422), `head.sha` follows it, and a pull request whose head branch was deleted is closed,
  as GitHub closes it;
- a pull request whose head was pushed again while it was closed cannot be reopened (422);
- a token without `pull-requests: write` gets 403 "Resource not accessible by integration"
  on create and update (`deny_pull_request_writes`).

Merging happens in git, outside the API: the test merges in the bare origin (fast-forward,
merge commit, squash) and then says so through `mark_merged`, as GitHub records a merge made
on its side. `close_pull` closes one without merging (a person pressed "Close").
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.support.github_contract import GitHubContract

JSON = dict[str, Any]
Reply = tuple[int, Any, dict[str, str]]
NOT_ACCESSIBLE = "Resource not accessible by integration"


class PullRequestError(Exception):
    """An error answer (status, message, validation errors) from a pull-request route."""

    def __init__(self, status: int, message: str, errors: list[JSON] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors


class PullRequests:
    """The pull-request state of the server and the test-only controls over it."""

    contract: GitHubContract
    deny_pull_request_writes: bool = False

    @property
    def api_url(self) -> str:
        """The REST base URL (the server's own)."""
        raise NotImplementedError

    def init_pulls(self) -> None:
        """Start with no pull requests (called by the server's __init__)."""
        self._pulls_by_repo: dict[str, dict[int, JSON]] = {}
        self._origins: dict[str, Path] = {}
        self._numbers: dict[str, int] = {}
        self._heads_at_close: dict[tuple[str, int], str] = {}

    # -- controls for tests (outside the API) -------------------------------------------------

    def attach_origin(self, repository: str, origin: Path) -> None:
        """Read branches from the bare repository `origin` (as GitHub reads its own)."""
        self._origins[repository] = origin

    def pulls(self, repository: str = "octo-org/demo") -> list[JSON]:
        """The pull requests of a repository, oldest first (copies)."""
        state = self._pulls_by_repo.get(repository, {})
        self._refresh(repository)
        return [json.loads(json.dumps(p)) for p in state.values()]

    def mark_merged(
        self, number: int, merge_commit: str, repository: str = "octo-org/demo"
    ) -> JSON:
        """Record that pull request `number` was merged as `merge_commit` (merged in git)."""
        pull = self._pulls_by_repo[repository][number]
        now = _now()
        pull.update(
            state="closed",
            merged=True,
            merged_at=now,
            closed_at=now,
            updated_at=now,
            merge_commit_sha=merge_commit,
            mergeable=None,
            merged_by=self._pull_user(),
        )
        copy: JSON = json.loads(json.dumps(pull))
        return copy

    def close_pull(self, number: int, repository: str = "octo-org/demo") -> None:
        """Close pull request `number` without merging it."""
        pull = self._pulls_by_repo[repository][number]
        pull.update(state="closed", closed_at=_now(), updated_at=_now())
        self._heads_at_close[(repository, number)] = pull["head"]["sha"]

    # -- routes -------------------------------------------------------------------------------

    def pull_route(
        self, slug: str, method: str, rest: str, query: dict[str, str], body: bytes
    ) -> Reply:
        """Answer a request below /repos/{owner}/{repo}/pulls."""
        self._pulls_by_repo.setdefault(slug, {})
        self._refresh(slug)
        if rest == "/pulls" and method == "GET":
            return self._list_pulls(slug, query)
        if rest == "/pulls" and method == "POST":
            return self._create_pull(slug, _body(body))
        found = re.fullmatch(r"/pulls/(\d+)", rest)
        if found and method == "GET":
            return 200, self._pull(slug, int(found[1])), {}
        if found and method == "PATCH":
            return self._update_pull(slug, int(found[1]), _body(body))
        raise PullRequestError(404, "Not Found")

    def _list_pulls(self, slug: str, query: dict[str, str]) -> Reply:
        wanted = query.get("state", "open")
        if wanted not in ("open", "closed", "all"):
            raise PullRequestError(422, "Validation Failed", [_invalid("state", "invalid")])
        owner = slug.split("/")[0]
        items = [
            _simple(p)
            for p in sorted(self._pulls_by_repo[slug].values(), key=lambda p: -p["number"])
            if wanted in ("all", p["state"])
            and (
                "head" not in query
                or query["head"] in (p["head"]["label"], f"{owner}:{p['head']['ref']}")
            )
            and ("base" not in query or query["base"] == p["base"]["ref"])
        ]
        per_page = min(int(query.get("per_page", 30)), 100)
        page = int(query.get("page", 1))
        return 200, items[(page - 1) * per_page : page * per_page], {}

    def _create_pull(self, slug: str, data: JSON) -> Reply:
        if self.deny_pull_request_writes:
            raise PullRequestError(403, NOT_ACCESSIBLE)
        head, base = data.get("head"), data.get("base")
        if not isinstance(head, str) or not isinstance(base, str):
            raise PullRequestError(422, "Validation Failed", [_invalid("head", "missing_field")])
        owner = slug.split("/")[0]
        ref = head.split(":", 1)[1] if ":" in head else head
        head_sha, base_sha = self._branch(slug, ref), self._branch(slug, base)
        if head_sha is None:
            raise PullRequestError(422, "Validation Failed", [_invalid("head", "invalid")])
        if base_sha is None:
            raise PullRequestError(422, "Validation Failed", [_invalid("base", "invalid")])
        for pull in self._pulls_by_repo[slug].values():
            if (
                pull["state"] == "open"
                and pull["head"]["ref"] == ref
                and pull["base"]["ref"] == base
            ):
                message = f"A pull request already exists for {owner}:{ref}."
                raise PullRequestError(
                    422,
                    "Validation Failed",
                    [{"resource": "PullRequest", "code": "custom", "message": message}],
                )
        number = self._numbers[slug] = self._numbers.get(slug, 0) + 1
        pull = self._new_pull(slug, number, data, ref, head_sha, base, base_sha)
        self._pulls_by_repo[slug][number] = pull
        return 201, pull, {"Location": pull["url"]}

    def _update_pull(self, slug: str, number: int, data: JSON) -> Reply:
        if self.deny_pull_request_writes:
            raise PullRequestError(403, NOT_ACCESSIBLE)
        pull = self._pull(slug, number)
        state = data.get("state")
        if state == "open" and pull["state"] == "closed":
            moved = self._heads_at_close.get((slug, number)) != pull["head"]["sha"]
            if pull["merged"] or moved or self._branch(slug, pull["head"]["ref"]) is None:
                message = (
                    f"state cannot be changed. The {pull['head']['ref']} branch has been "
                    "force-pushed or recreated."
                )
                raise PullRequestError(
                    422,
                    "Validation Failed",
                    [
                        {
                            "resource": "PullRequest",
                            "code": "custom",
                            "field": "state",
                            "message": message,
                        }
                    ],
                )
            pull.update(state="open", closed_at=None)
        elif state == "closed" and pull["state"] == "open":
            pull.update(state="closed", closed_at=_now())
            self._heads_at_close[(slug, number)] = pull["head"]["sha"]
        for key in ("title", "body"):
            if key in data:
                pull[key] = data[key]
        pull["updated_at"] = _now()
        return 200, pull, {}

    # -- state helpers ------------------------------------------------------------------------

    def _pull(self, slug: str, number: int) -> JSON:
        pull = self._pulls_by_repo[slug].get(number)
        if pull is None:
            raise PullRequestError(404, "Not Found")
        found: JSON = pull
        return found

    def _branch(self, slug: str, ref: str) -> str | None:
        """The commit of branch `ref` in the attached origin; a placeholder when none is."""
        origin = self._origins.get(slug)
        if origin is None:
            return "0" * 40
        done = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{ref}^{{commit}}"],
            cwd=origin,
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        return done.stdout.strip() or None

    def _refresh(self, slug: str) -> None:
        """Follow the origin: heads move with their branch; a deleted head branch closes its PR."""
        if slug not in self._origins:
            return
        for pull in self._pulls_by_repo.get(slug, {}).values():
            if pull["merged"]:
                continue
            sha = self._branch(slug, pull["head"]["ref"])
            if sha is None and pull["state"] == "open":
                pull.update(state="closed", closed_at=_now(), updated_at=_now())
                self._heads_at_close[(slug, pull["number"])] = pull["head"]["sha"]
            elif sha is not None:
                pull["head"]["sha"] = sha
            base = self._branch(slug, pull["base"]["ref"])
            if base is not None:
                pull["base"]["sha"] = base

    def _pull_user(self) -> JSON:
        partial = {"login": "releaser-bot", "id": 7, "type": "Bot", "gravatar_id": ""}
        return self.contract.fill_required("simple-user", partial)

    def _new_pull(
        self, slug: str, number: int, data: JSON, ref: str, head_sha: str, base: str, base_sha: str
    ) -> JSON:
        owner, name = slug.split("/")
        api = f"{self.api_url}/repos/{slug}"
        html = f"https://github.com/{slug}/pull/{number}"
        repository = self.contract.fill_required(
            "repository",
            {
                "id": 1,
                "name": name,
                "full_name": slug,
                "owner": self._pull_user(),
                "default_branch": "main",
            },
        )
        now = _now()

        def end(ref_name: str, sha: str) -> JSON:
            return {
                "label": f"{owner}:{ref_name}",
                "ref": ref_name,
                "sha": sha,
                "repo": repository,
                "user": self._pull_user(),
            }

        partial: JSON = {
            "url": f"{api}/pulls/{number}",
            "id": 5000 + number,
            "node_id": f"PR_{number}",
            "html_url": html,
            "diff_url": html + ".diff",
            "patch_url": html + ".patch",
            "issue_url": f"{api}/issues/{number}",
            "commits_url": f"{api}/pulls/{number}/commits",
            "review_comments_url": f"{api}/pulls/{number}/comments",
            "review_comment_url": f"{api}/pulls/comments{{/number}}",
            "comments_url": f"{api}/issues/{number}/comments",
            "statuses_url": f"{api}/statuses/{head_sha}",
            "number": number,
            "state": "open",
            "locked": False,
            "title": data.get("title") or ref,
            "user": self._pull_user(),
            "body": data.get("body"),
            "labels": [],
            "milestone": None,
            "created_at": now,
            "updated_at": now,
            "closed_at": None,
            "merged_at": None,
            "merge_commit_sha": None,
            "assignee": None,
            "head": end(ref, head_sha),
            "base": end(base, base_sha),
            "author_association": "CONTRIBUTOR",
            "auto_merge": None,
            "draft": bool(data.get("draft", False)),
            "merged": False,
            "mergeable": None,
            "mergeable_state": "unknown",
            "merged_by": None,
            "maintainer_can_modify": bool(data.get("maintainer_can_modify", False)),
            "comments": 0,
            "review_comments": 0,
            "commits": 1,
            "additions": 0,
            "deletions": 0,
            "changed_files": 0,
        }
        links = {
            k: {"href": f"{api}/pulls/{number}"}
            for k in (
                "self",
                "issue",
                "comments",
                "review_comments",
                "review_comment",
                "commits",
                "statuses",
                "html",
            )
        }
        links["html"] = {"href": html}
        return self.contract.fill_required("pull-request", {**partial, "_links": links})


_SIMPLE_ONLY_DROPPED = (
    "merged", "mergeable", "mergeable_state", "merged_by", "maintainer_can_modify", "comments",
    "review_comments", "commits", "additions", "deletions", "changed_files", "rebaseable",
)  # fmt: skip


def _simple(pull: JSON) -> JSON:
    """A pull request as lists show it (`pull-request-simple`)."""
    return {k: v for k, v in pull.items() if k not in _SIMPLE_ONLY_DROPPED}


def _body(body: bytes) -> JSON:
    try:
        data = json.loads(body or b"{}")
    except ValueError as exc:
        raise PullRequestError(400, "Problems parsing JSON") from exc
    if not isinstance(data, dict):
        raise PullRequestError(400, "Problems parsing JSON")
    return data


def _invalid(field_name: str, code: str) -> JSON:
    return {"resource": "PullRequest", "code": code, "field": field_name}


def _now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
