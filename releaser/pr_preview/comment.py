"""The service that keeps the preview's sticky comment on the pull request.

A failure to comment never fails the preview: the comment is a convenience, the job summary
has the same text. What happened is returned as a note for the summary and the log.
"""

from __future__ import annotations

from collections.abc import Mapping

from releaser.adapters.github import api_url_from_env, token_from_env
from releaser.adapters.github_comments import CommentRefusedError, PullRequestComments
from releaser.errors import GitHubError
from releaser.pr_preview.event import PullRequest

# GitHub refuses a comment body over 65,536 characters (422); long notes are cut before that.
MAX_BODY = 65_000


def keep_comment(env: Mapping[str, str], pull: PullRequest, marker: str, body: str) -> str:
    """Create or update the one comment of the preview; a sentence saying what happened."""
    if pull.number is None or not pull.base_repository:
        return (
            "comment skipped: no pull request to comment on (run in a pull_request workflow, "
            "or give GITHUB_EVENT_PATH)"
        )
    if pull.from_fork:
        return (
            f"comment skipped: this pull request comes from the fork {pull.head_repository}, "
            "whose workflow token may not write comments; the preview is in the job summary"
        )
    token = token_from_env(env)
    if token is None:
        return "comment skipped: no token (set GH_TOKEN or GITHUB_TOKEN, `pull-requests: write`)"
    if len(body) > MAX_BODY:
        body = body[: MAX_BODY - 100] + "\n\n\u2026 (cut here: the job summary has all of it)\n"
    comments = PullRequestComments(api_url_from_env(env), token, pull.base_repository)
    try:
        done = comments.keep_sticky(pull.number, marker, body)
    except CommentRefusedError as exc:
        return f"comment skipped: {exc.message} ({exc.hint})"
    except GitHubError as exc:
        return f"comment not written: {exc.message}"
    return f"comment {done.action}: {done.url}"
