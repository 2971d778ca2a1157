"""`releaser next`, `releaser changelog` and `releaser notes`: read-only views of the history."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from releaser.cli.app import FORCE_LEVELS, JSON_SCHEMA, app, option, verbose_option

if TYPE_CHECKING:
    from releaser.config import Config
    from releaser.core.version import Bump
    from releaser.history.project import Project


_PROJECT = option(
    "--project",
    type=click.Path(path_type=Path),
    help="The project folder (its pyproject.toml is the settings); default: the one holding "
    "the current folder.",
)
_PACKAGE = option("--package", help="The package of a monorepo, by name or folder.")


@app.command("next")
@option("--prerelease", help="Make a pre-release: rc, beta or alpha (1.3.0-rc.1).")
@option("--force", type=FORCE_LEVELS, help="Bump this much whatever the commits say.")
@option("--json", "as_json", is_flag=True, help="Print version, bump, tag and counts as JSON.")
@_PROJECT
@_PACKAGE
@option(
    "--all",
    "every",
    is_flag=True,
    help="Every package of the monorepo: current and next version, and why.",
)
@verbose_option()
def next_command(
    prerelease: str | None,
    force: str | None,
    as_json: bool,
    project: Path | None,
    package: str | None,
    every: bool,
    verbose: bool,
) -> None:
    """Print the next version; the current one when nothing warrants a release."""
    from releaser.history.project import open_project, virtual_root
    from releaser.history.upcoming import next_release

    if not every and package is None and virtual_root(project) is not None:
        print(
            "note: the top folder is no package: every package's next version, as "
            "`releaser next --all` (one of them: --package NAME)",
            file=sys.stderr,
        )
        every = True
    if every:
        _next_all(project, package, prerelease, _bump(force), as_json=as_json)
        return
    opened = open_project(project, _load, package=package)
    _say(opened.notices)
    config = opened.config
    release = next_release(opened, prerelease=prerelease, force=_bump(force))
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
        since = release.since.name if release.since else "the first commit"
        print(
            f"nothing to release: no commit since {since} calls for a new version "
            f"({release.analysis.commit_count} commits read)",
            file=sys.stderr,
        )


def _next_all(
    project: Path | None,
    package: str | None,
    prerelease: str | None,
    force: Bump | None,
    *,
    as_json: bool,
) -> None:
    """`next --all`: one line (or JSON object) per package."""
    from releaser.history.overview import next_for_packages

    found = next_for_packages(
        project, [package] if package else [], prerelease=prerelease, force=force
    )
    if as_json:
        import json

        rows = [
            {
                "name": f.package.name,
                "folder": f.package.folder,
                **{k: v for k, v in _next_json(f.release).items() if k != "schema"},
                "why": f.why,
            }
            for f in found
        ]
        print(json.dumps({"schema": JSON_SCHEMA, "packages": rows}, indent=2))
        return
    width = max(len(f.package.name) for f in found)
    for f in found:
        current = f.release.current_version
        now = current.semver if current else "-"
        moves = f"{now} -> {f.release.version.semver}" if f.release.version else now
        print(f"{f.package.name:<{width}}  {moves:<17}  {f.why}")


def _load(root: Path) -> Config:
    """The project's configuration; says so on stderr when it is borrowed."""
    from releaser.config import borrowed_notice, load_config

    config = load_config(root)
    notice = borrowed_notice(config)
    if notice:
        print(f"note: {notice}", file=sys.stderr)
    if config.foreign_parser:
        from releaser.history.project import parser_notice

        print(f"note: {parser_notice(root, config)}", file=sys.stderr)
    return config


def _say(notices: tuple[str, ...]) -> None:
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)


def _bump(force: str | None) -> Bump | None:
    from releaser.core.version import Bump

    return None if force is None else Bump[force.upper()]


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
    from releaser.history.upcoming import NextRelease

    assert isinstance(release, NextRelease)
    version = release.version
    current = release.current_version
    analysis = release.analysis
    return {
        "schema": JSON_SCHEMA,
        "version": version.semver if version else None,
        "pep440": version.pep440 if version else None,
        "tag": release.tag,
        "bump": release.level.label,
        "release_due": version is not None,
        "current": current.semver if current else None,
        "current_tag": release.current.name if release.current else None,
        "commits": analysis.commit_count,
        "changes": len(analysis.changes),
        "reverts": len(analysis.reverts),
        "non_conventional": len(analysis.noise),
    }


@app.command()
@option("--stdout", is_flag=True, help="Print what would be written instead of writing it.")
@option("--full", is_flag=True, help="Regenerate the whole file from history.")
@_PROJECT
@_PACKAGE
@verbose_option()
def changelog(
    stdout: bool, full: bool, project: Path | None, package: str | None, verbose: bool
) -> None:
    """Write CHANGELOG.md: new releases inserted below the marker, or all of it with --full."""
    from releaser.history.changelog import changelog_text
    from releaser.history.project import open_packages, open_project, virtual_root

    if not stdout and package is None and virtual_root(project) is not None:
        for each in open_packages(project):  # the top folder is no package: every package's
            _write_changelog(each, full=full, from_root=True)
        return
    opened = open_project(project, _load, package=package)
    _say(opened.notices)
    if stdout:
        sys.stdout.write(changelog_text(opened, full=full))
        return
    _write_changelog(opened, full=full)


def _write_changelog(opened: Project, *, full: bool, from_root: bool = False) -> None:
    from releaser.history.changelog import write_changelog

    done = write_changelog(opened, full=full)
    name = done.path.relative_to(opened.root).as_posix() if from_root else done.path.name
    if done.full:
        print(f"wrote {name}: {done.releases} releases", file=sys.stderr)
        return
    print(f"updated {name}: {done.releases} release(s) added", file=sys.stderr)
    if done.older_missing:
        print(
            f"note: {done.older_missing} older release(s) are missing from {name} "
            "and were left out; `releaser changelog --full` regenerates the whole file",
            file=sys.stderr,
        )


@app.command()
@click.argument(
    "version",
    required=False,
    help="The version or tag (default: the next release; `releaser next` names it).",
)
@_PROJECT
@_PACKAGE
@verbose_option()
def notes(version: str | None, project: Path | None, package: str | None, verbose: bool) -> None:
    """Print the release notes of one version: its changelog section."""
    from releaser.history.notes import release_notes
    from releaser.history.project import open_project

    package = package or _package_at_root(project, version)
    opened = open_project(project, _load, package=package)
    _say(opened.notices)
    found = release_notes(opened, version)
    if found.text is not None:
        sys.stdout.write(found.text)
        return
    since = found.since or "the first commit"
    print(f"nothing to release: no commit since {since} calls for a new version", file=sys.stderr)
    if found.latest:
        print(
            f"hint: the notes of the last release: releaser notes {found.latest}", file=sys.stderr
        )


def _package_at_root(project: Path | None, version: str | None) -> str | None:
    """At a virtual root: the package whose tag `version` is; UsageError without one."""
    from releaser.errors import UsageError
    from releaser.history.project import package_of_tag, virtual_root

    workspace = virtual_root(project)
    if workspace is None:
        return None
    found = package_of_tag(workspace, version) if version else None
    if found is None:
        names = workspace.names()
        raise UsageError(
            f"release notes are per package, and the top folder is none of the {len(names)} "
            f"packages ({', '.join(names)})",
            hint="name one with --package NAME, or give one of its tags, e.g. "
            f"`releaser notes {workspace.members[0].package.tag_prefix}1.0.0`",
        )
    return found
