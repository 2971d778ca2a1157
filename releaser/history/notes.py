"""One release's notes: a released version or tag, or the release about to be made."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releaser.adapters.git import GitRepository
from releaser.changelog_files import template_errors
from releaser.config import Config
from releaser.core.history import analyse
from releaser.core.tags import VersionTag, version_tags
from releaser.core.version import Version, VersionError
from releaser.errors import RefusedError
from releaser.history.changelog import render_options
from releaser.history.project import Project
from releaser.history.sections import history_sections, next_section, today
from releaser.history.upcoming import find_next, reachable_tags, squash_rule

if TYPE_CHECKING:  # loaded on use: `releaser next` renders nothing
    from releaser.core.changelog import ReleaseSection


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

    repo, config, specs = project.repo, project.config, project.pathspecs
    options = render_options(repo, config, base=project.dir, package=project.package)
    with template_errors(project.dir):
        release = find_next(repo, config, tag_names=project.tag_names, pathspecs=specs)
        latest = release.current.version.semver if release.current else None
        wanted = _version_or_none(version)
        if version is None or (wanted is not None and wanted == release.version):
            if release.version is None:
                since = release.since.name if release.since else None
                return Notes(None, latest, since)
            return Notes(render_release(next_section(release, today()), options), latest)
        assert version is not None
        section = _released_section(repo, config, version, wanted, specs)
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
    repo: GitRepository,
    config: Config,
    name: str,
    wanted: Version | None,
    pathspecs: Sequence[str] = (),
) -> ReleaseSection | None:
    """The section of the release tagged `name` or of version `wanted`, if HEAD reaches it."""
    for section in history_sections(repo, config, unreleased=False, pathspecs=pathspecs):
        if section.tag == name or (wanted is not None and section.version == wanted.semver):
            return section
    tags = version_tags(repo.tag_refs(), config.tag_format)
    head = repo.head()
    for tag in tags:  # a pre-release folded into its final has no section of its own
        named = tag.name == name or tag.version == wanted
        if named and (tag.sha == head or repo.is_ancestor(tag.ref, head)):
            return _prerelease_section(repo, config, tag, tags, pathspecs)
    return None


def _prerelease_section(
    repo: GitRepository,
    config: Config,
    tag: VersionTag,
    tags: list[VersionTag],
    pathspecs: Sequence[str] = (),
) -> ReleaseSection:
    """A pre-release's notes as `cut` made them: every change since the last final release."""
    from releaser.core.changelog import ReleaseSection

    older = [t for t in tags if t.version < tag.version]
    previous, base = reachable_tags(repo, older, tag.sha)
    revisions = [tag.sha] if base is None else [f"{base.ref}..{tag.sha}"]
    log = repo.log(*revisions)
    if pathspecs:
        counted = repo.touching(revisions, pathspecs)()
        log = iter([c for c in log if c.sha in counted])
    return ReleaseSection(
        version=tag.version.semver,
        tag=tag.name,
        previous_tag=previous.name if previous else None,
        date=tag.date,
        analysis=analyse(log, include_merges=config.include_merges, squash=squash_rule(config)),
    )
