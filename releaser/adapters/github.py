"""GitHub releases through PyGithub: find (drafts included), create a draft, upload assets, publish.

Every method is safe to call again after a failure, which is what makes `releaser cut` resumable,
and safe when GitHub's answer is lost:
- a create is never retried blindly: before every attempt the releases are listed, and a draft
  for the tag (from a lost answer, or from another run) is taken instead of making another;
- several releases for one tag (GitHub allows several drafts) converge on one: the published
  release, else the draft with most assets, else the oldest. Empty drafts that duplicate it
  (same name and notes: what a retried create leaves) are deleted; any other is named in
  `ReleaseInfo.remarks` for a person to delete;
- only idempotent requests (GET, PATCH, DELETE) are retried on 5xx;
- an upload whose connection dropped may leave an asset in state `starter`: it is deleted and
  the file sent again; an asset of the same name and content counts as uploaded.
Rate limits (429, or 403 with Retry-After / X-RateLimit-Remaining: 0) are waited out when GitHub
asks for at most `max_rate_limit_wait` seconds, else reported as rate limits. Every request has
a timeout. Errors are `GitHubError`s with the HTTP status and GitHub's words, never the token.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from releaser.adapters import github_errors as errors
from releaser.adapters.github_assets import AssetUploads, file_digest
from releaser.adapters.github_errors import TOKEN_HINT
from releaser.core.remote import parse_remote
from releaser.errors import GitHubError

if TYPE_CHECKING:
    from github.GitRelease import GitRelease
    from github.Repository import Repository

__all__ = ["DEFAULT_API_URL", "TOKEN_HINT", "GitHubReleases", "ReleaseInfo", "file_digest"]

DEFAULT_API_URL = "https://api.github.com"
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PATCH", "PUT", "DELETE"})
_T = TypeVar("_T")


@dataclass(frozen=True)
class ReleaseInfo:
    """What releaser needs to know about one GitHub release."""

    id: int
    tag: str
    draft: bool
    prerelease: bool
    html_url: str
    # asset name -> (size in bytes, "sha256:<hex>" digest or None when GitHub has none)
    assets: Mapping[str, tuple[int, str | None]] = field(default_factory=dict)
    remarks: tuple[str, ...] = ()  # what was tidied up, or is left for a person to do


def _notes(body: str | None) -> str:
    """A release body without its Verification section, whose hashes differ between the
    builds of two runs that created a release at the same moment."""
    return (body or "").split("\n## Verification\n", 1)[0]


def repository_from_remote(url: str) -> str | None:
    """Return "owner/name" for a GitHub (or GitHub Enterprise) remote URL, else None."""
    found = parse_remote(url)
    return found.slug if found else None


def api_url_from_env(env: Mapping[str, str]) -> str:
    """The REST API base URL: GITHUB_API_URL (set by Actions, also on GHES) or api.github.com."""
    return (env.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")


def token_from_env(env: Mapping[str, str]) -> str | None:
    """The token from GH_TOKEN, then GITHUB_TOKEN; None when neither is set (or both empty)."""
    return env.get("GH_TOKEN") or env.get("GITHUB_TOKEN") or None


class GitHubReleases(AssetUploads):
    """The releases of one repository, reached through GitHub's REST API."""

    def __init__(
        self,
        api_url: str,
        token: str | None,
        repository: str,
        timeout: float = 30.0,
        *,
        retries: int = 2,
        backoff_factor: float = 0.5,
        seconds_between_writes: float | None = 1.0,
        max_rate_limit_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Connect lazily; nothing is sent before the first call.

        `retries` bounds the tries after a transient failure (5xx, connection, timeout).
        `seconds_between_writes` follows GitHub's advice for write requests (tests pass 0).
        """
        import github
        import requests
        from urllib3.util.retry import Retry

        self.repository = repository
        self.api_url = api_url.rstrip("/")
        self.timeout = max(1, math.ceil(timeout))
        self.retries = retries
        self.backoff_factor = backoff_factor
        self.max_rate_limit_wait = max_rate_limit_wait
        self._sleep = sleep
        self._token = token
        retry = Retry(
            total=retries,
            backoff_factor=backoff_factor,
            status_forcelist=(500, 502, 503, 504),
            allowed_methods=IDEMPOTENT_METHODS,  # never a POST: it may have landed
            raise_on_status=False,  # hand the last 5xx to PyGithub: one exception family
            respect_retry_after_header=False,  # rate limits are waited out in _call, bounded
        )
        self._github = github.Github(
            base_url=self.api_url,
            auth=github.Auth.Token(token) if token else None,
            timeout=self.timeout,
            retry=retry,
            per_page=100,
            seconds_between_requests=None,
            seconds_between_writes=seconds_between_writes or None,
        )
        self._uploads = requests.Session()
        self._repo: Repository | None = None
        self._releases: dict[int, GitRelease] = {}

    def __repr__(self) -> str:
        return f"GitHubReleases({self.api_url!r}, {self.repository!r})"

    # -- public API ---------------------------------------------------------------------------

    def find(self, tag: str) -> ReleaseInfo | None:
        """The release for `tag`, drafts included (GitHub's get-by-tag hides drafts).

        When several exist, one is chosen and the others are tidied or named (module doc).
        """
        action = f"listing the releases of {self.repository}"
        found = self._call(action, lambda: self._for(tag))
        if not found:
            return None
        return self._call(action, lambda: self._converge(tag, found))

    def create_draft(
        self,
        tag: str,
        title: str,
        notes: str,
        prerelease: bool,
        *,
        target_commitish: str | None = None,
    ) -> ReleaseInfo:
        """Create a draft release for `tag`; if one already exists for the tag, return it."""
        from github.GithubObject import NotSet

        action = f"creating the release for {tag}"
        failure: Exception | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self.backoff_factor * 2 ** (attempt - 1))
            existing = self.find(tag)  # an earlier try, or another run, may have made it
            if existing is not None:
                return existing
            try:
                created = self._call(
                    action,
                    lambda: self._repository().create_git_release(
                        tag,
                        name=title,
                        message=notes,
                        draft=True,
                        prerelease=prerelease,
                        make_latest="false",  # decided when publishing
                        target_commitish=target_commitish or NotSet,
                    ),
                    raw=True,
                )
            except Exception as exc:
                if not (errors.is_transient(exc) or errors.already_exists(exc)):
                    raise self._translated(action, exc) from exc
                failure = exc  # it may have landed: look before trying again
                continue
            found = self.find(tag)  # another run may have created one at the same moment
            return found if found is not None else self._remember(created)
        existing = self.find(tag)
        if existing is not None:
            return existing
        assert failure is not None
        raise self._translated(action, failure) from failure

    def sync_assets(self, release: ReleaseInfo, paths: Iterable[Path]) -> list[str]:
        """Upload the files the release lacks; return the names uploaded.

        An asset of the same name and same content (size, and sha256 when GitHub reports
        a digest) counts as uploaded. Same name with other content is an error.
        """
        gh_release = self._release(release)
        return [path.name for path in paths if self._upload(gh_release, release.tag, path)]

    def download_assets(self, release: ReleaseInfo, names: Iterable[str], dest: Path) -> list[Path]:
        """Save the assets called `names` that the release has into `dest`; return their paths.

        Each is checked against the size and digest GitHub lists. Drafts work too (the API
        serves their assets to a token that may write releases).
        """
        return self._download(self._release(release), release.tag, names, dest)

    def publish(self, release: ReleaseInfo, *, latest: bool) -> ReleaseInfo:
        """Turn the draft into a published release; a published one is returned unchanged.

        A prerelease is never marked "latest".
        """
        gh_release = self._release(release)

        def patch() -> ReleaseInfo:
            if not gh_release.draft:
                return self._remember(gh_release)
            make_latest = "true" if latest and not gh_release.prerelease else "false"
            updated = gh_release.update_release(
                name=gh_release.name or release.tag,
                message=gh_release.body or "",
                draft=False,
                prerelease=gh_release.prerelease,
                make_latest=make_latest,
            )
            return self._remember(updated)

        return self._call(f"publishing release {release.tag}", patch)

    def update_notes(self, release: ReleaseInfo, title: str, notes: str) -> ReleaseInfo:
        """Replace the title and notes of a release, keeping its draft/prerelease state."""
        gh_release = self._release(release)

        def patch() -> ReleaseInfo:
            updated = gh_release.update_release(
                name=title, message=notes, draft=gh_release.draft, prerelease=gh_release.prerelease
            )
            return self._remember(updated)

        return self._call(f"updating the notes of release {release.tag}", patch)

    # -- several releases for one tag -----------------------------------------------------------

    def _for(self, tag: str) -> list[GitRelease]:
        return [r for r in self._repository().get_releases() if r.tag_name == tag]

    def _converge(self, tag: str, found: list[GitRelease]) -> ReleaseInfo:
        """Choose one of the releases for `tag`; delete empty duplicates, name the rest."""
        counts = {r.id: len(self._assets(r)) for r in found} if len(found) > 1 else {}
        # Every run sees the same list and so chooses the same release.
        keep = min(found, key=lambda r: (r.draft, -counts.get(r.id, 0), r.id))
        deleted: list[str] = []
        others: list[str] = []
        for other in found:
            if other.id == keep.id:
                continue
            duplicate = (other.name, _notes(other.body)) == (keep.name, _notes(keep.body))
            if other.draft and duplicate and counts[other.id] == 0:
                self._delete_release(other)
                deleted.append(str(other.id))
            else:
                others.append(other.html_url)
        remarks = []
        if deleted:
            remarks.append(f"deleted {len(deleted)} empty duplicate draft(s) for {tag}")
        if others:
            remarks.append(
                f"{len(others)} other release(s) for {tag} left alone; delete them on GitHub "
                f"if they are strays: {', '.join(others)}"
            )
        return self._remember(keep, tuple(remarks))

    def _delete_release(self, release: GitRelease) -> None:
        import github

        def delete() -> None:
            with contextlib.suppress(github.UnknownObjectException):  # another run was first
                release.delete_release()

        self._call(f"deleting the duplicate draft {release.id}", delete)

    # -- plumbing -------------------------------------------------------------------------------

    def _repository(self) -> Repository:
        if self._repo is None:
            self._repo = self._call(
                f"reading repository {self.repository}",
                lambda: self._github.get_repo(self.repository),
            )
        return self._repo

    def _release(self, release: ReleaseInfo) -> GitRelease:
        """The PyGithub object for `release`, fetched by id when this instance has not seen it."""
        if release.id not in self._releases:

            def fetch() -> GitRelease:
                fetched = self._repository().get_release(release.id)
                fetched.complete()
                return fetched

            self._releases[release.id] = self._call(f"reading release {release.tag}", fetch)
        return self._releases[release.id]

    def _remember(self, release: GitRelease, remarks: tuple[str, ...] = ()) -> ReleaseInfo:
        self._releases[release.id] = release
        return ReleaseInfo(
            id=release.id,
            tag=release.tag_name,
            draft=release.draft,
            prerelease=release.prerelease,
            html_url=release.html_url,
            assets={a.name: (a.size, a.digest) for a in release.assets if a.state == "uploaded"},
            remarks=remarks,
        )

    def _call(self, action: str, fn: Callable[[], _T], *, raw: bool = False) -> _T:
        """Run one API interaction; wait out short rate limits; translate failures.

        With `raw`, failures other than rate limits are raised as they are (the caller
        decides whether to try again).
        """
        waited = 0.0
        while True:
            try:
                return fn()
            except GitHubError:  # noqa: PERF203 # one try per rate-limit wait, a few at most
                raise
            except Exception as exc:
                wait = errors.rate_limit_wait(exc)
                if wait is None:
                    if raw:
                        raise
                    raise self._translated(action, exc) from exc
                if waited + wait > self.max_rate_limit_wait:
                    raise errors.rate_limit_error(
                        action, exc, wait, self.max_rate_limit_wait
                    ) from exc
                self._sleep(wait)
                waited += wait

    def _translated(self, action: str, exc: Exception) -> GitHubError:
        """The GitHubError for `exc`, or re-raise `exc` itself when it is not an API failure."""
        if isinstance(exc, GitHubError):
            return exc
        mapped = errors.translate(action, exc, self.repository)
        if mapped is None:
            raise exc
        return mapped
