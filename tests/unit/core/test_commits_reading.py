"""A message's body, footers and references as the changelog and the version read them."""

from __future__ import annotations

import pytest

from releaser.core import commits
from releaser.core.commits import ConventionalCommit, Footer, parse
from releaser.core.history import RawCommit, analyse


@pytest.fixture(autouse=True)
def _read_afresh() -> None:
    # The body split is cached by text. mutmut forks each mutant from the process that ran
    # the clean tests, so a warm cache would answer for the code under test.
    commits._split_body.cache_clear()


def ok(message: str) -> ConventionalCommit:
    parsed = parse(message)
    assert isinstance(parsed, ConventionalCommit), parsed
    return parsed


def test_a_crlf_message_keeps_its_lines_single_spaced() -> None:
    commit = ok("feat: x\r\n\r\nFirst line.\r\nSecond line.\r\n\r\nBREAKING CHANGE: one\r\ntwo\r\n")
    assert commit.body == "First line.\nSecond line."
    assert commit.breaking_notes == ("one\ntwo",)


def test_a_message_with_bare_cr_line_ends_is_read_by_lines() -> None:
    commit = ok("feat: x\r\rBody.\rMore.\r\rRefs: #3")
    assert (commit.description, commit.body) == ("x", "Body.\nMore.")
    assert commit.footers == (Footer("Refs", "#3"),)


def test_a_breaking_footer_right_below_the_header_is_breaking() -> None:
    commit = ok("feat: x\nBREAKING CHANGE: y")
    assert commit.breaking
    assert commit.breaking_notes == ("y",)
    assert commit.body == ""


def test_a_number_in_the_body_prose_is_not_a_reference_but_one_in_a_footer_is() -> None:
    prose = RawCommit("a" * 40, ("b" * 40,), "", "fix: x\n\nThis is about: the parser, see #12")
    message = "fix: y (#7)\n\nIt is about: the parser.\n\nRefs: #12"
    footer = RawCommit("c" * 40, ("b" * 40,), "", message)
    changes = analyse([prose, footer]).changes
    assert [c.references for c in changes] == [(), (7, 12)]
