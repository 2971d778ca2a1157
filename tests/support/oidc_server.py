"""A local stand-in for the two sides of trusted publishing, on 127.0.0.1.

- the GitHub Actions runtime's OIDC endpoint (`/actions-oidc?api-version=2.0&audience=...`,
  bearer request token) that answers `{"value": <JWT>}`;
- a package index's `/_/oidc/audience` and `/_/oidc/mint-token` (PyPI's Warehouse API),
  which accepts a JWT only when its `repository` claim is a configured trusted publisher.

Both listen over HTTPS with a certificate of a test CA (`tests.support.test_ca`), as
twine asks the index's domain over HTTPS only. The JWT is unsigned (`alg: none`):
releaser never verifies it, the index does.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.test_ca import TestCA, make_test_ca

_Server = TypeVar("_Server", bound="OidcServer")
REQUEST_TOKEN = "actions-request-token-for-tests"  # the runner's bearer token (a fake)
MINTED_TOKEN = "pypi-minted-upload-token-for-tests"


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def make_jwt(claims: dict[str, Any]) -> str:
    """An unsigned JWT carrying `claims`."""
    return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}.sig"


@dataclass
class OidcServer:
    """State and controls of the fake runtime + index; `seen` logs (method, path, headers, body)."""

    repository: str = "octo-org/demo"  # the repository the job runs in (the JWT's claim)
    publishers: set[str] = field(default_factory=lambda: {"octo-org/demo"})
    audience: str | None = "pypi"  # None: the index has no trusted publishing (404)
    runtime_status: int = 200
    lifetime: int = 900  # seconds a minted token is valid
    minted: list[str] = field(default_factory=list)
    seen: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    tls: TestCA | None = None  # None: plain http
    _httpd: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """https://127.0.0.1:PORT (the index's base URL; http without `tls`)."""
        assert self._httpd is not None
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def jwt(self) -> str:
        """The OIDC token the runtime hands out for the index's audience."""
        return self.jwt_for(self.audience)

    def jwt_for(self, audience: str | None) -> str:
        """The OIDC token the runtime hands out for `audience`."""
        return make_jwt(
            {
                "aud": audience,
                "repository": self.repository,
                "workflow_ref": f"{self.repository}/.github/workflows/release.yml@refs/heads/main",
                "ref": "refs/heads/main",
            }
        )

    def env(self, **extra: str) -> dict[str, str]:
        """The variables a runner sets for a job with `id-token: write` (and the test CA's)."""
        return {
            **(self.tls.client_env() if self.tls else {}),
            "GITHUB_ACTIONS": "true",
            "ACTIONS_ID_TOKEN_REQUEST_URL": f"{self.url}/actions-oidc?api-version=2.0",
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN": REQUEST_TOKEN,
            **extra,
        }

    def answer(self, method: str, raw_path: str, headers: dict[str, str], body: bytes) -> Any:
        """(status, JSON) for one request."""
        self.seen.append((method, raw_path, headers, body))
        parts = urlsplit(raw_path)
        if method == "GET" and parts.path == "/actions-oidc":
            if headers.get("authorization") != f"bearer {REQUEST_TOKEN}":
                return 401, {"message": "bad request token"}
            if self.runtime_status != 200:
                return self.runtime_status, {"message": "refused"}
            audience = parse_qs(parts.query).get("audience", [""])[0]
            if audience not in (self.audience, "sigstore"):
                return 400, {"message": f"unexpected audience {audience!r}"}
            return 200, {"count": 1, "value": self.jwt_for(audience)}
        if method == "GET" and parts.path == "/_/oidc/audience":
            if self.audience is None:
                return 404, {"message": "not found"}
            return 200, {"audience": self.audience}
        if method == "POST" and parts.path == "/_/oidc/mint-token":
            token = json.loads(body or b"{}").get("token")
            if token != self.jwt:
                return 422, {"message": "Token request failed", "errors": [
                    {"code": "invalid-payload", "description": "malformed token"}]}  # fmt: skip
            if self.repository not in self.publishers:
                return 422, {
                    "message": "Token request failed",
                    "errors": [
                        {
                            "code": "invalid-publisher",
                            "description": "valid token, but no corresponding publisher "
                            "(Publisher with matching claims was not found)",
                        }
                    ],
                }
            token = MINTED_TOKEN if not self.minted else f"{MINTED_TOKEN}-{len(self.minted)}"
            self.minted.append(token)
            expires = int(time.time()) + self.lifetime  # PyPI: a Unix time
            return 200, {"success": True, "token": token, "expires": expires}
        return 404, {"message": "no route"}

    def handler(self) -> type[BaseHTTPRequestHandler]:
        """The request handler class bound to this server's state."""
        return type("Handler", (_Handler,), {"state": self})

    def start(self: _Server) -> _Server:
        """Listen on a free port of 127.0.0.1 in a thread."""
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self._httpd.daemon_threads = True
        if self.tls is not None:
            context = self.tls.server_context()
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
        threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None


class _Handler(BaseHTTPRequestHandler):
    state: OidcServer

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, data = self.state.answer(self.command, self.path, headers, body)
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _serve

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory: pytest.TempPathFactory) -> TestCA:
    """A certificate authority the HTTPS test servers' certificates come from."""
    return make_test_ca(tmp_path_factory.mktemp("test-ca"))


@pytest.fixture
def oidc_server(test_ca: TestCA) -> Iterator[OidcServer]:
    """A running fake Actions OIDC runtime and index mint endpoint, over HTTPS."""
    server = OidcServer(tls=test_ca).start()
    try:
        yield server
    finally:
        server.stop()
