"""Every change read from a commit carries that commit's sha (the changelog links to it),
on the paths around the fast one too: commitizen's paragraphs, a scoped or `!` revert type."""

from __future__ import annotations

import pytest

from releaser.core.history import RawCommit, SquashRule, read_commit

SHA = "0123456789abcdef0123456789abcdef01234567"


def test_commitizen_paragraph_changes_carry_their_commit_sha() -> None:
    raw = RawCommit(SHA, (), "", "feat: one\n\nfix: two")
    reading = read_commit(raw, SquashRule("commitizen", types=frozenset({"feat", "fix"})))
    assert [(c.sha, c.commit.type, c.commit.description) for c in reading.changes] == [
        (SHA, "feat", "one"),
        (SHA, "fix", "two"),
    ]


@pytest.mark.parametrize(("message", "scope"), [("revert(api): x", "api"), ("revert!: x", None)])
def test_a_revert_type_that_is_no_git_revert_is_a_change(message: str, scope: str | None) -> None:
    reading = read_commit(RawCommit(SHA, (), "", message))
    assert reading.revert is None
    assert [
        (c.sha, c.commit.type, c.commit.scope, c.commit.description) for c in reading.changes
    ] == [(SHA, "revert", scope, "x")]
