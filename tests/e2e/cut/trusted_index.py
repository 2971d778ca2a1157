"""A package index with trusted publishing: OIDC endpoints in front of a real pypiserver.

PyPI serves `/_/oidc/audience` and `/_/oidc/mint-token` on the same origin as its
upload endpoint, so twine looks for them at the upload URL's origin. This front
is that origin: it answers the two OIDC endpoints with `OidcServer`'s logic and
forwards every other request (twine's upload POST, the simple pages, the files),
headers and body unchanged, to the real pypiserver behind it. It records each
upload's form fields, and serves PyPI's Integrity API (`/integrity/.../provenance`)
from the attestations that came with accepted uploads, as PyPI does.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.cut.conftest import Sample
from tests.support.oidc_server import OidcServer
from tests.support.test_ca import TestCA

AUDIENCE = "local-index"  # not PyPI's "pypi": the audience must come from the index
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"}
_OIDC_PATHS = ("/_/oidc/audience", "/_/oidc/mint-token")


@dataclass(frozen=True)
class Forwarded:
    """One request the front passed on to pypiserver, and pypiserver's answer."""

    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body_size: int
    status: int


@dataclass
class TrustedIndexFront(OidcServer):
    """The index's origin: OIDC answers here (`seen`), the rest to `upstream` (`forwarded`)."""

    upstream: str = ""  # http://127.0.0.1:PORT of the pypiserver
    forwarded: list[Forwarded] = field(default_factory=list)
    fields: list[dict[str, str]] = field(default_factory=list)  # each upload's form fields
    provenance: dict[str, Any] = field(default_factory=dict)  # file name -> provenance object
    fail_uploads: int = 0  # answer the next N uploads 503 without passing them on
    htpasswd: Path | None = None  # pypiserver's users: every minted token becomes one

    def answer(self, method: str, raw_path: str, headers: dict[str, str], body: bytes) -> Any:
        """OidcServer's answer; a minted token may then upload to pypiserver."""
        before = len(self.minted)
        status, data = super().answer(method, raw_path, headers, body)
        if self.htpasswd is not None and len(self.minted) > before:
            allow_upload_user(self.htpasswd, "__token__", self.minted[-1])
        return status, data

    def handler(self) -> type[BaseHTTPRequestHandler]:
        """Requests go to `_FrontHandler`, which forwards what is not OIDC."""
        return type("Handler", (_FrontHandler,), {"front": self})

    def forward(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """Send one request to pypiserver as it came; return its status, headers and body."""
        target = urlsplit(self.upstream)
        conn = http.client.HTTPConnection(target.hostname or "", target.port, timeout=30)
        try:
            # Host is kept: pypiserver builds absolute URLs (redirects) for the front.
            sent = {k: v for k, v in headers.items() if k not in _HOP_BY_HOP}
            if self.tls is not None:  # pypiserver makes its links for the front's scheme
                sent["x-forwarded-proto"] = "https"
            conn.request(method, raw_path, body=body or None, headers=sent)
            response = conn.getresponse()
            payload = response.read()
            answer = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP]
            status = response.status
        finally:
            conn.close()
        self.forwarded.append(Forwarded(method, raw_path, headers, len(body), status))
        return status, answer, payload

    def record_upload(self, content_type: str, body: bytes) -> dict[str, str]:
        """The form fields of one upload (the file's content as its file name)."""
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        found: dict[str, str] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True)
            assert isinstance(name, str)
            assert isinstance(payload, bytes)
            found[name] = filename or payload.decode()
        self.fields.append(found)
        return found

    def accepted(self, fields: dict[str, str]) -> None:
        """Keep the provenance of an accepted upload that came with attestations."""
        if "attestations" not in fields:
            return
        claims = json.loads(base64.urlsafe_b64decode(self.jwt.split(".")[1] + "=="))
        publisher = {
            "kind": "GitHub",
            "repository": claims["repository"],
            "workflow": "release.yml",
        }
        self.provenance[fields["content"]] = {
            "version": 1,
            "attestation_bundles": [
                {"publisher": publisher, "attestations": json.loads(fields["attestations"])}
            ],
        }

    def integrity(self, path: str) -> tuple[int, Any]:
        """GET /integrity/<project>/<version>/<filename>/provenance."""
        filename = path.split("/")[-2]
        if filename in self.provenance:
            return 200, self.provenance[filename]
        return 404, {"message": f"No provenance available for {filename}"}

    def uploads(self) -> list[Forwarded]:
        """The upload POSTs that reached pypiserver."""
        return [f for f in self.forwarded if f.method == "POST"]


class _FrontHandler(BaseHTTPRequestHandler):
    front: TrustedIndexFront
    protocol_version = "HTTP/1.1"

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        path = urlsplit(self.path).path
        fields = {}
        if self.command == "POST" and path not in _OIDC_PATHS:
            fields = self.front.record_upload(headers.get("content-type", ""), body)
        if (
            path in _OIDC_PATHS
            or path.startswith("/integrity/")
            or (fields and self.front.fail_uploads)
        ):
            if path in _OIDC_PATHS:
                status, data = self.front.answer(self.command, self.path, headers, body)
            elif path.startswith("/integrity/"):
                status, data = self.front.integrity(path)
            else:
                self.front.fail_uploads -= 1
                status, data = 503, {"message": "the index is down for a moment"}
            payload = json.dumps(data).encode()
            answer = [("Content-Type", "application/json")]
        else:
            status, answer, payload = self.front.forward(self.command, self.path, headers, body)
            if fields and status == 200:
                self.front.accepted(fields)
        self.send_response(status)
        for name, value in answer:
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_HEAD = _serve

    def log_message(self, format: str, *args: Any) -> None:
        pass


def allow_upload_user(htpasswd: Path, username: str, password: str) -> None:
    """Add a user to pypiserver's htpasswd; pypiserver reloads it when its mtime changes."""
    with warnings.catch_warnings():  # passlib imports the deprecated `crypt` module
        warnings.simplefilter("ignore", DeprecationWarning)
        from passlib.apache import HtpasswdFile  # type: ignore[import-untyped]

    before = htpasswd.stat().st_mtime_ns
    users = HtpasswdFile(str(htpasswd))
    users.set_password(username, password)
    users.save()
    if htpasswd.stat().st_mtime_ns == before:  # a coarse clock: make the change visible
        later = before + 1_000_000_000
        os.utime(htpasswd, ns=(later, later))


@pytest.fixture
def runtime(test_ca: TestCA) -> Iterator[OidcServer]:
    """The Actions runtime's OIDC endpoint of a job with `id-token: write`."""
    server = OidcServer(audience=AUDIENCE, tls=test_ca).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def front(sample: Sample, test_ca: TestCA) -> Iterator[TrustedIndexFront]:
    """The index's HTTPS origin; its pypiserver takes the minted tokens besides its own user."""
    htpasswd = sample.index.package_dir / ".htpasswd"
    upstream = sample.index.url.rstrip("/")
    server = TrustedIndexFront(
        audience=AUDIENCE, upstream=upstream, tls=test_ca, htpasswd=htpasswd
    ).start()
    try:
        yield server
    finally:
        server.stop()


SIGNER_SITE = Path(__file__).parents[2] / "support" / "signer_site"
CREDENTIALS = ("TWINE_USERNAME", "TWINE_PASSWORD", "TWINE_REPOSITORY_URL", "PYPI_TOKEN")


def trusted_env(sample: Sample, runtime: OidcServer, signer_log: Path) -> dict[str, str]:
    """A job with `id-token: write` and no token; Sigstore replaced by the local signer."""
    path = os.pathsep.join(p for p in (str(SIGNER_SITE), sample.env.get("PYTHONPATH", "")) if p)
    return sample.env_without(
        *CREDENTIALS, **runtime.env(), PYTHONPATH=path, RELEASER_TEST_SIGNER_LOG=str(signer_log)
    )
