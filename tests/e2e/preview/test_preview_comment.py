"""The sticky comment of `releaser preview --comment`, against the local GitHub server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.preview.conftest import PR_NUMBER, PullRequestCheckout
from tests.support.github_contract import GitHubContract
from tests.support.github_server import DEFAULT_TOKEN, GitHubServer

MARKER = "<!-- releaser:pull-request-preview -->"


@pytest.fixture
def github(github_contract: GitHubContract) -> Iterator[GitHubServer]:
    with GitHubServer(github_contract) as server:
        yield server


def _env(pr: PullRequestCheckout, github: GitHubServer, title: str, **extra: str) -> dict[str, str]:
    return pr.env(
        GITHUB_EVENT_NAME="pull_request",
        GITHUB_EVENT_PATH=str(pr.event(title=title, fork=extra.pop("fork", "") == "yes")),
        GITHUB_API_URL=github.api_url,
        GITHUB_STEP_SUMMARY=str(pr.temp / "summary.md"),
        **extra,
    )


def test_the_comment_is_created_once_then_updated_in_place(
    pull_request: PullRequestCheckout, github: GitHubServer
) -> None:
    first = pull_request.preview(
        "--comment", env=_env(pull_request, github, "feat: widgets", GH_TOKEN=DEFAULT_TOKEN)
    )
    second = pull_request.preview(
        env=_env(
            pull_request,
            github,
            "feat!: widgets replace gadgets",
            GH_TOKEN=DEFAULT_TOKEN,
            RELEASER_PREVIEW_COMMENT="true",
        )
    )

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert "comment created: https://github.com/octo-org/demo/pull/7#issuecomment-" in first.stderr
    assert "comment updated:" in second.stderr
    comments = github.issue_comments.of(PR_NUMBER)
    assert len(comments) == 1
    assert comments[0]["body"].startswith(MARKER)
    assert "the change is a major bump" in comments[0]["body"]
    assert [e.method for e in github.requests(pattern="/issues/")] == [
        "GET",
        "POST",
        "GET",
        "PATCH",
    ]
    assert DEFAULT_TOKEN not in first.stdout + first.stderr + second.stdout + second.stderr


def test_a_rerun_with_the_same_preview_sends_no_write(
    pull_request: PullRequestCheckout, github: GitHubServer
) -> None:
    env = _env(pull_request, github, "feat: widgets", GH_TOKEN=DEFAULT_TOKEN)
    first = pull_request.preview("--comment", env=env)
    second = pull_request.preview("--comment", env=env)

    assert first.returncode == second.returncode == 0, second.stderr
    assert "comment unchanged" in second.stderr
    assert len(github.issue_comments.of(PR_NUMBER)) == 1
    assert [e.method for e in github.requests(pattern="/issues/")] == ["GET", "POST", "GET"]


def test_a_pull_request_from_a_fork_without_a_token_still_gets_its_preview(
    pull_request: PullRequestCheckout, github: GitHubServer
) -> None:
    env = _env(pull_request, github, "feat: widgets", fork="yes")

    done = pull_request.preview("--comment", env=env)

    assert done.returncode == 0, done.stderr
    assert "releases **1.1.0**" in done.stdout
    assert "comment skipped: this pull request comes from the fork someone/demo" in done.stderr
    assert "comment skipped" in (pull_request.temp / "summary.md").read_text(encoding="utf-8")
    assert github.log == []


def test_a_read_only_token_skips_the_comment_and_names_the_permission(
    pull_request: PullRequestCheckout, github: GitHubServer
) -> None:
    github.issue_comments.read_only = True
    env = _env(pull_request, github, "feat: widgets", GH_TOKEN=DEFAULT_TOKEN)

    done = pull_request.preview("--comment", env=env)

    assert done.returncode == 0, done.stderr
    assert "HTTP 403: Resource not accessible by integration" in done.stderr
    assert "`pull-requests: write`" in done.stderr
    assert github.issue_comments.of(PR_NUMBER) == []
