"""Every release reachable from HEAD as changelog sections, read from one `git log`."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import repeat
from typing import TYPE_CHECKING

from releaser.adapters.git import GitRepository
from releaser.config import Config
from releaser.core.history import CommitReading, RawCommit, analyse, read_commit
from releaser.core.tags import VersionTag, version_tags
from releaser.errors import GitError
from releaser.history.upcoming import NextRelease, squash_rule

if TYPE_CHECKING:  # loaded on use: `releaser next` renders nothing
    from releaser.core.changelog import ReleaseSection


def history_sections(
    repo: GitRepository,
    config: Config,
    *,
    unreleased: bool,
    prereleases: str | None = None,
    pathspecs: Sequence[str] = (),
    meanwhile: Callable[[], object] | None = None,
) -> list[ReleaseSection]:
    """Every release reachable from HEAD, newest first, from one `git log`.

    Pre-releases are folded into their final release, or kept as sections of their
    own: `prereleases` ("fold" or "keep") or else `changelog-prereleases` says which.
    With `pathspecs`, a release lists only the commits that change a file they name.
    `meanwhile` is called once git has started, before its output is read: the caller's
    own preparations (which must not fail) cost no time then.
    """
    topo = config.changelog_ranges == "log-order"
    if pathspecs:  # the whole graph says which release holds a commit; read only its shape
        head = repo.head()  # both logs start at the same commit
        log = repo.log_batches(head, graph_only=True, topo_order=topo)
        counted: Iterator[RawCommit] | None = repo.log(head, pathspecs=pathspecs, dates=False)
    else:
        # git starts reading history now (no dates: a changelog shows the tags' dates)...
        log, counted = repo.log_batches("HEAD", topo_order=topo, dates=False), None
    tags = version_tags(repo.tag_refs(), config.tag_format)  # ...while the tags are listed
    if meanwhile is not None:
        meanwhile()
    keep = (prereleases or config.changelog_prereleases) == "keep"
    try:
        with cycle_collector_paused():
            return _sections(
                log, tags, config, unreleased=unreleased, keep_prereleases=keep, counted=counted
            )
    except GitError:
        repo.head()  # a repository with no commits yet says so
        raise


def _sections(
    log: Iterator[list[RawCommit]],
    tags: list[VersionTag],
    config: Config,
    *,
    unreleased: bool,
    keep_prereleases: bool = False,
    counted: Iterator[RawCommit] | None = None,
) -> list[ReleaseSection]:
    """The sections of the commits `log` lists, a batch at a time. With `counted`, only the
    commits it lists count, and `log` need only give their shape (shas and parents)."""
    from releaser.core.changelog import ReleaseSection
    from releaser.core.releases import picked, release_places

    squash = squash_rule(config)
    listed: list[RawCommit] = []  # in log order
    readings: list[CommitReading] = []  # one for each commit listed, in the same order
    for batch in log:  # parsed while git is still writing, with no Python loop per commit
        listed += batch
        if counted is None:
            readings += map(read_commit, batch, repeat(squash))
    full = {raw.sha: raw for raw in counted} if counted is not None else None
    sections = []
    log_order = config.changelog_ranges == "log-order"
    places = release_places(listed, tags, keep_prereleases=keep_prereleases, log_order=log_order)
    for tag, previous, where in places:
        if tag is None and not unreleased:
            continue
        if full is None:
            mine, known = picked(listed, where), picked(readings, where)
        else:
            mine, known = tuple(full[c.sha] for c in picked(listed, where) if c.sha in full), ()
        analysis = analyse(
            mine, include_merges=config.include_merges, readings=known or None, squash=squash
        )
        if tag is None and not (analysis.changes or analysis.reverts):
            continue
        sections.append(
            ReleaseSection(
                version=tag.version.semver if tag else None,
                tag=tag.name if tag else None,
                previous_tag=previous.name if previous else None,
                date=tag.date if tag else "",
                analysis=analysis,
            )
        )
    return sections


def next_section(release: NextRelease, date: str) -> ReleaseSection:
    """The changelog section of the release about to be made."""
    from releaser.core.changelog import ReleaseSection

    version = release.version
    return ReleaseSection(
        version=version.semver if version else None,
        tag=release.tag,
        previous_tag=release.current.name if release.current else None,
        date=date,
        analysis=release.analysis,
    )


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while per-commit records are built.

    They form no reference cycles, yet each collector pass walks every live
    object: on a 100k-commit history those passes cost more than the parsing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Re-enabled as it stands, the collector's first pass would walk all those
            # records at once (0.15 s for 100k commits); frozen, they are left out.
            gc.freeze()
            gc.enable()


def today() -> str:
    """Today's date (UTC) as the changelog writes it."""
    return dt.datetime.now(dt.timezone.utc).date().isoformat()
