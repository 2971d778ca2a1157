"""Fixtures for `releaser cut --via-pr` end to end: a protected `main` on a bare origin.

The sample project of tests/e2e/cut (a bare origin, pypiserver, the local GitHub server) with
a pre-receive hook that refuses any update of `main`, as GitHub's branch protection does; the
tests push to `main` themselves with PROTECTION_OFF=1. The GitHub server reads the origin's
branches (`attach_origin`). Merging is done with git in the bare origin, then recorded on the
server with `mark_merged`, as GitHub records a merge made on its side.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.e2e.cut.conftest import REPOSITORY, Sample, git, github_contract, local_index, sample

__all__ = ["github_contract", "local_index", "protected", "sample"]

RELEASE_BRANCH = "releaser/release-main"

PROTECTION_HOOK = """\
#!/bin/sh
# GitHub's branch protection, played by the bare origin: no direct update of main.
while read old new ref; do
    if [ "$ref" = "refs/heads/main" ] && [ -z "$PROTECTION_OFF" ]; then
        echo "GH006: Protected branch update failed for refs/heads/main." >&2
        echo "Changes must be made through a pull request." >&2
        exit 1
    fi
done
exit 0
"""


@pytest.fixture
def protected(sample: Sample) -> Sample:
    """The sample, its `main` protected on the origin, the server attached to the origin."""
    hook = sample.origin / "hooks" / "pre-receive"
    hook.write_text(PROTECTION_HOOK, encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    sample.server.attach_origin(REPOSITORY, sample.origin)
    return sample


def push_main(sample: Sample) -> None:
    """Push the local main to the origin as an administrator would (past the protection)."""
    env = {**os.environ, "PROTECTION_OFF": "1"}
    subprocess.run(
        ["git", "push", "-q", "origin", "main"], cwd=sample.root, env=env, check=True, timeout=60
    )


def merge_in_origin(sample: Sample, number: int, strategy: str) -> str:
    """Merge the release branch into main in the bare origin; record it on the server."""
    origin = sample.origin
    main, head = git(origin, "rev-parse", "main"), git(origin, "rev-parse", RELEASE_BRANCH)
    message = git(origin, "log", "-1", "--format=%B", head)
    if strategy == "fast-forward":
        merged = head
    elif strategy == "merge-commit":
        tree = git(origin, "merge-tree", "--write-tree", main, head)
        text = f"Merge pull request #{number} from octo-org/{RELEASE_BRANCH}\n\n{message}"
        merged = git(origin, "commit-tree", tree, "-p", main, "-p", head, "-m", text)
    elif strategy == "squash":  # GitHub's default for one commit: its message, "(#N)" added
        subject, _, body = message.partition("\n")
        text = f"{subject} (#{number})\n{body}"
        merged = git(origin, "commit-tree", f"{head}^{{tree}}", "-p", main, "-m", text)
    elif strategy == "rebase":  # the same change and message as a new commit
        merged = git(origin, "commit-tree", f"{head}^{{tree}}", "-p", main, "-m", message)
    else:  # pragma: no cover
        raise ValueError(strategy)
    git(origin, "update-ref", "refs/heads/main", merged, main)
    sample.server.mark_merged(number, merged, REPOSITORY)
    return merged


def checkout_origin_main(root: Path) -> None:
    """What actions/checkout gives the next workflow run: origin's main, checked out."""
    git(root, "fetch", "-q", "origin")
    git(root, "checkout", "-q", "-B", "main", "origin/main")
