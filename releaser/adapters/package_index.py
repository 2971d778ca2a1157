"""Publishing distributions to a package index (PyPI, TestPyPI, or a private index).

Reruns are safe: before uploading, the index's simple API says which files it
already has. An identical file is skipped; a different file of the same name is
an error, because no index accepts a re-upload. Uploads go through twine's
library in-process, so the password never reaches a child process's argv.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote, urljoin, urlsplit

from releaser.adapters.build import sha256_of
from releaser.adapters.index_upload import (
    RERUN_HINT,
    status_hint,
    upload_file,
    without_userinfo,
)
from releaser.errors import ConfigError, PackageIndexError

if TYPE_CHECKING:
    import requests

PYPI_UPLOAD_URL = "https://upload.pypi.org/legacy/"
PYPI_SIMPLE_URL = "https://pypi.org/simple/"
TESTPYPI_UPLOAD_URL = "https://test.pypi.org/legacy/"
TESTPYPI_SIMPLE_URL = "https://test.pypi.org/simple/"
_KNOWN_INDEXES = {
    "pypi": (PYPI_UPLOAD_URL, PYPI_SIMPLE_URL),
    "testpypi": (TESTPYPI_UPLOAD_URL, TESTPYPI_SIMPLE_URL),
}
_PEP691_JSON = "application/vnd.pypi.simple.v1+json"
_ACCEPT = f"{_PEP691_JSON}, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1"


def index_urls(repository_url: str, simple_url: str | None = None) -> tuple[str, str]:
    """Return `(upload_url, simple_url)` for `pypi`, `testpypi` or an index's upload URL.

    For an unknown index the simple API is taken to be `<url>/simple/`
    (pypiserver's layout) unless `simple_url` names it.
    """
    given = repository_url.strip()
    known = _KNOWN_INDEXES.get(given.lower())
    if known is None:
        known = next((u for u in _KNOWN_INDEXES.values() if u[0] == given.rstrip("/") + "/"), None)
    if known is not None:
        upload, simple = known
    elif urlsplit(given).scheme in ("http", "https") and urlsplit(given).netloc:
        upload, simple = given, given.rstrip("/") + "/simple/"
    else:
        raise ConfigError(
            f"The package index {given!r} is neither a known index nor an http(s) URL.",
            hint="Use `pypi`, `testpypi` or the index's upload URL.",
        )
    if simple_url:
        simple = simple_url.rstrip("/") + "/"
    return upload, simple


@dataclass(frozen=True, slots=True)
class Credentials:
    """A username and password (or `__token__` and an API token) for uploads."""

    username: str
    password: str = field(repr=False)


def credentials_from_env(env: Mapping[str, str]) -> Credentials | None:
    """Read upload credentials: TWINE_USERNAME/TWINE_PASSWORD, else PYPI_TOKEN.

    A password without a username is taken as an API token (`__token__`).
    Empty values count as unset (CI sets unset secrets to ""). Without any,
    return None: twine may still find keyring or trusted-publishing credentials.
    """
    password = env.get("TWINE_PASSWORD", "")
    if password:
        return Credentials(env.get("TWINE_USERNAME", "") or "__token__", password)
    token = env.get("PYPI_TOKEN", "")
    if token:
        return Credentials("__token__", token)
    return None


class CredentialSource(Protocol):
    """Credentials made on demand (trusted publishing mints a short-lived token)."""

    def current(self) -> Credentials:
        """Credentials good for the next upload."""
        ...


@dataclass(frozen=True, slots=True)
class PublishReport:
    """What `PackageIndex.publish` did with each file."""

    uploaded: tuple[Path, ...]
    skipped: tuple[Path, ...]  # identical files the index already had


class _LinkParser(HTMLParser):
    """Collects the `<a href>` targets of a PEP 503 simple page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _html_links(response: requests.Response) -> list[tuple[str, str | None]]:
    """(file URL, SHA-256 or None) of each link on a PEP 503 page."""
    parser = _LinkParser()
    parser.feed(response.text)
    links: list[tuple[str, str | None]] = []
    for href in parser.hrefs:
        url, _, fragment = urljoin(response.url, href).partition("#")
        algo, _, digest = fragment.partition("=")
        links.append((url, digest if algo == "sha256" and digest else None))
    return links


def _json_links(response: requests.Response) -> list[tuple[str, str | None]]:
    """(file URL, SHA-256 or None) of each file on a PEP 691 JSON page."""
    try:
        return [
            (urljoin(response.url, entry["url"]).partition("#")[0], entry["hashes"].get("sha256"))
            for entry in response.json()["files"]
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PackageIndexError(
            f"The index answered {without_userinfo(response.url)} with a malformed JSON page.",
            hint="Check that the simple URL points at a package index's simple API.",
        ) from exc


def _canonical(project_name: str) -> str:
    from packaging.utils import canonicalize_name

    return str(canonicalize_name(project_name))


class PackageIndex:
    """One package index: its upload URL, its simple API, and the credentials for it."""

    def __init__(
        self,
        upload_url: str,
        simple_url: str,
        credentials: Credentials | CredentialSource | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.upload_url = upload_url
        self.simple_url = simple_url.rstrip("/") + "/"
        self.credentials = credentials
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"PackageIndex({without_userinfo(self.upload_url)!r})"

    # -- reading ----------------------------------------------------------

    def existing_files(self, project_name: str) -> dict[str, str]:
        """Map each file the index holds for the project to its SHA-256 (hex).

        Reads the simple API (PEP 691 JSON when served, else PEP 503 HTML);
        an unknown project has no files. A file listed without a SHA-256 is
        downloaded and hashed.
        """
        files: dict[str, str] = {}
        for name, url, digest in self._links(project_name):
            files[name] = digest.lower() if digest else self._hash_of(url)
        return files

    def _links(self, project_name: str) -> list[tuple[str, str, str | None]]:
        """(file name, absolute URL, sha256 or None) of each file on the project's page."""
        page = f"{self.simple_url}{_canonical(project_name)}/"
        response = self._get(page, accept=_ACCEPT)
        if response is None:
            return []
        if response.headers.get("Content-Type", "").split(";")[0].strip() == _PEP691_JSON:
            links = _json_links(response)
        else:
            links = _html_links(response)
        return [(unquote(urlsplit(url).path.rsplit("/", 1)[-1]), url, d) for url, d in links]

    def download(self, project_name: str, version: str, out_dir: Path) -> list[Path]:
        """Save the index's sdist and wheels of `version` into `out_dir`; return their paths.

        Each file is checked against the hash the index lists, so what is saved is
        exactly what users install.
        """
        from packaging.version import Version

        saved: list[Path] = []
        wanted = str(Version(version))
        for name, url, digest in self._links(project_name):
            if distribution_version(name) != wanted:
                continue
            response = self._get(url, accept="*/*")
            if response is None:
                continue
            if digest and hashlib.sha256(response.content).hexdigest() != digest.lower():
                raise PackageIndexError(
                    f"{name} from {without_userinfo(url)} does not match the SHA-256 "
                    "the index lists for it.",
                    hint="Check the index (or a proxy in between), then run again.",
                )
            out_dir.mkdir(parents=True, exist_ok=True)
            target = out_dir / name
            target.write_bytes(response.content)
            saved.append(target)
        return sorted(saved, key=lambda p: (not p.name.endswith(".tar.gz"), p.name))

    def _hash_of(self, url: str) -> str:
        response = self._get(url, accept="*/*")
        if response is None:
            return ""
        return hashlib.sha256(response.content).hexdigest()

    def _get(self, url: str, *, accept: str) -> requests.Response | None:
        """GET from the index; None on 404, PackageIndexError on any other failure."""
        import requests

        # Credentials go only to the host they were issued for (private indexes
        # that also protect reads), never to a CDN or another host.
        auth = None
        creds = self.credentials
        if (
            isinstance(creds, Credentials)
            and urlsplit(url).netloc == urlsplit(self.upload_url).netloc
        ):
            auth = (creds.username, creds.password)
        try:
            response = requests.get(
                url, headers={"Accept": accept}, auth=auth, timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise PackageIndexError(
                f"Could not read {without_userinfo(url)}: {type(exc).__name__}.",
                hint="Check the index URL and that the index is reachable. " + RERUN_HINT,
            ) from None
        if response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise PackageIndexError(
                f"The index answered HTTP {response.status_code} for {without_userinfo(url)}.",
                hint=status_hint(response.status_code),
            )
        return response

    # -- publishing --------------------------------------------------------

    def publish(
        self,
        paths: Sequence[Path],
        project_name: str,
        attest: Callable[[Sequence[Path]], Mapping[Path, Path]] | None = None,
    ) -> PublishReport:
        """Upload the files the index lacks; skip identical ones; refuse changed ones.

        All conflicts are found before anything is uploaded. A failure part-way
        raises PackageIndexError; running again skips what was uploaded. `attest`
        gives the PEP 740 attestation files to upload with the files, before any upload.
        """
        remote = self.existing_files(project_name)
        local = [(path, sha256_of(path)) for path in paths]
        for path, digest in local:
            if path.name in remote and remote[path.name] != digest:
                raise _conflict(path.name)
        skipped = tuple(p for p, d in local if remote.get(p.name) == d)
        uploaded: list[Path] = []
        wanted = [p for p, _ in local if p.name not in remote]
        attestations = attest(wanted) if attest and wanted else {}
        for path, digest in local:
            if path.name in remote:
                continue
            if self._upload(path, attestations.get(path)):
                uploaded.append(path)
            # The index said it already had the file (another run raced us, or
            # its simple API lags behind): only an identical file is fine.
            elif self.existing_files(project_name).get(path.name) == digest:
                skipped += (path,)
            else:
                raise PackageIndexError(
                    f"{self._where()} refused {path.name} as already uploaded, but its simple "
                    f"index {self.simple_url} does not list that file with the same SHA-256.",
                    hint="If this release was uploaded before with different files, bump the "
                    "version; otherwise check the simple index URL.",
                )
        return PublishReport(uploaded=tuple(uploaded), skipped=skipped)

    def _upload(self, path: Path, attestation: Path | None) -> bool:
        """Upload one file; False when the index says it already has that file name."""
        creds = self.credentials
        if creds is not None and not isinstance(creds, Credentials):
            creds = creds.current()  # minted now, re-minted by twine before it expires
        login = (creds.username, creds.password) if creds else None
        return upload_file(
            self.upload_url, path, login, attestation=attestation, timeout=self.timeout
        )

    def _where(self) -> str:
        return without_userinfo(self.upload_url)


def _conflict(name: str) -> PackageIndexError:
    return PackageIndexError(
        f"The index already has a different {name}: its SHA-256 differs from the local file.",
        hint="Indexes never accept a re-upload of a file name; bump the version and release again.",
    )


def distribution_version(name: str) -> str | None:
    """The version in a distribution's file name (normalized), or None for other files."""
    from packaging.utils import (
        InvalidSdistFilename,
        InvalidWheelFilename,
        parse_sdist_filename,
        parse_wheel_filename,
    )

    try:
        if name.endswith(".whl"):
            return str(parse_wheel_filename(name)[1])
        if name.endswith(".tar.gz"):
            return str(parse_sdist_filename(name)[1])
    except (InvalidSdistFilename, InvalidWheelFilename):
        return None
    return None
