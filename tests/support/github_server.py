"""A local, stateful GitHub REST server for tests, checked against GitHub's OpenAPI description.

It listens on 127.0.0.1 (port 0) in a thread and uses the GitHub Enterprise Server layout:
`/api/v3/...` for the REST API and `/api/uploads/...` for asset uploads, so the `upload_url`
it returns is one PyGithub follows. Point a client at `server.api_url`.

What it keeps: repositories, releases (drafts are listed but hidden from get-by-tag, as on
GitHub), assets with their bytes (`server.uploads`), every exchange (`server.log`, with the
Authorization header redacted) and every contract violation (`server.violations`).
Faults: `fail_next(...)` answers with a GitHub-shaped error; `tamper_next(...)` edits a response
body (to prove the contract check can fail).

Also a pytest plugin: the fixtures `github_contract` (session) and `github_server`.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pytest

from tests.support.github_contract import GitHubContract

API_PREFIX = "/api/v3"
UPLOADS_PREFIX = "/api/uploads"
DOCS_URL = "https://docs.github.com/rest"
DEFAULT_TOKEN = "ghs_localtesttoken"

JSON = dict[str, Any]
Reply = tuple[int, Any, dict[str, str]]


@dataclass
class Exchange:
    """One request and the answer it got."""

    method: str
    path: str  # as GitHub sees it, without /api/v3 or /api/uploads
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    status: int
    response: Any


@dataclass
class _Fault:
    method: str
    pattern: re.Pattern[str]
    times: int
    status: int = 500
    message: str | None = None
    tamper: Callable[[Any], Any] | None = None


@dataclass
class _Repo:
    owner: str
    name: str
    id: int
    releases: dict[int, JSON] = field(default_factory=dict)


class _ApiError(Exception):
    """An error answer inside the handler."""

    def __init__(self, status: int, message: str, errors: list[JSON] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors


class GitHubServer:
    """The server's state and controls; `start()`/`stop()` or use as a context manager."""

    def __init__(
        self,
        contract: GitHubContract,
        *,
        token: str = DEFAULT_TOKEN,
        repositories: tuple[str, ...] = ("octo-org/demo",),
    ) -> None:
        self.contract = contract
        self.token = token
        self.log: list[Exchange] = []
        self.violations: list[str] = []
        self.uploads: dict[tuple[int, str], bytes] = {}
        self.latest_release_id: int | None = None
        self._ids = itertools.count(1000)
        self._repos = {
            name: _Repo(name.split("/")[0], name.split("/")[1], next(self._ids))
            for name in repositories
        }
        self._faults: list[_Fault] = []
        self._lock = threading.RLock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> GitHubServer:
        """Listen on a free port of 127.0.0.1."""
        handler = type("Handler", (_Handler,), {"server_state": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        # A short poll interval keeps stop() (and so every test's teardown) quick.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and wait for the server thread."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> GitHubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT"""
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        """The REST base URL to give clients (GITHUB_API_URL)."""
        return self.url + API_PREFIX

    # -- controls -----------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        path_pattern: str,
        status: int,
        times: int = 1,
        message: str | None = None,
    ) -> None:
        """Answer the next `times` matching requests with `status` and a GitHub error body.

        `path_pattern` is a regex searched in GitHub's path (e.g. r"/releases$").
        """
        with self._lock:
            self._faults.append(
                _Fault(method.upper(), re.compile(path_pattern), times, status, message)
            )

    def tamper_next(
        self, method: str, path_pattern: str, edit: Callable[[Any], Any], times: int = 1
    ) -> None:
        """Pass the next matching successful response body through `edit` before sending it."""
        with self._lock:
            self._faults.append(
                _Fault(method.upper(), re.compile(path_pattern), times, tamper=edit)
            )

    def releases(self, repository: str = "octo-org/demo") -> list[JSON]:
        """The releases of a repository, oldest first (copies)."""
        with self._lock:
            return [json.loads(json.dumps(r)) for r in self._repos[repository].releases.values()]

    def seed_release(
        self, tag: str, *, draft: bool = False, repository: str = "octo-org/demo"
    ) -> JSON:
        """Create a release directly in the state (no HTTP, not logged)."""
        with self._lock:
            data = {"tag_name": tag, "name": tag, "body": "", "draft": draft}
            return self.create_release(self._repos[repository], data)[1]  # type: ignore[no-any-return]

    def requests(self, method: str | None = None, pattern: str = "") -> list[Exchange]:
        """The logged exchanges matching `method` and a regex on the path."""
        return [
            e
            for e in self.log
            if (method is None or e.method == method.upper()) and re.search(pattern, e.path)
        ]

    # -- request handling (called from handler threads) ---------------------------------------

    def _take_fault(self, method: str, path: str, tamper: bool) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                wanted = fault.tamper is not None
                if wanted == tamper and fault.method == method and fault.pattern.search(path):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def handle(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, bytes, dict[str, str]]:
        """Answer one request, log it and check it against the contract."""
        split = urlsplit(raw_path)
        upload = split.path.startswith(UPLOADS_PREFIX + "/")
        prefix = UPLOADS_PREFIX if upload else API_PREFIX
        path = split.path[len(prefix) :] if split.path.startswith(prefix + "/") else split.path
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        status, data, extra = self._answer(method, path, query, headers, body, upload)
        payload = json.dumps(data).encode()
        problems = self.contract.check(
            method=method,
            path=path,
            query=query,
            content_type=headers.get("content-type"),
            body=body,
            status=status,
            response_body=payload,
            upload=upload,
        )
        redacted = {k: ("<redacted>" if k == "authorization" else v) for k, v in headers.items()}
        with self._lock:
            self.log.append(Exchange(method, path, query, redacted, body, status, data))
            self.violations.extend(problems)
        return status, payload, extra

    def _answer(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        headers: dict[str, str],
        body: bytes,
        upload: bool,
    ) -> Reply:
        try:
            self._authenticate(headers)
            fault = self._take_fault(method, path, tamper=False)
            if fault is not None:
                raise _ApiError(fault.status, fault.message or HTTPStatus(fault.status).phrase)
            with self._lock:
                status, data, extra = self._route(method, path, query, headers, body, upload)
        except _ApiError as exc:
            return exc.status, _error_body(exc), {}
        tamper = self._take_fault(method, path, tamper=True)
        if tamper is not None and tamper.tamper is not None:
            data = tamper.tamper(json.loads(json.dumps(data)))
        return status, data, extra

    def _authenticate(self, headers: dict[str, str]) -> None:
        scheme, _, given = headers.get("authorization", "").partition(" ")
        if scheme.lower() not in {"token", "bearer"} or given != self.token:
            raise _ApiError(401, "Bad credentials")

    def _route(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        headers: dict[str, str],
        body: bytes,
        upload: bool,
    ) -> Reply:
        match = re.fullmatch(r"/repos/([^/]+)/([^/]+)(/.*)?", path)
        if match is None:
            raise _ApiError(404, "Not Found")
        repo = self._repos.get(f"{unquote(match[1])}/{unquote(match[2])}")
        if repo is None:
            raise _ApiError(404, "Not Found")
        rest = match[3] or ""
        if upload:
            found = re.fullmatch(r"/releases/(\d+)/assets", rest)
            if method == "POST" and found:
                return self._upload(repo, int(found[1]), query, headers, body)
            raise _ApiError(404, "Not Found")
        return _routes.dispatch(self, repo, method, rest, query, body)

    # -- operations ---------------------------------------------------------------------------

    def get_repo(self, repo: _Repo) -> Reply:
        html = f"https://github.com/{repo.owner}/{repo.name}"
        partial = {
            "id": repo.id,
            "name": repo.name,
            "full_name": f"{repo.owner}/{repo.name}",
            "private": False,
            "html_url": html,
            "url": f"{self.api_url}/repos/{repo.owner}/{repo.name}",
            "default_branch": "main",
            "permissions": {
                "admin": False,
                "maintain": False,
                "push": True,
                "triage": True,
                "pull": True,
            },
        }
        return 200, self.contract.fill_required("full-repository", partial), {}

    def list_releases(self, repo: _Repo, query: dict[str, str]) -> Reply:
        # Newest first, drafts included: the token has push access.
        items = sorted(repo.releases.values(), key=lambda r: r["id"], reverse=True)
        per_page = min(int(query.get("per_page", 30)), 100)
        page = int(query.get("page", 1))
        chunk = items[(page - 1) * per_page : page * per_page]
        extra = {}
        if page * per_page < len(items):
            base = f"{self.api_url}/repos/{repo.owner}/{repo.name}/releases"
            extra["Link"] = f'<{base}?per_page={per_page}&page={page + 1}>; rel="next"'
        return 200, chunk, extra

    def create_release(self, repo: _Repo, data: JSON) -> Reply:
        tag = data.get("tag_name")
        if not isinstance(tag, str) or not tag:
            raise _ApiError(422, "Validation Failed", [_invalid("tag_name", "missing_field")])
        self._check_tag_free(repo, tag, draft=bool(data.get("draft", False)), own_id=None)
        release_id = next(self._ids)
        now = _now()
        base = f"{self.api_url}/repos/{repo.owner}/{repo.name}"
        release: JSON = {
            "url": f"{base}/releases/{release_id}",
            "html_url": f"https://github.com/{repo.owner}/{repo.name}/releases/tag/{quote(tag)}",
            "assets_url": f"{base}/releases/{release_id}/assets",
            "upload_url": f"{self.url}{UPLOADS_PREFIX}/repos/{repo.owner}/{repo.name}"
            f"/releases/{release_id}/assets{{?name,label}}",
            "tarball_url": f"{base}/tarball/{quote(tag)}",
            "zipball_url": f"{base}/zipball/{quote(tag)}",
            "id": release_id,
            "node_id": f"RE_{release_id}",
            "tag_name": tag,
            "target_commitish": data.get("target_commitish") or "main",
            "name": data.get("name"),
            "body": data.get("body"),
            "draft": bool(data.get("draft", False)),
            "prerelease": bool(data.get("prerelease", False)),
            "created_at": now,
            "updated_at": now,
            "published_at": None if data.get("draft") else now,
            "author": self._user(),
            "assets": [],
        }
        repo.releases[release_id] = release
        self._note_latest(release, data.get("make_latest", "true"))
        return 201, release, {"Location": release["url"]}

    def update_release(self, repo: _Repo, release_id: int, data: JSON) -> Reply:
        release = self._release(repo, release_id)
        tag = str(data.get("tag_name") or release["tag_name"])
        draft = bool(data.get("draft", release["draft"]))
        self._check_tag_free(repo, tag, draft=draft, own_id=release_id)
        for key in ("tag_name", "target_commitish", "name", "body", "prerelease"):
            if key in data:
                release[key] = data[key]
        if release["draft"] and not draft:
            release["published_at"] = _now()
        release["draft"] = draft
        release["updated_at"] = _now()
        self._note_latest(release, data.get("make_latest", "true"))
        return 200, release, {}

    def _upload(
        self,
        repo: _Repo,
        release_id: int,
        query: dict[str, str],
        headers: dict[str, str],
        body: bytes,
    ) -> Reply:
        release = self._release(repo, release_id)
        name = query.get("name", "")
        if not name:
            raise _ApiError(422, "Validation Failed", [_invalid("name", "missing_field")])
        if any(a["name"] == name for a in release["assets"]):
            raise _ApiError(422, "Validation Failed", [_invalid("name", "already_exists")])
        asset_id = next(self._ids)
        now = _now()
        asset = {
            "url": f"{self.api_url}/repos/{repo.owner}/{repo.name}/releases/assets/{asset_id}",
            "browser_download_url": f"https://github.com/{repo.owner}/{repo.name}/releases/"
            f"download/{quote(release['tag_name'])}/{quote(name)}",
            "id": asset_id,
            "node_id": f"RA_{asset_id}",
            "name": name,
            "label": query.get("label") or None,
            "state": "uploaded",
            "content_type": headers.get("content-type", "application/octet-stream"),
            "size": len(body),
            "digest": "sha256:" + hashlib.sha256(body).hexdigest(),
            "download_count": 0,
            "created_at": now,
            "updated_at": now,
            "uploader": self._user(),
        }
        release["assets"].append(asset)
        self.uploads[(release_id, name)] = body
        return 201, asset, {}

    def _user(self) -> JSON:
        partial = {"login": "releaser-bot", "id": 7, "type": "Bot", "gravatar_id": ""}
        return self.contract.fill_required("simple-user", partial)

    def _release(self, repo: _Repo, release_id: int) -> JSON:
        if release_id not in repo.releases:
            raise _ApiError(404, "Not Found")
        return repo.releases[release_id]

    def _check_tag_free(self, repo: _Repo, tag: str, *, draft: bool, own_id: int | None) -> None:
        # One published release per tag. Drafts never block (GitHub keeps several drafts for a
        # tag), but a tag with a published release takes no new release, not even a draft.
        taken = any(
            r["tag_name"] == tag and not r["draft"] and r["id"] != own_id
            for r in repo.releases.values()
        )
        if taken and (own_id is None or not draft):
            raise _ApiError(422, "Validation Failed", [_invalid("tag_name", "already_exists")])

    def _note_latest(self, release: JSON, make_latest: object) -> None:
        if not release["draft"] and not release["prerelease"] and make_latest != "false":
            self.latest_release_id = release["id"]


class _Routes:
    """The REST (non-upload) routes below /repos/{owner}/{repo}."""

    def dispatch(
        self,
        server: GitHubServer,
        repo: _Repo,
        method: str,
        rest: str,
        query: dict[str, str],
        body: bytes,
    ) -> Reply:
        if rest == "" and method == "GET":
            return server.get_repo(repo)
        if rest == "/releases":
            if method == "GET":
                return server.list_releases(repo, query)
            if method == "POST":
                return server.create_release(repo, _json_body(body))
        if method == "GET" and (found := re.fullmatch(r"/releases/tags/(.+)", rest)):
            tag = unquote(found[1])
            for release in repo.releases.values():
                if release["tag_name"] == tag and not release["draft"]:
                    return 200, release, {}
            raise _ApiError(404, "Not Found")
        if found := re.fullmatch(r"/releases/(\d+)", rest):
            if method == "GET":
                return 200, server._release(repo, int(found[1])), {}
            if method == "PATCH":
                return server.update_release(repo, int(found[1]), _json_body(body))
        if method == "GET" and (found := re.fullmatch(r"/releases/(\d+)/assets", rest)):
            return 200, server._release(repo, int(found[1]))["assets"], {}
        raise _ApiError(404, "Not Found")


_routes = _Routes()


class _Handler(BaseHTTPRequestHandler):
    server_state: GitHubServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # header and body go in separate writes: avoid 40 ms stalls

    def _serve(self) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        body = self._read_body(headers)
        status, payload, extra = self.server_state.handle(self.command, self.path, headers, body)
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(payload)

    def _read_body(self, headers: dict[str, str]) -> bytes:
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            self.rfile.readline()
            return b"".join(chunks)
        return self.rfile.read(int(headers.get("content-length", 0) or 0))

    do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _serve

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet; `server.log` has everything."""


def _json_body(body: bytes) -> JSON:
    try:
        data = json.loads(body or b"{}")
    except ValueError as exc:
        raise _ApiError(400, "Problems parsing JSON") from exc
    if not isinstance(data, dict):
        raise _ApiError(400, "Problems parsing JSON")
    return data


def _error_body(exc: _ApiError) -> JSON:
    body: JSON = {"message": exc.message, "documentation_url": DOCS_URL, "status": str(exc.status)}
    if exc.errors is not None:
        body["errors"] = exc.errors
    return body


def _invalid(field_name: str, code: str) -> JSON:
    resource = "ReleaseAsset" if field_name == "name" else "Release"
    return {"resource": resource, "code": code, "field": field_name}


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- pytest plugin ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def github_contract() -> GitHubContract:
    """GitHub's OpenAPI contract, loaded once per test session."""
    return GitHubContract()


@pytest.fixture
def github_server(github_contract: GitHubContract) -> Iterator[GitHubServer]:
    """A running local GitHub server with one repository, octo-org/demo."""
    with GitHubServer(github_contract) as server:
        yield server
