"""Splitting a history into releases and classifying each release's commits give what the
plain definitions give, on any commit graph and tag set (hypothesis).

The code under test takes shortcuts (whole-list operations instead of one step per
commit); the models below are the definitions, written one commit at a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releaser.core.history import (
    AUTO_SQUASH,
    Analysis,
    Change,
    CommitReading,
    RawCommit,
    Revert,
    SquashRule,
    _cancelled_reverts,
    analyse,
    read_commit,
)
from releaser.core.releases import (
    ReleaseRange,
    sections_to_show,
    split_history,
    split_in_log_order,
)
from releaser.core.tags import VersionTag, version_tags


def _sha(number: int) -> str:
    return f"{number + 0xABC0000:040x}"


def model_split_history(
    commits: Sequence[RawCommit], tags: Sequence[VersionTag], keep: bool
) -> list[ReleaseRange]:
    """Each commit goes to the lowest shown version whose tag reaches it."""
    by_sha = {c.sha: c for c in commits}
    shown = sorted(
        sections_to_show([t for t in tags if t.sha in by_sha], keep_prereleases=keep),
        key=lambda t: t.version,
    )

    def reached(start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            sha = todo.pop()
            if sha in by_sha and sha not in seen:
                seen.add(sha)
                todo.extend(by_sha[sha].parents)
        return seen

    reach = [reached(t.sha) for t in shown]
    ranges = []
    for i, tag in enumerate(shown):
        lower: set[str] = set().union(*reach[:i])
        mine = tuple(c for c in commits if c.sha in reach[i] and c.sha not in lower)
        ranges.append(ReleaseRange(tag, shown[i - 1] if i else None, mine))
    everything: set[str] = set().union(*reach)
    rest = tuple(c for c in commits if c.sha not in everything)
    ranges.append(ReleaseRange(None, shown[-1] if shown else None, rest))
    return ranges[::-1]


def model_split_in_log_order(
    commits: Sequence[RawCommit], tags: Sequence[VersionTag], keep: bool
) -> list[ReleaseRange]:
    """Each commit goes to the release whose tagged commit is listed last before it."""
    listed = {c.sha for c in commits}
    shown = sorted(
        sections_to_show([t for t in tags if t.sha in listed], keep_prereleases=keep),
        key=lambda t: t.version,
    )
    at = {t.sha: t for t in shown}
    owner: dict[str, str | None] = {}
    current: str | None = None
    for commit in commits:
        if commit.sha in at:
            current = at[commit.sha].name
        owner[commit.sha] = current
    ranges = [
        ReleaseRange(
            tag, shown[i - 1] if i else None, tuple(c for c in commits if owner[c.sha] == tag.name)
        )
        for i, tag in enumerate(shown)
    ]
    unreleased = tuple(c for c in commits if owner[c.sha] is None)
    ranges.append(ReleaseRange(None, shown[-1] if shown else None, unreleased))
    return ranges[::-1]


def model_analyse(
    commits: Sequence[RawCommit],
    include_merges: bool,
    readings: Mapping[str, CommitReading] | None,
    squash: SquashRule,
) -> Analysis:
    """One commit at a time: skipped merges and cancelled reverts, then what it reads as."""
    cancelled = _cancelled_reverts(commits)
    changes: list[Change] = []
    reverts: list[Revert] = []
    noise: list[RawCommit] = []
    skipped: list[RawCommit] = []
    for raw in commits:
        if (raw.is_merge and not include_merges) or raw.sha in cancelled:
            skipped.append(raw)
            continue
        reading = (readings or {}).get(raw.sha) or read_commit(raw, squash)
        if reading.changes:
            changes.extend(reading.changes)
        elif reading.revert is not None:
            reverts.append(reading.revert)
        elif reading.autosquash:
            skipped.append(raw)
        else:
            noise.append(raw)
    return Analysis(tuple(changes), tuple(reverts), tuple(noise), tuple(skipped), len(commits))


_MESSAGES = [
    "feat: add {n}",
    "fix(api): mend {n}\n\nCloses #12",
    "chore: tidy {n}",
    "not conventional {n}",
    "fixup! feat: add {n}",
    "squash! fix: x",
    'Revert "feat: add {r}"\n\nThis reverts commit {rsha}.',
    "revert: fix(api): mend {r}\n\nThis reverts commit {rshort}.",
    "Update things\n\n* feat: one {n}\n* fix: two {n}",
    "feat!: break {n}\n\nBREAKING CHANGE: gone",
]


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[RawCommit], list[VersionTag]]:
    """A commit graph (newest first), some commits with parents outside it, and tags."""
    size = draw(st.integers(1, 14))
    commits: list[RawCommit] = []
    for n in range(size):
        parents: tuple[str, ...] = ()
        if n:
            first = draw(st.sampled_from([n - 1, *range(n)]))
            extra = draw(st.lists(st.integers(0, n - 1), max_size=2))
            parents = (_sha(first), *(_sha(e) for e in extra if e != first))
        if draw(st.integers(0, 9)) == 0:
            parents += (_sha(999),)  # a parent the log does not list
        r = draw(st.integers(0, max(n - 1, 0)))
        text = draw(st.sampled_from(_MESSAGES))
        message = text.format(n=n, r=r, rsha=_sha(r), rshort=_sha(r)[:9])
        commits.append(RawCommit(_sha(n), tuple(dict.fromkeys(parents)), "", message))
    commits.reverse()
    if draw(st.booleans()):  # any order git may list them in (a child may follow a parent)
        commits = draw(st.permutations(commits))
    versions = ["1.0.0", "1.1.0", "1.1.0-rc.1", "2.0.0-beta.1", "0.9.0", "2.0.0", "1.2.0-rc.2"]
    names = draw(st.lists(st.sampled_from(versions), unique=True, max_size=6))
    refs = []
    for version in names:
        target = draw(st.integers(0, size))  # `size`: a commit the log does not list
        refs.append((f"v{version}", _sha(target if target < size else 998), "2024-01-01"))
    return commits, version_tags(refs, "v{version}")


def _by_sha(commits: list[RawCommit]) -> dict[str, RawCommit]:
    return {c.sha: c for c in commits}


@given(histories(), st.booleans())
def test_split_history_gives_each_commit_to_the_lowest_version_reaching_it(
    history: tuple[list[RawCommit], list[VersionTag]], keep: bool
) -> None:
    commits, tags = history
    expected = model_split_history(commits, tags, keep)
    assert split_history(commits, tags, keep_prereleases=keep) == expected
    assert split_history(_by_sha(commits), tags, keep_prereleases=keep) == expected


@given(histories(), st.booleans())
def test_split_in_log_order_gives_each_commit_to_the_tag_listed_above_it(
    history: tuple[list[RawCommit], list[VersionTag]], keep: bool
) -> None:
    commits, tags = history
    expected = model_split_in_log_order(commits, tags, keep)
    assert split_in_log_order(_by_sha(commits), tags, keep_prereleases=keep) == expected


@given(
    histories(), st.booleans(), st.sampled_from(["all", "some", "none", "aligned"]), st.booleans()
)
def test_analyse_classifies_each_commit_as_read_one_at_a_time(
    history: tuple[list[RawCommit], list[VersionTag]], merges: bool, known: str, always: bool
) -> None:
    commits, _ = history
    squash = SquashRule("always") if always else AUTO_SQUASH
    readings = {
        c.sha: read_commit(c, squash)
        for i, c in enumerate(commits)
        if known in ("all", "aligned") or (known == "some" and i % 2)
    }
    given_readings = None if known == "none" else readings
    found = analyse(commits, include_merges=merges, readings=given_readings, squash=squash)
    if known == "aligned":  # one reading for each commit, in their order
        aligned = [read_commit(c, squash) for c in commits]
        found = analyse(commits, include_merges=merges, readings=aligned, squash=squash)
    assert found == model_analyse(commits, merges, given_readings, squash)


def test_analyse_skips_a_revert_and_the_commit_it_reverts_in_the_same_range() -> None:
    change = RawCommit(_sha(1), (_sha(0),), "", "feat: add 1")
    revert = RawCommit(
        _sha(2), (_sha(1),), "", f'Revert "feat: add 1"\n\nThis reverts commit {_sha(1)}.'
    )
    merge = RawCommit(_sha(3), (_sha(2), _sha(9)), "", "feat: merged")
    tail = RawCommit(_sha(4), (_sha(3),), "", "fix: later")
    found = analyse([tail, merge, revert, change])
    assert [raw.sha for raw in found.skipped] == [_sha(3), _sha(2), _sha(1)]
    assert [c.commit.description for c in found.changes] == ["later"]


def test_analyse_cancels_a_lower_case_revert_and_lists_a_revert_of_an_older_release() -> None:
    change = RawCommit(_sha(1), (_sha(0),), "", "fix: mend 1")
    revert = RawCommit(
        _sha(2), (_sha(1),), "", f"revert: fix: mend 1\n\nThis reverts commit {_sha(1)}."
    )
    older = RawCommit(
        _sha(3), (_sha(2),), "", f"revert: feat: old\n\nThis reverts commit {_sha(0)}."
    )
    found = analyse(
        [older, revert, change], readings=[read_commit(c) for c in (older, revert, change)]
    )
    assert [raw.sha for raw in found.skipped] == [_sha(2), _sha(1)]
    assert [r.reverted_header for r in found.reverts] == ["feat: old"]
    assert found.changes == ()


@pytest.mark.parametrize(
    "subject",
    ['Revert "fix: mend 1"', 'Reapply "fix: mend 1"', "revert: fix: mend 1", "REVERT: fix: mend 1"],
)
def test_each_spelling_of_a_revert_cancels_the_change_it_reverts_in_its_range(
    subject: str,
) -> None:
    change = RawCommit(_sha(1), (_sha(0),), "", "fix: mend 1")
    refactor = RawCommit(_sha(2), (_sha(1),), "", "refactor: read 2")
    revert = RawCommit(_sha(3), (_sha(2),), "", f"{subject}\n\nThis reverts commit {_sha(1)}.")
    found = analyse([revert, refactor, change])
    assert [raw.sha for raw in found.skipped] == [_sha(3), _sha(1)]
    assert [c.commit.type for c in found.changes] == ["refactor"]
    assert found.reverts == ()
