"""A local, stateful GitHub REST server for tests, checked against GitHub's OpenAPI description.

It listens on 127.0.0.1 (port 0) in a thread. The REST API is under `/api/v3/...`; asset
uploads go to a second listener on its own port (`server.uploads_url`), as github.com has
api.github.com and uploads.github.com (`separate_uploads=False` gives the GitHub Enterprise
layout, `/api/uploads/...` on the API port). Point a client at `server.api_url`.

Where GitHub's behaviour matters to a release, it behaves like GitHub:
- drafts are listed but hidden from get-by-tag; several drafts may share a tag; a draft's
  `html_url` is `.../releases/tag/untagged-<hash>` until it is published;
- `make_latest` defaults to true only for a release published by that very request;
- every answer carries `X-RateLimit-*` headers; lists carry `Link` (next, last, first, prev);
- an upload without Content-Type is refused (400); an upload cut off mid-body leaves an asset
  in state `starter`, which blocks the name until it is deleted;
- get-asset with `Accept: application/octet-stream` redirects (302) to the asset's bytes at a
  signed storage URL, drafts' assets included.

What it keeps: repositories, releases, assets with their bytes (`server.uploads`), every
exchange (`server.log`, Authorization redacted) and every contract violation
(`server.violations`). Leaving the `with` block (or the fixture) fails the test when there is a
violation, unless the test said `server.expect_violations = True`.

Faults: `fail_next` (a GitHub error, optionally after the request landed), `stall_next` (the
request lands, the answer comes late), `rate_limit_next`, `hold_together` (requests wait for
each other, to race two clients), `cut_upload_next` (the connection drops mid-upload),
`tamper_next` (edit a response body, to prove the contract check can fail).

Issue comments (a pull request's comments) live in tests/support/github_issue_comments.py.

Also a pytest plugin: the fixtures `github_contract` (session) and `github_server`.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pytest

from tests.support.github_contract import GitHubContract
from tests.support.github_faults import FaultControls, _Fault
from tests.support.github_issue_comments import IssueComments
from tests.support.github_pulls import PullRequestError, PullRequests

API_PREFIX = "/api/v3"
UPLOADS_PREFIX = "/api/uploads"
# Where asset downloads are redirected, signed and without the token (github.com: another host;
# here a path of the API host, which PyGithub follows).
STORAGE_PREFIX = "/api/storage"
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
    response_headers: dict[str, str] = field(default_factory=dict)


@dataclass
class _Repo:
    owner: str
    name: str
    id: int
    releases: dict[int, JSON] = field(default_factory=dict)


class _ApiError(Exception):
    """An error answer inside the handler."""

    def __init__(
        self,
        status: int,
        message: str,
        errors: list[JSON] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.headers = headers or {}


class GitHubServer(FaultControls, PullRequests):
    """The server's state and controls; `start()`/`stop()` or use as a context manager."""

    def __init__(
        self,
        contract: GitHubContract,
        *,
        token: str = DEFAULT_TOKEN,
        repositories: tuple[str, ...] = ("octo-org/demo",),
        separate_uploads: bool = True,
    ) -> None:
        self.contract = contract
        self.token = token
        self.separate_uploads = separate_uploads
        self.log: list[Exchange] = []
        self.violations: list[str] = []
        self.expect_violations = False  # a test that provokes violations on purpose says so
        self.rate_limit = 5000
        self._used = 0
        self._stopping = threading.Event()
        self.uploads: dict[tuple[int, str], bytes] = {}
        self.latest_release_id: int | None = None
        self._ids = itertools.count(1000)
        self._repos = {
            name: _Repo(name.split("/")[0], name.split("/")[1], next(self._ids))
            for name in repositories
        }
        self._faults: list[_Fault] = []
        self.init_pulls()
        self.issue_comments = IssueComments()  # a pull request's comments (own module)
        self._lock = threading.RLock()
        self._httpd: ThreadingHTTPServer | None = None
        self._uploads_httpd: ThreadingHTTPServer | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> GitHubServer:
        """Listen on free ports of 127.0.0.1."""
        self._stopping.clear()
        self._httpd = self._listen(uploads=False)
        if self.separate_uploads:
            self._uploads_httpd = self._listen(uploads=True)
        return self

    def _listen(self, *, uploads: bool) -> ThreadingHTTPServer:
        handler = type("Handler", (_Handler,), {"server_state": self, "uploads_host": uploads})
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        # A short poll interval keeps stop() (and so every test's teardown) quick.
        thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        thread.start()
        return httpd

    def stop(self) -> None:
        """Stop listening; stalled answers are let go."""
        self._stopping.set()
        for httpd in (self._httpd, self._uploads_httpd):
            if httpd is not None:
                httpd.shutdown()
                httpd.server_close()
        self._httpd = self._uploads_httpd = None

    def __enter__(self) -> GitHubServer:
        return self.start()

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.stop()
        if exc_type is None:
            self.assert_no_violations()

    def assert_no_violations(self) -> None:
        """Fail unless every exchange kept to GitHub's contract (or the test expected not)."""
        if self.violations and not self.expect_violations:
            listed = "\n".join(self.violations)
            raise AssertionError(f"GitHub contract violations ({self.contract.source}):\n{listed}")

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT"""
        return _address(self._httpd)

    @property
    def uploads_url(self) -> str:
        """Where uploads go: the uploads listener, or /api/uploads on the API port."""
        if self.separate_uploads:
            return _address(self._uploads_httpd)
        return self.url + UPLOADS_PREFIX

    @property
    def api_url(self) -> str:
        """The REST base URL to give clients (GITHUB_API_URL)."""
        return self.url + API_PREFIX

    # -- state --------------------------------------------------------------------------------

    def releases(self, repository: str = "octo-org/demo") -> list[JSON]:
        """The releases of a repository, oldest first (copies)."""
        with self._lock:
            return [json.loads(json.dumps(r)) for r in self._repos[repository].releases.values()]

    def seed_release(
        self,
        tag: str,
        *,
        draft: bool = False,
        body: str = "",
        repository: str = "octo-org/demo",
    ) -> JSON:
        """Create a release directly in the state (no HTTP, not logged)."""
        with self._lock:
            data = {"tag_name": tag, "name": tag, "body": body, "draft": draft}
            # As GitHub can end up: a stray draft may sit next to the published release.
            return self.create_release(self._repos[repository], data, check=False)[1]  # type: ignore[no-any-return]

    def requests(self, method: str | None = None, pattern: str = "") -> list[Exchange]:
        """The logged exchanges matching `method` and a regex on the path."""
        return [
            e
            for e in self.log
            if (method is None or e.method == method.upper()) and re.search(pattern, e.path)
        ]

    # -- request handling (called from handler threads) ---------------------------------------

    def cut_off_upload(self, raw_path: str, headers: dict[str, str], received: bytes) -> None:
        """An upload whose body stopped short: GitHub keeps an asset in state `starter`."""
        split = urlsplit(raw_path)
        path = split.path.removeprefix(UPLOADS_PREFIX)
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        match = re.fullmatch(r"/repos/([^/]+)/([^/]+)/releases/(\d+)/assets", path)
        with self._lock:
            repo = self._repos.get(f"{unquote(match[1])}/{unquote(match[2])}") if match else None
            if match is None or repo is None or int(match[3]) not in repo.releases:
                return
            with contextlib.suppress(_ApiError):
                asset = self._upload(repo, int(match[3]), query, headers, received)[1]
                asset["state"], asset["size"], asset["digest"] = "starter", 0, None
                self.uploads.pop((int(match[3]), asset["name"]), None)

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
        payload = b"" if status in (204, 302) else json.dumps(data).encode()
        extra = {**self._rate_headers(), **extra}
        media = {"Content-Type": "application/json; charset=utf-8"} if payload else {}
        answered = {**media, **extra}
        problems = self.contract.check(
            method=method,
            path=path,
            query=query,
            content_type=headers.get("content-type"),
            body=body,
            status=status,
            response_body=payload,
            upload=upload,
            headers=headers,
            response_headers=answered,
        )
        redacted = {k: ("<redacted>" if k == "authorization" else v) for k, v in headers.items()}
        with self._lock:
            self.log.append(Exchange(method, path, query, redacted, body, status, data, answered))
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
            if fault is not None and fault.barrier is not None:
                fault.barrier.wait()
                fault = None
            if fault is not None and not (fault.landed or fault.stall is not None):
                raise _ApiError(
                    fault.status,
                    fault.message or HTTPStatus(fault.status).phrase,
                    headers=fault.headers,
                )
            with self._lock:
                status, data, extra = self._route(method, path, query, headers, body, upload)
            if fault is not None and fault.stall is not None:
                self._stopping.wait(fault.stall)
            elif fault is not None:  # landed, and yet the client hears of a failure
                raise _ApiError(fault.status, HTTPStatus(fault.status).phrase)
        except _ApiError as exc:
            return exc.status, _error_body(exc), exc.headers
        tamper = self._take_fault(method, path, tamper=True)
        if tamper is not None and tamper.tamper is not None:
            data = tamper.tamper(json.loads(json.dumps(data)))
        return status, data, extra

    def _rate_headers(self) -> dict[str, str]:
        with self._lock:
            self._used += 1
            used = self._used
        return {
            "X-RateLimit-Limit": str(self.rate_limit),
            "X-RateLimit-Remaining": str(max(self.rate_limit - used, 0)),
            "X-RateLimit-Reset": str(int(time.time()) + 3600),
            "X-RateLimit-Used": str(used),
            "X-RateLimit-Resource": "core",
        }

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
        if rest.startswith("/issues/"):  # a pull request's comments: their own module
            return self.issue_comments.route(self, repo, method, rest, query, body)
        return _routes.dispatch(self, repo, method, rest, query, body, headers)

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
        base = f"{self.api_url}/repos/{repo.owner}/{repo.name}/releases"
        return _page(items, query, base)

    def create_release(self, repo: _Repo, data: JSON, *, check: bool = True) -> Reply:
        tag = data.get("tag_name")
        if not isinstance(tag, str) or not tag:
            raise _ApiError(422, "Validation Failed", [_invalid("tag_name", "missing_field")])
        if check:
            self._check_tag_free(repo, tag, draft=bool(data.get("draft", False)), own_id=None)
        release_id = next(self._ids)
        now = _now()
        base = f"{self.api_url}/repos/{repo.owner}/{repo.name}"
        release: JSON = {
            "url": f"{base}/releases/{release_id}",
            "html_url": "",
            "assets_url": f"{base}/releases/{release_id}/assets",
            "upload_url": f"{self.uploads_url}/repos/{repo.owner}/{repo.name}"
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
        _set_html_url(repo, release)
        repo.releases[release_id] = release
        self._note_latest(release, data.get("make_latest"), newly_published=not release["draft"])
        return 201, release, {"Location": release["url"]}

    def update_release(self, repo: _Repo, release_id: int, data: JSON) -> Reply:
        release = self._release(repo, release_id)
        tag = str(data.get("tag_name") or release["tag_name"])
        draft = bool(data.get("draft", release["draft"]))
        self._check_tag_free(repo, tag, draft=draft, own_id=release_id)
        for key in ("tag_name", "target_commitish", "name", "body", "prerelease"):
            if key in data:
                release[key] = data[key]
        newly_published = release["draft"] and not draft
        if newly_published:
            release["published_at"] = _now()
        release["draft"] = draft
        release["updated_at"] = _now()
        _set_html_url(repo, release)
        self._note_latest(release, data.get("make_latest"), newly_published=newly_published)
        return 200, release, {}

    def delete_release(self, repo: _Repo, release_id: int) -> Reply:
        release = self._release(repo, release_id)
        del repo.releases[release_id]
        for asset in release["assets"]:
            self.uploads.pop((release_id, asset["name"]), None)
        if self.latest_release_id == release_id:
            self.latest_release_id = None
        return 204, None, {}

    def delete_asset(self, repo: _Repo, asset_id: int) -> Reply:
        for release in repo.releases.values():
            for asset in release["assets"]:
                if asset["id"] == asset_id:
                    release["assets"].remove(asset)
                    self.uploads.pop((release["id"], asset["name"]), None)
                    return 204, None, {}
        raise _ApiError(404, "Not Found")

    def get_asset(self, repo: _Repo, asset_id: int, accept: str) -> Reply:
        """The asset; asking for application/octet-stream redirects to its bytes (as GitHub)."""
        for release in repo.releases.values():
            for asset in release["assets"]:
                if asset["id"] == asset_id and asset["state"] == "uploaded":
                    if "application/octet-stream" not in accept:
                        return 200, asset, {}
                    signature = hashlib.sha256(f"{self.token}:{asset_id}".encode()).hexdigest()
                    where = f"{self.url}{STORAGE_PREFIX}/{release['id']}/{quote(asset['name'])}"
                    return 302, None, {"Location": f"{where}?sig={signature[:32]}"}
        raise _ApiError(404, "Not Found")

    def stored(self, raw_path: str) -> tuple[int, bytes]:
        """An asset's bytes at the signed storage URL get-asset redirects to (no token)."""
        split = urlsplit(raw_path)
        match = re.fullmatch(re.escape(STORAGE_PREFIX) + r"/(\d+)/([^/]+)", split.path)
        with self._lock:
            body = self.uploads.get((int(match[1]), unquote(match[2]))) if match else None
            status = 404 if body is None else 200
            self.log.append(Exchange("GET", split.path, {}, {}, b"", status, None))
        return (404, b"Not Found") if body is None else (200, body)

    def list_assets(self, repo: _Repo, release_id: int, query: dict[str, str]) -> Reply:
        base = f"{self.api_url}/repos/{repo.owner}/{repo.name}/releases/{release_id}/assets"
        return _page(self._release(repo, release_id)["assets"], query, base)

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
        media_type = headers.get("content-type", "")
        if not media_type:
            raise _ApiError(400, f"Invalid Content-Type: {media_type!r}")
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
            "content_type": media_type,
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

    def _note_latest(self, release: JSON, make_latest: object, *, newly_published: bool) -> None:
        # GitHub: make_latest defaults to true only for a release being published now.
        wanted = make_latest == "true" or (make_latest is None and newly_published)
        if not release["draft"] and not release["prerelease"] and wanted:
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
        headers: dict[str, str],
    ) -> Reply:
        if rest == "" and method == "GET":
            return server.get_repo(repo)
        if rest == "/pulls" or rest.startswith("/pulls/"):
            return _pull_route(server, repo, method, rest, query, body)
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
            return self._one_release(server, repo, method, int(found[1]), body)
        if found := re.fullmatch(r"/releases/assets/(\d+)", rest):
            return self._one_asset(server, repo, method, int(found[1]), headers)
        if method == "GET" and (found := re.fullmatch(r"/releases/(\d+)/assets", rest)):
            return server.list_assets(repo, int(found[1]), query)
        raise _ApiError(404, "Not Found")

    def _one_asset(
        self, server: GitHubServer, repo: _Repo, method: str, asset_id: int, headers: dict[str, str]
    ) -> Reply:
        if method == "GET":
            return server.get_asset(repo, asset_id, headers.get("accept", ""))
        if method == "DELETE":
            return server.delete_asset(repo, asset_id)
        raise _ApiError(404, "Not Found")

    def _one_release(
        self, server: GitHubServer, repo: _Repo, method: str, release_id: int, body: bytes
    ) -> Reply:
        if method == "GET":
            return 200, server._release(repo, release_id), {}
        if method == "PATCH":
            return server.update_release(repo, release_id, _json_body(body))
        if method == "DELETE":
            return server.delete_release(repo, release_id)
        raise _ApiError(404, "Not Found")


_routes = _Routes()


def _pull_route(
    server: GitHubServer, repo: _Repo, method: str, rest: str, query: dict[str, str], body: bytes
) -> Reply:
    """Pull requests live in github_pulls.py; their errors become GitHub's error answers."""
    try:
        return server.pull_route(f"{repo.owner}/{repo.name}", method, rest, query, body)
    except PullRequestError as exc:
        raise _ApiError(exc.status, exc.message, exc.errors) from None


class _Handler(BaseHTTPRequestHandler):
    server_state: GitHubServer
    uploads_host: bool  # this listener is the uploads host (uploads.github.com)
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # header and body go in separate writes: avoid 40 ms stalls

    def _serve(self) -> None:
        state = self.server_state
        headers = {k.lower(): v for k, v in self.headers.items()}
        raw_path = self.path
        if self.uploads_host:
            raw_path = UPLOADS_PREFIX + raw_path
        elif state.separate_uploads and raw_path.startswith(UPLOADS_PREFIX + "/"):
            raw_path = "/not-here" + raw_path  # uploads have their own host
        name = dict(parse_qsl(urlsplit(raw_path).query)).get("name", "")
        if raw_path.startswith(UPLOADS_PREFIX) and self.command == "POST" and state.take_cut(name):
            wanted = int(headers.get("content-length", 0) or 0)
            state.cut_off_upload(raw_path, headers, self.rfile.read(wanted // 2))
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        body = self._read_body(headers)
        if raw_path.startswith(STORAGE_PREFIX + "/") and self.command == "GET":
            code, data = state.stored(raw_path)
            self.send_response(code)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        status, payload, extra = state.handle(self.command, raw_path, headers, body)
        self.send_response(status)
        if payload:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for key, value in extra.items():
            self.send_header(key, value)
        with contextlib.suppress(OSError):  # the client gave up waiting (a stalled answer)
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


def _address(httpd: ThreadingHTTPServer | None) -> str:
    assert httpd is not None, "server not started"
    host, port = httpd.server_address[:2]
    return f"http://{host!s}:{port}"


def _set_html_url(repo: _Repo, release: JSON) -> None:
    """A published release lives at its tag; a draft at `untagged-<hash>` (as on GitHub)."""
    web = f"https://github.com/{repo.owner}/{repo.name}/releases/tag/"
    if release["draft"]:
        digest = hashlib.sha1(str(release["id"]).encode(), usedforsecurity=False).hexdigest()
        release["html_url"] = web + "untagged-" + digest[:20]
    else:
        release["html_url"] = web + quote(release["tag_name"])


def _page(items: list[JSON], query: dict[str, str], base: str) -> Reply:
    """One page of a list, with GitHub's `Link` header (next, last, first, prev)."""
    per_page = min(int(query.get("per_page", 30)), 100)
    page = int(query.get("page", 1))
    last = max(1, -(-len(items) // per_page))
    links = []
    if page < last:
        links += [(page + 1, "next"), (last, "last")]
    if page > 1:
        links += [(1, "first"), (page - 1, "prev")]
    parts = [f'<{base}?per_page={per_page}&page={n}>; rel="{rel}"' for n, rel in links]
    extra = {"Link": ", ".join(parts)} if parts else {}
    return 200, items[(page - 1) * per_page : page * per_page], extra


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
    """A running local GitHub server with one repository, octo-org/demo.

    Teardown fails the test on any contract violation (see `expect_violations`).
    """
    with GitHubServer(github_contract) as server:
        yield server
