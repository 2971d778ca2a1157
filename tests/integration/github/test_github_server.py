"""The local GitHub server behaves like GitHub where a release depends on it (issue 13).

Raw HTTP here, so what is checked is the server itself; every exchange is also checked
against GitHub's OpenAPI description, headers included, and the fixture's teardown fails
any test that left a violation behind.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from releaser.adapters.github import GitHubReleases
from tests.support.github_contract import GitHubContract
from tests.support.github_server import DEFAULT_TOKEN, GitHubServer

REPO = "/repos/octo-org/demo"
AUTH = {"Authorization": f"token {DEFAULT_TOKEN}"}


def _call(server: GitHubServer, method: str, path: str, body: Any = None) -> requests.Response:
    return requests.request(method, server.api_url + path, json=body, headers=AUTH, timeout=5)


def _create(server: GitHubServer, **data: Any) -> dict[str, Any]:
    response = _call(server, "POST", f"{REPO}/releases", {"tag_name": "v1.0.0", **data})
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_draft_lives_at_untagged_url_until_published(github_server: GitHubServer) -> None:
    draft = _create(github_server, draft=True)
    assert "/releases/tag/untagged-" in draft["html_url"]
    published = _call(github_server, "PATCH", f"{REPO}/releases/{draft['id']}", {"draft": False})
    assert published.json()["html_url"].endswith("/releases/tag/v1.0.0")


def test_make_latest_defaults_to_true_only_when_publishing(github_server: GitHubServer) -> None:
    first = _create(github_server)
    assert github_server.latest_release_id == first["id"]
    second = _create(github_server, tag_name="v1.1.0")
    assert github_server.latest_release_id == second["id"]
    _call(github_server, "PATCH", f"{REPO}/releases/{first['id']}", {"body": "edited"})
    assert github_server.latest_release_id == second["id"]  # an edit is no new "latest"


def test_several_drafts_may_share_a_tag(github_server: GitHubServer) -> None:
    ids = {_create(github_server, draft=True)["id"] for _ in range(3)}
    assert len(ids) == 3


def test_every_answer_has_rate_limit_headers(github_server: GitHubServer) -> None:
    headers = _call(github_server, "GET", f"{REPO}/releases").headers
    assert headers["X-RateLimit-Limit"] == "5000"
    assert int(headers["X-RateLimit-Remaining"]) < 5000
    assert {"X-RateLimit-Reset", "X-RateLimit-Used", "X-RateLimit-Resource"} <= set(headers)


@pytest.mark.parametrize(("status", "remaining"), [(403, "0"), (429, None)])
def test_rate_limit_answers_say_when_to_retry(
    github_server: GitHubServer, status: int, remaining: str | None
) -> None:
    github_server.rate_limit_next("GET", r"/releases$", status=status, retry_after=30)
    response = _call(github_server, "GET", f"{REPO}/releases")
    assert response.status_code == status
    assert response.headers["Retry-After"] == "30"
    assert "rate limit" in response.json()["message"]
    if remaining is not None:
        assert response.headers["X-RateLimit-Remaining"] == remaining


def test_lists_have_link_headers_with_next_and_last(github_server: GitHubServer) -> None:
    for n in range(5):
        github_server.seed_release(f"v0.{n}.0")
    response = _call(github_server, "GET", f"{REPO}/releases?per_page=2&page=2")
    links = response.links
    assert [len(response.json()), sorted(links)] == [2, ["first", "last", "next", "prev"]]
    assert links["next"]["url"].endswith("per_page=2&page=3")
    assert links["last"]["url"].endswith("per_page=2&page=3")


def test_uploads_have_their_own_host_and_need_a_content_type(
    github_server: GitHubServer,
) -> None:
    github_server.expect_violations = True  # the bare upload breaks the contract on purpose
    release = _create(github_server, draft=True)
    upload_url = release["upload_url"].split("{")[0]
    assert upload_url.startswith(github_server.uploads_url)
    assert github_server.uploads_url != github_server.url
    on_api_host = f"{github_server.url}/api/uploads{REPO}/releases/{release['id']}/assets"
    misplaced = requests.post(on_api_host, params={"name": "a"}, data=b"x", headers=AUTH, timeout=5)
    assert misplaced.status_code == 404

    bare = requests.post(upload_url, params={"name": "a.whl"}, data=b"x", headers=AUTH, timeout=5)
    bare_request_type = bare.request.headers.get("Content-Type")
    assert (bare.status_code, bare_request_type) == (400, None)
    assert bare.json()["message"] == "Invalid Content-Type: ''"
    assert any("must say its media type" in v for v in github_server.violations)


def test_cut_off_upload_leaves_a_starter_asset(github_server: GitHubServer, tmp_path: Path) -> None:
    release = _create(github_server, draft=True)
    github_server.cut_upload_next("demo.whl")
    with pytest.raises(requests.ConnectionError):
        requests.post(
            release["upload_url"].split("{")[0],
            params={"name": "demo.whl"},
            data=b"x" * 4096,
            headers={**AUTH, "Content-Type": "application/octet-stream"},
            timeout=5,
        )
    [asset] = _call(github_server, "GET", f"{REPO}/releases/{release['id']}/assets").json()
    assert (asset["name"], asset["state"]) == ("demo.whl", "starter")

    # The adapter clears the starter asset and uploads the file whole.
    wheel = tmp_path / "demo.whl"
    wheel.write_bytes(b"x" * 4096)
    gh = GitHubReleases(github_server.api_url, DEFAULT_TOKEN, "octo-org/demo", 5, retries=1)
    found = gh.find("v1.0.0")
    assert found is not None
    assert gh.sync_assets(found, [wheel]) == ["demo.whl"]
    assert github_server.uploads[(release["id"], "demo.whl")] == wheel.read_bytes()
    assert [e.status for e in github_server.requests("DELETE", r"/assets/")] == [204]


def test_a_request_can_land_and_still_answer_5xx(github_server: GitHubServer) -> None:
    github_server.fail_after_landing("POST", r"/releases$", 502)
    assert _call(github_server, "POST", f"{REPO}/releases", {"tag_name": "v1"}).status_code == 502
    assert [r["tag_name"] for r in github_server.releases()] == ["v1"]


def test_headers_are_part_of_the_contract(github_contract: GitHubContract) -> None:
    body = json.dumps([]).encode()

    def check(headers: dict[str, str], **kw: Any) -> list[str]:
        return github_contract.check(
            method="GET",
            path="/repos/o/r/releases",
            query={},
            content_type=None,
            body=b"",
            status=200,
            response_body=body,
            upload=False,
            headers={},
            response_headers={"Content-Type": "application/json", **headers},
            **kw,
        )

    rate = {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "59"}
    rate |= {"X-RateLimit-Reset": "1", "X-RateLimit-Used": "1"}
    assert check(rate) == []
    assert check({}) != []  # no rate-limit headers
    assert check({**rate, "X-RateLimit-Used": "many"}) != []
    assert check({**rate, "Link": "<https://x?page=2>; rel=next"}) != []  # rel unquoted
