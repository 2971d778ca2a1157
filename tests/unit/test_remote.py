"""Which GitHub repository a remote URL names."""

from __future__ import annotations

import pytest

from releaser.core.remote import parse_remote, parse_slug


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/octo/widgets.git",
        "https://github.com/octo/widgets",
        "https://github.com/octo/widgets/",
        "https://user:tok@github.com/octo/widgets.git",
        "git@github.com:octo/widgets.git",
        "git@github.com:octo/widgets",
        "ssh://git@github.com/octo/widgets.git",
        "ssh://git@github.com:22/octo/widgets.git",
        "  https://GitHub.com/octo/widgets.git\n",
    ],
)
def test_github_urls(url: str) -> None:
    repo = parse_remote(url)
    assert repo is not None
    assert (repo.host, repo.slug) == ("github.com", "octo/widgets")
    assert repo.web_url == "https://github.com/octo/widgets"


@pytest.mark.parametrize(
    "url",
    [
        "/srv/git/origin.git",
        "../origin.git",
        "file:///srv/origin.git",
        "https://github.com/octo",
        "",
    ],
)
def test_not_forge_urls(url: str) -> None:
    assert parse_remote(url) is None


def test_credentials_never_reach_the_web_url() -> None:
    repo = parse_remote("https://x-access-token:ghs_secret@github.com/octo/widgets.git")
    assert repo is not None
    assert "ghs_secret" not in repo.web_url


def test_slug() -> None:
    repo = parse_slug("octo/widgets")
    assert repo is not None
    assert repo.web_url == "https://github.com/octo/widgets"
    assert parse_slug("octo") is None
    assert parse_slug("octo/wid gets") is None
