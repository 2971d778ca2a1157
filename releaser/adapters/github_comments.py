"""One sticky comment on a pull request (an issue comment), through PyGithub.

The comment is found by a hidden marker in its body and edited in place, so a pull request
carries one such comment however often the preview runs. Three requests at most: list the
comments, then create one or edit the one found (nothing when the text is unchanged).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from releaser.adapters import github_errors as errors
from releaser.errors import GitHubError

PERMISSION_HINT = (
    "the job needs `pull-requests: write` (Actions `permissions:`) for the comment; "
    "a pull request from a fork gets a read-only token, so the comment is skipped there"
)


class CommentRefusedError(GitHubError):
    """GitHub refused the token (401, 403 or 404): the comment cannot be written."""


@dataclass(frozen=True)
class StickyComment:
    """What keeping the comment did."""

    action: str  # created, updated or unchanged
    url: str


class PullRequestComments:
    """The issue comments of one repository's pull requests."""

    def __init__(self, api_url: str, token: str, repository: str, timeout: float = 30.0) -> None:
        """Connect lazily; nothing is sent before the first call."""
        import github
        from urllib3.util.retry import Retry

        self.repository = repository
        retry = Retry(
            total=2,
            backoff_factor=0.5,
            status_forcelist=(500, 502, 503, 504),
            allowed_methods=frozenset({"GET", "PATCH"}),  # never a POST: it may have landed
            raise_on_status=False,
        )
        self._github = github.Github(
            base_url=api_url.rstrip("/"),
            auth=github.Auth.Token(token),
            timeout=max(1, math.ceil(timeout)),
            retry=retry,
            per_page=100,
            seconds_between_requests=None,
            seconds_between_writes=None,
            lazy=True,  # no GET of the repository or the issue: only the calls below
        )

    def keep_sticky(self, number: int, marker: str, body: str) -> StickyComment:
        """Create the comment holding `marker` on pull request `number`, or edit it to `body`."""
        import github

        action = f"commenting on pull request #{number} of {self.repository}"
        try:
            issue = self._github.get_repo(self.repository).get_issue(number)
            for comment in issue.get_comments():
                if marker in (comment.body or ""):
                    if comment.body == body:
                        return StickyComment("unchanged", comment.html_url)
                    comment.edit(body)
                    return StickyComment("updated", comment.html_url)
            created = issue.create_comment(body)
            return StickyComment("created", created.html_url)
        except github.GithubException as exc:
            if exc.status in (401, 403, 404):
                message = errors.gh_message(exc.data)
                raise CommentRefusedError(
                    f"{action} failed: HTTP {exc.status}" + (f": {message}" if message else ""),
                    hint=PERMISSION_HINT,
                ) from None
            raise self._translated(action, exc) from None
        except Exception as exc:
            raise self._translated(action, exc) from None

    def _translated(self, action: str, exc: Exception) -> GitHubError:
        mapped = errors.translate(action, exc, self.repository)
        if mapped is None:
            raise exc
        return mapped
