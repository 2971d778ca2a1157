"""What a real run would skip: the dry run looks at the world as each step would.

Finishing a half-done release, the real run skips the steps whose work is there
already (the tag, a build of this very commit, the push, the GitHub release, the
files on the index). The dry run asks the same questions, reading only, so that
it says exactly what the real run will do. A question that cannot be answered
(no token, a service down) leaves the step as "would run".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from releaser.adapters.git_release import GitWriter
from releaser.errors import ReleaserError
from releaser.release.plan import Facts, Plan, StepName

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


def skipped_steps(plan: Plan, lookers: Lookers) -> dict[str, str]:
    """The steps a real run would skip, each with why ("already done"), by step key."""
    if plan.packages:
        return _workspace_skips(plan, lookers)
    facts = plan.facts
    if not facts.resume:
        return {}  # a new release: every enabled step has work to do
    enabled = {s.name for s in plan.steps if s.enabled}
    skips = _own_skips(plan, lookers, enabled)
    if StepName.PUSH in enabled:
        pushed = _pushed(lookers.git, facts, [facts.tag])
        if pushed:
            skips[StepName.PUSH] = pushed
    return {name.value: why for name, why in skips.items()}


def _workspace_skips(plan: Plan, lookers: Lookers) -> dict[str, str]:
    """Each package's skips (`tag:acme`), and the shared push's when every tag is there."""
    if not plan.facts.resume:
        return {}
    skips = {}
    for package in plan.packages:
        name = package.project_name
        own = tuple(replace(s, package="") for s in plan.steps if s.package == name)
        enabled = {s.name for s in own if s.enabled}
        for step, why in _own_skips(Plan(package, own), lookers, enabled).items():
            skips[f"{step.value}:{name}"] = why
    if plan.step(StepName.PUSH).enabled:
        pushed = _pushed(lookers.git, plan.facts, [p.tag for p in plan.packages])
        if pushed:
            skips[StepName.PUSH.value] = pushed
    return skips


def _pushed(git: GitWriter, facts: Facts, tags: list[str]) -> str | None:
    """Why the push is done already: the remote has the branch and every tag at HEAD."""
    head = git.head_sha()
    wanted = [f"refs/heads/{facts.branch}", *(f"refs/tags/{t}" for t in tags)]
    refs = _ask(lambda: git.remote_refs(facts.remote, wanted))
    if refs and all(refs.get(ref) == head for ref in wanted):
        return f"{facts.remote} already has {facts.branch} and {', '.join(tags)}"
    return None


def _own_skips(plan: Plan, lookers: Lookers, enabled: set[StepName]) -> dict[StepName, str]:
    """The skips of one package's own steps: its tag, build, GitHub release and upload."""
    facts, git = plan.facts, lookers.git
    skips: dict[StepName, str] = {}
    head = git.head_sha()
    if StepName.TAG in enabled and git.has_tag(facts.tag) == head:
        skips[StepName.TAG] = f"{facts.tag} is already at HEAD"
    names = _distributions(plan, lookers, head, skips) if StepName.BUILD in enabled else None
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
