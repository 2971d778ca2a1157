"""A protected `main` releases end to end through the release pull request (issue 15).

`--via-pr` opens the pull request, a second push updates it, the pull request is merged in
the bare origin by each strategy, and the next run finishes the release: one tag on the
merge, one GitHub release, one upload. A rerun then does nothing.
"""

from __future__ import annotations

import subprocess

import pytest

from tests.e2e.cut.conftest import MODULE, REPOSITORY, Sample, commit_file, git
from tests.e2e.via_pr.conftest import (
    RELEASE_BRANCH,
    checkout_origin_main,
    merge_in_origin,
    push_main,
)


def _open_pulls(sample: Sample) -> list[dict[str, object]]:
    return [p for p in sample.server.pulls(REPOSITORY) if p["state"] == "open"]


@pytest.mark.parametrize("strategy", ["fast-forward", "merge-commit", "squash"])
def test_release_through_the_pull_request(protected: Sample, strategy: str) -> None:
    sample = protected
    main_before = git(sample.origin, "rev-parse", "main")

    # The branch refuses direct pushes.
    commit_file(sample.root, "NOTES.txt", "x\n", "docs: a note")
    refused = subprocess.run(
        ["git", "push", "origin", "main"], cwd=sample.root, capture_output=True, text=True
    )
    assert refused.returncode != 0
    assert "GH006" in refused.stderr
    git(sample.root, "reset", "-q", "--hard", "HEAD~1")

    # 1. --via-pr opens the pull request; nothing is tagged, released or uploaded.
    run = sample.cut("--via-pr", "--no-audit")
    assert "opened pull request #1 for v0.2.0" in run.stdout
    assert git(sample.origin, "rev-parse", "main") == main_before
    assert sample.remote_tags() == ["v0.1.0"]
    assert sample.server.releases(REPOSITORY) == []
    assert sample.index.files() == {}
    (pull,) = _open_pulls(sample)
    assert pull["title"] == "chore(release): 0.2.0"
    assert "greet people by name" in str(pull["body"])
    head = git(sample.origin, "rev-parse", RELEASE_BRANCH)
    assert git(sample.origin, "rev-parse", f"{head}~1") == main_before
    assert "Release-Version: 0.2.0" in git(sample.origin, "log", "-1", "--format=%B", head)
    assert git(sample.root, "status", "--porcelain") == ""  # the work tree was never touched
    assert git(sample.root, "rev-parse", "HEAD") == main_before

    # 2. A new commit on main updates the same pull request (once: it is the same for every
    #    strategy, and each run costs seconds).
    if strategy == "fast-forward":
        commit_file(sample.root, f"{MODULE}/extra.py", "X = 1\n", "fix(extra): one more fix")
        push_main(sample)
        run = sample.cut("--via-pr", "--no-audit")
        assert "updated pull request #1 for v0.2.0" in run.stdout
        (pull,) = _open_pulls(sample)
        assert "one more fix" in str(pull["body"])
        assert len(sample.server.pulls(REPOSITORY)) == 1
        head = git(sample.origin, "rev-parse", RELEASE_BRANCH)
        main = git(sample.origin, "rev-parse", "main")
        assert git(sample.origin, "rev-parse", f"{head}~1") == main

    # 3. Merged on GitHub; the next run on main finishes the release on the merge result.
    merged = merge_in_origin(sample, 1, strategy)
    checkout_origin_main(sample.root)
    run = sample.cut("--via-pr", "--no-audit")
    assert "released v0.2.0" in run.stdout
    assert git(sample.origin, "rev-parse", "v0.2.0^{commit}") == merged
    assert git(sample.origin, "rev-parse", "main") == merged
    sample.assert_released_once("v0.2.0", "0.2.0")
    assert len(sample.server.pulls(REPOSITORY)) == 1

    # 4. A rerun does nothing.
    before = sample.world()
    run = sample.cut("--via-pr", "--no-audit")
    assert "already released: nothing left to do" in run.stdout
    after = sample.world()
    assert after["remote"] == before["remote"]
    assert after["github_writes"] == before["github_writes"]
    assert after["index"] == before["index"]


def test_a_failed_finish_is_finished_by_the_next_run_in_any_mode(protected: Sample) -> None:
    """Resume guarantees as for a direct release: GitHub fails after the tag push, and the next
    run finishes. The merged release is recognised from the trailer and the stamp, so a plain
    `releaser cut` (not --via-pr) finishes it too; and a commit pushed after the merge, before
    any run, neither hides it nor joins it: the tag goes on the merge."""
    sample = protected
    sample.cut("--via-pr", "--no-audit")
    merged = merge_in_origin(sample, 1, "rebase")  # a new sha: recognised without it
    checkout_origin_main(sample.root)
    commit_file(sample.root, f"{MODULE}/later.py", "Y = 2\n", "fix(later): after the merge")
    push_main(sample)
    sample.server.fail_next("POST", r"/releases$", 503, times=3)
    failed = sample.cut("--via-pr", "--no-audit", expect=5)
    assert "rerun the same command" in failed.stderr
    assert git(sample.origin, "rev-parse", "v0.2.0^{commit}") == merged
    sample.server.clear_faults()
    run = sample.cut("--no-audit")
    assert "released v0.2.0" in run.stdout
    sample.assert_released_once("v0.2.0", "0.2.0")
    assert git(sample.origin, "rev-parse", "v0.2.0^{commit}") == merged

    run = sample.cut("--via-pr", "--no-audit")  # the commit after the merge: the next release
    assert "opened pull request #2 for v0.2.1" in run.stdout
