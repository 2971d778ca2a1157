"""The changelog: a preview, writing it, and how it is rendered for this project."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from releaser.adapters.git import GitRepository
from releaser.changelog_files import changelog_file, read_changelog, template_errors
from releaser.config import Config
from releaser.core.packages import Package
from releaser.core.remote import RemoteRepository, parse_remote, parse_slug
from releaser.errors import ConfigError
from releaser.history.project import Project
from releaser.history.sections import cycle_collector_paused, history_sections

if TYPE_CHECKING:  # loaded on use: `releaser next` renders nothing
    from releaser.core.changelog import RenderOptions


@dataclass(frozen=True)
class ChangelogUpdate:
    """What writing the changelog did."""

    path: Path
    releases: int  # releases in the file after a full write, else releases added
    full: bool
    older_missing: int = 0  # releases older than the file's newest that were left out


def changelog_text(project: Project, *, full: bool = False) -> str:
    """Exactly what `write_changelog` would write: a preview that changes nothing."""
    return _changelog_update(project, full=full)[0]


def write_changelog(project: Project, *, full: bool) -> ChangelogUpdate:
    """Write the changelog: new releases inserted below the marker, or all of it when `full`
    or when the file does not exist yet."""
    text, done, existing = _changelog_update(project, full=full)
    if text != existing:
        done.path.parent.mkdir(parents=True, exist_ok=True)
        done.path.write_text(text, encoding="utf-8")
    return done


def _changelog_update(project: Project, *, full: bool) -> tuple[str, ChangelogUpdate, str | None]:
    """(the new text, what writing it does, the file's current text or None)."""
    from releaser.core.changelog import load_templates, render_changelog, update_changelog

    repo, config, specs = project.repo, project.config, project.pathspecs
    options = render_options(repo, config, base=project.dir, package=project.package)
    path = changelog_path(repo, config, base=project.dir)
    existing = read_changelog(path)
    with template_errors(project.dir):
        if Path(config.changelog_file).suffix == ".rst":  # semantic-release's CHANGELOG.rst
            return _rst_update(project, options, path, existing, full=full)
        if full or existing is None:
            with cycle_collector_paused():
                sections = history_sections(
                    repo,
                    config,
                    unreleased=False,
                    pathspecs=specs,
                    meanwhile=partial(load_templates, options),  # Jinja loads while git reads
                )
                text = render_changelog(sections, options)
            return text, ChangelogUpdate(path, len(sections), full=True), existing
        sections = history_sections(repo, config, unreleased=False, pathspecs=specs)
        text, added, older = update_changelog(existing, sections, options)
    return text, ChangelogUpdate(path, added, full=False, older_missing=older), existing


def _rst_update(
    project: Project, options: RenderOptions, path: Path, existing: str | None, *, full: bool
) -> tuple[str, ChangelogUpdate, str | None]:
    """The reStructuredText changelog: releases rendered as usual, spelt in RST."""
    from releaser.core.changelog import render_release
    from releaser.core.changelog_rst import update_changelog_rst

    repo, config = project.repo, project.config
    sections = history_sections(repo, config, unreleased=False, pathspecs=project.pathspecs)
    releases = [(render_release(s, options), s.version or "", s.tag or "") for s in sections]
    flag = config.changelog_insertion_flag
    base = None if full else existing
    text, added, older = update_changelog_rst(base, releases, flag)
    if text is None:
        raise ConfigError(
            f"{config.changelog_file} has no line where new releases go",
            hint="set changelog-insertion-flag to the text below which releases are inserted "
            "(semantic-release's changelog.insertion_flag)",
        )
    whole = full or existing is None
    return text, ChangelogUpdate(path, added, full=whole, older_missing=older), existing


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


def render_options(
    repo: GitRepository,
    config: Config,
    *,
    base: Path | None = None,
    package: Package | None = None,
) -> RenderOptions:
    """Sections, links and templates for this project's changelog. `template-dir` is taken
    from `base`, the project's folder (default: the top folder); a package's changelog
    leaves out the scopes that name the package itself."""
    from releaser.core.changelog import RenderOptions, RepoLinks

    forge = forge_repository(repo, config)
    template_dir = None
    if config.template_dir:
        template_dir = ((base or repo.root) / config.template_dir).resolve()
        if not template_dir.is_dir():
            raise ConfigError(f"'template-dir' {config.template_dir!r} is not a folder")
    return RenderOptions(
        sections=config.sections,
        links=RepoLinks(forge.web_url) if forge else None,
        show_other_commits=config.show_other_commits,
        template_dir=template_dir,
        exclude=tuple(re.compile(p) for p in config.exclude_commit_patterns),
        bumping_types=frozenset(config.bump_rules.levels),
        own_scopes=package.scope_names if package is not None else frozenset(),
        mask_initial_release=config.mask_initial_release,
        release_notices=config.release_notices,
    )


def changelog_path(repo: GitRepository, config: Config, *, base: Path | None = None) -> Path:
    """Where the changelog lives, from `base`, the project's folder (default: the top
    folder); ConfigError when `changelog-file` cannot name a file there."""
    return changelog_file(base or repo.root, config.changelog_file)
