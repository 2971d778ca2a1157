"""Issue 9 item 4: one GitHub release per tag, whatever the network and other runs do.

A create that lands but is answered 502, or whose answer comes after the client gave up,
must not leave a second draft; two runs creating at once converge on one release; stray
drafts next to a release are tidied or named, and never turn into a permanent 422.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from releaser.adapters.github import GitHubReleases, ReleaseInfo
from tests.support.github_server import DEFAULT_TOKEN, GitHubServer

REPO = "octo-org/demo"
Factory = Callable[..., GitHubReleases]


@pytest.fixture
def releases(github_server: GitHubServer) -> Factory:
    def make(timeout: float = 5, **kw: object) -> GitHubReleases:
        options: dict[str, object] = {"retries": 2, "backoff_factor": 0}
        options["seconds_between_writes"] = 0
        options.update(kw)
        return GitHubReleases(github_server.api_url, DEFAULT_TOKEN, REPO, timeout, **options)  # type: ignore[arg-type]

    return make


def _tags(server: GitHubServer) -> list[tuple[str, bool]]:
    return [(r["tag_name"], r["draft"]) for r in server.releases()]


def test_create_that_landed_but_got_502_leaves_one_draft(
    github_server: GitHubServer, releases: Factory
) -> None:
    github_server.fail_after_landing("POST", r"/releases$", 502)
    draft = releases().create_draft("v1.2.0", "v1.2.0", "notes", prerelease=False)
    assert _tags(github_server) == [("v1.2.0", True)]
    assert draft.id == github_server.releases()[0]["id"]
    assert [e.status for e in github_server.requests("POST", r"/releases$")] == [502]


def test_create_whose_answer_stalls_past_the_timeout_leaves_one_draft(
    github_server: GitHubServer, releases: Factory
) -> None:
    github_server.stall_next("POST", r"/releases$", seconds=30)
    draft = releases(timeout=1).create_draft("v1.2.0", "v1.2.0", "notes", prerelease=False)
    assert _tags(github_server) == [("v1.2.0", True)]
    assert draft.id == github_server.releases()[0]["id"]


def test_two_runs_creating_at_once_converge_on_one_draft(
    github_server: GitHubServer, releases: Factory
) -> None:
    github_server.hold_together("POST", r"/releases$", parties=2)
    results: list[ReleaseInfo] = []

    def run() -> None:
        results.append(releases().create_draft("v1.2.0", "v1.2.0", "notes", prerelease=False))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [e.status for e in github_server.requests("POST", r"/releases$")] == [201, 201]
    [kept] = github_server.releases()
    assert [r.id for r in results] == [kept["id"], kept["id"]]
    assert len([e for e in github_server.requests("DELETE") if e.status == 204]) == 1


def test_stray_draft_next_to_the_published_release_is_no_permanent_422(
    github_server: GitHubServer, releases: Factory
) -> None:
    published = github_server.seed_release("v1.0.0")
    github_server.seed_release("v1.0.0", draft=True)  # newer: listed first
    gh = releases()
    found = gh.find("v1.0.0")
    assert found is not None
    assert (found.id, found.draft) == (published["id"], False)
    assert found.remarks == ("deleted 1 empty duplicate draft(s) for v1.0.0",)
    assert gh.publish(found, latest=True).draft is False
    assert _tags(github_server) == [("v1.0.0", False)]
    assert all(e.status < 400 for e in github_server.log)


def test_several_drafts_keep_the_one_with_assets_and_name_the_others(
    github_server: GitHubServer, releases: Factory, tmp_path: Path
) -> None:
    wheel = tmp_path / "demo-1.0.0-py3-none-any.whl"
    wheel.write_bytes(b"wheel" * 10)
    gh = releases()
    mine = github_server.seed_release("v1.0.0", draft=True)
    gh.sync_assets(gh.find("v1.0.0") or pytest.fail("no draft"), [wheel])
    foreign = github_server.seed_release("v1.0.0", draft=True, body="written by hand")
    github_server.seed_release("v1.0.0", draft=True)  # an empty duplicate of mine

    found = releases().find("v1.0.0")
    assert found is not None
    assert found.id == mine["id"]
    assert found.assets.keys() == {wheel.name}
    assert found.remarks[0] == "deleted 1 empty duplicate draft(s) for v1.0.0"
    assert foreign["html_url"] in found.remarks[1]
    assert "/releases/tag/untagged-" in foreign["html_url"]
    assert sorted(r["id"] for r in github_server.releases()) == [mine["id"], foreign["id"]]
