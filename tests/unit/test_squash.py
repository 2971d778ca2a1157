"""Bodies read as python-semantic-release and commitizen read them (`squash-commits`).

The messages are modelled on commits of those projects' own histories.
"""

from __future__ import annotations

from releaser.core.history import AUTO_SQUASH, RawCommit, SquashRule, read_commit
from releaser.core.squash import semantic_release_messages

TYPES = frozenset(
    {"feat", "fix", "perf", "build", "chore", "ci", "docs", "style", "refactor", "test"}
)

# python-semantic-release 23e02b9: a GitHub squash merge, its commits as `*` items.
GITHUB_SQUASH = """\
feat: extend gitlab to edit a previous release if exists (#934)

* style(hvcs-github): update function docstrings for params

* feat(hvcs-gitlab): enable gitlab to edit a previous release if found

* fix(hvcs-gitlab): add tag message to release creation

  With a second paragraph.

---------

Co-authored-by: someone <someone@example.com>"""

# `git merge --squash` spells each commit out, indented.
GIT_SQUASH = """\
Squashed commit of the following:

commit 63ec09b9e844e616dcaa7bae35a0b66671b59fbb
Author: codejedi365 <codejedi365@example.com>
Date:   Sun Oct 13 12:05:23 2024 -0600

    feat(release-config): some commit subject

commit 1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d
Author: codejedi365 <codejedi365@example.com>
Date:   Sun Oct 13 12:00:00 2024 -0600

    - fix(config): handle an empty table
"""


def changes(message: str, squash: SquashRule) -> list[str]:
    reading = read_commit(RawCommit("a" * 40, (), "2024-01-01", message), squash)
    return [f"{c.commit.header}" for c in reading.changes]


def test_semantic_release_splits_at_every_header_paragraph() -> None:
    found = changes(GITHUB_SQUASH, SquashRule("semantic-release", types=TYPES))
    assert found == [
        "feat: extend gitlab to edit a previous release if exists (#934)",
        "style(hvcs-github): update function docstrings for params (#934)",
        "feat(hvcs-gitlab): enable gitlab to edit a previous release if found (#934)",
        "fix(hvcs-gitlab): add tag message to release creation (#934)",
    ]  # each part carries the pull request number of the first, as in its changelog


def test_semantic_release_keeps_the_paragraphs_after_a_header_as_its_body() -> None:
    messages = semantic_release_messages(GITHUB_SQUASH, TYPES)
    assert messages[-1] == (
        "fix(hvcs-gitlab): add tag message to release creation\n\n"
        "With a second paragraph.\n\n---------\n\n"
        "Co-authored-by: someone <someone@example.com>"
    )


def test_semantic_release_reads_git_merge_squash_and_dash_bullets() -> None:
    assert semantic_release_messages(GIT_SQUASH, TYPES) == [
        "feat(release-config): some commit subject",
        "fix(config): handle an empty table",
    ]


def test_semantic_release_needs_two_words_and_a_known_type() -> None:
    message = "fix(api): handle timeouts\n\nfix: #123\n\nwip(x): not a known type here"
    assert semantic_release_messages(message, TYPES) == [message]  # one commit, nothing split
    rule = SquashRule("semantic-release", types=TYPES)
    assert changes("revert: a type it does not know", rule) == []


def test_commitizen_adds_body_paragraphs_that_open_with_a_header() -> None:
    # commitizen c09f3777: the body lists the branch's commits as paragraphs
    message = (
        "feat: add yaml as a config option\n\n314\n\n"
        "feat(config): add support for the new class YAMLConfig\n\n314\n\n"
        "- fix(config): a bullet is not a paragraph header for commitizen\n\n"
        "fix(YAMLConfig): add a TypeError exception to handle in _parse_settings method"
    )
    found = changes(message, SquashRule("commitizen", types=TYPES))
    assert found == [
        "feat: add yaml as a config option",
        "feat(config): add support for the new class YAMLConfig",
        "fix(YAMLConfig): add a TypeError exception to handle in _parse_settings method",
    ]


def test_commitizen_finds_header_paragraphs_wherever_a_paragraph_opens() -> None:
    # right after the header line, after extra blank lines, in CRLF text; not a longer word
    rule = SquashRule("commitizen", types=TYPES)
    message = "feat: add a\nfix(api): mend b\n\n\n\nperf: faster parse\n\nfeat:\n\nlonely"
    assert changes(message, rule) == ["feat: add a", "fix(api): mend b", "perf: faster parse"]
    assert changes("feat: add a\r\n\r\n\r\ndocs!: say why\r\n", rule) == [
        "feat: add a",
        "docs!: say why",
    ]
    assert changes("feat: add a\n\nbody\n\n\nfix: three newlines", rule) == [
        "feat: add a",
        "fix: three newlines",
    ]
    assert changes("feat: add a\n\nfeature: not a type\n\nfix : spaced", rule) == ["feat: add a"]


def test_releaser_default_reads_neither_way() -> None:
    assert changes(GITHUB_SQUASH, AUTO_SQUASH) == [
        "feat: extend gitlab to edit a previous release if exists (#934)"
    ]
    message = "feat: add yaml\n\nfix(config): a paragraph header"
    assert changes(message, AUTO_SQUASH) == ["feat: add yaml"]


def test_semantic_release_reads_crlf_bodies_as_lf_ones() -> None:
    rule = SquashRule("semantic-release", types=TYPES)
    assert changes(GITHUB_SQUASH.replace("\n", "\r\n"), rule) == changes(GITHUB_SQUASH, rule)


def test_semantic_release_splits_at_a_two_word_description() -> None:
    message = "feat: a direct push\n\n* fix: typo fixed\n\n* docs: readme"
    found = changes(message, SquashRule("semantic-release", types=TYPES))
    assert found == ["feat: a direct push", "fix: typo fixed"]  # `readme` is one word: a body


def test_semantic_release_without_a_number_adds_none_to_the_items() -> None:
    message = "feat: a local squash\n\n* fix: the parser keeps spaces"
    found = changes(message, SquashRule("semantic-release", types=TYPES))
    assert found == ["feat: a local squash", "fix: the parser keeps spaces"]
