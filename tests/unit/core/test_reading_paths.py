"""`read_commit` takes a short path for the usual commit; whatever the message and the
squash rule, it must read the commit exactly as the full path does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from releaser.core.commits import ConventionalCommit, parse
from releaser.core.history import Change, RawCommit, SquashRule, _read_in_full, read_commit

SHA = "0123456789abcdef0123456789abcdef01234567"
TYPES = frozenset({"feat", "fix", "perf"})
RULES = [
    SquashRule(),
    SquashRule("always"),
    SquashRule("never"),
    SquashRule("commitizen", types=TYPES),
    SquashRule("semantic-release", types=TYPES),
]

# Lines that steer a reading: headers, squash items, footers, reverts, blank lines.
LINES = st.sampled_from(
    [
        "feat: add x",
        "feat(api)!: drop y",
        "fix: typo",
        "Fix: upper case",
        "docs: note",
        "revert: feat: add x",
        'Revert "feat: add x"',
        "This reverts commit 0123456789abcdef.",
        "fixup! feat: add x",
        "* feat: item one",
        "* fix!: item two",
        "- fix: dashed item",
        "  feat: indented",
        "perf(db) : not a header",
        "BREAKING CHANGE: gone",
        "Refs: #12",
        "plain words",
        "",
        "",
        "\r",
        "feat( api ): padded scope",
        "feat(): empty scope",
        "feat:  padded description \t",
        "feat: \x0b",
        "feat: trailing unicode space\u2003",
        "fix(a b)!: inner space",
        "FEAT: upper",
        "fEat: mixed",
        "revert(api)!: scoped revert",
        "reverted: not a revert",
        "feat_x-y: odd type",
        "feat : space before colon",
        "feat:no space",
        "* docs: an item of a hidden type",
        "\t* feat: indented item",
        "feat: a ✨ sparkle",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=8), st.sampled_from(RULES))
def test_the_short_path_reads_as_the_full_path(lines: list[str], rule: SquashRule) -> None:
    message = "\n".join(lines).strip("\n")
    raw = RawCommit(SHA, (), "", message)
    assert read_commit(raw, rule) == _read_in_full(raw, rule, parse(message))


@pytest.mark.parametrize(
    ("message", "rule", "changes"),
    [
        # commitizen: a later paragraph opening with a known type is a change too...
        ("feat: a\n\nfix: b", RULES[3], ["feat: a", "fix: b"]),
        # ...right below the header as well, and after a CRLF blank line
        ("feat: a\r\n\r\nfix: b", RULES[3], ["feat: a", "fix: b"]),
        # ...but not a type commitizen is not told about, nor one inside a paragraph
        ("feat: a\n\ndocs: b", RULES[3], ["feat: a"]),
        ("feat: a\n\nsee fix: b", RULES[3], ["feat: a"]),
        # semantic-release splits at blank lines; releaser's own rule does not
        ("feat: a\n\nfix: b c", RULES[4], ["feat: a", "fix: b c"]),
        ("feat: a\n\nfix: b c", RULES[0], ["feat: a"]),
    ],
)
def test_paragraphs_hold_changes_as_each_tool_reads_them(
    message: str, rule: SquashRule, changes: list[str]
) -> None:
    reading = read_commit(RawCommit(SHA, (), "", message), rule)
    assert [c.commit.header for c in reading.changes] == changes


@pytest.mark.parametrize(
    "message",
    [
        "feat: add x",
        "fix(api)!: drop y (#12)\n\nBody text.\n\nRefs: #12",
        "perf(db-layer_2): faster \t\n\n  * a list item indented, not a squash item",
        "chore: x\n\nfeat is mentioned: mid-line, not at a line's start",
    ],
)
def test_usual_commits_take_the_short_path(message: str) -> None:
    for rule in RULES[:4]:
        assert rule.more.search(message) is None


def test_rules_that_differ_only_in_their_patterns_are_equal() -> None:
    assert SquashRule("commitizen", types=TYPES) == SquashRule("commitizen", types=TYPES)
    assert SquashRule("commitizen", types=TYPES).more.search("x\nfix: y") is not None
    assert SquashRule().more.search("x\nfix: y") is None


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("fix(api)!: drop y (#12)\n\nBody text.\n\nRefs: #12", RULES[0]),
        ("feat: a\n\ndocs: b", RULES[3]),  # a paragraph, but not one of a change
        ("feat: a\n\n* docs: hidden", RULES[2]),  # squash items that `never` ignores
    ],
)
def test_a_commit_of_one_change_reads_as_that_change(message: str, rule: SquashRule) -> None:
    # No record besides the change is kept for it: a history holds 100k such commits.
    parsed = parse(message)
    assert isinstance(parsed, ConventionalCommit)
    change = Change(SHA, parsed)
    reading = read_commit(RawCommit(SHA, (), "", message), rule)
    assert reading == change
    assert (reading.changes, reading.revert, reading.autosquash) == ((change,), None, False)


def test_a_commit_of_several_changes_or_none_reads_as_a_reading() -> None:
    squashed = read_commit(RawCommit(SHA, (), "", "Big PR (#9)\n\n* feat: a\n* fix: b"))
    assert [c.commit.header for c in squashed.changes] == ["feat: a", "fix: b"]
    assert read_commit(RawCommit(SHA, (), "", "Update README")).changes == ()
    assert read_commit(RawCommit(SHA, (), "", "fixup! feat: a")).autosquash
