"""`releaser preview` on a pull request's detached checkout: version, notes, lint, summary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.e2e.preview.conftest import PullRequestCheckout, git
from tests.support.monorepo import make_subfolder_project


def test_preview_of_a_detached_pr_head_names_the_release_the_merge_makes(
    pull_request: PullRequestCheckout,
) -> None:
    summary = pull_request.temp / "summary.md"
    event = pull_request.event(title="feat: widgets")
    env = pull_request.env(
        GITHUB_EVENT_NAME="pull_request",
        GITHUB_EVENT_PATH=str(event),
        GITHUB_BASE_REF="main",
        GITHUB_STEP_SUMMARY=str(summary),
    )
    before = git(pull_request.clone, "for-each-ref")
    status = git(pull_request.clone, "status", "--porcelain")

    done = pull_request.preview("--json", env=env)

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["current"], result["version"], result["tag"]) == ("1.0.0", "1.1.0", "v1.1.0")
    assert result["bump"] == "minor"
    assert "add a widget" in result["notes"]
    assert "a typo in the widget" in result["notes"]
    assert [c["valid"] for c in result["commits"]] == [True, True]
    assert result["title"]["valid"]
    assert result["title"]["bump"] == "minor"
    text = summary.read_text(encoding="utf-8")
    assert "releases **1.1.0** (from 1.0.0)" in text
    assert "<!-- releaser:pull-request-preview -->" in text
    # read-only: no ref, no file of the clone changed
    assert git(pull_request.clone, "for-each-ref") == before
    assert git(pull_request.clone, "status", "--porcelain") == status


def test_preview_of_githubs_merge_commit_reads_the_same_release(
    pull_request: PullRequestCheckout,
) -> None:
    clone = pull_request.clone
    git(clone, "checkout", "-q", "--detach", "refs/remotes/origin/main")
    git(clone, "merge", "-q", "--no-ff", "-m", "Merge abc into def", "origin/feature")

    done = pull_request.preview("--base", "origin/main", "--json", env=pull_request.env())

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["version"] == "1.1.0"
    assert len(result["commits"]) == 2  # the merge commit itself is not linted
    assert result["title"] is None


def test_a_title_that_is_no_conventional_commit_fails_with_exit_6_and_says_why(
    pull_request: PullRequestCheckout,
) -> None:
    summary = pull_request.temp / "summary.md"
    event = pull_request.event(title="Add widgets")
    env = pull_request.env(
        GITHUB_EVENT_NAME="pull_request",
        GITHUB_EVENT_PATH=str(event),
        GITHUB_STEP_SUMMARY=str(summary),
    )

    done = pull_request.preview(env=env)

    assert done.returncode == 6
    assert "1 of 3 messages are not valid" in done.stdout
    assert "| title | Add widgets | not valid" in done.stdout
    assert "1 message(s) of this pull request are not valid" in done.stderr
    assert summary.read_text(encoding="utf-8") == done.stdout


def test_a_pr_that_changes_nothing_releasable_says_so(pull_request: PullRequestCheckout) -> None:
    clone = pull_request.clone
    git(clone, "checkout", "-q", "--detach", "refs/remotes/origin/main")
    git(clone, "commit", "-q", "--allow-empty", "-m", "chore: tidy")

    done = pull_request.preview(
        "--base", "origin/main", "--title", "chore: tidy", env=pull_request.env()
    )

    assert done.returncode == 0, done.stderr
    assert "releases nothing" in done.stdout
    assert "the change bumps nothing" in done.stdout


def test_without_a_base_branch_preview_is_a_usage_error(pull_request: PullRequestCheckout) -> None:
    done = pull_request.preview(env=pull_request.env())

    assert done.returncode == 2
    assert "no base branch" in done.stderr
    assert "--base origin/main" in done.stderr


def test_a_base_branch_missing_from_the_clone_is_refused_with_the_fetch_hint(
    pull_request: PullRequestCheckout,
) -> None:
    done = pull_request.preview("--base", "origin/nope", env=pull_request.env())

    assert done.returncode == 4
    assert "origin/nope is not in this clone" in done.stderr
    assert "fetch-depth: 0" in done.stderr


def test_a_squash_merge_releases_what_the_title_says_and_lints_only_the_title(
    pull_request: PullRequestCheckout,
) -> None:
    clone = pull_request.clone
    git(clone, "commit", "-q", "--allow-empty", "-m", "wip")  # squashed away: no failure
    env = pull_request.env(RELEASER_PREVIEW_MERGE="squash")

    done = pull_request.preview(
        "--base", "origin/main", "--title", "fix(widget): round the corners", "--json", env=env
    )

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["merge"] == "squash"
    assert (result["version"], result["bump"]) == ("1.0.1", "patch")
    assert "round the corners" in result["notes"]
    assert "add a widget" not in result["notes"]
    assert [c["valid"] for c in result["commits"]] == [False, True, True]
    assert result["lint_failures"] == 0


def test_a_squash_merge_without_a_title_is_a_usage_error(
    pull_request: PullRequestCheckout,
) -> None:
    done = pull_request.preview(
        "--base", "origin/main", "--merge", "squash", env=pull_request.env()
    )

    assert done.returncode == 2
    assert "the title" in done.stderr


def test_a_project_in_a_subfolder_previews_only_its_own_commits(tmp_path: Path) -> None:
    repo = make_subfolder_project(tmp_path / "repo")
    git(repo.root, "checkout", "-q", "--detach")
    repo.append("site/index.md", "A blog.")
    repo.commit("feat(site): a blog")  # the pull request touches the site only

    done = subprocess.run(
        [sys.executable, "-m", "releaser", "preview", "--project", "py", "--base", "main",
         "--title", "feat(site): a blog", "--json"],
        cwd=repo.root, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    # the py package releases the fix already on main, not the site's feature
    assert (result["version"], result["tag"]) == ("1.0.1", "py-v1.0.1")
