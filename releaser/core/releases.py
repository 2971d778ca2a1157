"""Which commits belong to which release: one pass over the commit graph.

A commit belongs to the lowest version whose tag reaches it. Tags are taken in
version order and each claims what it reaches that no lower tag claimed, so
the whole history is split in O(commits), whatever the number of tags.
"""

from __future__ import annotations

import operator
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, compress, count
from typing import TypeVar

from releaser.core.history import RawCommit
from releaser.core.tags import VersionTag

_SHA = operator.itemgetter(0)  # RawCommit.sha
_PARENTS = operator.itemgetter(1)  # RawCommit.parents
_FIRST = operator.itemgetter(0)
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
    shas = list(map(_SHA, listed))
    graph = None if log_order else _Graph(listed, shas)
    place = _places(shas, {t.sha for t in tags} | (graph.ends_parents if graph else set()))
    reachable = [t for t in tags if t.sha in place]
    shown = sorted(
        sections_to_show(reachable, keep_prereleases=keep_prereleases), key=lambda t: t.version
    )
    if graph is None:
        groups = _log_order_groups(place, shown, len(listed))
    else:
        groups = graph.groups([place[t.sha] for t in shown], place)
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


def _places(shas: list[str], wanted: set[str]) -> dict[str, int]:
    """Where each of the `wanted` shas is listed in `shas` (those it lists)."""
    hits = list(compress(count(), map(wanted.__contains__, shas)))
    return dict(zip(map(shas.__getitem__, hits), hits, strict=True))


class _Graph:
    """The commit graph of a log, for claiming commits a tag at a time.

    Mostly, a commit's only parent is the next commit listed: such a run of commits is
    claimed at once, and only the commits that end a run have their parents looked up.
    """

    def __init__(self, listed: Sequence[RawCommit], shas: list[str]) -> None:
        self.parents = list(map(_PARENTS, listed))
        single = list(map((1).__eq__, map(len, self.parents)))
        ones = list(compress(count(), single))  # the commits with one parent...
        following = [*shas[1:], ""]  # the commit listed next ("" after the last one)
        nexts = map(following.__getitem__, ones)
        linked = map(operator.eq, map(_FIRST, compress(self.parents, single)), nexts)
        ends = compress(ones, map(operator.not_, linked))  # ...not the next one end a run
        self.ends = sorted(chain(ends, compress(count(), map(operator.not_, single))))
        self.ends_parents = set(chain.from_iterable(map(self.parents.__getitem__, self.ends)))
        self.size = len(shas)

    def groups(self, starts: list[int], place: Mapping[str, int]) -> list[Sequence[int]]:
        """For each start (a tagged commit) in turn, the positions it reaches that no
        start before it reached, in log order; then the positions none reaches."""
        owned = bytearray(self.size)
        claims: list[tuple[int, int, int]] = []  # (first position, past the last, number)
        for number, start in enumerate(starts):
            stack: list[int | None] = [start]
            while stack:
                at = stack.pop()
                while at is not None and not owned[at]:
                    last = self.ends[bisect_left(self.ends, at)]
                    stop = owned.find(1, at, last + 1)  # what lies below it is claimed
                    end = last + 1 if stop == -1 else stop
                    owned[at:end] = b"\x01" * (end - at)
                    claims.append((at, end, number))
                    parents = self.parents[last] if stop == -1 else ()
                    if not parents:
                        break
                    stack += map(place.get, parents[1:])
                    at = place.get(parents[0])
        runs: list[list[range]] = [[] for _ in starts]
        for first, end, number in sorted(claims):
            runs[number].append(range(first, end))
        groups: list[Sequence[int]] = [list(chain.from_iterable(r)) for r in runs]
        groups.append(list(compress(count(), map(operator.not_, owned))))
        return groups


def _log_order_groups(
    place: Mapping[str, int], shown: list[VersionTag], size: int
) -> list[Sequence[int]]:
    """Each commit goes to the release whose tagged commit is listed last before it."""
    at = {t.sha: number for number, t in enumerate(shown)}  # the highest shown version
    found = sorted((place[sha], number) for sha, number in at.items())
    ends = [start for start, _ in found[1:]] + [size] * bool(found)
    groups: list[Sequence[int]] = [range(0)] * len(shown)
    for (start, number), end in zip(found, ends, strict=True):  # the slices between them
        groups[number] = range(start, end)
    groups.append(range(found[0][0] if found else size))
    return groups


def _ranges(listed: list[RawCommit], places: list[Places]) -> list[ReleaseRange]:
    return [ReleaseRange(tag, previous, picked(listed, where)) for tag, previous, where in places]
