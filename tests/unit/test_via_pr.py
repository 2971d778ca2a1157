"""The pure parts of the release pull request: trailer, branch name, title, body and marker."""

from __future__ import annotations

from releaser.config import Config
from releaser.core.version import Version
from releaser.release.plan import Facts, FileEdit
from releaser.release.via_pr import (
    MARKER,
    plan_pull_request,
    pull_request_body,
    release_branch_name,
    trailer_version,
)


def _facts(message: str = "chore(release): 1.4.0") -> Facts:
    return Facts(
        version=Version.parse("1.4.0"),
        tag="v1.4.0",
        previous_tag="v1.3.0",
        resume=False,
        branch="main",
        remote="origin",
        notes="## 1.4.0\n\n### Features\n\n- a feature\n",
        edits=(FileEdit("pyproject.toml", "new text", "[project].version"),),
        stamp_skipped="",
        commit_message=message,
        repository="o/r",
        index_url="https://upload.pypi.org/legacy/",
        project_name="p",
        dist_dir="dist/1.4.0",
    )


def test_the_trailer_is_found_in_any_merge_message() -> None:
    assert trailer_version("chore(release): 1.4.0\n\nRelease-Version: 1.4.0\n") == "1.4.0"
    squashed = "chore(release): 1.4.0 (#12)\n\n* notes\n\nRelease-Version: 1.4.0\n\n<!-- x -->\n"
    assert trailer_version(squashed) == "1.4.0"  # a squash that kept the PR description
    assert trailer_version("feat: Release-Version: 1.4.0") is None  # only a line of its own
    assert trailer_version("fix: a\n\nRelease-Version: 1.3.0\nRelease-Version: 1.4.0") == "1.4.0"


def test_branch_name_title_and_message() -> None:
    assert release_branch_name("releaser/release-{branch}", "main") == "releaser/release-main"
    plan = plan_pull_request(_facts("chore(release): 1.4.0 [skip ci]"), Config())
    assert plan.branch == "releaser/release-main"
    assert plan.title == "chore(release): 1.4.0"  # [skip ci] would keep CI off the PR
    assert plan.message == "chore(release): 1.4.0\n\nRelease-Version: 1.4.0\n"
    assert plan.files == {"pyproject.toml": "new text"}


def test_the_body_keeps_what_people_wrote_below_the_marker() -> None:
    plan = plan_pull_request(_facts(), Config())
    first = pull_request_body(plan, "## 1.4.0\n\n- a feature\n")
    assert first.startswith("## 1.4.0")
    assert first.rstrip().endswith(MARKER)
    assert "Release-Version: 1.4.0" in first
    edited = first.replace("a feature", "scribbled") + "QA passed\n"
    again = pull_request_body(plan, "## 1.4.0\n\n- a feature\n- a fix\n", edited)
    above, _, below = again.partition(MARKER)
    assert "scribbled" not in above
    assert "a fix" in above
    assert below == "\nQA passed\n"
    assert pull_request_body(plan, "n", "no marker at all").endswith(MARKER + "\n")
