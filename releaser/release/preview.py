"""What a real run would skip: the dry run looks at the world as each step would.

Finishing a half-done release, the real run skips the steps whose work is there
already (the tag, a build of this very commit, the push, the GitHub release, the
files on the index). The dry run asks the same questions, reading only, so that
it says exactly what the real run will do. A question that cannot be answered
(no token, a service down) leaves the step as "would run".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from releaser.adapters.git_release import GitWriter
from releaser.errors import ReleaserError
from releaser.release.plan import Plan, StepName

if TYPE_CHECKING:
    from releaser.adapters.github import GitHubReleases
    from releaser.adapters.package_index import PackageIndex

_T = TypeVar("_T")


@dataclass
class Lookers:
    """Read-only access to what the steps touch; None where a step is off."""

    root: Path
    git: GitWriter
    github: Callable[[], GitHubReleases] | None = None
    index: Callable[[], PackageIndex] | None = None


def skipped_steps(plan: Plan, lookers: Lookers) -> dict[StepName, str]:
    """The steps a real run would skip, each with why ("already done")."""
    facts = plan.facts
    if not facts.resume:
        return {}  # a new release: every enabled step has work to do
    git, skips = lookers.git, {}
    head = git.head_sha()
    enabled = {s.name for s in plan.steps if s.enabled}
    if StepName.TAG in enabled and git.has_tag(facts.tag) == head:
        skips[StepName.TAG] = f"{facts.tag} is already at HEAD"
    names = _distributions(plan, lookers, head, skips) if StepName.BUILD in enabled else None
    if StepName.PUSH in enabled:
        refs = _ask(lambda: git.remote_refs(facts.remote, [f"refs/heads/{facts.branch}",
                                                           f"refs/tags/{facts.tag}"]))  # fmt: skip
        if refs and refs.get(f"refs/heads/{facts.branch}") == head == refs.get(
            f"refs/tags/{facts.tag}"
        ):
            skips[StepName.PUSH] = f"{facts.remote} already has {facts.branch} and {facts.tag}"
    github = lookers.github
    if github is not None and StepName.GITHUB_DRAFT in enabled:
        release = _ask(lambda: github().find(facts.tag))
        if release is not None:
            if names is not None and {*names, "SHA256SUMS"} <= set(release.assets):
                skips[StepName.GITHUB_DRAFT] = f"release {facts.tag} has all its assets"
            if not release.draft and StepName.GITHUB_RELEASE in enabled:
                skips[StepName.GITHUB_RELEASE] = f"already published: {release.html_url}"
    index = lookers.index
    if index is not None and names and StepName.PUBLISH in enabled:
        listed = _ask(lambda: index().existing_files(facts.project_name))
        if listed is not None and set(names) <= set(listed):
            skips[StepName.PUBLISH] = f"the index has all {len(names)} files"
            if StepName.STAGE in enabled:
                skips[StepName.STAGE] = "already on the real index: nothing left to check"
    return skips


def _distributions(
    plan: Plan, lookers: Lookers, head: str, skips: dict[StepName, str]
) -> list[str] | None:
    """The names the build step would end with, when known without building."""
    from packaging.version import Version

    from releaser.adapters.build import reusable_build
    from releaser.adapters.package_index import distribution_version

    facts = plan.facts
    earlier = reusable_build(lookers.root / facts.dist_dir, head)
    if earlier is not None:
        skips[StepName.BUILD] = f"reusing {len(earlier)} files built from {head[:7]} earlier"
        return [p.name for p in earlier]
    index = lookers.index
    if index is None:
        return None
    listed = _ask(lambda: index().existing_files(facts.project_name)) or {}
    wanted = str(Version(facts.version.pep440))
    names = sorted(n for n in listed if distribution_version(n) == wanted)
    if {n.endswith(".whl") for n in names} != {True, False}:
        return None  # the real run builds (what is missing)
    skips[StepName.BUILD] = f"reusing the {len(names)} files already on the index"
    return names


def _ask(question: Callable[[], _T]) -> _T | None:
    """The answer, or None when the service cannot answer now."""
    try:
        return question()
    except ReleaserError:
        return None
