"""The release plan: every step `releaser cut` will take, decided before any is taken.

`make_plan` is pure: the facts (what git, the files and the configuration say)
come in, the ordered steps and the exact file contents to write come out.
`--dry-run` prints this plan; the executor carries it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from releaser.core.version import Version


class StepName(str, Enum):
    """The steps, in the order they run."""

    PREFLIGHT = "preflight"
    AUDIT = "audit"
    STAMP = "stamp"
    CHANGELOG = "changelog"
    COMMIT = "commit"
    TAG = "tag"
    BUILD = "build"
    CHECK = "check"
    PUSH = "push"
    GITHUB_DRAFT = "github-draft"
    STAGE = "stage"
    PUBLISH = "publish"
    GITHUB_RELEASE = "github-release"
    # a release through a pull request (release/via_pr.py), instead of COMMIT..GITHUB_RELEASE
    RELEASE_BRANCH = "release-branch"
    PULL_REQUEST = "pull-request"


@dataclass(frozen=True, slots=True)
class Switches:
    """Which parts of the release are on; each can be turned off by config or flag."""

    audit: bool = True
    build: bool = True
    push: bool = True
    github: bool = True
    publish: bool = True
    draft: bool = False  # leave the GitHub release as a draft


@dataclass(frozen=True, slots=True)
class FileEdit:
    """A file to write: its path relative to the project root and its new text."""

    path: str
    text: str
    what: str  # e.g. "[project].version", "__version__"


@dataclass(frozen=True)
class Facts:
    """What was found before planning (gathered by the adapters)."""

    version: Version
    tag: str
    previous_tag: str | None
    resume: bool  # HEAD is already this release's commit
    branch: str
    remote: str
    notes: str
    edits: tuple[FileEdit, ...]
    stamp_skipped: str  # why nothing is stamped, when nothing is
    commit_message: str
    repository: str | None  # GitHub owner/name
    index_url: str
    project_name: str
    dist_dir: str
    notices: tuple[str, ...] = ()
    sign_tags: bool = False
    tag_message: str = ""  # "": a lightweight tag
    project_dir: str = ""  # the project's folder relative to the repository root ("": the root)
    # the release commit when it is not HEAD: a merged release pull request that commits
    # followed before the release was finished (release/via_pr.py)
    commit: str | None = None
    stage_url: str = ""  # the staging index's upload URL ("": no staging)
    stage_check: str = ""  # the smoke command run on the release installed from staging


@dataclass(frozen=True, slots=True)
class Step:
    """One step: whether it runs and what it will do."""

    name: StepName
    enabled: bool
    summary: str
    off_reason: str = ""
    package: str = ""  # in a release of several packages: whose step this is ("": all)

    @property
    def key(self) -> str:
        """The step's name, with its package's when it has one (`tag:acme-core`)."""
        return f"{self.name.value}:{self.package}" if self.package else self.name.value


@dataclass(frozen=True)
class Plan:
    """The facts and the ordered steps.

    A release of several packages has their facts in `packages`; `facts` then holds what
    they share (branch, remote, the release commit's files and message).
    """

    facts: Facts
    steps: tuple[Step, ...] = field(default=())
    packages: tuple[Facts, ...] = ()

    def step(self, name: StepName) -> Step:
        """The step called `name`."""
        return next(s for s in self.steps if s.name is name)

    def as_json(self) -> dict[str, Any]:
        """The plan for `--json` and log pipelines."""
        facts = self.facts
        return {
            "version": facts.version.semver,
            "pep440": facts.version.pep440,
            "tag": facts.tag,
            "previous_tag": facts.previous_tag,
            "resume": facts.resume,
            "branch": facts.branch,
            "files": [e.path for e in facts.edits],
            "repository": facts.repository,
            "index_url": facts.index_url,
            "stage_url": facts.stage_url or None,
            "notes": facts.notes,
            "steps": [
                {
                    "name": s.name.value,
                    "enabled": s.enabled,
                    "summary": s.summary,
                    "off_reason": s.off_reason,
                    **({"package": s.package} if s.package else {}),
                }
                for s in self.steps
            ],
            **({"packages": [_package_json(p) for p in self.packages]} if self.packages else {}),
        }


def _package_json(facts: Facts) -> dict[str, Any]:
    return {
        "name": facts.project_name,
        "folder": facts.project_dir or ".",
        "version": facts.version.semver,
        "pep440": facts.version.pep440,
        "tag": facts.tag,
        "previous_tag": facts.previous_tag,
        "files": [e.path for e in facts.edits],
        "notes": facts.notes,
    }


def release_commit_pattern(template: str) -> re.Pattern[str]:
    """A regex matching release commits made from `template` (capturing the version)."""
    escaped = re.escape(template).replace(re.escape("{current_version}"), r"\S*")
    head, _, tail = escaped.partition(re.escape("{version}"))
    return re.compile(head + r"(?P<version>\S+)" + tail + r"(?: \[skip ci\])?\s*")


def make_plan(facts: Facts, switches: Switches) -> Plan:
    """Order the steps and say, for each, what it will do or why it is off."""
    f = facts
    files = ", ".join(e.path for e in f.edits if e.what != "changelog") or "none"
    sbom = ", SBOM" if switches.audit else ""  # the SBOM lists what the audit checked
    assets = f"{f.dist_dir}/ (sdist, wheel, SHA256SUMS{sbom})"
    resumed = "already done by the release commit at HEAD" if f.resume else ""

    def step(name: StepName, summary: str, *off: tuple[bool, str]) -> Step:
        for is_off, reason in off:
            if is_off:
                return Step(name, False, summary, reason)
        return Step(name, True, summary)

    changelog = next((e.path for e in f.edits if e.what == "changelog"), "CHANGELOG.md")
    steps = (
        step(
            StepName.PREFLIGHT,
            f"branch {f.branch}, clean tree, up to date with {f.remote}, credentials",
        ),
        step(
            StepName.AUDIT,
            "pip-audit, bandit and the project's checks",
            (not switches.audit, "turned off"),
        ),
        step(
            StepName.STAMP,
            f"write {f.version.pep440} into {files}",
            (f.resume, resumed),
            (not any(e.what != "changelog" for e in f.edits), f.stamp_skipped or "no version file"),
        ),
        step(StepName.CHANGELOG, f"add {f.version.semver} to {changelog}", (f.resume, resumed)),
        step(StepName.COMMIT, f"commit '{f.commit_message}'", (f.resume, resumed)),
        step(StepName.TAG, f"{_tag_kind(f)} tag {f.tag}"),
        step(
            StepName.BUILD,
            f"python -m build of {f.project_dir + '/ in ' if f.project_dir else ''}"
            f"a clean checkout of the release commit into {f.dist_dir}/",
            (not switches.build, "turned off"),
        ),
        step(
            StepName.CHECK,
            f"twine check --strict, built version is {f.version.pep440}, SHA256SUMS",
            (not switches.build, "no build"),
        ),
        step(
            StepName.PUSH,
            f"push {f.branch} and {f.tag} to {f.remote} atomically",
            (not switches.push, "turned off"),
        ),
        step(
            StepName.GITHUB_DRAFT,
            f"draft release {f.tag} on {f.repository or 'GitHub'} with {assets}",
            (not switches.github, "turned off"),
            (not switches.push, "needs push"),
            (f.repository is None, "no GitHub repository found"),
        ),
        step(
            StepName.STAGE,
            f"upload to {f.stage_url or 'the staging index'}, install {f.project_name}=="
            f"{f.version.pep440} from it into a fresh venv, run `{f.stage_check}`",
            (not f.stage_url, "no stage-index"),
            (not switches.publish, "no publish"),
            (not switches.build, "needs build"),
            (not switches.push, "needs push"),
        ),
        step(
            StepName.PUBLISH,
            f"upload to {f.index_url}",
            (not switches.publish, "turned off"),
            (not switches.build, "needs build"),
            (not switches.push, "needs push"),
        ),
        step(
            StepName.GITHUB_RELEASE,
            f"publish the release {f.tag}",
            (not switches.github, "turned off"),
            (not switches.push, "needs push"),
            (f.repository is None, "no GitHub repository found"),
            (switches.draft, "kept as a draft"),
        ),
    )
    return Plan(facts, steps)


def _tag_kind(facts: Facts) -> str:
    if facts.sign_tags:
        return "signed"
    return "annotated" if facts.tag_message else "lightweight"


_SHARED = (StepName.PREFLIGHT, StepName.STAMP, StepName.CHANGELOG, StepName.COMMIT, StepName.PUSH)


def make_workspace_plan(lead: Facts, packages: tuple[Facts, ...], switches: Switches) -> Plan:
    """One plan for several packages: one commit and one atomic push for all of them, and
    for each its own audit, tag, build, check, GitHub release and upload.

    `lead` holds what the packages share: the release commit's files and message, the
    branch and the remote. Each package's remote steps run together (draft, upload,
    publish), so a package is finished before the next one starts.
    """
    shared = {s.name: s for s in make_plan(lead, switches).steps}
    own = [(p, {s.name: s for s in make_plan(p, switches).steps}) for p in packages]

    def each(*names: StepName) -> list[Step]:
        return [
            replace(steps[name], package=p.project_name, summary=f"{p.project_name}: "
                    f"{steps[name].summary}")
            for p, steps in own
            for name in names
        ]  # fmt: skip

    tags = ", ".join(p.tag for p in packages)
    versions = ", ".join(f"{p.project_name} {p.version.pep440}" for p in packages)
    files = ", ".join(e.path for e in lead.edits if e.what != "changelog") or "none"
    changelogs = ", ".join(e.path for e in lead.edits if e.what == "changelog") or "none"
    stamp, changelog = shared[StepName.STAMP], shared[StepName.CHANGELOG]
    push = shared[StepName.PUSH]
    steps = (
        shared[StepName.PREFLIGHT],
        *each(StepName.AUDIT),
        replace(stamp, summary=f"write {versions} into {files}"),
        replace(changelog, summary=f"add the releases to {changelogs}"),
        replace(
            shared[StepName.COMMIT],
            summary=f"commit '{lead.commit_message.splitlines()[0]}' with a "
            "Release-Tag trailer per package",
        ),
        *each(StepName.TAG),
        *each(StepName.BUILD, StepName.CHECK),
        replace(push, summary=f"push {lead.branch} and {tags} to {lead.remote} atomically"),
        *each(StepName.GITHUB_DRAFT, StepName.STAGE, StepName.PUBLISH, StepName.GITHUB_RELEASE),
    )
    assert all(s.package or s.name in _SHARED for s in steps)
    return Plan(lead, steps, packages)
