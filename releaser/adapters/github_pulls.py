"""The release pull request through PyGithub: find the open one for a head branch, open, update.

The connection, timeouts, retries of idempotent requests and rate-limit waits are those of
`GitHubReleases`. A create is a POST and is never retried blindly: before it, and after a
failure that may have landed, the open pull requests for the head are listed. A 403 that is
not a rate limit names the permission the token lacks: `pull-requests: write`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from releaser.adapters import github_errors as errors
from releaser.adapters.github import GitHubReleases
from releaser.errors import GitHubError

if TYPE_CHECKING:
    from github.PullRequest import PullRequest

PULLS_PERMISSION_HINT = (
    "give the token `pull-requests: write` (and `contents: write`): in the workflow's "
    "`permissions:`, or as the permission of a fine-grained token or GitHub App; with the "
    "job's GITHUB_TOKEN also tick Settings > Actions > General > \"Allow GitHub Actions to "
    'create and approve pull requests"'
)


@dataclass(frozen=True)
class PullRequestInfo:
    """What releaser needs to know about one pull request."""

    number: int
    html_url: str
    title: str
    body: str
    state: str  # open | closed
    merged: bool
    head_sha: str


class GitHubPulls(GitHubReleases):
    """The pull requests of one repository (and, inherited, its releases)."""

    def find_open(self, head: str, base: str) -> PullRequestInfo | None:
        """The open pull request from branch `head` into `base`, if there is one."""
        owner = self.repository.split("/")[0]
        found = self._call(
            f"listing the pull requests of {self.repository}",
            lambda: list(
                self._repository().get_pulls(state="open", head=f"{owner}:{head}", base=base)
            ),
        )
        return _info(found[0]) if found else None

    def open_pull(self, head: str, base: str, title: str, body: str) -> PullRequestInfo:
        """Open a pull request from `head` into `base` (or return the one a lost answer made)."""
        action = f"opening the pull request {head} -> {base}"
        try:
            created = self._call(
                action,
                lambda: self._repository().create_pull(
                    base=base, head=head, title=title, body=body, maintainer_can_modify=True
                ),
                raw=True,
            )
        except Exception as exc:
            if errors.is_transient(exc) or _already_open(exc):
                existing = self.find_open(head, base)  # it may have landed
                if existing is not None:
                    return existing
            raise self._translated(action, exc) from exc
        return _info(created)

    def update_pull(self, number: int, title: str, body: str) -> PullRequestInfo:
        """Set the title and body of pull request `number`."""

        def patch() -> PullRequestInfo:
            pull = self._repository().get_pull(number)
            if (pull.title, pull.body or "") != (title, body):
                pull.edit(title=title, body=body)
            return _info(pull)

        return self._call(f"updating pull request #{number}", patch)

    def body_of(self, number: int) -> str:
        """The current body of pull request `number` (edits made on GitHub included)."""
        return self._call(
            f"reading pull request #{number}",
            lambda: self._repository().get_pull(number).body or "",
        )

    def _translated(self, action: str, exc: Exception) -> GitHubError:
        if getattr(exc, "status", None) == 403 and errors.rate_limit_wait(exc) is None:
            said = errors.gh_message(getattr(exc, "data", None))
            return GitHubError(
                f"{action} failed: HTTP 403: {said or 'Forbidden'}: the token lacks the "
                "`pull-requests: write` permission",
                hint=PULLS_PERMISSION_HINT,
            )
        return super()._translated(action, exc)


def _already_open(exc: Exception) -> bool:
    return getattr(exc, "status", None) == 422 and "already exists" in errors.gh_message(
        getattr(exc, "data", None)
    )


def _info(pull: PullRequest) -> PullRequestInfo:
    return PullRequestInfo(
        number=pull.number,
        html_url=pull.html_url,
        title=pull.title,
        body=pull.body or "",
        state=pull.state,
        merged=bool(pull.merged),
        head_sha=pull.head.sha,
    )
