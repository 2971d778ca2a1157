"""From raw commits to changes: merges, autosquash, reverts, squash merges, noise."""

from __future__ import annotations

import hashlib
import itertools
import re

from releaser.core.history import (
    Analysis,
    BumpRules,
    RawCommit,
    SquashRule,
    analyse,
    bump_level,
    references,
)
from releaser.core.version import Bump

RULES = BumpRules()
_counter = itertools.count()


def sha(label: str) -> str:
    return hashlib.sha1(label.encode()).hexdigest()


def raw(message: str, *, label: str | None = None, parents: int = 1) -> RawCommit:
    label = label or f"c{next(_counter)}"
    return RawCommit(sha(label), tuple(sha(f"{label}-p{i}") for i in range(parents)), "", message)


def revert_of(target: RawCommit, *, label: str | None = None, short: bool = False) -> RawCommit:
    reverted = target.sha[:7] if short else target.sha
    return raw(f'Revert "{target.subject}"\n\nThis reverts commit {reverted}.', label=label)


def headers(analysis: Analysis) -> list[str]:
    return [c.commit.header for c in analysis.changes]


def test_conventional_commits_become_changes_in_order() -> None:
    commits = [raw("fix: b"), raw("feat(x): a")]
    analysis = analyse(commits)
    assert headers(analysis) == ["fix: b", "feat(x): a"]
    assert analysis.commit_count == 2
    assert bump_level(analysis, RULES) is Bump.MINOR


def test_bump_levels() -> None:
    assert bump_level(analyse([raw("docs: a"), raw("chore: b")]), RULES) is Bump.NONE
    assert bump_level(analyse([raw("perf: a")]), RULES) is Bump.PATCH
    assert bump_level(analyse([raw("docs!: a"), raw("feat: b")]), RULES) is Bump.MAJOR
    footer = raw("chore: x\n\nBREAKING CHANGE: y")
    assert bump_level(analyse([footer]), RULES) is Bump.MAJOR


def test_configurable_levels() -> None:
    rules = BumpRules({"feat": Bump.MINOR, "docs": Bump.PATCH})
    assert bump_level(analyse([raw("docs: a")]), rules) is Bump.PATCH
    assert bump_level(analyse([raw("fix: a")]), rules) is Bump.NONE


def test_merges_are_skipped_by_default() -> None:
    merge = raw("feat: merged title", parents=2)
    analysis = analyse([merge, raw("fix: a")])
    assert headers(analysis) == ["fix: a"]
    assert merge in analysis.skipped
    assert bump_level(analysis, RULES) is Bump.PATCH


def test_merges_included_on_request() -> None:
    merge = raw("feat: merged title", parents=2)
    assert headers(analyse([merge], include_merges=True)) == ["feat: merged title"]


def test_autosquash_commits_are_ignored() -> None:
    commits = [raw("fixup! feat: a"), raw("squash! feat: a"), raw("amend! feat: a"), raw("docs: d")]
    analysis = analyse(commits)
    assert headers(analysis) == ["docs: d"]
    assert len(analysis.skipped) == 3
    assert analysis.noise == ()
    assert bump_level(analysis, RULES) is Bump.NONE


def test_revert_in_range_cancels_both() -> None:
    feat = raw("feat: shiny")
    analysis = analyse([revert_of(feat), raw("docs: readme"), feat])
    assert headers(analysis) == ["docs: readme"]
    assert analysis.reverts == ()
    assert bump_level(analysis, RULES) is Bump.NONE


def test_revert_by_short_sha_in_range_cancels() -> None:
    feat = raw("feat: shiny")
    analysis = analyse([revert_of(feat, short=True), feat])
    assert analysis.changes == ()
    assert analysis.reverts == ()


def test_revert_of_out_of_range_commit_is_listed() -> None:
    outside = raw("feat(api): shiny (#4)")
    revert = revert_of(outside)
    analysis = analyse([revert, raw("fix: x")])
    assert headers(analysis) == ["fix: x"]
    (listed,) = analysis.reverts
    assert listed.sha == revert.sha
    assert listed.reverted_sha == outside.sha
    assert listed.reverted_header == "feat(api): shiny (#4)"


def test_revert_of_a_revert_restores_the_change() -> None:
    feat = raw("feat: shiny")
    first = revert_of(feat)
    second = revert_of(first)
    analysis = analyse([second, first, feat])
    assert headers(analysis) == ["feat: shiny"]
    assert analysis.reverts == ()
    assert bump_level(analysis, RULES) is Bump.MINOR


def test_revert_of_a_revert_of_an_older_change_is_nothing() -> None:
    feat = raw("feat: shiny")  # released before the range
    first = revert_of(feat)
    second = revert_of(first)
    analysis = analyse([second, first])
    assert analysis.changes == ()
    assert analysis.reverts == ()


ALWAYS = SquashRule("always")


def test_squash_merge_body_counts_as_several_changes() -> None:
    squash = raw(
        "feat: big pull request (#42)\n\n"
        "* feat(api): add endpoint\n\n"
        "* fix: off by one\n\n"
        "Body of the fix.\n\n"
        "* docs: explain\n\n"
        "* feat(api)!: drop v1\n\n"
        "BREAKING CHANGE: v1 is gone"
    )
    analysis = analyse([squash], squash=ALWAYS)
    assert headers(analysis) == [  # each once, in order: no title or item counted twice
        "feat: big pull request (#42)",
        "feat(api): add endpoint",
        "fix: off by one",
        "docs: explain",
        "feat(api)!: drop v1",
    ]
    assert all(c.sha == squash.sha for c in analysis.changes)
    assert bump_level(analysis, RULES) is Bump.MAJOR
    # the footer after the last item is the squash commit's own
    notes = {c.commit.description: c.commit.breaking_notes for c in analysis.changes}
    assert notes["big pull request (#42)"] == ("v1 is gone",)
    assert notes["drop v1"] == ("drop v1",)


def test_a_conventional_title_is_one_change_unless_squashes_are_always_split() -> None:
    squash = raw("feat: add exporter (#42)\n\n* feat(export): csv\n\n* fix: quoting")
    assert headers(analyse([squash])) == ["feat: add exporter (#42)"]
    assert headers(analyse([squash], squash=SquashRule("never"))) == ["feat: add exporter (#42)"]
    assert len(analyse([squash], squash=ALWAYS).changes) == 3
    pattern = SquashRule("auto", re.compile(r"\(#\d+\)$"))
    assert len(analyse([squash], squash=pattern).changes) == 3


def test_squash_merge_with_a_non_conventional_title_still_counts_its_items() -> None:
    squash = raw("Big pull request (#42)\n\n* fix: one\n* perf: two")
    analysis = analyse([squash])
    assert sorted(headers(analysis)) == ["fix: one", "perf: two"]
    assert analysis.noise == ()
    never = analyse([squash], squash=SquashRule("never"))
    assert (never.changes, never.noise) == ((), (squash,))


def test_squash_title_repeating_an_item_is_counted_once() -> None:
    squash = raw("feat: add endpoint (#42)\n\n* feat: add endpoint\n\n* fix: typo")
    analysis = analyse([squash], squash=ALWAYS)
    assert sorted(c.commit.type for c in analysis.changes) == ["feat", "fix"]
    (feat,) = [c for c in analysis.changes if c.commit.type == "feat"]
    assert feat.commit.description.startswith("add endpoint")


def test_repeated_items_keep_the_breaking_marker_of_either() -> None:
    squash = raw("Add endpoint (#42)\n\n* feat: add endpoint\n\n* feat!: add endpoint\n\n* fix: x")
    analysis = analyse([squash])
    assert headers(analysis) == ["feat!: add endpoint", "fix: x"]
    assert bump_level(analysis, RULES) is Bump.MAJOR


def test_a_repeated_title_keeps_the_footer_of_its_repetition() -> None:
    squash = raw(
        "feat(build): allow X (#195)\n\n* feat(build): allow X\n\nRefs: #7\n\n"
        "* feat(build): allow X\n\nBREAKING-CHANGE: old key removed\n\n* fix: y"
    )
    analysis = analyse([squash], squash=ALWAYS)
    (feat, fix) = analysis.changes
    assert feat.commit.breaking_notes == ("old key removed",)
    assert feat.references == (195, 7)
    assert not fix.commit.breaking


def test_non_conventional_commits_are_kept_aside() -> None:
    noise = [raw("WIP"), raw("Update README.md"), raw("")]
    analysis = analyse([*noise, raw("fix: a")])
    assert analysis.noise == tuple(noise)
    assert headers(analysis) == ["fix: a"]
    assert analysis.commit_count == 4


def test_references_in_description_and_footers() -> None:
    commit = raw("fix: crash on empty input (#12)\n\nSee the body #99.\n\nCloses #7\nRefs: #12, #8")
    (change,) = analyse([commit]).changes
    assert change.references == (12, 7, 8)


def test_references_ignore_other_repositories_and_entities() -> None:
    assert references("fix other/repo#5 and &#123; but #6") == (6,)
    assert references("#0 #x") == ()


def test_reapply_of_a_revert_restores_the_change() -> None:
    feat = raw("feat: shiny")
    first = revert_of(feat)
    reapply = raw(f'Reapply "feat: shiny"\n\nThis reverts commit {first.sha}.')
    analysis = analyse([reapply, first, feat])
    assert headers(analysis) == ["feat: shiny"]
    assert analysis.noise == ()
    assert bump_level(analysis, RULES) is Bump.MINOR


def test_squash_merged_revert_pull_request_cancels() -> None:
    feat = raw("feat: shiny (#12)")
    revert = raw(f'Revert "feat: shiny (#12)" (#13)\n\nThis reverts commit {feat.sha}.')
    analysis = analyse([revert, feat])
    assert analysis.changes == ()
    assert analysis.noise == ()
    assert bump_level(analysis, RULES) is Bump.NONE


def test_squash_merged_revert_pull_request_is_listed_when_out_of_range() -> None:
    revert = raw(f'Revert "feat: shiny (#12)" (#13)\n\nThis reverts commit {sha("old")}.')
    (listed,) = analyse([revert]).reverts
    assert listed.reverted_header.startswith("feat: shiny")
