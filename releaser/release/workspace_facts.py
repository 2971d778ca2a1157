"""The facts of a release of several packages: which are released, at which versions, why.

A package is released when commits touching it call for a release, or when a package it
requires is released at a version its requirement excludes (the requirement is widened and
the package gets a patch release saying so; see `releaser.core.dependencies`). All of them
share one release commit, whose message lists them and carries one `Release-Tag:` trailer
per tag: a rerun finds in those trailers exactly what to finish.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from releaser.adapters.git import GitRepository
from releaser.adapters.git_release import GitWriter
from releaser.config import Config
from releaser.config.workspace_files import follow_ups
from releaser.core.dependencies import DependencyChange, update_dependencies
from releaser.core.packages import normalize_name
from releaser.core.tags import version_tags
from releaser.core.version import Bump
from releaser.history.upcoming import NextRelease, find_next
from releaser.release.place import ProjectPlace
from releaser.release.plan import Facts, FileEdit
from releaser.release.preflight import CutRequest, _resume_facts, release_facts

TRAILER = "Release-Tag"
_TRAILER_LINE = re.compile(rf"^{TRAILER}: (\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class PackageInput:
    """One package of the workspace: its name, folder, settings and the paths it is made of."""

    name: str  # normalized distribution name
    place: ProjectPlace
    config: Config
    pathspecs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Where:
    """What every package's facts share."""

    branch: str
    repository: str | None
    index_url: str


def released_tags(message: str) -> list[str]:
    """The tags a workspace release commit names in its trailers."""
    return _TRAILER_LINE.findall(message)


def gather_workspace_facts(
    repo: GitRepository,
    writer: GitWriter,
    root: Config,
    packages: Sequence[PackageInput],
    request: CutRequest,
    where: Where,
    merged: tuple[str, str] | None = None,
) -> tuple[Facts, tuple[Facts, ...]] | None:
    """The shared facts and each released package's; None when nothing is to be released.

    `merged` is a merged release pull request's commit and message: its release is the one
    to finish (on that commit, which need not be HEAD).
    """
    commit, message = merged or (repo.head(), writer.head_message().strip())
    tags = released_tags(message)
    if tags:
        return _resume(repo, root, packages, tags, message, where, commit)
    releases = _releases(repo, packages, request)
    if not releases:
        return None
    versions = {name: r.version.pep440 for name, r in releases.items() if r.version}
    facts = []
    for package in packages:
        if package.name not in releases:
            continue
        changes = _dependency_changes(package, versions)
        facts.append(
            release_facts(
                repo,
                package.config,
                releases[package.name],
                branch=where.branch,
                repository=where.repository,
                index_url=where.index_url,
                place=package.place,
                more_notes=_dependency_notes(changes),
                rewrite_pyproject=lambda text: update_dependencies(text, versions)[0],
            )
        )
    return _lead(root, tuple(facts), packages, where), tuple(facts)


def _releases(
    repo: GitRepository, packages: Sequence[PackageInput], request: CutRequest
) -> dict[str, NextRelease]:
    """The next release of each package with changes, then of each whose requirements a
    new version falls outside of (a patch release), until no more are added."""
    names = tuple(repo.tag_names())
    found: dict[str, NextRelease] = {}
    for p in packages:
        release = find_next(
            repo,
            p.config,
            prerelease=request.prerelease,
            force=request.force,
            tag_names=names,
            pathspecs=p.pathspecs,
        )
        if release.version is not None:
            found[p.name] = release
    added = True
    while added:
        added = False
        versions = {n: r.version.pep440 for n, r in found.items() if r.version}
        for p in packages:
            if p.name in found or not _dependency_changes(p, versions):
                continue
            found[p.name] = find_next(
                repo, p.config, force=Bump.PATCH, tag_names=names, pathspecs=p.pathspecs
            )
            added = True
    return found


def _dependency_changes(
    package: PackageInput, versions: dict[str, str]
) -> tuple[DependencyChange, ...]:
    pyproject = package.place.folder / "pyproject.toml"
    others = {n: v for n, v in versions.items() if n != package.name}
    if not others:
        return ()
    changes = update_dependencies(pyproject.read_text("utf-8"), others)[1]
    return tuple(c for c in changes if c.published)  # a dependency group calls for no release


def _dependency_notes(changes: Sequence[DependencyChange]) -> str:
    """The changelog lines saying which requirements were widened, and why."""
    if not changes:
        return ""
    lines = "".join(
        f"* require `{c.new}` (was `{c.old}`): {c.name} {c.version} was released\n" for c in changes
    )
    return f"\n### Dependencies\n\n{lines}"


def _lead(
    root: Config, packages: tuple[Facts, ...], inputs: Sequence[PackageInput], where: Where
) -> Facts:
    """What the packages share: every file to write (one uv.lock for all) and the message."""
    edits = {e.path: e for f in packages for e in f.edits if e.what != "the project's entry"}
    # every uv.lock (once, for all packages) and the dependency groups of the others
    versions = {normalize_name(f.project_name): f.version.pep440 for f in packages}
    written = {path: edit.text for path, edit in edits.items()}
    for follow in follow_ups(inputs[0].place.root, versions, written):
        edits[follow.path] = FileEdit(follow.path, follow.text, follow.what)
    first = packages[0]
    listed = ", ".join(f"{f.project_name} {f.version.pep440}" for f in packages)
    header = root.commit_message.replace("{version}", listed).replace("{current_version}", "")
    header += " [skip ci]" if root.skip_ci else ""
    trailers = "".join(f"{TRAILER}: {f.tag}\n" for f in packages)
    return replace(
        first,
        edits=tuple(edits.values()),
        commit_message=f"{header.strip()}\n\n{trailers}".strip(),
        remote=root.remote,
        branch=where.branch,
        notes=all_notes(packages),
        project_name="",
        dist_dir="",
        project_dir="",
        notices=tuple(n for f in packages for n in f.notices),
        sign_tags=root.sign_tags,
    )


def all_notes(packages: tuple[Facts, ...]) -> str:
    """Every package's notes, each under its tag (what a dry run and the Action show)."""
    return "\n".join(f"# {f.tag}\n\n{f.notes.strip()}\n" for f in packages)


def _resume(
    repo: GitRepository,
    root: Config,
    packages: Sequence[PackageInput],
    tags: list[str],
    message: str,
    where: Where,
    commit: str,
) -> tuple[Facts, tuple[Facts, ...]]:
    """Facts for finishing the release whose commit is `commit` (HEAD, or a merged release
    pull request that commits followed): the packages it tagged."""
    later = commit != repo.head()  # the tags go on the merge, not on HEAD
    facts = []
    for package in packages:
        found = version_tags(((t, "", "") for t in tags), package.config.tag_format)
        if not found:
            continue
        facts.append(
            replace(
                _resume_facts(
                    repo,
                    package.config,
                    found[0].version.semver,
                    where.branch,
                    where.repository,
                    where.index_url,
                    commit,
                    package.place,
                ),
                notices=(),
                commit=commit if later else None,
            )
        )
    if not facts:
        from releaser.errors import RefusedError

        raise RefusedError(
            f"HEAD is a release commit of {', '.join(tags)}, but none of the packages "
            "selected here has those tags",
            hint="run `releaser cut` without --package to finish that release",
        )
    lead = replace(
        facts[0],
        commit_message=message,
        remote=root.remote,
        notes=all_notes(tuple(facts)),
        project_name="",
        dist_dir="",
        project_dir="",
        notices=(
            f"{'the merged pull request ' + commit[:7] if later else 'HEAD'} is the release "
            f"commit of {', '.join(tags)}: finishing that release",
        ),
        sign_tags=root.sign_tags,
    )
    return lead, tuple(facts)
