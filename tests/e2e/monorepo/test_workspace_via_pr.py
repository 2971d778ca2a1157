"""A workspace behind a protected `main` releases through one pull request (issue 14).

The pull request's release commit stamps every changed package; after the merge, the next
run tags each package on the merge and publishes each one's GitHub release. The builds are
off: the flow is what is tested (tests/e2e/via_pr covers the uploads of one package).
"""

from __future__ import annotations

import json

import pytest

from tests.e2e.cut.conftest import REPOSITORY, Sample, git
from tests.e2e.monorepo.conftest import NEXT_TAGS
from tests.e2e.via_pr.conftest import (
    PROTECTION_HOOK,
    RELEASE_BRANCH,
    checkout_origin_main,
    merge_in_origin,
)
from tests.support.monorepo import BY_NAME

FAST = ("--no-audit", "--no-build")
TITLE = "chore(release): acme 1.1.0, acme-http 0.4.0, acme-cli 2.1.1"


def _protect(workspace: Sample) -> None:
    hook = workspace.origin / "hooks" / "pre-receive"
    hook.write_text(PROTECTION_HOOK, encoding="utf-8")
    hook.chmod(0o755)
    workspace.server.attach_origin(REPOSITORY, workspace.origin)


@pytest.mark.parametrize("strategy", ["squash", "merge-commit"])
def test_a_workspace_releases_through_one_pull_request(workspace: Sample, strategy: str) -> None:
    _protect(workspace)
    main_before = git(workspace.origin, "rev-parse", "main")

    # 1. One pull request whose release commit stamps every changed package.
    run = workspace.cut("--via-pr", *FAST, "--json")
    result = json.loads(run.stdout)
    assert result["pull_request"]["action"] == "opened"
    assert result["tag"] == ", ".join(NEXT_TAGS.values())
    (pull,) = workspace.server.pulls(REPOSITORY)
    assert pull["title"] == TITLE
    for tag in NEXT_TAGS.values():
        assert f"Release-Tag: {tag}" in str(pull["body"])
    head = git(workspace.origin, "rev-parse", RELEASE_BRANCH)
    changed = set(git(workspace.origin, "show", "--name-only", "--format=", head).split())
    for name in NEXT_TAGS:
        folder = BY_NAME[name].folder
        assert {f"{folder}/pyproject.toml", f"{folder}/CHANGELOG.md"} <= changed
    assert git(workspace.origin, "rev-parse", "main") == main_before
    assert (
        git(workspace.origin, "tag", "--list", "*-v*.*.*").split()
        == git(workspace.root, "tag", "--list", "*-v*.*.*").split()
    )  # no new tag anywhere
    assert workspace.server.releases(REPOSITORY) == []
    assert git(workspace.root, "status", "--porcelain") == ""

    # 2. Merged; the next run tags each package on the merge and releases each one.
    merged = merge_in_origin(workspace, 1, strategy)
    checkout_origin_main(workspace.root)
    run = workspace.cut("--via-pr", *FAST, "--json")
    steps = json.loads(run.stdout)["steps"]
    assert {steps[f"github-release:{name}"] for name in NEXT_TAGS} == {"done"}
    for tag in NEXT_TAGS.values():
        assert git(workspace.origin, "rev-parse", f"{tag}^{{commit}}") == merged
    releases = {r["tag_name"]: r["draft"] for r in workspace.server.releases(REPOSITORY)}
    assert releases == dict.fromkeys(NEXT_TAGS.values(), False)
    assert git(workspace.origin, "rev-parse", "main") == merged

    # 3. A rerun does nothing.
    again = workspace.cut("--via-pr", *FAST)
    assert "already released: nothing left to do" in again.stdout, str(again)
