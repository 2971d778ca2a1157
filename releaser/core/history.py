"""From raw commits to the changes a release is made of.

Pure: the git adapter reads `RawCommit`s; this module skips merges and
autosquash commits, cancels reverts within the range, splits squash merges
into their changes, and keeps non-conventional commits aside.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, count, repeat
from typing import NamedTuple, cast

from releaser.core.commits import (
    GIT_REVERT_SUBJECT,
    ConventionalCommit,
    ParseFailure,
    footer_start,
    is_autosquash,
    parse,
)
from releaser.core.squash import change_openings, identity, merged, paragraph_commits
from releaser.core.version import Bump


class RawCommit(NamedTuple):  # a tuple: made once per commit, so cheap to build
    """A commit as git reports it; `parents` is empty for a root commit."""

    sha: str
    parents: tuple[str, ...]
    date: str  # committer date, ISO 8601
    message: str

    @property
    def is_merge(self) -> bool:
        """True for commits with more than one parent."""
        return len(self.parents) > 1

    @property
    def subject(self) -> str:
        """The first line of the message."""
        return self.message.partition("\n")[0]


class Change(NamedTuple):  # a tuple: made once per commit, so cheap to build
    """One conventional change; a squash merge gives several with the same sha.

    A commit of one change reads as that change: it answers as its `Reading` would,
    so a history's usual commit costs no record besides it.
    """

    sha: str
    commit: ConventionalCommit

    @property
    def references(self) -> tuple[int, ...]:
        """Issue / pull request numbers (#123) in the description and the footers.

        Worked out on demand: only the changes a changelog shows need them.
        """
        return _references_of(self.commit)

    @property
    def changes(self) -> tuple[Change, ...]:
        """As a reading: this change alone."""
        return (self,)

    @property
    def revert(self) -> None:
        """As a reading: no revert."""
        return None

    @property
    def autosquash(self) -> bool:
        """As a reading: not an autosquash commit."""
        return False


@dataclass(frozen=True, slots=True)
class Revert:
    """A revert whose reverted commit is not in the same range, so it is listed."""

    sha: str
    reverted_sha: str | None
    reverted_header: str
    references: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Analysis:
    """What a range of commits amounts to, newest first."""

    changes: tuple[Change, ...] = ()
    reverts: tuple[Revert, ...] = ()
    noise: tuple[RawCommit, ...] = ()  # not Conventional Commits
    skipped: tuple[RawCommit, ...] = ()  # merges, autosquash, cancelled reverts
    commit_count: int = 0


@dataclass(frozen=True, slots=True)
class BumpRules:
    """Which change moves the version how much."""

    levels: Mapping[str, Bump] = field(
        default_factory=lambda: {"feat": Bump.MINOR, "fix": Bump.PATCH, "perf": Bump.PATCH}
    )
    revert_level: Bump = Bump.PATCH

    def level_of(self, change: Change) -> Bump:
        """The bump one change calls for."""
        if change.commit.breaking:
            return Bump.MAJOR
        return self.levels.get(change.commit.type, Bump.NONE)


_REVERT_START = re.compile(r"re(?:vert|apply)", re.IGNORECASE)  # may be a revert: look closer
_SHA = operator.itemgetter(0)  # RawCommit.sha
_PARENTS = operator.itemgetter(1)  # RawCommit.parents
_REVERTS_SHA = re.compile(r"This reverts commit (?P<sha>[0-9a-f]{7,40})")
_REFERENCE = re.compile(r"#(?<![\w/&]#)(?P<number>[1-9]\d{0,8})\b")  # "#" first: a fast scan
_SQUASH_ITEM = re.compile(r"^\* (?=[A-Za-z][A-Za-z0-9_-]*(?:\([^()\n]*\))?!?: )", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class SquashRule:
    """Which commits are squash merges whose body lists the changes (`* feat: ...` lines).

    `auto`: a commit whose header is not itself a Conventional Commit, or matches
    `pattern`; `always`: every commit whose body has such lines; `never`: none.
    `semantic-release` and `commitizen` read bodies as those tools do (`core.squash`):
    a paragraph that opens with a header of one of `types` is a change too.
    """

    mode: str = "auto"
    pattern: re.Pattern[str] | None = None
    types: frozenset[str] = frozenset()
    # a line that may open another change
    more: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        openings = change_openings(self.mode, self.types)
        object.__setattr__(self, "more", re.compile(rf"\n(?:{openings})"))

    def splits(self, subject: str, conventional: bool) -> bool:
        """True when a commit with this header and bullet items is read as a squash merge."""
        if self.mode == "never":
            return False
        if self.mode == "always" or not conventional:
            return True
        return self.pattern is not None and self.pattern.search(subject) is not None


AUTO_SQUASH = SquashRule()


class Reading(NamedTuple):
    """What one commit says on its own, before the range it sits in is known, when that
    is not a single change (which is read as the `Change` itself)."""

    autosquash: bool = False
    revert: Revert | None = None
    changes: tuple[Change, ...] = ()


CommitReading = Change | Reading  # what `read_commit` gives


_AUTOSQUASHED = Reading(autosquash=True)
_PARAGRAPH_MODES = frozenset({"semantic-release", "commitizen"})
_NOTHING = Reading()
_new = tuple.__new__


def read_commit(raw: RawCommit, squash: SquashRule = AUTO_SQUASH) -> CommitReading:
    """Parse one commit; done as commits stream in, so parsing overlaps with git.

    This runs for every commit of a history, so the usual case takes the shortest
    path: a conventional header (which no autosquash or `Revert "..."` subject is)
    that is not a `revert:`, with no squash items and no paragraph that may hold
    another change. Whatever the path, the reading is that of `_read_in_full`.
    """
    message = raw.message
    parsed = parse(message)
    if (
        type(parsed) is ConventionalCommit
        and parsed.type != "revert"
        and (not parsed.rest or squash.more.search(message) is None)
    ):  # built as a plain tuple: see _new
        return _new(Change, (raw.sha, parsed))
    return _read_in_full(raw, squash, parsed)


def _read_in_full(
    raw: RawCommit, squash: SquashRule, parsed: ConventionalCommit | ParseFailure
) -> CommitReading:
    """The reading of any commit: autosquash, revert, squash merge, paragraphs, noise."""
    message = raw.message
    if is_autosquash(message):
        return _AUTOSQUASHED
    revert = _as_revert(raw)
    if revert is not None:
        return Reading(revert=revert)
    if squash.mode in _PARAGRAPH_MODES and ("\n\n" in message or "\n\r\n" in message):
        commits = paragraph_commits(message, squash.mode, squash.types)
        return _reading_of([Change(raw.sha, c) for c in commits])
    if "\n* " in message:
        return _reading_of(_changes_of(raw, squash))
    if isinstance(parsed, ConventionalCommit):
        return Change(raw.sha, parsed)
    return _NOTHING


def _reading_of(changes: list[Change]) -> CommitReading:
    """The reading of a commit that brings `changes`: a single one stands for itself."""
    return changes[0] if len(changes) == 1 else Reading(changes=tuple(changes))


def analyse(
    commits: Iterable[RawCommit],
    *,
    include_merges: bool = False,
    readings: Mapping[str, CommitReading] | Sequence[CommitReading] | None = None,
    squash: SquashRule = AUTO_SQUASH,
) -> Analysis:
    """Classify `commits` (newest first) into changes, reverts, noise and skipped.

    `readings` holds commits already read with `read_commit`, by sha or else one for
    each of `commits`, in the same order; commits without one are read here.
    A changelog calls this once per release, so the work is done a whole list at a
    time; only merges and the few commits that are not a single change (a `Reading`)
    are looked at one by one.
    """
    ordered = list(commits)
    aligned = _aligned(ordered, readings, squash)
    readings_at = list(compress(count(), map(operator.is_, map(type, aligned), repeat(Reading))))
    out = set() if include_merges else _merge_places(ordered)
    # A reverted commit and its revert cancel out when both are in the range; a revert
    # is a reading of its own (`Reading.revert`), so most ranges need no closer look.
    if any(cast("Reading", aligned[at]).revert is not None for at in readings_at):
        cancelled = _cancelled_reverts(ordered)
        out.update(i for i, raw in enumerate(ordered) if raw.sha in cancelled)
    # Between the places looked at one by one, a run of changes is taken whole.
    runs: list[Sequence[Change]] = []
    plain: dict[int, Reading] = {}  # the readings that bring no change, by place
    start = 0
    for at in sorted(out.union(readings_at)):
        runs.append(cast("list[Change]", aligned[start:at]))
        start = at + 1
        if at in out:
            continue
        reading = aligned[at]
        if reading.changes:
            runs.append(reading.changes)
        else:
            plain[at] = cast("Reading", reading)
    runs.append(cast("list[Change]", aligned[start:]))
    reverts: list[Revert] = []
    noise: list[RawCommit] = []
    skipped: list[RawCommit] = []
    for i in sorted(out.union(plain)):
        raw, without = ordered[i], plain.get(i)
        if without is None:  # a merge or a cancelled revert
            skipped.append(raw)
        elif without.revert is not None:
            reverts.append(without.revert)
        elif without.autosquash:
            skipped.append(raw)
        else:
            noise.append(raw)
    changes = tuple(chain.from_iterable(runs))
    return Analysis(changes, tuple(reverts), tuple(noise), tuple(skipped), len(ordered))


def _aligned(
    ordered: list[RawCommit],
    readings: Mapping[str, CommitReading] | Sequence[CommitReading] | None,
    squash: SquashRule,
) -> list[CommitReading]:
    """A reading for each of `ordered`: the given ones, and the missing ones read now."""
    if readings is None:
        return list(map(read_commit, ordered, repeat(squash)))
    if not isinstance(readings, Mapping):
        return list(readings)
    found = list(map(readings.get, map(_SHA, ordered)))
    if None not in found:
        return cast("list[CommitReading]", found)
    return [r or read_commit(raw, squash) for r, raw in zip(found, ordered, strict=True)]


def _merge_places(ordered: list[RawCommit]) -> set[int]:
    """Where the merges (`RawCommit.is_merge`: more than one parent) are in `ordered`; the
    parents are counted with `map`, not the property, as this runs for every commit."""
    return {i for i, n in enumerate(map(len, map(_PARENTS, ordered))) if n > 1}


def bump_level(analysis: Analysis, rules: BumpRules) -> Bump:
    """The biggest bump any change or listed revert calls for."""
    level = max((rules.level_of(c) for c in analysis.changes), default=Bump.NONE)
    if analysis.reverts:
        level = max(level, rules.revert_level)
    return level


def references(text: str) -> tuple[int, ...]:
    """Issue and pull request numbers (#123) mentioned in `text`, in order, once each."""
    if "#" not in text:
        return ()
    found = _REFERENCE.findall(text)
    if len(found) == 1:  # the usual case: no repeat to drop
        return (int(found[0]),)
    return tuple(dict.fromkeys(map(int, found)))


def _reverted_sha(message: str) -> str | None:
    match = _REVERTS_SHA.search(message)
    return match["sha"] if match else None


def _is_revert(message: str) -> bool:
    if _REVERT_START.match(message) is None:  # cheap test first: runs per commit
        return False
    subject = message.partition("\n")[0]
    return GIT_REVERT_SUBJECT.fullmatch(subject) is not None or subject.lower().startswith(
        "revert:"
    )


def _cancelled_reverts(ordered: Sequence[RawCommit]) -> set[str]:
    """Shas of reverts and reverted commits that are both in the range.

    Newest first, so a revert of a revert cancels the first revert and the
    original change stays. `analyse` asks only when its readings hold a revert.
    """
    cancelled: set[str] = set()
    index = {raw.sha: raw for raw in ordered}
    for raw in ordered:
        if raw.sha in cancelled or not _is_revert(raw.message):
            continue
        target = _reverted_sha(raw.message)
        if target is None:
            continue
        full = target if target in index else _expand(target, index)
        if full is not None and full not in cancelled:
            cancelled.update((raw.sha, full))
    return cancelled


def _expand(prefix: str, index: Mapping[str, RawCommit]) -> str | None:
    matches = [sha for sha in index if sha.startswith(prefix)]
    return matches[0] if len(matches) == 1 else None


def _as_revert(raw: RawCommit) -> Revert | None:
    if not _is_revert(raw.message):
        return None
    subject = raw.subject
    match = GIT_REVERT_SUBJECT.fullmatch(subject)
    if match is not None:
        header = match["header"]
    elif subject.lower().startswith("revert:"):
        header = subject.partition(":")[2].strip()
    else:
        return None
    return Revert(raw.sha, _reverted_sha(raw.message), header, references(raw.message))


def _changes_of(raw: RawCommit, squash: SquashRule) -> list[Change]:
    """The change(s) of one commit: a squash merge lists several in its body.

    When items repeat one another (GitHub puts the pull request's title first and
    its commits below), they are merged so that no breaking marker or footer is
    lost. With a conventional title, the footers after the last item belong to the
    squash commit itself.
    """
    parsed = parse(raw.message)
    conventional = isinstance(parsed, ConventionalCommit)
    items = _SQUASH_ITEM.split(raw.message)
    if len(items) == 1 or not squash.splits(raw.subject, conventional):
        return [Change(raw.sha, parsed)] if isinstance(parsed, ConventionalCommit) else []
    texts = [item.strip() for item in items]
    if conventional:
        last = texts[-1]
        newline = last.find("\n")
        start = footer_start(last[newline:]) + newline if newline != -1 else len(last)
        if start < len(last):  # the squash commit's own footers: move them to its title
            texts[0] = f"{texts[0]}\n\n{last[start:].strip()}"
            texts[-1] = last[:start].rstrip()
    else:
        texts = texts[1:]
    found: dict[str, ConventionalCommit] = {}  # identity -> change, in order
    for text in texts:
        sub = parse(text)
        if not isinstance(sub, ConventionalCommit):
            continue
        key = identity(sub)
        found[key] = merged(found[key], sub) if key in found else sub
    return [Change(raw.sha, commit) for commit in found.values()]


def _references_of(commit: ConventionalCommit) -> tuple[int, ...]:
    """References in the description and the footers (Closes #12, Refs: #34)."""
    text = commit.description
    rest = commit.rest
    if "#" in rest:  # the footer block as written holds the footer values
        text += "\n" + rest[footer_start(rest) :]
    return references(text) if "#" in text else ()
