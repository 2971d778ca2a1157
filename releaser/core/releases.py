"""Which commits belong to which release: one pass over the commit graph.

A commit belongs to the lowest version whose tag reaches it. Tags are taken in
version order and each claims what it reaches that no lower tag claimed, so
the whole history is split in O(commits), whatever the number of tags.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, count
from typing import TypeVar

from releaser.core.history import RawCommit
from releaser.core.tags import VersionTag

_SHA = operator.itemgetter(0)  # RawCommit.sha
_PARENTS = operator.itemgetter(1)  # RawCommit.parents
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ReleaseRange:
    """The commits of one release (newest first); `tag` is None for unreleased work."""

    tag: VersionTag | None
    previous: VersionTag | None
    commits: tuple[RawCommit, ...]


def sections_to_show(
    tags: Sequence[VersionTag], *, keep_prereleases: bool = False
) -> list[VersionTag]:
    """Final releases, plus the pre-releases newer than the last final one (or all of them).

    A final release covers everything since the previous final release, so the
    pre-releases that led to it are folded into it, unless they are kept: then
    each release, pre-release or not, covers what came since the one before.
    """
    if keep_prereleases:
        return list(tags)
    finals = [t for t in tags if not t.version.is_prerelease]
    top = max((t.version for t in finals), default=None)
    return [t for t in tags if not t.version.is_prerelease or top is None or t.version > top]


def split_history(
    commits: Sequence[RawCommit] | Mapping[str, RawCommit],
    tags: Sequence[VersionTag],
    *,
    keep_prereleases: bool = False,
) -> list[ReleaseRange]:
    """Split `commits` (all reachable from HEAD, newest first) into releases, newest first.

    `commits` may be a list or a sha -> commit mapping in log order. Tags whose
    commit is not among `commits` are not reachable from HEAD and are ignored.
    """
    listed = list(commits.values()) if isinstance(commits, Mapping) else list(commits)
    return _ranges(listed, release_places(listed, tags, keep_prereleases=keep_prereleases))


def split_in_log_order(
    commits: Mapping[str, RawCommit],
    tags: Sequence[VersionTag],
    *,
    keep_prereleases: bool = False,
) -> list[ReleaseRange]:
    """Split `commits`, in `git log --topo-order` order, as semantic-release and commitizen do.

    Each commit belongs to the release whose tagged commit is the last one listed
    before it (itself included); commits listed before any tag are unreleased. A commit
    may so belong to a release that does not reach it. Newest release first.
    """
    listed = list(commits.values())
    places = release_places(listed, tags, keep_prereleases=keep_prereleases, log_order=True)
    return _ranges(listed, places)


Places = tuple[VersionTag | None, VersionTag | None, Sequence[int]]


def release_places(
    listed: Sequence[RawCommit],
    tags: Sequence[VersionTag],
    *,
    keep_prereleases: bool = False,
    log_order: bool = False,
) -> list[Places]:
    """`split_history` (or `split_in_log_order`) as places in `listed`: (tag, previous
    tag, the positions of its commits in `listed`), newest first. In log order, each
    release's positions are a `range`.
    """
    place = dict(zip(map(_SHA, listed), count()))  # where each commit is listed
    reachable = [t for t in tags if t.sha in place]
    shown = sorted(
        sections_to_show(reachable, keep_prereleases=keep_prereleases), key=lambda t: t.version
    )
    groups = _log_order_groups(place, shown) if log_order else _graph_groups(listed, place, shown)
    found: list[Places] = [
        (tag, shown[i - 1] if i else None, groups[i]) for i, tag in enumerate(shown)
    ]
    found.append((None, shown[-1] if shown else None, groups[-1]))
    found.reverse()
    return found


def picked(items: Sequence[_T], places: Sequence[int]) -> tuple[_T, ...]:
    """The items at `places` (a `range` is a slice, taken at once)."""
    if isinstance(places, range):
        return tuple(items[places.start : places.stop])
    return tuple(map(items.__getitem__, places))


def _graph_groups(
    listed: Sequence[RawCommit], place: Mapping[str, int], shown: list[VersionTag]
) -> list[Sequence[int]]:
    """Each commit goes to the lowest version whose tag reaches it; tags are taken in
    version order, each claiming what it reaches that no lower tag claimed."""
    # The graph as positions, built a whole list at a time: commit i's parents are
    # parent[first[i]:first[i + 1]], None for a parent outside the history read.
    parents = list(map(_PARENTS, listed))
    parent = list(map(place.get, chain.from_iterable(parents)))
    first = [0, *accumulate(map(len, parents))]
    unreleased = len(shown)
    owner = [unreleased] * len(listed)
    for number, tag in enumerate(shown):  # one walk in all: no commit is visited twice
        stack: list[int | None] = [place[tag.sha]]
        while stack:
            at = stack.pop()
            while at is not None and owner[at] == unreleased:  # first parents: no stack
                owner[at] = number
                start, end = first[at], first[at + 1]
                if start == end:
                    break
                stack += parent[start + 1 : end]
                at = parent[start]
    groups: list[list[int]] = [[] for _ in range(len(shown) + 1)]
    adds = [group.append for group in groups]
    for at, number in enumerate(owner):  # log order is kept in each
        adds[number](at)
    return [*groups]


def _log_order_groups(place: Mapping[str, int], shown: list[VersionTag]) -> list[Sequence[int]]:
    """Each commit goes to the release whose tagged commit is listed last before it."""
    at = {t.sha: number for number, t in enumerate(shown)}  # the highest shown version
    found = sorted((place[sha], number) for sha, number in at.items())
    ends = [start for start, _ in found[1:]] + [len(place)] * bool(found)
    groups: list[Sequence[int]] = [range(0)] * len(shown)
    for (start, number), end in zip(found, ends, strict=True):  # the slices between them
        groups[number] = range(start, end)
    groups.append(range(found[0][0] if found else len(place)))
    return groups


def _ranges(listed: list[RawCommit], places: list[Places]) -> list[ReleaseRange]:
    return [ReleaseRange(tag, previous, picked(listed, where)) for tag, previous, where in places]
