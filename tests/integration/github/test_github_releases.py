"""The GitHub adapter with real PyGithub over HTTP against the local GitHub server.

Every test ends with the server's OpenAPI contract check: `violations == []`.
(No __init__.py in this folder: a package named `github` would shadow PyGithub.)
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

from releaser.adapters.github import GitHubReleases, ReleaseInfo, file_digest
from releaser.errors import ExitCode, GitHubError
from tests.support.github_server import DEFAULT_TOKEN, GitHubServer

REPO = "octo-org/demo"
Factory = Callable[..., GitHubReleases]


@pytest.fixture
def releases(github_server: GitHubServer) -> Factory:
    """Make adapters for the server; each call is a fresh process's view (nothing cached)."""

    def make(token: str = DEFAULT_TOKEN, repository: str = REPO, **kw: object) -> GitHubReleases:
        options: dict[str, object] = {
            "retries": 0,
            "backoff_factor": 0,
            "seconds_between_writes": 0,
        }
        options.update(kw)
        return GitHubReleases(github_server.api_url, token, repository, 5, **options)  # type: ignore[arg-type]

    return make


@pytest.fixture
def dists(tmp_path: Path) -> list[Path]:
    wheel = tmp_path / "demo-1.2.0-py3-none-any.whl"
    sdist = tmp_path / "demo-1.2.0.tar.gz"
    wheel.write_bytes(b"PK\x03\x04 wheel bytes " * 50)
    sdist.write_bytes(b"\x1f\x8b sdist bytes " * 70)
    return [wheel, sdist]


def _posts(server: GitHubServer, pattern: str) -> int:
    return len([e for e in server.requests("POST", pattern) if e.status < 300])


def test_draft_assets_publish(
    github_server: GitHubServer, releases: Factory, dists: list[Path]
) -> None:
    gh = releases()
    assert gh.find("v1.2.0") is None

    draft = gh.create_draft("v1.2.0", "demo 1.2.0", "## Features\n- thing", prerelease=False)
    assert (draft.tag, draft.draft, draft.prerelease, draft.assets) == ("v1.2.0", True, False, {})

    assert gh.sync_assets(draft, dists) == [p.name for p in dists]
    for path in dists:  # the exact bytes arrived, under the file's name
        assert github_server.uploads[(draft.id, path.name)] == path.read_bytes()

    published = gh.publish(draft, latest=True)
    assert published.id == draft.id
    assert published.draft is False
    assert published.html_url == "https://github.com/octo-org/demo/releases/tag/v1.2.0"
    assert github_server.latest_release_id == draft.id
    [stored] = github_server.releases()
    assert (stored["name"], stored["body"], stored["draft"]) == (
        "demo 1.2.0",
        "## Features\n- thing",
        False,
    )
    assert github_server.violations == []


def test_find_sees_drafts_that_get_by_tag_hides(
    github_server: GitHubServer, releases: Factory
) -> None:
    draft = releases().create_draft("v2.0.0", "v2.0.0", "notes", prerelease=False)
    by_tag = Request(
        f"{github_server.api_url}/repos/{REPO}/releases/tags/v2.0.0",
        headers={"Authorization": f"token {DEFAULT_TOKEN}"},
    )
    with pytest.raises(HTTPError) as hidden:  # GitHub hides drafts from the tag lookup
        urlopen(by_tag, timeout=5)
    assert hidden.value.code == 404
    found = releases().find("v2.0.0")
    assert found is not None
    assert (found.id, found.draft) == (draft.id, True)
    assert github_server.violations == []


def test_find_follows_pages(github_server: GitHubServer, releases: Factory) -> None:
    github_server.seed_release("v0.0.1", draft=True)  # oldest: listed last, on page 2
    for n in range(2, 130):
        github_server.seed_release(f"v0.0.{n}")
    found = releases().find("v0.0.1")
    assert found is not None
    assert found.draft is True
    assert len(github_server.requests("GET", r"/releases$")) == 2
    assert github_server.violations == []


def test_resume_uploads_only_missing_assets(
    github_server: GitHubServer, releases: Factory, dists: list[Path]
) -> None:
    first = releases()
    draft = first.create_draft("v1.2.0", "demo 1.2.0", "notes", prerelease=False)
    assert first.sync_assets(draft, dists[:1]) == [dists[0].name]
    # The first run died here. A new run finds the draft and uploads only what is missing.
    second = releases()
    found = second.find("v1.2.0")
    assert found is not None
    assert found.id == draft.id
    assert found.assets == {dists[0].name: (dists[0].stat().st_size, file_digest(dists[0]))}
    assert second.sync_assets(found, dists) == [dists[1].name]
    assert second.sync_assets(found, dists) == []
    second.publish(found, latest=True)

    assert len(github_server.releases()) == 1
    assert _posts(github_server, r"/releases$") == 1
    assert _posts(github_server, r"/assets$") == 2
    assert github_server.violations == []


def test_same_name_other_content_is_refused(
    github_server: GitHubServer, releases: Factory, dists: list[Path]
) -> None:
    gh = releases()
    draft = gh.create_draft("v1.2.0", "demo 1.2.0", "notes", prerelease=False)
    gh.sync_assets(draft, dists)
    wheel = dists[0]
    wheel.write_bytes(wheel.read_bytes()[::-1])  # same size, other bytes: caught by the digest

    with pytest.raises(GitHubError) as caught:
        releases().sync_assets(draft, dists)
    assert wheel.name in caught.value.message
    assert "other content" in caught.value.message
    assert caught.value.hint is not None
    assert "delete" in caught.value.hint
    assert _posts(github_server, r"/assets$") == 2  # nothing overwritten or added
    assert github_server.violations == []


def test_upload_that_had_landed_is_accepted(
    github_server: GitHubServer, releases: Factory, dists: list[Path]
) -> None:
    gh = releases()
    draft = gh.create_draft("v1.2.0", "demo 1.2.0", "notes", prerelease=False)
    gh.sync_assets(draft, dists[:1])
    # A stale listing (as after a lost response) makes the adapter upload again: GitHub says 422.
    github_server.tamper_next("GET", r"/assets$", lambda _assets: [])
    assert releases().sync_assets(draft, dists) == [dists[1].name]
    assert [e.status for e in github_server.requests("POST", r"/assets$")] == [201, 422, 201]
    assert github_server.violations == []


def test_bad_token_is_401_with_hint(github_server: GitHubServer, releases: Factory) -> None:
    bad = "ghp_wrongtoken123"
    with pytest.raises(GitHubError) as caught:
        releases(token=bad).find("v1.0.0")
    error = caught.value
    assert "HTTP 401" in error.message
    assert "Bad credentials" in error.message
    assert error.hint is not None
    assert "GH_TOKEN" in error.hint
    assert "contents: write" in error.hint
    assert bad not in f"{error.message} {error.hint}"
    assert all(bad not in json.dumps(e.headers) for e in github_server.log)
    assert error.exit_code is ExitCode.PARTIAL
    assert github_server.violations == []


def test_unknown_repository_is_404_with_hint(
    github_server: GitHubServer, releases: Factory
) -> None:
    with pytest.raises(GitHubError) as caught:
        releases(repository="octo-org/nope").find("v1.0.0")
    assert "HTTP 404" in caught.value.message
    assert caught.value.hint is not None
    assert "'octo-org/nope'" in caught.value.hint
    assert github_server.violations == []


def test_transient_500_is_retried(github_server: GitHubServer, releases: Factory) -> None:
    github_server.fail_next("POST", r"/releases$", 500, times=2)
    draft = releases(retries=2).create_draft("v1.2.0", "v1.2.0", "notes", prerelease=False)
    assert draft.draft is True
    assert [e.status for e in github_server.requests("POST", r"/releases$")] == [500, 500, 201]
    assert len(github_server.releases()) == 1
    assert github_server.violations == []


def test_lasting_500_fails_fast_with_status(github_server: GitHubServer, releases: Factory) -> None:
    github_server.fail_next("POST", r"/releases$", 502, times=10, message="Server Error")
    started = time.monotonic()
    with pytest.raises(GitHubError) as caught:
        releases(retries=2).create_draft("v1.2.0", "v1.2.0", "notes", prerelease=False)
    assert time.monotonic() - started < 3
    assert "HTTP 502: Server Error" in caught.value.message
    assert caught.value.hint is not None
    assert "rerun" in caught.value.hint
    assert len(github_server.requests("POST", r"/releases$")) == 3  # 1 try + 2 retries
    assert github_server.releases() == []
    assert github_server.violations == []


def test_create_for_tag_with_release_returns_it(
    github_server: GitHubServer, releases: Factory
) -> None:
    existing = releases().create_draft("v1.0.0", "v1.0.0", "notes", prerelease=False)
    releases().publish(existing, latest=True)

    again = releases().create_draft("v1.0.0", "v1.0.0", "notes", prerelease=False)
    assert (again.id, again.draft) == (existing.id, False)
    # Looked before creating: no second POST, so no 422 "already_exists" either.
    assert [e.status for e in github_server.requests("POST", r"/releases$")] == [201]
    assert len(github_server.releases()) == 1
    assert github_server.violations == []


def test_other_422_is_reported(github_server: GitHubServer, releases: Factory) -> None:
    github_server.fail_next("POST", r"/releases$", 422, message="Validation Failed")
    with pytest.raises(GitHubError, match="HTTP 422: Validation Failed"):
        releases().create_draft("v1.0.0", "v1.0.0", "notes", prerelease=False)
    assert github_server.violations == []


def test_prerelease_is_not_latest(github_server: GitHubServer, releases: Factory) -> None:
    gh = releases()
    stable = gh.publish(gh.create_draft("v1.0.0", "v1.0.0", "", prerelease=False), latest=True)
    pre = gh.create_draft("v1.1.0rc1", "v1.1.0rc1", "", prerelease=True)
    published = gh.publish(pre, latest=True)
    assert (published.draft, published.prerelease) == (False, True)
    assert github_server.latest_release_id == stable.id
    patch = github_server.requests("PATCH")[-1]
    assert json.loads(patch.body)["make_latest"] == "false"
    assert github_server.violations == []


def test_publish_twice_changes_nothing(github_server: GitHubServer, releases: Factory) -> None:
    draft = releases().create_draft("v1.0.0", "v1.0.0", "", prerelease=False)
    releases().publish(draft, latest=True)
    again = releases().publish(draft, latest=True)  # fresh adapter: reads the release by id
    assert again.draft is False
    assert len(github_server.requests("PATCH")) == 1
    assert github_server.violations == []


def test_update_notes(github_server: GitHubServer, releases: Factory) -> None:
    gh = releases()
    draft = gh.create_draft("v1.0.0", "v1.0.0", "old", prerelease=False)
    updated = gh.update_notes(draft, "demo 1.0.0", "new notes")
    assert updated.draft is True
    assert github_server.releases()[0]["body"] == "new notes"
    assert github_server.violations == []


def test_release_info_is_frozen(releases: Factory) -> None:
    info = releases().create_draft("v1.0.0", "v1.0.0", "", prerelease=False)
    assert isinstance(info, ReleaseInfo)
    with pytest.raises(AttributeError):
        info.draft = False  # type: ignore[misc]


def test_unreachable_server_is_reported(github_server: GitHubServer, releases: Factory) -> None:
    gh = releases(retries=1)
    github_server.stop()  # the port is closed now: connection refused
    with pytest.raises(GitHubError) as caught:
        gh.find("v1.0.0")
    assert "GitHub could not be reached (ConnectionError)" in caught.value.message
    assert caught.value.hint is not None
    assert "GITHUB_API_URL" in caught.value.hint
    assert DEFAULT_TOKEN not in caught.value.message
    assert github_server.violations == []


def test_a_drafts_assets_download_with_their_bytes(
    github_server: GitHubServer, releases: Factory, dists: list[Path], tmp_path: Path
) -> None:
    gh = releases()
    draft = gh.create_draft("v1.2.0", "v1.2.0", "notes", prerelease=False)
    gh.sync_assets(draft, dists)
    fresh = releases()  # another run: it has only the tag to go by
    found = fresh.find("v1.2.0")
    assert found is not None
    assert found.draft
    names = [p.name for p in dists]
    saved = fresh.download_assets(found, [*names, "missing.whl", "../escape.whl"], tmp_path / "d")
    assert [p.name for p in saved] == names
    for path, original in zip(saved, dists, strict=True):
        assert path.read_bytes() == original.read_bytes()
    # GitHub's answer: a redirect to the bytes, which the token is not needed for
    (asset_get,) = github_server.requests("GET", r"/releases/assets/\d+$")[:1]
    assert asset_get.status == 302
    assert github_server.violations == []


def test_a_download_that_does_not_match_githubs_digest_is_refused(
    github_server: GitHubServer, releases: Factory, dists: list[Path], tmp_path: Path
) -> None:
    gh = releases()
    draft = gh.create_draft("v1.2.0", "v1.2.0", "notes", prerelease=False)
    gh.sync_assets(draft, dists[:1])
    release_id = github_server.releases(REPO)[0]["id"]
    github_server.uploads[(release_id, dists[0].name)] = b""
    with pytest.raises(GitHubError, match="does not match the size and digest"):
        releases().download_assets(draft, [dists[0].name], tmp_path / "d")
    assert not (tmp_path / "d" / dists[0].name).exists()
