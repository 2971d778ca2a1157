"""The release pull request when people and GitHub get in the way (issue 15, bad input).

None of these builds anything: a run that opens or updates the pull request builds no
distributions, so they are quick.
"""

from __future__ import annotations

import requests

from tests.e2e.cut.conftest import MODULE, REPOSITORY, Sample, commit_file, git
from tests.e2e.via_pr.conftest import RELEASE_BRANCH, push_main

MARKER = "<!-- releaser: everything above this line is rewritten on every run; write below it -->"
REFUSED = 4


def _pulls(sample: Sample) -> list[dict[str, object]]:
    return sample.server.pulls(REPOSITORY)


def _edit_on_github(sample: Sample, number: int, body: str) -> None:
    """A person edits the pull request's description on GitHub."""
    response = requests.patch(
        f"{sample.server.api_url}/repos/{REPOSITORY}/pulls/{number}",
        json={"body": body},
        headers={"Authorization": f"token {sample.server.token}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text


def test_a_rerun_with_nothing_new_pushes_nothing(protected: Sample) -> None:
    sample = protected
    sample.cut("--via-pr", "--no-audit")
    head = git(sample.origin, "rev-parse", RELEASE_BRANCH)
    run = sample.cut("--via-pr", "--no-audit")
    assert "unchanged pull request #1" in run.stdout
    assert git(sample.origin, "rev-parse", RELEASE_BRANCH) == head  # same inputs, same commit
    assert [e.method for e in sample.server.log if e.method != "GET"] == ["POST"]


def test_manual_edits_below_the_marker_are_kept(protected: Sample) -> None:
    sample = protected
    sample.cut("--via-pr", "--no-audit")
    (pull,) = _pulls(sample)
    body = str(pull["body"])
    assert MARKER in body
    edited = body.replace("greet people by name", "SCRIBBLED") + "\nQA: checked on staging\n"
    _edit_on_github(sample, 1, edited)
    commit_file(sample.root, f"{MODULE}/extra.py", "X = 1\n", "fix(extra): one more fix")
    push_main(sample)

    sample.cut("--via-pr", "--no-audit")
    (pull,) = _pulls(sample)
    body = str(pull["body"])
    assert "QA: checked on staging" in body.partition(MARKER)[2]
    assert "SCRIBBLED" not in body  # above the marker is releaser's, rewritten
    assert "greet people by name" in body
    assert "one more fix" in body


def test_a_deleted_release_branch_or_closed_pull_request_gives_a_new_one(
    protected: Sample,
) -> None:
    sample = protected
    sample.cut("--via-pr", "--no-audit")
    git(sample.origin, "update-ref", "-d", f"refs/heads/{RELEASE_BRANCH}")  # deleted by hand
    assert [p["state"] for p in _pulls(sample)] == ["closed"]  # GitHub closes its PR

    run = sample.cut("--via-pr", "--no-audit")
    assert "opened pull request #2 for v0.2.0" in run.stdout
    assert git(sample.origin, "rev-parse", "--verify", RELEASE_BRANCH)
    sample.server.close_pull(2, REPOSITORY)  # closed without merging

    run = sample.cut("--via-pr", "--no-audit")
    assert "opened pull request #3 for v0.2.0" in run.stdout  # recreated, not reopened
    assert [p["state"] for p in _pulls(sample)] == ["closed", "closed", "open"]


def test_main_moved_on_the_release_commit_is_rebuilt_never_merged(protected: Sample) -> None:
    sample = protected
    sample.cut("--via-pr", "--no-audit")
    # A change on main that conflicts with the release commit: the changelog and the version.
    commit_file(sample.root, "CHANGELOG.md", "# Changelog\n\nwritten by hand\n", "docs: changelog")
    text = (sample.root / "pyproject.toml").read_text(encoding="utf-8")
    commit_file(sample.root, "pyproject.toml", text + "\n# moved\n", "fix: build settings")
    push_main(sample)

    sample.cut("--via-pr", "--no-audit")
    main = git(sample.origin, "rev-parse", "main")
    head = git(sample.origin, "rev-parse", RELEASE_BRANCH)
    assert git(sample.origin, "rev-list", "--parents", "-n", "1", head).split()[1:] == [main]
    changed = git(sample.origin, "diff", "--name-only", main, head).split()
    assert sorted(changed) == sorted(["CHANGELOG.md", "pyproject.toml", f"{MODULE}/__init__.py"])
    assert "written by hand" in git(sample.origin, "show", f"{head}:CHANGELOG.md")
    assert "# moved" in git(sample.origin, "show", f"{head}:pyproject.toml")
    assert len(_pulls(sample)) == 1


def test_a_token_without_pull_request_write_is_named(protected: Sample) -> None:
    sample = protected
    sample.server.deny_pull_request_writes = True
    run = sample.cut("--via-pr", "--no-audit", expect=REFUSED)
    assert "pull-requests: write" in run.errors()[0]
    assert "403" in run.errors()[0]
    (hint,) = [line for line in run.stderr.splitlines() if line.startswith("hint: ")]
    assert "pull-requests: write" in hint
    assert sample.remote_tags() == ["v0.1.0"]
    assert sample.server.releases(REPOSITORY) == []


def test_a_direct_push_to_a_protected_branch_suggests_via_pr(protected: Sample) -> None:
    sample = protected
    run = sample.cut("--no-audit", "--no-build", expect=REFUSED)
    (hint,) = [line for line in run.stderr.splitlines() if line.startswith("hint: ")]
    assert "--via-pr" in hint
    assert "git pull --rebase" not in run.stderr


def test_dry_run_shows_the_notes_and_changes_nothing(protected: Sample) -> None:
    sample = protected
    before = sample.world()
    run = sample.cut("--via-pr", "--no-audit", "--dry-run")
    assert "greet people by name" in run.stdout
    assert RELEASE_BRANCH in run.stdout
    after = sample.world()
    assert after["remote"] == before["remote"]
    assert after["github_writes"] == before["github_writes"]
