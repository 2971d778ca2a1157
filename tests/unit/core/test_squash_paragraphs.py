"""The changes in a commit's body paragraphs, as semantic-release and commitizen read them."""

from __future__ import annotations

from releaser.core.history import RawCommit, SquashRule, read_commit
from releaser.core.squash import semantic_release_messages

TYPES = frozenset({"feat", "fix", "docs"})
SEMANTIC_RELEASE = SquashRule("semantic-release", types=TYPES)
COMMITIZEN = SquashRule("commitizen", types=TYPES)


def changes(message: str, squash: SquashRule) -> list[tuple[str, bool]]:
    reading = read_commit(RawCommit("a" * 40, (), "2024-01-01", message), squash)
    return [(c.commit.header, c.commit.breaking) for c in reading.changes]


def test_a_first_header_of_one_word_is_still_the_first_change() -> None:
    message = "fix: typo\n\nIn the readme.\n\n* feat: add a flag"
    first, second = "fix: typo\n\nIn the readme.", "feat: add a flag"
    assert semantic_release_messages(message, TYPES) == [first, second]
    assert changes(message, SEMANTIC_RELEASE) == [("fix: typo", False), ("feat: add a flag", False)]


def test_a_first_paragraph_that_is_no_known_change_is_skipped_and_the_rest_read() -> None:
    for first in ("Update the docs", "wip: half done"):
        message = f"{first}\n\n* fix: the quoting issue\n\n* feat: add a flag"
        assert changes(message, SEMANTIC_RELEASE) == [
            ("fix: the quoting issue", False),
            ("feat: add a flag", False),
        ], first


def test_an_item_with_its_own_number_keeps_it_and_the_others_get_the_first() -> None:
    message = "feat: big change (#12)\n\n* fix: the parser (#5)\n\n* fix: the lexer"
    assert [h for h, _ in changes(message, SEMANTIC_RELEASE)] == [
        "feat: big change (#12)",
        "fix: the parser (#5)",
        "fix: the lexer (#12)",
    ]


def test_a_change_repeated_below_keeps_the_breaking_marker_of_its_first_mention() -> None:
    message = "feat!: drop the old api (#12)\n\n* feat: drop the old api\n\n* fix: the parser"
    assert changes(message, SEMANTIC_RELEASE) == [
        ("feat!: drop the old api (#12)", True),
        ("fix: the parser (#12)", False),
    ]
    message = "feat!: drop the old api\n\nfeat: drop the old api\n\nfix: the parser"
    assert changes(message, COMMITIZEN) == [
        ("feat!: drop the old api", True),
        ("fix: the parser", False),
    ]


def test_commitizen_keeps_a_paragraph_whole_up_to_its_last_letter() -> None:
    message = "feat: plot axes\n\nfix(axis): label the X\n\nfeat(axis): X"
    assert [h for h, _ in changes(message, COMMITIZEN)] == [
        "feat: plot axes",
        "fix(axis): label the X",
        "feat(axis): X",
    ]


def test_commitizen_reads_a_header_in_the_first_paragraph_of_the_body() -> None:
    message = "feat: plot axes\n\nfix(axis): label the X"
    found = [h for h, _ in changes(message, COMMITIZEN)]
    assert found == ["feat: plot axes", "fix(axis): label the X"]
