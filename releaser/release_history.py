"""What a project's release history says: the next release, the changelog, one release's notes.

The history service: it opens the repository through the git adapter, reads the settings and
asks the pure core. The CLI's read-only commands and the release pipeline both call it; the
CLI never opens the git adapter itself.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from releaser.adapters.git import GitRepository
from releaser.changelog_files import changelog_file, read_changelog, template_errors
from releaser.config import Config
from releaser.core.history import (
    Analysis,
    RawCommit,
    Reading,
    SquashRule,
    analyse,
    bump_level,
    read_commit,
)
from releaser.core.remote import RemoteRepository, parse_remote, parse_slug
from releaser.core.tags import VersionTag, tag_formats, version_tags
from releaser.core.version import Bump, Version, VersionError, next_version
from releaser.errors import ConfigError, GitError, RefusedError, UsageError

DEFAULT_TAG_FORMAT = "v{version}"

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
    since: VersionTag | None = None  # the tag the commits of `analysis` are counted from

    @property
    def current_version(self) -> Version | None:
        """The version HEAD is at, None before the first release."""
        return self.current.version if self.current else None


@dataclass(frozen=True)
class Project:
    """A project's repository and settings, opened once per command."""

    repo: GitRepository
    config: Config
    notices: tuple[str, ...] = ()  # what the command should tell the user, e.g. a detected format
    tag_names: tuple[str, ...] | None = None  # every tag, as listed when the project was opened

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
    """Open the repository holding `project_dir` and read its settings with `load`.

    A shallow clone is refused: its history is cut off, so any answer would be wrong.
    """
    repo = GitRepository.open(project_dir)
    refuse_shallow(repo)
    names = tuple(repo.tag_names())
    config, notices = settle_tag_format(names, load(repo.root))
    return Project(repo, config, notices, names)


def settle_tag_format(names: Iterable[str], config: Config) -> tuple[Config, tuple[str, ...]]:
    """`config` with the tag format the version tags among `names` follow, and what to say.

    When no tag follows `tag-format` but other tags name versions, the default format
    gives way to the one format those tags share; otherwise ConfigError names the tags.
    """
    formats = tag_formats(names)
    if not formats or config.tag_format in formats:
        return config, ()
    line = f'tag-format = "{config.tag_format}"'
    if len(formats) == 1 and config.tag_format == DEFAULT_TAG_FORMAT:
        ((found, names),) = formats.items()
        notice = (
            f"no tag matches {line}, but {len(names)} tag(s) such as {names[-1]} name versions: "
            f'using tag-format = "{found}" (write it in [tool.releaser] to make it explicit)'
        )
        return replace(config, tag_format=found), (notice,)
    shown = ", ".join(name for names in formats.values() for name in names[-3:])
    choices = " or ".join(f'tag-format = "{f}"' for f in formats)
    raise ConfigError(
        f"no tag matches {line}, but these tags name versions: {shown}",
        hint=f"say which tags are this project's releases: add {choices} "
        "to [tool.releaser] in pyproject.toml",
    )


def parser_notice(root: Path, config: Config, last: int = 200) -> str | None:
    """How many recent commits releaser can read, when the old tool used another convention."""
    if not config.foreign_parser:
        return None
    repo = GitRepository.open(root)
    commits = list(repo.log(f"--max-count={last}", "--no-merges", repo.head()))
    parsed = len(commits) - len(analyse(commits).noise)
    return (
        f"{parsed} of the last {len(commits)} commits parse as Conventional Commits; the "
        f"others (written for {config.foreign_parser}) bump nothing and are left out"
    )


def refuse_shallow(repo: GitRepository) -> None:
    """RefusedError for a shallow clone, whose history may end before the last release."""
    if repo.is_shallow():
        raise RefusedError(
            "this is a shallow clone, so the history since the last release may be missing "
            "and any answer could be wrong",
            hint="fetch the whole history first: `git fetch --unshallow --tags` "
            "(in GitHub Actions, set `fetch-depth: 0` on actions/checkout)",
        )


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
    )


def changelog_text(project: Project, *, full: bool = False) -> str:
    """Exactly what `write_changelog` would write: a preview that changes nothing."""
    return _changelog_update(project, full=full)[0]


def write_changelog(project: Project, *, full: bool) -> ChangelogUpdate:
    """Write the changelog: new releases inserted below the marker, or all of it when `full`
    or when the file does not exist yet."""
    if Path(project.config.changelog_file).suffix == ".rst":
        raise RefusedError(
            f"{project.config.changelog_file} is reStructuredText, and `releaser changelog` "
            "writes Markdown; nothing was changed",
            hint="`releaser cut` adds each new release to it below changelog-insertion-flag; "
            "`releaser changelog --stdout` prints the Markdown",
        )
    text, done, existing = _changelog_update(project, full=full)
    if text != existing:
        done.path.parent.mkdir(parents=True, exist_ok=True)
        done.path.write_text(text, encoding="utf-8")
    return done


def _changelog_update(project: Project, *, full: bool) -> tuple[str, ChangelogUpdate, str | None]:
    """(the new text, what writing it does, the file's current text or None)."""
    from releaser.core.changelog import render_changelog, update_changelog

    repo, config = project.repo, project.config
    options = render_options(repo, config)
    path = changelog_path(repo, config)
    existing = read_changelog(path)
    with template_errors(repo.root):
        if full or existing is None:
            with cycle_collector_paused():
                sections = history_sections(repo, config, unreleased=False)
                text = render_changelog(sections, options)
            return text, ChangelogUpdate(path, len(sections), full=True), existing
        sections = history_sections(repo, config, unreleased=False)
        text, added, older = update_changelog(existing, sections, options)
    return text, ChangelogUpdate(path, added, full=False, older_missing=older), existing


@dataclass(frozen=True)
class Notes:
    """One release's notes; `text` is None when nothing is due and no version was named."""

    text: str | None
    latest: str | None  # the newest release reachable from HEAD, for examples
    since: str | None = None  # the tag the unreleased commits are counted from


def release_notes(project: Project, version: str | None) -> Notes:
    """The notes of one released version or tag (a pre-release folded into a final too), or of
    the next release when `version` is None or names it."""
    from releaser.core.changelog import render_release

    repo, config = project.repo, project.config
    options = render_options(repo, config)
    with template_errors(repo.root):
        release = find_next(repo, config, tag_names=project.tag_names)
        latest = release.current.version.semver if release.current else None
        wanted = _version_or_none(version)
        if version is None or (wanted is not None and wanted == release.version):
            if release.version is None:
                since = release.since.name if release.since else None
                return Notes(None, latest, since)
            return Notes(render_release(next_section(release, today()), options), latest)
        assert version is not None
        section = _released_section(repo, config, version, wanted)
        if section is None:
            example = f"`releaser notes {latest}`" if latest else "`releaser notes` (the next one)"
            raise RefusedError(
                f"no release {version} is reachable from HEAD",
                hint=f"name a release tag or version reachable from HEAD, for example {example}",
            )
        return Notes(render_release(section, options), latest)


def _version_or_none(text: str | None) -> Version | None:
    if not text:
        return None
    try:
        return Version.parse(text[1:] if text[:1] in "vV" else text)
    except VersionError:
        return None


def _released_section(
    repo: GitRepository, config: Config, name: str, wanted: Version | None
) -> ReleaseSection | None:
    """The section of the release tagged `name` or of version `wanted`, if HEAD reaches it."""
    for section in history_sections(repo, config, unreleased=False):
        if section.tag == name or (wanted is not None and section.version == wanted.semver):
            return section
    tags = version_tags(repo.tag_refs(), config.tag_format)
    head = repo.head()
    for tag in tags:  # a pre-release folded into its final has no section of its own
        named = tag.name == name or tag.version == wanted
        if named and (tag.sha == head or repo.is_ancestor(tag.ref, head)):
            return _prerelease_section(repo, config, tag, tags)
    return None


def _prerelease_section(
    repo: GitRepository, config: Config, tag: VersionTag, tags: list[VersionTag]
) -> ReleaseSection:
    """A pre-release's notes as `cut` made them: every change since the last final release."""
    from releaser.core.changelog import ReleaseSection

    older = [t for t in tags if t.version < tag.version]
    previous, base = reachable_tags(repo, older, tag.sha)
    revisions = [tag.sha] if base is None else [f"{base.ref}..{tag.sha}"]
    return ReleaseSection(
        version=tag.version.semver,
        tag=tag.name,
        previous_tag=previous.name if previous else None,
        date=tag.date,
        analysis=analyse(
            repo.log(*revisions), include_merges=config.include_merges, squash=squash_rule(config)
        ),
    )


def commit_messages(project_dir: Path, from_ref: str | None, to_ref: str) -> list[tuple[str, str]]:
    """(sha, message) of the non-merge commits after `from_ref` up to `to_ref`."""
    repo = GitRepository.open(project_dir)
    refuse_shallow(repo)
    end = repo.resolve(to_ref)
    revisions = [f"{repo.resolve(from_ref)}..{end}"] if from_ref else [end]
    return [(c.sha, c.message) for c in repo.log(*revisions) if not c.is_merge]


_CANDIDATES = "#;@!$%^&|:"  # what git picks from for `core.commentChar = auto`


def comment_string(project_dir: Path, message: str) -> str:
    """What starts a comment line in a message git is about to commit in `project_dir`.

    `core.commentString` or `core.commentChar`; for `auto`, the character git's own help
    text in the message starts with (git picks one no line of the message starts with).
    """
    try:
        configured = GitRepository(project_dir).run(
            "config", "--get-regexp", r"^core\.comment(char|string)$", check=False
        )
    except (GitError, OSError):  # no git at all: git's own default
        configured = ""
    values = [line.partition(" ")[2] for line in configured.splitlines()]
    value = values[-1] if values else "#"
    if value != "auto":
        return value or "#"
    for line in message.splitlines():
        if line[:1] in _CANDIDATES and (
            line[1:].startswith(" Please enter the commit message") or line[1:].startswith(" ---")
        ):
            return line[0]
    return "#"


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


def find_next(
    repo: GitRepository,
    config: Config,
    *,
    prerelease: str | None = None,
    force: Bump | None = None,
    tag_names: Iterable[str] | None = None,
) -> NextRelease:
    """Compute the next release from the commits since the last final release.

    The answer is never below the highest version HEAD reaches: after a pre-release,
    changes finalize it or continue its chain unless they call for more. Before the
    first tag, the version in pyproject.toml is the floor. `tag_names` saves listing
    the tags again when the caller has them.
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
    commits = list(repo.log(*revisions))
    analysis = analyse(commits, include_merges=config.include_merges, squash=squash)
    level = force if force is not None else bump_level(analysis, config.bump_rules)
    since = base
    pending = current.version if current and current.version.is_prerelease else None
    if current is None:
        floor = _pyproject_version(config)
        pending = floor.final if floor is not None else None
    elif pending is not None and prerelease is not None and force is None:
        # a further pre-release needs something new since the current one
        newer = analyse(
            _not_reached_from(current.ref, commits),
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


def squash_rule(config: Config) -> SquashRule:
    """How squash merges are recognised, from `squash-commits` and `squash-pattern`."""
    pattern = re.compile(config.squash_pattern) if config.squash_pattern else None
    return SquashRule(config.squash_commits, pattern)


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


def history_sections(
    repo: GitRepository, config: Config, *, unreleased: bool, prereleases: str | None = None
) -> list[ReleaseSection]:
    """Every release reachable from HEAD, newest first, from one `git log`.

    Pre-releases are folded into their final release, or kept as sections of their
    own: `prereleases` ("fold" or "keep") or else `changelog-prereleases` says which.
    """
    log = repo.log(repo.head())  # git starts reading history now...
    tags = version_tags(repo.tag_refs(), config.tag_format)  # ...while the tags are listed
    keep = (prereleases or config.changelog_prereleases) == "keep"
    with cycle_collector_paused():
        return _sections(log, tags, config, unreleased=unreleased, keep_prereleases=keep)


def _sections(
    log: Iterator[RawCommit],
    tags: list[VersionTag],
    config: Config,
    *,
    unreleased: bool,
    keep_prereleases: bool = False,
) -> list[ReleaseSection]:
    from releaser.core.changelog import ReleaseSection
    from releaser.core.releases import split_history

    squash = squash_rule(config)
    commits: dict[str, RawCommit] = {}  # in log order
    readings: dict[str, Reading] = {}
    for raw in log:  # parse while git is still writing
        commits[raw.sha] = raw
        readings[raw.sha] = read_commit(raw, squash)
    sections = []
    for part in split_history(commits, tags, keep_prereleases=keep_prereleases):
        if part.tag is None and not unreleased:
            continue
        analysis = analyse(
            part.commits, include_merges=config.include_merges, readings=readings, squash=squash
        )
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
        exclude=tuple(re.compile(p) for p in config.exclude_commit_patterns),
        bumping_types=frozenset(config.bump_rules.levels),
    )


def changelog_path(repo: GitRepository, config: Config) -> Path:
    """Where the changelog lives; ConfigError when `changelog-file` cannot name a file there."""
    return changelog_file(repo.root, config.changelog_file)
