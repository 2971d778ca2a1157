"""Issue 9 item 11: a rate limit is a rate limit, not a permission problem.

GitHub refuses with 429, or 403 with `Retry-After` / `X-RateLimit-Remaining: 0`. A short wait
is waited out (up to `max_rate_limit_wait`, default 60 s) and the request is sent again; a
longer one is reported as a rate limit, with when to rerun. The waits go through the
adapter's `sleep`, recorded here, so no test sleeps.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from releaser.adapters.github import GitHubReleases
from releaser.errors import GitHubError
from tests.support.github_server import DEFAULT_TOKEN, GitHubServer

REPO = "octo-org/demo"


@pytest.fixture
def slept() -> list[float]:
    return []


@pytest.fixture
def make(github_server: GitHubServer, slept: list[float]) -> Callable[..., GitHubReleases]:
    def build(**kw: object) -> GitHubReleases:
        options: dict[str, object] = {
            "retries": 0,
            "backoff_factor": 0,
            "seconds_between_writes": 0,
            "sleep": slept.append,
        }
        options.update(kw)
        return GitHubReleases(github_server.api_url, DEFAULT_TOKEN, REPO, 5, **options)  # type: ignore[arg-type]

    return build


@pytest.mark.parametrize("status", [403, 429])
def test_short_rate_limit_is_waited_out(
    github_server: GitHubServer,
    make: Callable[..., GitHubReleases],
    slept: list[float],
    status: int,
) -> None:
    github_server.rate_limit_next("POST", r"/releases$", status=status, retry_after=7)
    draft = make().create_draft("v1.0.0", "v1.0.0", "notes", prerelease=False)
    assert slept == [7.0]
    assert [e.status for e in github_server.requests("POST", r"/releases$")] == [status, 201]
    assert [r["id"] for r in github_server.releases()] == [draft.id]


def test_long_rate_limit_is_reported_as_a_rate_limit(
    github_server: GitHubServer, make: Callable[..., GitHubReleases], slept: list[float]
) -> None:
    github_server.rate_limit_next("GET", r"/releases$", status=429, retry_after=120)
    with pytest.raises(GitHubError) as caught:
        make().find("v1.0.0")
    error = caught.value
    assert "secondary rate limit" in error.message
    assert "HTTP 429" in error.message
    assert "wait 120 s, longer than the 60 s" in error.message
    assert error.hint is not None
    assert "RELEASER_GITHUB_RATE_LIMIT_WAIT" in error.hint
    assert "contents: write" not in error.hint
    assert slept == []


def test_primary_limit_without_retry_after_waits_until_the_reset(
    github_server: GitHubServer, make: Callable[..., GitHubReleases], slept: list[float]
) -> None:
    github_server.rate_limit_next("GET", r"/releases$", status=403, retry_after=None)
    with pytest.raises(GitHubError) as caught:
        make(max_rate_limit_wait=30).find("v1.0.0")
    assert "API rate limit was hit (HTTP 403; 0 of 5000 requests left)" in caught.value.message
    assert slept == []


def test_the_wait_limit_is_configurable(
    github_server: GitHubServer, make: Callable[..., GitHubReleases], slept: list[float]
) -> None:
    github_server.rate_limit_next("GET", r"/releases$", status=429, retry_after=90, times=2)
    assert make(max_rate_limit_wait=200).find("v1.0.0") is None
    assert slept == [90.0, 90.0]


def test_plain_403_is_still_a_permission_problem(
    github_server: GitHubServer, make: Callable[..., GitHubReleases]
) -> None:
    github_server.fail_next("POST", r"/releases$", 403, message="Resource not accessible")
    with pytest.raises(GitHubError) as caught:
        make().create_draft("v1.0.0", "v1.0.0", "notes", prerelease=False)
    assert "HTTP 403: Resource not accessible" in caught.value.message
    assert caught.value.hint is not None
    assert "contents: write" in caught.value.hint


def test_rate_limited_upload_is_waited_out(
    github_server: GitHubServer,
    make: Callable[..., GitHubReleases],
    slept: list[float],
    tmp_path: Path,
) -> None:
    wheel = tmp_path / "demo-1.0.0-py3-none-any.whl"
    wheel.write_bytes(b"wheel" * 20)
    gh = make()
    draft = gh.create_draft("v1.0.0", "v1.0.0", "notes", prerelease=False)
    github_server.rate_limit_next("POST", r"/assets$", status=429, retry_after=3)
    assert gh.sync_assets(draft, [wheel]) == [wheel.name]
    assert slept == [3.0]
    assert github_server.uploads[(draft.id, wheel.name)] == wheel.read_bytes()
