"""Index behaviours pypiserver does not show: 5xx, a lagging simple API, PEP 691 JSON.

A small in-process HTTP server on 127.0.0.1 plays the index; twine and requests
talk to it over real HTTP.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from releaser.adapters.package_index import Credentials, PackageIndex
from releaser.errors import PackageIndexError


@dataclass
class FakeIndex:
    """What the fake index holds and how it answers."""

    url: str = ""
    files: dict[str, bytes] = field(default_factory=dict)  # listed on the simple page
    hidden: dict[str, bytes] = field(default_factory=dict)  # listed only after an upload try
    upload_status: tuple[int, str] = (200, "OK")
    style: str = "html"  # "html", "json", or "html-nohash"
    requests: list[tuple[str, str, str]] = field(default_factory=list)  # method, path, accept

    def page(self, project: str) -> tuple[str, str] | None:
        if project != "releaser-sample" or not self.files:
            return None
        if self.style == "json":
            entries = [
                {"filename": n, "url": f"/files/{n}", "hashes": {"sha256": _sha(b)}}
                for n, b in self.files.items()
            ]
            body = json.dumps({"meta": {"api-version": "1.1"}, "name": project, "files": entries})
            return "application/vnd.pypi.simple.v1+json", body
        links = "".join(
            f'<a href="../../files/{n}{self._fragment(b)}">{n}</a>\n' for n, b in self.files.items()
        )
        return "text/html", f"<!DOCTYPE html><html><body>{links}</body></html>"

    def _fragment(self, data: bytes) -> str:
        return "" if self.style == "html-nohash" else f"#sha256={_sha(data)}"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _handler(state: FakeIndex) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(
            self, status: int, body: bytes, ctype: str = "text/plain", reason: str = ""
        ) -> None:
            self.send_response(status, reason or None)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            state.requests.append(("GET", self.path, self.headers.get("Accept", "")))
            parts = self.path.strip("/").split("/")
            if parts[0] == "simple" and len(parts) == 2 and (page := state.page(parts[1])):
                self._send(200, page[1].encode(), page[0])
            elif parts[0] == "files" and parts[-1] in state.files:
                self._send(200, state.files[parts[-1]], "application/octet-stream")
            else:
                self._send(404, b"Not Found")

        def do_POST(self) -> None:
            state.requests.append(("POST", self.path, self.headers.get("Accept", "")))
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.files.update(state.hidden)  # the simple API catches up
            status, reason = state.upload_status
            self._send(status, reason.encode(), reason=reason)

    return Handler


@pytest.fixture
def fake_index() -> Iterator[FakeIndex]:
    state = FakeIndex()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _index(fake: FakeIndex) -> PackageIndex:
    return PackageIndex(fake.url, fake.url + "simple/", Credentials("ci", "pw-123456"), timeout=5)


def test_a_failing_index_is_reported_with_its_status(
    fake_index: FakeIndex, fresh_dists: list[Path]
) -> None:
    fake_index.upload_status = (503, "Service Unavailable")
    with pytest.raises(PackageIndexError) as caught:
        _index(fake_index).publish(fresh_dists, "releaser-sample")
    assert "HTTP 503" in caught.value.message
    assert fresh_dists[0].name in caught.value.message
    assert "run the same command again" in str(caught.value.hint).lower()


def test_a_rejected_upload_quotes_the_index(fake_index: FakeIndex, fresh_dists: list[Path]) -> None:
    fake_index.upload_status = (400, "Invalid classifier 'Nope'")
    with pytest.raises(PackageIndexError, match=r"HTTP 400: Invalid classifier 'Nope'\)"):
        _index(fake_index).publish(fresh_dists, "releaser-sample")


def test_an_identical_file_the_simple_api_did_not_show_yet_counts_as_skipped(
    fake_index: FakeIndex, fresh_dists: list[Path]
) -> None:
    fake_index.hidden = {p.name: p.read_bytes() for p in fresh_dists}
    fake_index.upload_status = (400, "File already exists")
    report = _index(fake_index).publish(fresh_dists, "releaser-sample")
    assert report.uploaded == ()
    assert report.skipped == tuple(fresh_dists)


def test_pep691_json_pages_are_read(fake_index: FakeIndex, fresh_dists: list[Path]) -> None:
    fake_index.style = "json"
    fake_index.files = {p.name: p.read_bytes() for p in fresh_dists}
    files = _index(fake_index).existing_files("Releaser.Sample")
    assert files == {p.name: _sha(p.read_bytes()) for p in fresh_dists}
    method, path, accept = fake_index.requests[0]
    assert (method, path) == ("GET", "/simple/releaser-sample/")
    assert accept.startswith("application/vnd.pypi.simple.v1+json")


def test_a_link_without_a_hash_is_downloaded_and_hashed(
    fake_index: FakeIndex, fresh_dists: list[Path]
) -> None:
    fake_index.style = "html-nohash"
    fake_index.files = {fresh_dists[0].name: b"other bytes"}
    with pytest.raises(PackageIndexError, match="already has a different"):
        _index(fake_index).publish(fresh_dists, "releaser-sample")
    assert ("GET", f"/files/{fresh_dists[0].name}") in [(m, p) for m, p, _ in fake_index.requests]
    assert not [r for r in fake_index.requests if r[0] == "POST"]
