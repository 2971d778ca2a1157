"""Every package of a monorepo at once: its current version, its next one, and why.

`next_for_packages(project_dir)` opens each package the repository root lists (see
`releaser.config.workspace`) as a `Project` of its own (its folder, settings, tags and the
commits that touch it) and asks `next_release` about it. The release pipeline uses the
same projects to cut several packages in one plan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from releaser.config import Config
from releaser.core.history import Analysis
from releaser.core.packages import Package
from releaser.core.version import Bump, Version
from releaser.history.project import Project, open_packages
from releaser.history.upcoming import NextRelease, next_release


@dataclass(frozen=True)
class PackageRelease:
    """One package's next release, with the project it was worked out for."""

    project: Project
    release: NextRelease

    @property
    def package(self) -> Package:
        """The package (always set for the projects of a workspace)."""
        assert self.project.package is not None
        return self.project.package

    @property
    def why(self) -> str:
        """Why the version moves (or not), in a few words."""
        return reason(self.release, self.project.config)


def next_for_packages(
    project_dir: Path | None,
    names: Sequence[str] = (),
    *,
    prerelease: str | None = None,
    force: Bump | None = None,
) -> list[PackageRelease]:
    """The next release of every package (or of those `names` name), in listing order.
    Packages in lockstep share one project, whose release is worked out once."""
    found: list[PackageRelease] = []
    releases: dict[tuple[Path, tuple[str, ...]], NextRelease] = {}
    for project in open_packages(project_dir, names):
        key = (project.dir, project.pathspecs)
        if key not in releases:
            releases[key] = next_release(project, prerelease=prerelease, force=force)
        found.append(PackageRelease(project, releases[key]))
    return found


def reason(release: NextRelease, config: Config) -> str:
    """`minor: 1 feat, 2 fix in 5 commits since acme-v1.0.1`, or why nothing is due."""
    analysis = release.analysis
    since = f"since {release.since.name}" if release.since else "since the first commit"
    commits = f"{analysis.commit_count} commit{'s' if analysis.commit_count != 1 else ''}"
    counts = _bumping_types(analysis, config)
    if release.version is None:
        return f"nothing to release: no commit of {commits} {since} calls for a new version"
    moved = _moved(release, release.current_version or config.initial)
    if not counts:  # forced
        return f"{moved} (forced): {commits} {since}"
    listed = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    return f"{moved}: {listed} in {commits} {since}"


def _moved(release: NextRelease, old: Version) -> str:
    """How far the version moves from `old`: a breaking change on 0.x moves the minor."""
    new = release.version
    if new is None or release.level is Bump.NONE:
        return release.level.label
    if new.major != old.major:
        return "major"
    moved = "minor" if new.minor != old.minor else "patch"
    if release.level.label != moved and release.level > Bump[moved.upper()]:
        return f"{moved} ({release.level.label} change on 0.x)"
    return moved


def _bumping_types(analysis: Analysis, config: Config) -> dict[str, int]:
    """How many changes of each kind move the version: "breaking" first, then by type."""
    rules = config.bump_rules
    counted: Counter[str] = Counter()
    for change in analysis.changes:
        level = rules.level_of(change)
        if level is Bump.MAJOR and change.commit.breaking:
            counted["breaking"] += 1
        elif level is not Bump.NONE:
            counted[change.commit.type] += 1
    if analysis.reverts:
        counted["revert"] += len(analysis.reverts)
    return dict(sorted(counted.items(), key=lambda kv: (kv[0] != "breaking", -kv[1], kv[0])))
