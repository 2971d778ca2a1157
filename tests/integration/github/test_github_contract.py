"""The OpenAPI contract itself: it catches broken responses and requests, in both directions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

from releaser.adapters.github import GitHubReleases
from releaser.errors import GitHubError
from tests.support.github_contract import SPEC_PATH, GitHubContract
from tests.support.github_server import DEFAULT_TOKEN, GitHubServer

ROOT = Path(__file__).resolve().parents[3]
NPM_SPEC = ROOT / "node_modules" / "@octokit" / "openapi" / "generated" / "api.github.com.json"


def _send(server: GitHubServer, method: str, path: str, body: object = None) -> int:
    data = None if body is None else json.dumps(body).encode()
    request = Request(
        server.api_url + path,
        data=data,
        method=method,
        headers={"Authorization": f"token {DEFAULT_TOKEN}", "Content-Type": "application/json"},
    )
    try:
        with urlopen(request, timeout=5) as response:
            return int(response.status)
    except HTTPError as exc:
        return exc.code


def test_broken_release_object_is_a_violation(github_server: GitHubServer) -> None:
    """Mutation: the server lists releases with `id` as a string and no html_url."""

    def corrupt(releases: list[dict[str, object]]) -> list[dict[str, object]]:
        for release in releases:
            release["id"] = str(release["id"])
            del release["html_url"]
        return releases

    github_server.expect_violations = True
    gh = GitHubReleases(
        github_server.api_url, DEFAULT_TOKEN, "octo-org/demo", 5, seconds_between_writes=0
    )
    gh.create_draft("v1.0.0", "v1.0.0", "notes", prerelease=False)
    assert github_server.violations == []
    github_server.tamper_next("GET", r"/releases$", corrupt)
    with pytest.raises(GitHubError, match="unexpected value"):
        GitHubReleases(github_server.api_url, DEFAULT_TOKEN, "octo-org/demo", 5).find("v1.0.0")
    text = "\n".join(github_server.violations)
    assert "GET /repos/octo-org/demo/releases -> 200: response:" in text
    assert "is not of type 'integer'" in text
    assert "'html_url' is a required property" in text


def test_broken_request_is_a_violation(github_server: GitHubServer) -> None:
    github_server.expect_violations = True
    status = _send(
        github_server, "POST", "/repos/octo-org/demo/releases", {"tag_name": "v1", "draft": "no"}
    )
    assert status == 201  # the server is lenient; the contract is not
    assert github_server.violations == [
        "POST /repos/octo-org/demo/releases -> 201: request: [draft] 'no' is not of type 'boolean'"
    ]


def test_undocumented_route_is_a_violation(github_server: GitHubServer) -> None:
    github_server.expect_violations = True
    assert _send(github_server, "GET", "/repos/octo-org/demo/releases/latest") == 404
    assert any("releases/latest" in v for v in github_server.violations)


def test_unlisted_error_status_must_still_be_basic_error(github_contract: GitHubContract) -> None:
    def check(status: int, body: object) -> list[str]:
        return github_contract.check(
            method="GET",
            path="/repos/o/r/releases/1/assets",
            query={},
            content_type=None,
            body=b"",
            status=status,
            response_body=json.dumps(body).encode(),
            upload=False,
        )

    assert check(500, {"message": "Server Error", "documentation_url": "https://x"}) == []
    assert check(503, {"message": 5}) != []  # allow-listed status, but the body is still checked
    assert check(418, {"message": "teapot"}) == [
        "GET /repos/o/r/releases/1/assets -> 418: response: status 418 is not documented"
    ]


def test_upload_allow_list_is_narrow(github_contract: GitHubContract) -> None:
    asset = json.dumps(github_contract.fill_required("release-asset", {"id": 1})).encode()

    def upload(query: dict[str, str]) -> list[str]:
        return github_contract.check(
            method="POST",
            path="/repos/o/r/releases/1/assets",
            query=query,
            content_type="application/gzip",
            body=b"bytes",
            status=201,
            response_body=asset,
            upload=True,
        )

    assert upload({"name": "a.tar.gz", "label": ""}) == []  # the documented deviations
    assert upload({"label": "x"}) != []  # `name` is required: still checked


def test_vendored_spec_matches_package_json(github_contract: GitHubContract) -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    pinned = package["devDependencies"]["@octokit/openapi"]
    assert github_contract.source == f"@octokit/openapi@{pinned}"
    operations = {
        op["operationId"]
        for item in github_contract.spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }
    assert operations == set(github_contract.spec["info"]["x-vendored-from"]["operations"])


@pytest.mark.skipif(not NPM_SPEC.exists(), reason="needs `npm ci` (node_modules/@octokit/openapi)")
def test_vendored_spec_is_reproducible(tmp_path: Path) -> None:
    out = tmp_path / "subset.json"
    script = ROOT / "scripts" / "vendor_github_openapi.py"
    subprocess.run(
        [sys.executable, str(script), "--source", str(NPM_SPEC), "--output", str(out)],
        check=True,
        capture_output=True,
    )
    assert json.loads(out.read_text()) == json.loads(SPEC_PATH.read_text())
