"""Which commits belong to which release: one pass over the commit graph.

A commit belongs to the lowest version whose tag reaches it. Tags are taken in
version order and each claims what it reaches that no lower tag claimed, so
the whole history is split in O(commits), whatever the number of tags.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from releaser.core.history import RawCommit
from releaser.core.tags import VersionTag


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
    by_sha = commits if isinstance(commits, Mapping) else {c.sha: c for c in commits}
    reachable = [t for t in tags if t.sha in by_sha]
    shown = sorted(
        sections_to_show(reachable, keep_prereleases=keep_prereleases), key=lambda t: t.version
    )
    owner: dict[str, int] = {}
    for number, tag in enumerate(shown):
        stack = [tag.sha]
        while stack:
            sha = stack.pop()
            if sha in owner or sha not in by_sha:
                continue
            owner[sha] = number
            stack.extend(by_sha[sha].parents)
    groups: list[list[RawCommit]] = [[] for _ in range(len(shown) + 1)]
    for commit in by_sha.values():  # log order is kept within each release
        groups[owner.get(commit.sha, len(shown))].append(commit)
    ranges = [
        ReleaseRange(tag, shown[i - 1] if i else None, tuple(groups[i]))
        for i, tag in enumerate(shown)
    ]
    ranges.append(ReleaseRange(None, shown[-1] if shown else None, tuple(groups[-1])))
    ranges.reverse()
    return ranges


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
    reachable = [t for t in tags if t.sha in commits]
    shown = sorted(
        sections_to_show(reachable, keep_prereleases=keep_prereleases), key=lambda t: t.version
    )
    at = {t.sha: t for t in shown}  # the highest shown version of each tagged commit
    groups: dict[str | None, list[RawCommit]] = {None: []}
    current: str | None = None
    for commit in commits.values():
        tag = at.get(commit.sha)
        if tag is not None and tag.name not in groups:
            current = tag.name
            groups[current] = []
        groups[current].append(commit)
    ranges = [
        ReleaseRange(tag, shown[i - 1] if i else None, tuple(groups.get(tag.name, ())))
        for i, tag in enumerate(shown)
    ]
    ranges.append(ReleaseRange(None, shown[-1] if shown else None, tuple(groups[None])))
    ranges.reverse()
    return ranges
