"""Release assets: upload what a release lacks, once, whatever the connection does.

An asset of the same name and content counts as uploaded; one whose upload was cut off
(state `starter`) is deleted and the file sent again. Uploads go to the release's
`upload_url`, which on github.com is another host (uploads.github.com) than the API; the
token is sent only to the API's host or its `uploads.` sibling.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from releaser.adapters import github_errors as errors
from releaser.errors import GitHubError

if TYPE_CHECKING:
    import github
    import requests
    from github.GitRelease import GitRelease
    from github.GitReleaseAsset import GitReleaseAsset

_T = TypeVar("_T")


def file_digest(path: Path) -> str:
    """The file's digest in GitHub's asset format: "sha256:<hex>"."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return f"sha256:{sha.hexdigest()}"


@dataclass(frozen=True)
class _Asset:
    id: int
    size: int
    digest: str | None
    state: str
    url: str


class AssetUploads:
    """The upload half of `GitHubReleases` (which provides the attributes below)."""

    api_url: str
    timeout: int
    retries: int
    backoff_factor: float
    _token: str | None
    _github: github.Github
    _uploads: requests.Session
    _sleep: Callable[[float], None]

    def _call(self, action: str, fn: Callable[[], _T], *, raw: bool = False) -> _T:
        raise NotImplementedError

    def _translated(self, action: str, exc: Exception) -> GitHubError:
        raise NotImplementedError

    # -- uploads --------------------------------------------------------------------------------

    def _assets(self, release: GitRelease) -> dict[str, _Asset]:
        return self._call(
            f"listing the assets of release {release.tag_name}",
            lambda: {
                a.name: _Asset(a.id, a.size, a.digest, a.state, a.url) for a in release.get_assets()
            },
        )

    def _upload(self, release: GitRelease, tag: str, path: Path) -> bool:
        """Upload one file unless the release has it; False when it was there already."""
        action = f"uploading {path.name} to release {tag}"
        failure: Exception | None = None
        lost = False
        for attempt in range(self.retries + 1):
            asset = self._assets(release).get(path.name)
            if asset is not None and asset.state == "uploaded":
                _check_same(tag, path, asset)
                return lost  # True when an earlier try of this run landed unanswered
            if asset is not None:  # `starter`: an upload cut off; GitHub keeps the name
                self._delete_asset(action, asset)
            if attempt:
                self._sleep(self.backoff_factor * 2 ** (attempt - 1))
            try:
                self._call(action, lambda: self._post_asset(release, path), raw=True)
                return True
            except Exception as exc:
                if not (errors.is_transient(exc) or errors.already_exists(exc)):
                    raise self._translated(action, exc) from exc
                failure, lost = exc, errors.is_transient(exc)
        asset = self._assets(release).get(path.name)
        if asset is not None and asset.state == "uploaded":
            _check_same(tag, path, asset)
            return lost
        assert failure is not None
        raise self._translated(action, failure) from failure

    def _download(
        self, release: GitRelease, tag: str, names: Iterable[str], dest: Path
    ) -> list[Path]:
        """Save the release's uploaded assets called `names` (those it has) into `dest`.

        GitHub's digest and size are checked, so what is saved is what the release holds.
        """
        wanted = [n for n in names if _plain_name(n)]
        assets = {
            a.name: a
            for a in self._call(
                f"listing the assets of release {tag}", lambda: list(release.get_assets())
            )
        }
        saved = []
        for name in wanted:
            asset = assets.get(name)
            if asset is None or asset.state != "uploaded":
                continue
            target = dest / name
            dest.mkdir(parents=True, exist_ok=True)
            self._call(f"downloading {name} from release {tag}", _saver(asset, target))
            remote = _Asset(asset.id, asset.size, asset.digest, asset.state, asset.url)
            if target.stat().st_size != remote.size or (
                remote.digest is not None and remote.digest.lower() != file_digest(target)
            ):
                target.unlink()
                raise GitHubError(
                    f"{name} downloaded from release {tag} does not match the size and "
                    "digest GitHub lists for it",
                    hint="check the connection to GitHub (or a proxy in between), then rerun",
                )
            saved.append(target)
        return saved

    def _delete_asset(self, action: str, asset: _Asset) -> None:
        import github

        def delete() -> None:
            with contextlib.suppress(github.UnknownObjectException):  # gone already
                self._github.requester.requestJsonAndCheck("DELETE", asset.url)

        self._call(action, delete)

    def _post_asset(self, release: GitRelease, path: Path) -> None:
        """POST the file to the release's upload URL (its own host on github.com)."""
        import github

        url = release.upload_url.split("{", 1)[0]
        self._check_upload_host(url)
        headers = {
            "Accept": "application/vnd.github+json",
            "Content-Type": "application/octet-stream",
            "User-Agent": "releaser",
        }
        if self._token:
            headers["Authorization"] = f"token {self._token}"
        with path.open("rb") as body:
            response = self._uploads.post(
                url, params={"name": path.name}, data=body, headers=headers, timeout=self.timeout
            )
        if response.status_code >= 300:
            try:
                data: Any = response.json()
            except ValueError:
                data = response.text
            raise github.GithubException(response.status_code, data, dict(response.headers))

    def _check_upload_host(self, url: str) -> None:
        """The token goes only to the API's host, or its `uploads.` sibling (github.com)."""
        api, upload = urlsplit(self.api_url).hostname or "", urlsplit(url).hostname or ""
        sibling = api.startswith("api.") and upload == "uploads." + api.removeprefix("api.")
        if upload != api and not sibling:
            raise GitHubError(
                f"GitHub's upload URL {upload!r} is on another host than the API ({api!r})",
                hint="check that GITHUB_API_URL points at your GitHub's REST API",
            )


def _saver(asset: GitReleaseAsset, target: Path) -> Callable[[], None]:
    def save() -> None:
        asset.download_asset(str(target))

    return save


def _plain_name(name: str) -> bool:
    """A file name that stays inside the folder it is saved into."""
    return bool(name) and name not in {".", ".."} and not any(c in name for c in "/\\\0")


def _check_same(tag: str, path: Path, remote: _Asset) -> None:
    """Raise unless the local file matches the asset already on the release."""
    local_size = path.stat().st_size
    same = local_size == remote.size and (
        remote.digest is None or remote.digest.lower() == file_digest(path)
    )
    if not same:
        raise GitHubError(
            f"release {tag} already has an asset {path.name} with other content "
            f"({remote.size} bytes on GitHub, {local_size} bytes here)",
            hint=(
                f"delete {path.name} from the release on GitHub if the local file is the right "
                "one, or rebuild the same file, then rerun"
            ),
        )
