"""Squash merges read as the changes they list (GitHub's `* type: ...` body lines)."""

from __future__ import annotations

from releaser.core.commits import parse
from releaser.core.history import RawCommit, SquashRule, analyse

ALWAYS = SquashRule("always")


def raw(message: str) -> RawCommit:
    return RawCommit("a" * 40, ("b" * 40,), "", message)


def test_a_squash_listing_one_change_is_that_change() -> None:
    analysis = analyse([raw("Update exporter (#42)\n\n* fix: quoting")])
    assert [(c.sha, c.commit) for c in analysis.changes] == [("a" * 40, parse("fix: quoting"))]


def test_a_conventional_commit_with_a_bullet_list_is_one_change() -> None:
    message = "feat: exporter\n\nIt writes:\n* csv\n* json"
    assert [(c.sha, c.commit) for c in analyse([raw(message)]).changes] == [
        ("a" * 40, parse(message))
    ]


def test_the_footer_block_after_the_last_item_belongs_to_the_title() -> None:
    squash = raw("feat: big (#9)\n\n* feat: a\n\n* fix: y\n\nCloses #3\nRefs: #4")
    title, item, last = analyse([squash], squash=ALWAYS).changes
    assert (title.references, item.references, last.references) == ((9, 3, 4), (), ())
    assert last.commit == parse("fix: y")


def test_a_title_repeated_by_an_item_is_that_title() -> None:
    squash = raw("feat: add endpoint (#42)\n\n* feat: add endpoint\n\n* fix: typo")
    feat, fix = analyse([squash], squash=ALWAYS).changes
    assert (feat.commit, fix.commit) == (parse("feat: add endpoint (#42)"), parse("fix: typo"))


def test_a_repetition_adds_its_footers_to_the_first_mention() -> None:
    squash = raw(
        "Add endpoint (#42)\n\n* feat: add endpoint\n\nIts body.\n\n"
        "* feat: add endpoint\n\nBREAKING CHANGE: drop X"
    )
    (feat,) = analyse([squash]).changes
    assert feat.commit == parse("feat: add endpoint\n\nIts body.\n\nBREAKING CHANGE: drop X")
    assert feat.commit.breaking_notes == ("drop X",)


def test_an_empty_item_does_not_hide_the_items_after_it() -> None:
    analysis = analyse([raw("Big pull request (#1)\n\n* feat: \n* fix: y")])
    assert [c.commit for c in analysis.changes] == [parse("fix: y")]
