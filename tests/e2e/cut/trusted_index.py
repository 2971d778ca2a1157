"""A package index with trusted publishing: OIDC endpoints in front of a real pypiserver.

PyPI serves `/_/oidc/audience` and `/_/oidc/mint-token` on the same origin as its
upload endpoint, so releaser looks for them at the upload URL's origin. This front
is that origin: it answers the two OIDC endpoints with `OidcServer`'s logic and
forwards every other request (twine's upload POST, the simple pages, the files),
headers and body unchanged, to the real pypiserver behind it.
"""

from __future__ import annotations

import http.client
import json
import os
import warnings
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.support.oidc_server import OidcServer

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
        if urlsplit(self.path).path in _OIDC_PATHS:
            status, data = self.front.answer(self.command, self.path, headers, body)
            payload = json.dumps(data).encode()
            answer = [("Content-Type", "application/json")]
        else:
            status, answer, payload = self.front.forward(self.command, self.path, headers, body)
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
