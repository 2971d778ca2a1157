"""`releaser next`, `releaser changelog` and `releaser notes`: read-only views of the history."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from releaser.cli.app import ForceLevel, app

if TYPE_CHECKING:
    from releaser.config import Config
    from releaser.core.version import Bump


@app.command("next")
def next_command(
    prerelease: str | None = typer.Option(
        None, "--prerelease", help="Make a pre-release: rc, beta or alpha (1.3.0-rc.1)."
    ),
    force: ForceLevel | None = typer.Option(
        None, "--force", help="Bump this much whatever the commits say."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print version, bump, tag and counts as JSON."
    ),
    project: Path = typer.Option(Path("."), "--project", help="The project folder."),
) -> None:
    """Print the next version; the current one when nothing warrants a release."""
    from releaser.adapters.git import GitRepository
    from releaser.engine import find_next

    repo = GitRepository.open(project)
    config = _load(repo.root)
    release = find_next(repo, config, prerelease=prerelease, force=_bump(force))
    current = release.current_version
    _warn_on_disagreement(config.project_version, current)
    if as_json:
        import json

        print(json.dumps(_next_json(release), indent=2))
    elif release.version is not None:
        print(release.version.semver)
    else:
        print((current or config.initial).semver)
    if release.version is None:
        since = release.base.name if release.base else "the first commit"
        print(
            f"nothing to release: no commit since {since} calls for a new version "
            f"({release.analysis.commit_count} commits read)",
            file=sys.stderr,
        )


def _load(root: Path) -> Config:
    """The project's configuration; says so on stderr when it is borrowed."""
    from releaser.config import borrowed_notice, load_config

    config = load_config(root)
    notice = borrowed_notice(config)
    if notice:
        print(f"note: {notice}", file=sys.stderr)
    return config


def _bump(force: ForceLevel | None) -> Bump | None:
    from releaser.core.version import Bump

    return None if force is None else Bump[force.name]


def _warn_on_disagreement(project_version: str, current: object) -> None:
    from releaser.core.version import Version, VersionError

    if not project_version or not isinstance(current, Version):
        return
    try:
        stated = Version.parse(project_version)
    except VersionError:
        return
    if stated != current:
        print(
            f"warning: pyproject.toml says version {project_version}, "
            f"but the last release tag says {current.semver}",
            file=sys.stderr,
        )


def _next_json(release: object) -> dict[str, object]:
    from releaser.engine import NextRelease

    assert isinstance(release, NextRelease)
    version = release.version
    current = release.current_version
    analysis = release.analysis
    return {
        "version": version.semver if version else None,
        "pep440": version.pep440 if version else None,
        "tag": release.tag,
        "bump": release.level.label,
        "released": version is not None,
        "current": current.semver if current else None,
        "current_tag": release.current.name if release.current else None,
        "commits": analysis.commit_count,
        "changes": len(analysis.changes),
        "reverts": len(analysis.reverts),
        "non_conventional": len(analysis.noise),
    }


@app.command()
def changelog(
    stdout: bool = typer.Option(
        False, "--stdout", help="Print the changelog instead of writing it."
    ),
    full: bool = typer.Option(False, "--full", help="Regenerate the whole file from history."),
    project: Path = typer.Option(Path("."), "--project", help="The project folder."),
) -> None:
    """Write CHANGELOG.md: new releases inserted below the marker, or all of it with --full."""
    from releaser.adapters.git import GitRepository
    from releaser.core.changelog import render_changelog, update_changelog
    from releaser.engine import (
        changelog_path,
        cycle_collector_paused,
        history_sections,
        render_options,
    )

    repo = GitRepository.open(project)
    config = _load(repo.root)
    options = render_options(repo, config)
    path = changelog_path(repo, config)
    if stdout or full or not path.exists():
        with cycle_collector_paused():
            sections = history_sections(repo, config, unreleased=stdout)
            text = render_changelog(sections, options)
        if stdout:
            sys.stdout.write(text)
            return
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.name}: {len(sections)} releases", file=sys.stderr)
        return
    existing = path.read_text(encoding="utf-8")
    sections = history_sections(repo, config, unreleased=False)
    text, added, older = update_changelog(existing, sections, options)
    if text != existing:
        path.write_text(text, encoding="utf-8")
    print(f"updated {path.name}: {added} release(s) added", file=sys.stderr)
    if older:
        print(
            f"note: {older} older release(s) are missing from {path.name} and were left out; "
            "`releaser changelog --full` regenerates the whole file",
            file=sys.stderr,
        )


@app.command()
def notes(
    version: str | None = typer.Argument(
        None, help="The version or tag (default: the next release)."
    ),
    project: Path = typer.Option(Path("."), "--project", help="The project folder."),
) -> None:
    """Print the release notes of one version: its changelog section."""
    from releaser.adapters.git import GitRepository
    from releaser.core.changelog import render_release
    from releaser.core.version import Version, VersionError
    from releaser.engine import find_next, history_sections, next_section, render_options, today
    from releaser.errors import UsageError

    repo = GitRepository.open(project)
    config = _load(repo.root)
    options = render_options(repo, config)
    if version is None:
        release = find_next(repo, config)
        if release.version is None:
            raise UsageError(
                "nothing to release, so there are no notes for a next version",
                hint="name a released version: releaser notes 1.2.0",
            )
        sys.stdout.write(render_release(next_section(release, today()), options))
        return
    try:
        wanted = (
            Version.parse(version.lstrip("v"))
            if not version[:1].isdigit()
            else Version.parse(version)
        )
    except VersionError:
        wanted = None
    for section in history_sections(repo, config, unreleased=False):
        if section.tag == version or (wanted is not None and section.version == wanted.semver):
            sys.stdout.write(render_release(section, options))
            return
    raise UsageError(
        f"no release {version} is reachable from HEAD",
        hint="list the release tags with `git tag --merged HEAD`",
    )
