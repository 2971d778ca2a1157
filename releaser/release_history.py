"""What a project's release history says: the next release, the changelog, one release's notes.

The history service: it opens the repository through the git adapter, reads the settings and
asks the pure core. The CLI's read-only commands and the release pipeline both call it; the
CLI never opens the git adapter itself.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from releaser.adapters.git import GitRepository
from releaser.config import Config
from releaser.core.history import Analysis, RawCommit, Reading, analyse, bump_level, read_commit
from releaser.core.remote import RemoteRepository, parse_remote, parse_slug
from releaser.core.tags import VersionTag, tag_name, version_tags
from releaser.core.version import Bump, Version, VersionError, next_version
from releaser.errors import ConfigError, UsageError

if TYPE_CHECKING:  # loaded on use: `releaser next` renders nothing
    from releaser.core.changelog import ReleaseSection, RenderOptions


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

    @property
    def current_version(self) -> Version | None:
        """The version HEAD is at, None before the first release."""
        return self.current.version if self.current else None


@dataclass(frozen=True)
class Project:
    """A project's repository and settings, opened once per command."""

    repo: GitRepository
    config: Config

    @property
    def root(self) -> Path:
        """The repository's top folder."""
        return self.repo.root


@dataclass(frozen=True)
class ChangelogUpdate:
    """What writing the changelog did."""

    path: Path
    releases: int  # releases in the file after a full write, else releases added
    full: bool
    older_missing: int = 0  # releases older than the file's newest that were left out


def open_project(project_dir: Path, load: Callable[[Path], Config]) -> Project:
    """Open the repository holding `project_dir` and read its settings with `load`."""
    repo = GitRepository.open(project_dir)
    return Project(repo, load(repo.root))


def next_release(
    project: Project, *, prerelease: str | None = None, force: Bump | None = None
) -> NextRelease:
    """The release the commits since the last final release call for."""
    return find_next(project.repo, project.config, prerelease=prerelease, force=force)


def changelog_text(project: Project) -> str:
    """The whole changelog regenerated from history, with an Unreleased section."""
    from releaser.core.changelog import render_changelog

    with cycle_collector_paused():
        sections = history_sections(project.repo, project.config, unreleased=True)
        return render_changelog(sections, render_options(project.repo, project.config))


def write_changelog(project: Project, *, full: bool) -> ChangelogUpdate:
    """Write the changelog: new releases inserted below the marker, or all of it when `full`
    or when the file does not exist yet."""
    from releaser.core.changelog import render_changelog, update_changelog

    repo, config = project.repo, project.config
    options = render_options(repo, config)
    path = changelog_path(repo, config)
    if full or not path.exists():
        with cycle_collector_paused():
            sections = history_sections(repo, config, unreleased=False)
            text = render_changelog(sections, options)
        path.write_text(text, encoding="utf-8")
        return ChangelogUpdate(path, len(sections), full=True)
    existing = path.read_text(encoding="utf-8")
    sections = history_sections(repo, config, unreleased=False)
    text, added, older = update_changelog(existing, sections, options)
    if text != existing:
        path.write_text(text, encoding="utf-8")
    return ChangelogUpdate(path, added, full=False, older_missing=older)


def release_notes(project: Project, version: str | None) -> str:
    """The notes of one released version or tag, or of the next release when `version` is None."""
    from releaser.core.changelog import render_release

    repo, config = project.repo, project.config
    options = render_options(repo, config)
    if version is None:
        release = find_next(repo, config)
        if release.version is None:
            raise UsageError(
                "nothing to release, so there are no notes for a next version",
                hint="name a released version: releaser notes 1.2.0",
            )
        return render_release(next_section(release, today()), options)
    try:
        wanted = Version.parse(version.lstrip("v") if not version[:1].isdigit() else version)
    except VersionError:
        wanted = None
    for section in history_sections(repo, config, unreleased=False):
        if section.tag == version or (wanted is not None and section.version == wanted.semver):
            return render_release(section, options)
    raise UsageError(
        f"no release {version} is reachable from HEAD",
        hint="list the release tags with `git tag --merged HEAD`",
    )


def commit_messages(project_dir: Path, from_ref: str | None, to_ref: str) -> list[tuple[str, str]]:
    """(sha, message) of the non-merge commits after `from_ref` up to `to_ref`."""
    repo = GitRepository.open(project_dir)
    end = repo.resolve(to_ref)
    revisions = [f"{repo.resolve(from_ref)}..{end}"] if from_ref else [end]
    return [(c.sha, c.message) for c in repo.log(*revisions) if not c.is_merge]


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


def reachable_tags(
    repo: GitRepository, tags: list[VersionTag], head: str
) -> tuple[VersionTag | None, VersionTag | None]:
    """(highest version tag, highest final version tag) reachable from `head`.

    Tags are tried from the highest down, so this asks git once or twice in the
    usual case, however long the history.
    """
    current: VersionTag | None = None
    for tag in reversed(tags):
        if current is not None and tag.version.is_prerelease:
            continue
        if tag.sha == head or repo.is_ancestor(tag.ref, head):
            if current is None:
                current = tag
            if not tag.version.is_prerelease:
                return current, tag
    return current, None


def find_next(
    repo: GitRepository,
    config: Config,
    *,
    prerelease: str | None = None,
    force: Bump | None = None,
) -> NextRelease:
    """Compute the next release from the commits since the last final release."""
    head = repo.head()
    tags = version_tags(repo.tag_refs(peel=False), config.tag_format)
    current, base = reachable_tags(repo, tags, head)
    revisions = [head] if base is None else [f"{base.ref}..{head}"]
    analysis = analyse(repo.log(*revisions), include_merges=config.include_merges)
    level = force if force is not None else bump_level(analysis, config.bump_rules)
    try:
        version = next_version(
            base.version if base else config.initial,
            level,
            existing=[t.version for t in tags],
            prerelease=prerelease,
            # forcing major is how a project leaves 0.x: it is never turned into minor
            major_on_zero=config.major_on_zero or force is Bump.MAJOR,
        )
    except VersionError as exc:
        raise UsageError(str(exc)) from None
    tag = tag_name(config.tag_format, version) if version else None
    return NextRelease(current, base, level, version, tag, analysis, head)


def history_sections(
    repo: GitRepository, config: Config, *, unreleased: bool
) -> list[ReleaseSection]:
    """Every release reachable from HEAD, newest first, from one `git log`."""
    log = repo.log(repo.head())  # git starts reading history now...
    tags = version_tags(repo.tag_refs(), config.tag_format)  # ...while the tags are listed
    with cycle_collector_paused():
        return _sections(log, tags, config, unreleased=unreleased)


def _sections(
    log: Iterator[RawCommit], tags: list[VersionTag], config: Config, *, unreleased: bool
) -> list[ReleaseSection]:
    from releaser.core.changelog import ReleaseSection
    from releaser.core.releases import split_history

    commits: dict[str, RawCommit] = {}  # in log order
    readings: dict[str, Reading] = {}
    for raw in log:  # parse while git is still writing
        commits[raw.sha] = raw
        readings[raw.sha] = read_commit(raw)
    sections = []
    for part in split_history(commits, tags):
        if part.tag is None and not unreleased:
            continue
        analysis = analyse(part.commits, include_merges=config.include_merges, readings=readings)
        if part.tag is None and not (analysis.changes or analysis.reverts):
            continue
        sections.append(
            ReleaseSection(
                version=part.tag.version.semver if part.tag else None,
                tag=part.tag.name if part.tag else None,
                previous_tag=part.previous.name if part.previous else None,
                date=part.tag.date if part.tag else "",
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


def forge_repository(repo: GitRepository, config: Config) -> RemoteRepository | None:
    """The GitHub repository: `repository` from config, else the remote's URL."""
    if config.repository:
        found = parse_slug(config.repository)
        if found is None:
            raise ConfigError(
                f"'repository' must be \"owner/name\", not {config.repository!r}",
                hint='for example repository = "octo/widgets"',
            )
        return found
    url = repo.remote_url(config.remote)
    return parse_remote(url) if url else None


def render_options(repo: GitRepository, config: Config) -> RenderOptions:
    """Sections, links and templates for this project's changelog."""
    from releaser.core.changelog import RenderOptions, RepoLinks

    forge = forge_repository(repo, config)
    template_dir = None
    if config.template_dir:
        template_dir = (repo.root / config.template_dir).resolve()
        if not template_dir.is_dir():
            raise ConfigError(f"'template-dir' {config.template_dir!r} is not a folder")
    return RenderOptions(
        sections=config.sections,
        links=RepoLinks(forge.web_url) if forge else None,
        show_other_commits=config.show_other_commits,
        template_dir=template_dir,
    )


def changelog_path(repo: GitRepository, config: Config) -> Path:
    """Where CHANGELOG.md lives."""
    return repo.root / config.changelog_file
