"""Conventional Commits 1.0.0 parsing, as the spec words it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releaser.core.commits import (
    ConventionalCommit,
    Footer,
    ParseFailure,
    clean_message,
    is_autosquash,
    parse,
)


def ok(message: str) -> ConventionalCommit:
    parsed = parse(message)
    assert isinstance(parsed, ConventionalCommit), parsed
    return parsed


@pytest.mark.parametrize(
    ("message", "type_", "scope", "bang", "description"),
    [
        ("feat: add a thing", "feat", None, False, "add a thing"),
        ("fix(parser): handle CRLF", "fix", "parser", False, "handle CRLF"),
        ("feat(api)!: drop v1", "feat", "api", True, "drop v1"),
        ("refactor!: rename everything", "refactor", None, True, "rename everything"),
        ("FEAT: shout", "feat", None, False, "shout"),
        ("Fix(Core): mixed case", "fix", "Core", False, "mixed case"),
        ("feat(ui-kit): hyphenated scope", "feat", "ui-kit", False, "hyphenated scope"),
        ("feat: description: with colon", "feat", None, False, "description: with colon"),
    ],
)
def test_header_parts(
    message: str, type_: str, scope: str | None, bang: bool, description: str
) -> None:
    commit = ok(message)
    assert (commit.type, commit.scope, commit.bang, commit.description) == (
        type_,
        scope,
        bang,
        description,
    )
    assert commit.breaking is bang


@pytest.mark.parametrize(
    "message",
    [
        "",
        "add a thing",
        "feat add a thing",
        "feat:add a thing",  # the spec wants ': '
        "feat : add",
        "feat(): empty scope",
        "feat(api: unclosed",
        "feat: ",
        "(api): no type",
        "Merge branch 'x' into main",
        ": nothing",
    ],
)
def test_not_conventional(message: str) -> None:
    assert isinstance(parse(message), ParseFailure)


def test_failure_points_at_the_column() -> None:
    failure = parse("feat(api):missing space")
    assert isinstance(failure, ParseFailure)
    assert failure.line == 1
    # the column is where the space is missing, right after the colon
    assert failure.column == len("feat(api):")


def test_body_and_footers() -> None:
    commit = ok(
        "fix(io): close files\n"
        "\n"
        "The reader leaked handles on error.\n"
        "\n"
        "Second paragraph of the body.\n"
        "\n"
        "Reviewed-by: Z\n"
        "Refs #133\n"
        "Acked-by: Someone Else <se@example.org>"
    )
    assert commit.body == "The reader leaked handles on error.\n\nSecond paragraph of the body."
    assert commit.footers == (
        Footer("Reviewed-by", "Z"),
        Footer("Refs", "#133"),
        Footer("Acked-by", "Someone Else <se@example.org>"),
    )
    assert not commit.breaking


def test_multi_line_footer_value() -> None:
    commit = ok(
        "feat: new config\n"
        "\n"
        "BREAKING CHANGE: the `x` key is gone;\n"
        "use `y` instead, which takes\n"
        "a list.\n"
        "Refs: #9"
    )
    assert commit.breaking
    assert commit.footers[0] == Footer(
        "BREAKING CHANGE", "the `x` key is gone;\nuse `y` instead, which takes\na list."
    )
    assert commit.footers[1] == Footer("Refs", "#9")
    assert commit.breaking_notes == ("the `x` key is gone;\nuse `y` instead, which takes\na list.",)


@pytest.mark.parametrize("token", ["BREAKING CHANGE", "BREAKING-CHANGE"])
def test_breaking_footer(token: str) -> None:
    commit = ok(f"refactor: new layout\n\n{token}: files moved")
    assert commit.breaking
    assert not commit.bang
    assert commit.breaking_notes == ("files moved",)


@pytest.mark.parametrize(
    "footer",
    [
        "breaking change: files moved",
        "Breaking Change: files moved",
        "breaking-change: files moved",
    ],
)
def test_lowercase_breaking_footer_is_not_breaking(footer: str) -> None:
    # Spec item 16: BREAKING CHANGE MUST be uppercase.
    commit = ok(f"refactor: new layout\n\n{footer}")
    assert (commit.type, commit.description) == ("refactor", "new layout")
    assert not commit.breaking
    assert footer in commit.body + "".join(f"{f.token}: {f.value}" for f in commit.footers)


def test_bang_and_footer_together_keep_the_footer_text() -> None:
    commit = ok("feat(api)!: remove v1\n\nBREAKING CHANGE: v1 endpoints are gone")
    assert commit.breaking
    assert commit.breaking_notes == ("v1 endpoints are gone",)


def test_bang_alone_notes_are_the_description() -> None:
    assert ok("feat!: remove v1").breaking_notes == ("remove v1",)


def test_footer_like_line_inside_body_paragraph_is_body() -> None:
    # A token line in the middle of a paragraph does not start the footers.
    commit = ok("fix: x\n\nSome text explaining\nNote: this is prose\nand continues.")
    assert commit.footers == ()
    assert "Note: this is prose" in commit.body


def test_crlf_is_accepted() -> None:
    commit = ok("feat(cli): windows\r\n\r\nBody line.\r\n\r\nBREAKING CHANGE: newline style\r\n")
    assert commit.description == "windows"
    assert commit.body == "Body line."
    assert commit.footers == (Footer("BREAKING CHANGE", "newline style"),)


def test_clean_message_drops_comments_and_everything_below_scissors() -> None:
    raw = (
        "feat: add x\n"
        "\n"
        "Body.\n"
        "# Please enter the commit message for your changes.\n"
        "#\n"
        "# ------------------------ >8 ------------------------\n"
        "# Do not modify or remove the line above.\n"
        "diff --git a/x b/x\n"
        "+BREAKING CHANGE: not part of the message\n"
    )
    cleaned = clean_message(raw)
    assert cleaned == "feat: add x\n\nBody."
    assert not ok(cleaned).breaking


def test_clean_message_crlf_and_trailing_blank_lines() -> None:
    assert clean_message("fix: y  \r\n\r\n# comment\r\n\r\n") == "fix: y"


def test_clean_message_keeps_hash_references_that_are_not_at_line_start() -> None:
    assert clean_message("fix: y\n\nCloses #12\n#comment") == "fix: y\n\nCloses #12"


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("fixup! feat: x", True),
        ("squash! fix: y", True),
        ("amend! feat: z", True),
        ("fix: fixup! in text", False),
        ("feat: x", False),
    ],
)
def test_autosquash(message: str, expected: bool) -> None:
    assert is_autosquash(message) is expected


@given(st.text())
def test_parse_never_raises(text: str) -> None:
    assert isinstance(parse(text), ConventionalCommit | ParseFailure)
    assert isinstance(parse(clean_message(text)), ConventionalCommit | ParseFailure)


_TYPE = st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True)
_WORDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 .,]{0,30}[A-Za-z0-9.]", fullmatch=True)


@given(_TYPE, st.one_of(st.none(), _TYPE), st.booleans(), _WORDS)
def test_header_round_trips(type_: str, scope: str | None, bang: bool, description: str) -> None:
    header = f"{type_}{f'({scope})' if scope else ''}{'!' if bang else ''}: {description}"
    commit = ok(header)
    assert commit.header == header
    assert commit.breaking is bang


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200))
def test_clean_message_is_idempotent(text: str) -> None:
    once = clean_message(text)
    assert clean_message(once) == once
    assert "\r" not in once


_BODY = st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\r"))


@given(_TYPE, _WORDS, _BODY)
def test_the_rest_is_every_line_after_the_header(type_: str, description: str, body: str) -> None:
    commit = ok(f"{type_}: {description} \t\n{body}")
    assert (commit.description, commit.rest) == (description, body)
    assert ok(f"{type_}: {description}").rest == ""


@pytest.mark.parametrize("message", ["feat: ", "feat:  \t", "feat: \nbody", "feat(x)!:  \n"])
def test_an_empty_description_is_pointed_at_where_the_header_ends(message: str) -> None:
    failure = parse(message)
    assert isinstance(failure, ParseFailure)
    assert failure.reason == "the description after ': ' is empty"
    assert failure.column == len(message.partition("\n")[0])
