"""The adapter's pure helpers: repository from a git remote, API URL and token from the env."""

from __future__ import annotations

from pathlib import Path

import pytest

from releaser.adapters.github import (
    api_url_from_env,
    file_digest,
    repository_from_remote,
    token_from_env,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/octo-org/demo.git", "octo-org/demo"),
        ("https://github.com/octo-org/demo", "octo-org/demo"),
        ("https://github.com/octo-org/demo/", "octo-org/demo"),
        ("https://x-access-token:ghs_abc@github.com/octo-org/demo.git", "octo-org/demo"),
        ("git@github.com:octo-org/demo.git", "octo-org/demo"),
        ("github.com:octo-org/demo", "octo-org/demo"),
        ("ssh://git@github.com/octo-org/demo", "octo-org/demo"),
        ("ssh://git@ghe.example.com:2222/team/tool.git", "team/tool"),
        ("https://ghe.example.com/team/tool.git", "team/tool"),
        ("/srv/git/demo.git", None),
        ("../demo", None),
        ("file:///srv/octo-org/demo.git", None),
        ("https://gitlab.com/group/sub/demo.git", None),
        ("https://github.com/octo-org", None),
        ("origin", None),
    ],
)
def test_repository_from_remote(url: str, expected: str | None) -> None:
    assert repository_from_remote(url) == expected


def test_api_url_from_env() -> None:
    assert api_url_from_env({}) == "https://api.github.com"
    assert api_url_from_env({"GITHUB_API_URL": ""}) == "https://api.github.com"
    assert api_url_from_env({"GITHUB_API_URL": "https://ghe.example.com/api/v3/"}) == (
        "https://ghe.example.com/api/v3"
    )


def test_token_from_env() -> None:
    assert token_from_env({}) is None
    assert token_from_env({"GITHUB_TOKEN": "b"}) == "b"
    assert token_from_env({"GH_TOKEN": "a", "GITHUB_TOKEN": "b"}) == "a"
    assert token_from_env({"GH_TOKEN": "", "GITHUB_TOKEN": "b"}) == "b"
    assert token_from_env({"GH_TOKEN": "", "GITHUB_TOKEN": ""}) is None


def test_file_digest_has_githubs_format(tmp_path: Path) -> None:
    path = tmp_path / "x.whl"
    path.write_bytes(b"abc")
    assert file_digest(path) == (
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
