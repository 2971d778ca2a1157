"""A repository that reads HEAD, the tags and a remote's URL once, for the checks before a
release writes; what moves them afterwards is seen again only after `forget()`."""

from __future__ import annotations

from releaser.adapters.git import GitRepository
from tests.integration.git.githistory import MakeHistory


def test_facts_are_read_once_until_forgotten(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v1.0.0"])
    h.git("remote", "add", "origin", "https://example.invalid/a.git")
    plain, once = GitRepository.open(h.root), GitRepository.open(h.root).reading_once()
    before = (once.head(), once.tag_names(), once.remote_url(), once.is_shallow())

    new_head = h.commit("fix: b")
    h.tag("v1.0.1")
    h.git("remote", "set-url", "origin", "https://example.invalid/b.git")

    assert (plain.head(), plain.tag_names(), plain.remote_url()) == (
        new_head,
        ["v1.0.0", "v1.0.1"],
        "https://example.invalid/b.git",
    )
    assert (once.head(), once.tag_names(), once.remote_url(), once.is_shallow()) == before
    once.forget()
    assert (once.head(), once.tag_names(), once.remote_url()) == (
        new_head,
        ["v1.0.0", "v1.0.1"],
        "https://example.invalid/b.git",
    )


def test_a_remembered_tag_list_is_the_callers_own_copy(history: MakeHistory) -> None:
    once = GitRepository.open(history(["feat: a", "tag v1.0.0"]).root).reading_once()
    once.tag_names().append("v9.9.9")
    assert once.tag_names() == ["v1.0.0"]
