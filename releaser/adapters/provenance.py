"""What the index reports about each file's provenance (PyPI's Integrity API, PEP 740).

`GET <index>/integrity/<project>/<version>/<filename>/provenance` answers a provenance
object, `{"version": 1, "attestation_bundles": [{"publisher": {...}, "attestations":
[...]}]}`, or 404 when the file has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from releaser.adapters.index_upload import without_userinfo
from releaser.adapters.package_index import PYPI_UPLOAD_URL, TESTPYPI_UPLOAD_URL

_ACCEPT = "application/vnd.pypi.integrity.v1+json"
_BASES = {PYPI_UPLOAD_URL: "https://pypi.org", TESTPYPI_UPLOAD_URL: "https://test.pypi.org"}


def integrity_base(upload_url: str) -> str:
    """Where the Integrity API lives: pypi.org for PyPI's uploads, else the upload URL's origin."""
    given = upload_url.strip().rstrip("/") + "/"
    if given in _BASES:
        return _BASES[given]
    parts = urlsplit(without_userinfo(upload_url.strip()))
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class FileProvenance:
    """One file's provenance as the index reports it; `publishers` empty when it has none."""

    filename: str
    attestations: int = 0
    publishers: tuple[str, ...] = ()
    problem: str = ""  # why it could not be read


def _publisher(data: object) -> str:
    if not isinstance(data, dict):
        return "unknown publisher"
    kind = str(data.get("kind", "publisher"))
    where = [str(data[k]) for k in ("repository", "workflow", "environment") if data.get(k)]
    return f"{kind} {'/'.join(where[:1])}" + (f" ({', '.join(where[1:])})" if where[1:] else "")


def file_provenance(
    upload_url: str, project: str, version: str, filename: str, *, timeout: float = 30.0
) -> FileProvenance:
    """Ask the index for one file's provenance."""
    import requests
    from packaging.utils import canonicalize_name

    name = str(canonicalize_name(project))
    path = "/".join(quote(part) for part in (name, version, filename))
    url = f"{integrity_base(upload_url)}/integrity/{path}/provenance"
    try:
        response = requests.get(url, headers={"Accept": _ACCEPT}, timeout=timeout)
    except requests.RequestException as exc:
        return FileProvenance(filename, problem=f"unreachable ({type(exc).__name__})")
    if response.status_code == 404:
        return FileProvenance(filename)
    if response.status_code >= 400:
        return FileProvenance(filename, problem=f"HTTP {response.status_code}")
    try:
        bundles = response.json()["attestation_bundles"]
        count = sum(len(b["attestations"]) for b in bundles)
        publishers = tuple(dict.fromkeys(_publisher(b.get("publisher")) for b in bundles))
    except (ValueError, KeyError, TypeError, AttributeError):
        return FileProvenance(filename, problem="a malformed answer")
    return FileProvenance(filename, count, publishers)


def provenance_summary(
    upload_url: str, project: str, version: str, filenames: Sequence[str]
) -> str:
    """One line for the release report: which files the index shows provenance for."""
    found = [file_provenance(upload_url, project, version, name) for name in filenames]
    good = [f for f in found if f.attestations]
    line = f"provenance on the index for {len(good)} of {len(found)} files"
    publishers = sorted({p for f in good for p in f.publishers})
    if publishers:
        line += f" ({'; '.join(publishers)})"
    missing = [f"{f.filename}: {f.problem or 'none'}" for f in found if not f.attestations]
    if missing:
        line += "; missing for " + ", ".join(missing)
    return line
