"""What `releaser cut` prints and hands to the Action: JSON, text lines, step outputs."""

from __future__ import annotations

import json
import os
from typing import Any


def as_json(result: dict[str, object]) -> dict[str, object]:
    """The result as `--json` prints it: `released` only when this run made (or finished) the
    release, `release_due` when there was one to make; see README.md, "JSON outputs"."""
    from releaser.cli.app import JSON_SCHEMA

    released = bool(result.get("released")) and not result.get("dry_run")
    due = bool(result.get("released") or result.get("release_due"))
    return {"schema": JSON_SCHEMA, **result, "released": released, "release_due": due}


def pull_request_text(result: dict[str, Any]) -> str:
    """What a release-PR run did, for the terminal (stdout)."""
    pull = result.get("pull_request")
    if not isinstance(pull, dict):  # a dry run
        notes = result["plan"]["notes"]
        return (
            f"release notes of {result['tag']}, for the pull request from "
            f"{result['release_branch']} (dry run: nothing was changed)\n\n{notes}"
        )
    return (
        f"{pull['action']} pull request #{pull['number']} for {result['tag']}: {pull['url']}\n"
        f"  merge it, and the next `releaser cut` on its base finishes the release\n"
    )


def changed_anything(result: dict[str, object]) -> bool:
    """False when a rerun found every step of the release already done."""
    steps = result.get("steps")
    if not isinstance(steps, dict):
        return True
    return any(
        status == "done" for name, status in steps.items() if name.split(":")[0] not in _CHECKS
    )


_CHECKS = ("audit", "check")  # steps that look, and change nothing a user would see


def github_outputs(result: dict[str, object]) -> None:
    """Step outputs for the Action (action.yml, README "The Action's outputs")."""
    path = os.environ.get("GITHUB_OUTPUT")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as handle:
        handle.writelines(f"{key}={value}\n" for key, value in action_outputs(result).items())


def action_outputs(result: dict[str, object]) -> dict[str, str]:
    """released, version, tag, versions, tags, release-url and pull-request-url.

    `version`, `tag` and `release-url` hold one value, so they are set only when the run
    releases one version: one package, or packages sharing it (then `tag` and `release-url`
    only with one tag). `versions` (package -> version) and `tags` are JSON, "{}" and "[]"
    when nothing is due.
    """
    pull = result.get("pull_request")
    packages = result.get("packages")
    if isinstance(packages, list):
        versions = {str(p["name"]): str(p["version"]) for p in packages}
        tags = [str(p["tag"]) for p in packages]
    elif result.get("version"):
        versions = {str(result.get("name") or ""): str(result["version"])}
        tags = [str(result.get("tag") or "")]
    else:
        versions, tags = {}, []
    one_version = len(set(versions.values())) == 1
    return {
        "released": "true" if result.get("released") and not result.get("dry_run") else "false",
        "version": next(iter(versions.values())) if one_version else "",
        "tag": tags[0] if len(tags) == 1 else "",
        "versions": json.dumps(versions, separators=(",", ":")),
        "tags": json.dumps(tags, separators=(",", ":")),
        "release-url": str(result.get("release_url") or "") if len(tags) == 1 else "",
        "pull-request-url": str(pull.get("url") or "") if isinstance(pull, dict) else "",
    }
