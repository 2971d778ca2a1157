"""The preview's sticky comment against the local GitHub server, in-process."""

from __future__ import annotations

import warnings

from releaser.pr_preview.comment import MAX_BODY, keep_comment
from releaser.pr_preview.event import PullRequest
from tests.support.github_server import DEFAULT_TOKEN, GitHubServer

MARKER = "<!-- test-marker -->"


def _env(server: GitHubServer) -> dict[str, str]:
    return {"GITHUB_API_URL": server.api_url, "GH_TOKEN": DEFAULT_TOKEN}


def test_a_body_longer_than_github_takes_is_cut_keeping_the_marker(
    github_server: GitHubServer,
) -> None:
    pull = PullRequest(number=3, base_repository="octo-org/demo", head_repository="octo-org/demo")
    body = MARKER + "\n" + "x" * 100_000

    note = keep_comment(_env(github_server), pull, MARKER, body)

    assert note.startswith("comment created: ")
    (comment,) = github_server.issue_comments.of(3)
    assert len(comment["body"]) <= MAX_BODY
    assert comment["body"].startswith(MARKER)
    assert comment["body"].endswith("(cut here: the job summary has all of it)\n")


def test_only_the_comment_with_the_marker_is_edited(github_server: GitHubServer) -> None:
    pull = PullRequest(number=4, base_repository="octo-org/demo", head_repository="octo-org/demo")
    env = _env(github_server)
    keep_comment(env, pull, "<!-- someone else -->", "<!-- someone else --> a person's words")

    keep_comment(env, pull, MARKER, MARKER + " one")
    note = keep_comment(env, pull, MARKER, MARKER + " two")

    assert note.startswith("comment updated: ")
    bodies = [c["body"] for c in github_server.issue_comments.of(4)]
    assert bodies == ["<!-- someone else --> a person's words", MARKER + " two"]


def test_the_comment_uses_no_deprecated_pygithub_call(github_server: GitHubServer) -> None:
    pull = PullRequest(number=5, base_repository="octo-org/demo", head_repository="octo-org/demo")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeprecationWarning)
        note = keep_comment(_env(github_server), pull, MARKER, MARKER + " body")

    assert note.startswith("comment created: ")
    deprecated = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert not deprecated, [str(w.message) for w in deprecated]
    # lazy: listing the comments and writing one are the only requests (no GET of the repo)
    assert not github_server.requests("GET", r"^/repos/octo-org/demo/?$")
