"""Which GitHub repository a remote names, whatever letters its names start or end with."""

from __future__ import annotations

from releaser.core.remote import RemoteRepository, parse_remote


def test_names_are_kept_whole() -> None:
    assert parse_remote("git@github.com:Xavier/linuX") == RemoteRepository(
        "github.com", "Xavier", "linuX"
    )
    assert parse_remote("https://github.com/Xavier/linuX/") == RemoteRepository(
        "github.com", "Xavier", "linuX"
    )
