"""GitHub releases through PyGithub: find (drafts included), create a draft, upload assets, publish.

Every method is safe to call again after a failure, which is what makes `releaser cut` resumable:
`find` sees drafts, `sync_assets` uploads only what is missing, and `publish` on a published
release changes nothing. PyGithub and requests exceptions become `GitHubError`s whose message
carries the HTTP status and GitHub's own message, never the token.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from releaser.core.remote import parse_remote
from releaser.errors import GitHubError

if TYPE_CHECKING:
    from github.GitRelease import GitRelease
    from github.Repository import Repository

DEFAULT_API_URL = "https://api.github.com"
TOKEN_HINT = (
    "set GH_TOKEN or GITHUB_TOKEN to a token that may write releases "
    "(fine-grained token or Actions `permissions:` with `contents: write`)"
)
_T = TypeVar("_T")
_SCP_REMOTE = re.compile(r"^(?:[^@/]+@)?(?P<host>[^:/]+):(?P<path>[^/].*)$")


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


def file_digest(path: Path) -> str:
    """The file's digest in GitHub's asset format: "sha256:<hex>"."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return f"sha256:{sha.hexdigest()}"


class GitHubReleases:
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
    ) -> None:
        """Connect lazily; nothing is sent before the first call.

        Transient failures (connection errors, 5xx) are retried `retries` times with
        exponential back-off, for every method: the calls are idempotent or made safe by
        the "already exists" handling below. After the last try the 5xx is reported.
        `seconds_between_writes` follows GitHub's advice for write requests (tests pass 0).
        """
        import github
        from urllib3.util.retry import Retry

        self.repository = repository
        retry = Retry(
            total=retries,
            backoff_factor=backoff_factor,
            status_forcelist=(500, 502, 503, 504),
            allowed_methods=None,  # POST/PATCH too: see the docstring
            raise_on_status=False,  # hand the last 5xx to PyGithub: one exception family
            respect_retry_after_header=False,  # a long Retry-After would stall the run unbounded
        )
        self._github = github.Github(
            base_url=api_url.rstrip("/"),
            auth=github.Auth.Token(token) if token else None,
            timeout=max(1, math.ceil(timeout)),
            retry=retry,
            per_page=100,
            seconds_between_requests=None,
            seconds_between_writes=seconds_between_writes or None,
        )
        self._repo: Repository | None = None
        self._releases: dict[int, GitRelease] = {}

    # -- public API ---------------------------------------------------------------------------

    def find(self, tag: str) -> ReleaseInfo | None:
        """The release for `tag`, drafts included (GitHub's get-by-tag hides drafts)."""

        def search() -> ReleaseInfo | None:
            for release in self._repository().get_releases():
                if release.tag_name == tag:
                    return self._remember(release)
            return None

        return self._call(f"listing the releases of {self.repository}", search)

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
        import github
        from github.GithubObject import NotSet

        repo = self._repository()
        try:
            release = repo.create_git_release(
                tag,
                name=title,
                message=notes,
                draft=True,
                prerelease=prerelease,
                make_latest="false",  # decided when publishing
                target_commitish=target_commitish or NotSet,
            )
        except github.GithubException as exc:
            if _already_exists(exc):  # e.g. a retried POST that had succeeded
                existing = self.find(tag)
                if existing is not None:
                    return existing
            raise self._translated(f"creating the release for {tag}", exc) from exc
        except Exception as exc:
            raise self._translated(f"creating the release for {tag}", exc) from exc
        return self._call(f"reading the new release for {tag}", lambda: self._remember(release))

    def sync_assets(self, release: ReleaseInfo, paths: Iterable[Path]) -> list[str]:
        """Upload the files the release lacks; return the names uploaded.

        An asset of the same name and same content (size, and sha256 when GitHub reports
        a digest) counts as uploaded. Same name with other content is an error.
        """
        gh_release = self._release(release)
        existing = self._call(
            f"listing the assets of release {release.tag}", lambda: _assets_of(gh_release)
        )
        uploaded: list[str] = []
        for path in paths:
            name = path.name
            if name in existing:
                _check_same(release.tag, path, existing[name])
                continue
            if self._upload(gh_release, release.tag, path):
                uploaded.append(name)
        return uploaded

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

    # -- helpers ------------------------------------------------------------------------------

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

    def _remember(self, release: GitRelease) -> ReleaseInfo:
        self._releases[release.id] = release
        return ReleaseInfo(
            id=release.id,
            tag=release.tag_name,
            draft=release.draft,
            prerelease=release.prerelease,
            html_url=release.html_url,
            assets={a.name: (a.size, a.digest) for a in release.assets},
        )

    def _upload(self, gh_release: GitRelease, tag: str, path: Path) -> bool:
        """Upload one file; False when an earlier try had already uploaded the same file."""
        import github

        action = f"uploading {path.name} to release {tag}"
        try:
            gh_release.upload_asset(str(path), content_type="application/octet-stream")
            return True
        except github.GithubException as exc:
            if not _already_exists(exc):
                raise self._translated(action, exc) from exc
            # An earlier try may have landed: accept it only if the content matches.
            existing = self._call(action, lambda: _assets_of(gh_release))
            if path.name not in existing:
                raise self._translated(action, exc) from exc
            _check_same(tag, path, existing[path.name])
            return False
        except GitHubError:
            raise
        except Exception as exc:
            raise self._translated(action, exc) from exc

    def _call(self, action: str, fn: Callable[[], _T]) -> _T:
        """Run one API interaction, translating library exceptions to GitHubError."""
        try:
            return fn()
        except GitHubError:
            raise
        except Exception as exc:
            raise self._translated(action, exc) from exc

    def _translated(self, action: str, exc: Exception) -> GitHubError:
        """`_error(exc)`, or re-raise `exc` itself when it is not an API/network failure."""
        mapped = self._error(action, exc)
        if mapped is None:
            raise exc
        return mapped

    def _error(self, action: str, exc: Exception) -> GitHubError | None:
        """A GitHubError for an API, network or file failure; None for anything else (a bug)."""
        import github
        import requests

        if isinstance(exc, github.GithubException):
            return _http_error(action, exc.status, _gh_message(exc.data), self.repository)
        if isinstance(exc, github.BadAttributeException):
            return GitHubError(
                f"{action} failed: GitHub answered with an unexpected value ({exc})",
                hint="check that GITHUB_API_URL points at a GitHub REST API",
            )
        if isinstance(exc, requests.RequestException):
            return GitHubError(
                f"{action} failed: GitHub could not be reached ({type(exc).__name__})",
                hint="check the network and GITHUB_API_URL, then rerun the same command to resume",
            )
        if isinstance(exc, OSError):
            return GitHubError(f"{action} failed: {exc.strerror or exc}", hint=None)
        return None


def _assets_of(release: GitRelease) -> dict[str, tuple[int, str | None]]:
    return {a.name: (a.size, a.digest) for a in release.get_assets()}


def _check_same(tag: str, path: Path, remote: tuple[int, str | None]) -> None:
    """Raise unless the local file matches the asset already on the release."""
    size, digest = remote
    local_size = path.stat().st_size
    same = local_size == size and (digest is None or digest.lower() == file_digest(path))
    if not same:
        raise GitHubError(
            f"release {tag} already has an asset {path.name} with other content "
            f"({size} bytes on GitHub, {local_size} bytes here)",
            hint=(
                f"delete {path.name} from the release on GitHub if the local file is the right "
                "one, or rebuild the same file, then rerun"
            ),
        )


def _already_exists(exc: Exception) -> bool:
    data: Any = getattr(exc, "data", None)
    if getattr(exc, "status", None) != 422 or not isinstance(data, dict):
        return False
    errors = data.get("errors") or []
    return any(isinstance(e, dict) and e.get("code") == "already_exists" for e in errors)


def _gh_message(data: object) -> str:
    """GitHub's own words from an error body: message plus any validation details."""
    if not isinstance(data, dict):
        return str(data or "").strip()[:200]
    message = str(data.get("message") or "").strip()
    details = []
    for item in data.get("errors") or []:
        if isinstance(item, dict):
            details.append(
                str(item.get("message") or item.get("code") or "")
                + (f" ({item['field']})" if item.get("field") else "")
            )
        else:
            details.append(str(item))
    if details:
        message += ": " + "; ".join(d for d in details if d)
    return message


def _http_error(action: str, status: int, message: str, repository: str) -> GitHubError:
    text = f"{action} failed: HTTP {status}" + (f": {message}" if message else "")
    hint: str | None
    if status == 401:
        hint = TOKEN_HINT
    elif status == 403:
        hint = f"the token may not write releases of {repository}; {TOKEN_HINT}"
    elif status == 404:
        hint = (
            f"check the repository name {repository!r} (git remote or [tool.releaser]) "
            "and that the token can see it"
        )
    elif status >= 500:
        hint = "GitHub failed; rerun the same command to resume"
    else:
        hint = None
    return GitHubError(text, hint=hint)
