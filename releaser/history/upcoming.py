"""The next release: which version the commits since the last final release call for."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from releaser.adapters.git import GitRepository
from releaser.config import Config
from releaser.core.history import Analysis, RawCommit, SquashRule, analyse, bump_level
from releaser.core.tags import VersionTag, version_tags
from releaser.core.version import Bump, Version, VersionError, next_version
from releaser.errors import ConfigError, UsageError
from releaser.history.project import Project


@dataclass(frozen=True)
class NextRelease:
    """The release the commits since the last final release call for."""

    current: VersionTag | None  # highest version tag reachable from HEAD
    base: VersionTag | None  # highest final release reachable from HEAD
    level: Bump
    version: Version | None  # None: nothing warrants a release
    tag: str | None
    analysis: Analysis
    head: str
    since: VersionTag | None = None  # the tag the commits of `analysis` are counted from

    @property
    def current_version(self) -> Version | None:
        """The version HEAD is at, None before the first release."""
        return self.current.version if self.current else None


def next_release(
    project: Project, *, prerelease: str | None = None, force: Bump | None = None
) -> NextRelease:
    """The release the commits since the last final release call for."""
    return find_next(
        project.repo,
        project.config,
        prerelease=prerelease,
        force=force,
        tag_names=project.tag_names,
        pathspecs=project.pathspecs,
    )


def find_next(
    repo: GitRepository,
    config: Config,
    *,
    prerelease: str | None = None,
    force: Bump | None = None,
    tag_names: Iterable[str] | None = None,
    pathspecs: Sequence[str] = (),
) -> NextRelease:
    """Compute the next release from the commits since the last final release.

    The answer is never below the highest version HEAD reaches: after a pre-release,
    changes finalize it or continue its chain unless they call for more. Before the
    first tag, the version in pyproject.toml is the floor. `tag_names` saves listing
    the tags again when the caller has them. With `pathspecs`, only the commits that
    change a file they name count (a package's folder and paths).
    """
    head = repo.head()
    if prerelease is None and config.prerelease_branches:
        branch = repo.run("symbolic-ref", "--short", "-q", "HEAD", check=False).strip()
        prerelease = config.prerelease_for(branch or None)
    names = repo.tag_names() if tag_names is None else tag_names
    tags = version_tags(((name, "", "") for name in names), config.tag_format)
    current, base = reachable_tags(repo, tags, head)
    if config.current_version == "file":
        current = base = _stated_tag(tags, config.project_version) or base
    else:
        _refuse_pyproject_above(config, current)
    revisions = [head] if base is None else [f"{base.ref}..{head}"]
    squash = squash_rule(config)
    log = repo.log(*revisions)  # git starts reading history now...
    pending_shas = repo.touching(revisions, pathspecs) if pathspecs else None  # ...and this
    commits = list(log)
    touching = pending_shas() if pending_shas is not None else None
    counted = commits if touching is None else [c for c in commits if c.sha in touching]
    analysis = analyse(counted, include_merges=config.include_merges, squash=squash)
    level = force if force is not None else bump_level(analysis, config.bump_rules)
    since = base
    pending = current.version if current and current.version.is_prerelease else None
    if current is None:
        floor = _pyproject_version(config)
        pending = floor.final if floor is not None else None
    elif pending is not None and prerelease is not None and force is None:
        # a further pre-release needs something new since the current one
        newer = analyse(
            [
                c
                for c in _not_reached_from(current.ref, commits)
                if touching is None or c.sha in touching
            ],
            include_merges=config.include_merges,
            squash=squash,
        )
        if bump_level(newer, config.bump_rules) is Bump.NONE:
            return NextRelease(current, base, Bump.NONE, None, None, newer, head, current)
    try:
        version = next_version(
            base.version if base else config.initial,
            level,
            existing=[t.version for t in tags],
            prerelease=prerelease,
            # forcing major is how a project leaves 0.x: it is never turned into minor
            major_on_zero=config.major_on_zero or force is Bump.MAJOR,
            first_prerelease=config.prerelease_offset,
            pending=pending,
        )
    except VersionError as exc:
        raise UsageError(str(exc)) from None
    if version is not None and version.major == 0 and not config.allow_zero_version:
        version = Version(1, 0, 0, version.prerelease)  # semantic-release: no 0.x releases
    tag = config.tag_for(version) if version else None
    return NextRelease(current, base, level, version, tag, analysis, head, since)


def reachable_tags(
    repo: GitRepository, tags: list[VersionTag], head: str
) -> tuple[VersionTag | None, VersionTag | None]:
    """(highest version tag, highest final version tag) reachable from `head`.

    `tags` is in version order. git is asked about the highest versions first, a
    batch at a time (64, then 8 times more each time): one call in the usual case,
    and each call walks the history only down to the oldest tag of its batch, so the
    cost stays flat in the number of tags.
    """
    by_name = {t.name: t for t in tags}
    waiting = tags[::-1]
    current: VersionTag | None = None
    start, size = 0, 64
    while start < len(waiting):
        batch = waiting[start : start + size]
        start, size = start + size, size * 8
        if current is not None:
            batch = [t for t in batch if not t.version.is_prerelease]
        found = repo.reachable_tag_refs(head, [t.name for t in batch])
        reached = sorted(
            (VersionTag(name, by_name[name].version, sha, date) for name, sha, date in found),
            key=lambda t: (t.version, t.name),
        )
        if reached and current is None:
            current = reached[-1]
        finals = [t for t in reached if not t.version.is_prerelease]
        if finals:
            return current, finals[-1]
    return current, None


def squash_rule(config: Config) -> SquashRule:
    """How squash merges are recognised, from `squash-commits` and `squash-pattern`."""
    pattern = re.compile(config.squash_pattern) if config.squash_pattern else None
    return SquashRule(config.squash_commits, pattern, frozenset(config.types))


def _pyproject_version(config: Config) -> Version | None:
    if not config.project_version:
        return None
    try:
        return Version.parse(config.project_version)
    except VersionError:
        return None


def _refuse_pyproject_above(config: Config, current: VersionTag | None) -> None:
    """ConfigError when pyproject states a version above every release tag HEAD reaches."""
    stated = _pyproject_version(config)
    if current is None or stated is None or stated <= current.version:
        return
    raise ConfigError(
        f"pyproject.toml says version {config.project_version}, above {current.name}, "
        "the highest release tag HEAD reaches, so the next version cannot be worked out",
        hint=f"if {config.project_version} was released, tag its release commit "
        f"(git tag {config.tag_for(stated)} COMMIT); if not, set "
        f'version = "{current.version.pep440}" in pyproject.toml and let releaser bump it',
    )


def _not_reached_from(ref: str, commits: list[RawCommit]) -> list[RawCommit]:
    """The commits (of one `git log` range) that `ref`, one of them or not, does not reach."""
    by_sha = {c.sha: c for c in commits}
    reached: set[str] = set()
    stack = [ref]
    while stack:
        sha = stack.pop()
        if sha in reached or sha not in by_sha:
            continue
        reached.add(sha)
        stack.extend(by_sha[sha].parents)
    return [c for c in commits if c.sha not in reached]


def _stated_tag(tags: list[VersionTag], stated: str) -> VersionTag | None:
    """The tag of the version pyproject.toml states (commitizen's view of the current version)."""
    try:
        version = Version.parse(stated) if stated else None
    except VersionError:
        return None
    return next((t for t in tags if t.version == version), None)
