"""The local GitHub server's pull requests behave like GitHub's where a release PR depends on it.

Raw HTTP, so the server itself is what is checked; every exchange is also checked against
GitHub's OpenAPI description (the fixture fails a test that leaves a violation behind).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.github_server import DEFAULT_TOKEN, GitHubServer

REPO = "/repos/octo-org/demo"
AUTH = {"Authorization": f"token {DEFAULT_TOKEN}"}


def _call(server: GitHubServer, method: str, path: str, body: Any = None) -> requests.Response:
    return requests.request(method, server.api_url + path, json=body, headers=AUTH, timeout=5)


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def origin(tmp_path: Path, github_server: GitHubServer) -> Path:
    """A bare origin with `main` and `releaser/release-main`, attached to the server."""
    bare = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    work = tmp_path / "work"
    _git(tmp_path, "init", "-q", "-b", "main", str(work))
    for n in (1, 2):
        _git(work, "-c", "user.name=t", "-c", "user.email=t@x.invalid", "commit", "-q",
             "--allow-empty", "-m", f"chore: {n}")  # fmt: skip
        branch = "main" if n == 1 else "releaser/release-main"
        _git(work, "push", "-q", str(bare), f"HEAD:refs/heads/{branch}")
    github_server.attach_origin("octo-org/demo", bare)
    return bare


def _open(server: GitHubServer, **extra: Any) -> requests.Response:
    body = {"title": "chore(release): 1.0.0", "head": "releaser/release-main", "base": "main"}
    return _call(server, "POST", f"{REPO}/pulls", {**body, **extra})


def test_create_list_by_head_get_and_update(github_server: GitHubServer, origin: Path) -> None:
    created = _open(github_server, body="notes")
    assert created.status_code == 201, created.text
    pull = created.json()
    assert pull["head"]["sha"] == _git(origin, "rev-parse", "releaser/release-main")
    listed = _call(
        github_server, "GET", f"{REPO}/pulls?state=open&head=octo-org:releaser/release-main"
    )
    assert [p["number"] for p in listed.json()] == [pull["number"]]
    other = _call(github_server, "GET", f"{REPO}/pulls?state=open&head=octo-org:elsewhere")
    assert other.json() == []
    edited = _call(github_server, "PATCH", f"{REPO}/pulls/{pull['number']}", {"title": "x"})
    assert edited.json()["title"] == "x"
    assert _call(github_server, "GET", f"{REPO}/pulls/{pull['number']}").json()["body"] == "notes"


def test_one_open_pull_request_per_head(github_server: GitHubServer, origin: Path) -> None:
    assert _open(github_server).status_code == 201
    second = _open(github_server)
    assert second.status_code == 422
    assert "already exists" in second.json()["errors"][0]["message"]


def test_head_must_be_a_branch(github_server: GitHubServer, origin: Path) -> None:
    assert _open(github_server, head="no-such-branch").status_code == 422


def test_deleting_the_head_branch_closes_the_pull_request(
    github_server: GitHubServer, origin: Path
) -> None:
    number = _open(github_server).json()["number"]
    _git(origin, "update-ref", "-d", "refs/heads/releaser/release-main")
    pull = _call(github_server, "GET", f"{REPO}/pulls/{number}").json()
    assert (pull["state"], pull["merged"]) == ("closed", False)
    reopen = _call(github_server, "PATCH", f"{REPO}/pulls/{number}", {"state": "open"})
    assert reopen.status_code == 422


def test_merged_through_the_test_hook(github_server: GitHubServer, origin: Path) -> None:
    number = _open(github_server).json()["number"]
    github_server.mark_merged(number, "a" * 40)
    pull = _call(github_server, "GET", f"{REPO}/pulls/{number}").json()
    assert (pull["state"], pull["merged"], pull["merge_commit_sha"]) == ("closed", True, "a" * 40)
    listed = _call(github_server, "GET", f"{REPO}/pulls?state=closed").json()
    assert [p["number"] for p in listed] == [number]


def test_a_token_without_pull_request_write_gets_403(
    github_server: GitHubServer, origin: Path
) -> None:
    github_server.deny_pull_request_writes = True
    refused = _open(github_server)
    assert refused.status_code == 403
    assert refused.json()["message"] == "Resource not accessible by integration"
