"""Release through a pull request (`releaser cut --via-pr`), for branches that refuse pushes.

A run on the release branch does one of two things:
- when HEAD is a merged release (see `merged_release`), `releaser cut` finishes it as it
  finishes any release whose commit is at HEAD: audit, tag, push of the tag, GitHub release,
  upload; every step is probed first, so a rerun does nothing and a killed run is finished;
- otherwise, when a release is due, it builds the release commit on top of HEAD (off the
  work tree: see adapters/git_release_branch.py), force-pushes it to one stable branch and
  opens the pull request, or updates the open one. No tag, release or upload happens.

The release commit is rebuilt from scratch on the branch's HEAD every time, never merged, so
a branch that moved on never gives merge conflicts. A pull request closed without merging is
not reopened (GitHub refuses to reopen one whose branch was pushed since): the next run opens
a new one.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from releaser.core.version import Version
from releaser.errors import GitHubError, RefusedError
from releaser.release.plan import Facts, StepName

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

if TYPE_CHECKING:
    from releaser.adapters.git_release_branch import ReleaseBranch
    from releaser.adapters.github_pulls import GitHubPulls, PullRequestInfo
    from releaser.config import Config
    from releaser.release.cut_settings import Reporter

TRAILER = "Release-Version"
# in a workspace's release pull request, beside its `Release-Tag:` lines: what tells the
# merged release commit from a direct release commit, which carries those lines too
VIA_PR_LINE = "Release-Via: pull request"
MARKER = "<!-- releaser: everything above this line is rewritten on every run; write below it -->"
_TRAILER_LINE = re.compile(rf"^{TRAILER}:[ \t]*(?P<version>\S+)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class PullRequestPlan:
    """What a release-PR run will push and show: derived from the facts, no I/O."""

    version: str
    tag: str
    base: str
    branch: str  # the release branch the pull request comes from
    title: str
    message: str  # the release commit's message, trailer included
    files: Mapping[str, str]
    trailers: str = ""  # the lines a merge must keep ("": `Release-Version: <version>`)

    @property
    def kept(self) -> str:
        """The trailer lines that let the finishing run recognise the merged release."""
        return self.trailers or f"{TRAILER}: {self.version}"


def release_branch_name(template: str, base: str, project_dir: str = "") -> str:
    """The release branch for `base` (`release-pr-branch`, `{branch}` replaced).

    A project in a subfolder gets its own (`{project}`, else the folder appended), so the
    packages of one repository never share a release pull request.
    """
    name = template.replace("{branch}", base)
    if not project_dir:
        return name.replace("{project}", "").rstrip("-/")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", project_dir).strip("-")
    return name.replace("{project}", slug) if "{project}" in template else f"{name}-{slug}"


def trailer_version(message: str) -> str | None:
    """The version a `Release-Version:` line names (the last one), or None."""
    found = _TRAILER_LINE.findall(message)
    return found[-1] if found else None


def plan_pull_request(facts: Facts, config: Config) -> PullRequestPlan:
    """The release commit and pull request for the release in `facts`."""
    version = facts.version.semver
    # No `[skip ci]` here: it would keep CI off the pull request and off the merge that
    # finishes the release.
    subject = facts.commit_message.removesuffix(" [skip ci]")
    return PullRequestPlan(
        version=version,
        tag=facts.tag,
        base=facts.branch,
        branch=release_branch_name(config.release_pr_branch, facts.branch, facts.project_dir),
        title=subject,
        message=f"{subject}\n\n{TRAILER}: {version}\n",
        files={e.path: e.text for e in facts.edits},
    )


def plan_workspace_pull_request(
    lead: Facts, packages: Sequence[Facts], config: Config
) -> PullRequestPlan:
    """The release commit and pull request of several packages: the commit stamps each, and
    its `Release-Tag:` lines (kept by any merge) name the tags the finishing run makes."""
    subject, _, tags = lead.commit_message.partition("\n\n")
    subject = subject.removesuffix(" [skip ci]")
    trailers = f"{tags.strip()}\n{VIA_PR_LINE}"
    return PullRequestPlan(
        version=", ".join(f"{p.project_name} {p.version.semver}" for p in packages),
        tag=", ".join(p.tag for p in packages),
        base=lead.branch,
        branch=release_branch_name(config.release_pr_branch, lead.branch),
        title=subject,
        message=f"{subject}\n\n{trailers}\n",
        files={e.path: e.text for e in lead.edits},
        trailers=trailers,
    )


def pull_request_body(plan: PullRequestPlan, notes: str, previous_body: str = "") -> str:
    """Notes, what merging does, the trailer, the marker, and what people wrote below it."""
    kept = previous_body.partition(MARKER)[2] if MARKER in previous_body else ""
    return (
        f"{notes.strip()}\n\n---\n\n"
        f"Merging this pull request releases **{plan.version}**: the next `releaser cut` on "
        f"`{plan.base}` tags the merge as `{plan.tag}`, publishes the GitHub release and "
        f"uploads to the package index. New commits on `{plan.base}` update this pull "
        f"request: the release commit is rebuilt on top of `{plan.base}`, never merged. "
        "Merge it with any strategy (merge commit, squash or rebase); a squash merge must "
        "keep the commit message or this description, which carry the lines below.\n\n"
        f"{plan.kept}\n\n{MARKER}\n{kept.lstrip(chr(10))}"
    )


@dataclass(frozen=True)
class MergedRelease:
    """A merged release pull request: its version and the commit that merged it."""

    version: str
    commit: str


def merged_release(
    branch: ReleaseBranch,
    config: Config,
    head: str,
    paths: tuple[str, str],
    finished: Callable[[str], bool],
    depth: int = 50,
) -> MergedRelease | None:
    """The merged release pull request to finish, or None (two git calls when there is none).

    A commit on HEAD's first-parent line merged one when its message (fast-forward, rebase,
    squash) or, for a merge commit, its merged parent's message carries a `Release-Version:`
    line, and the version stamped in that commit's tree is that version. The sha plays no
    part: squash and rebase merges make new commits. The newest such commit counts: at HEAD
    it is always returned (a finished release's rerun checks every step); further back (commits
    followed the merge before the release was finished) only while `finished(tag)` is false.
    `paths` are pyproject.toml's and the changelog's paths in the repository.
    """
    for commit, _parents, messages in branch.first_parents(head, depth):
        version = trailer_version(messages)
        if version is None or not stamped_at(branch, config, commit, version, paths):
            continue
        if commit == head or not finished(config.tag_for(Version.parse(version))):
            return MergedRelease(version, commit)
        return None
    return None


def stamped_at(
    branch: ReleaseBranch, config: Config, commit: str, version: str, paths: tuple[str, str]
) -> bool:
    """Does `commit`'s tree carry `version`: in [project].version, else in the changelog?"""
    from releaser.core.changelog import has_release
    from releaser.core.version import VersionError

    try:
        wanted = Version.parse(version)
    except VersionError:
        return False
    pyproject, changelog = paths
    if config.project_version and not config.dynamic_version:
        try:
            data = tomllib.loads(branch.file_at(commit, pyproject) or "")
        except tomllib.TOMLDecodeError:
            return False
        stamped = str(data.get("project", {}).get("version", ""))
        return stamped in (wanted.pep440, wanted.semver)
    return has_release(branch.file_at(commit, changelog) or "", wanted.semver)


@dataclass
class PullRequestPorts:
    """What a release-PR run reaches: git (the release branch) and GitHub (pull requests)."""

    branch: ReleaseBranch
    remote: str
    pulls: Callable[[], GitHubPulls]
    remote_sha: Callable[[str], str | None]  # the remote's branch -> its commit, or None


def open_or_update(
    plan: PullRequestPlan,
    notes: str,
    head: str,
    ports: PullRequestPorts,
    reporter: Reporter,
) -> dict[str, Any]:
    """Push the release commit to the release branch; open or update its pull request."""
    started = time.perf_counter()
    reporter.started(StepName.RELEASE_BRANCH, f"the release commit of {plan.version}")
    commit = ports.branch.commit_on(head, plan.files, plan.message)
    if ports.remote_sha(plan.branch) == commit:
        status, detail = "skipped", f"{plan.branch} is already {commit[:7]}"
    else:
        ports.branch.force_push(ports.remote, commit, plan.branch)
        status, detail = "done", f"{commit[:7]} -> {ports.remote}/{plan.branch}"
    reporter.finished(StepName.RELEASE_BRANCH, status, time.perf_counter() - started, detail)

    started = time.perf_counter()
    reporter.started(StepName.PULL_REQUEST, f"{plan.branch} -> {plan.base}: {plan.title}")
    try:
        pulls = ports.pulls()
        existing = pulls.find_open(plan.branch, plan.base)
        if existing is None:
            pull = pulls.open_pull(
                plan.branch, plan.base, plan.title, pull_request_body(plan, notes)
            )
            action = "opened"
        else:
            body = pull_request_body(plan, notes, existing.body)
            pull = pulls.update_pull(existing.number, plan.title, body)
            same = (existing.title, existing.body) == (plan.title, body)
            action = "unchanged" if same else "updated"
    except GitHubError as exc:
        reporter.failed(StepName.PULL_REQUEST, time.perf_counter() - started, exc)
        raise RefusedError(
            f"{exc.message}; nothing was released (the release commit is on "
            f"{ports.remote}/{plan.branch}, and the next run reuses that branch)",
            hint=exc.hint,
        ) from exc
    detail = f"{action} #{pull.number}: {pull.html_url}"
    reporter.finished(
        StepName.PULL_REQUEST,
        "skipped" if action == "unchanged" else "done",
        time.perf_counter() - started,
        detail,
    )
    return _result(plan, pull, action, commit)


def _result(
    plan: PullRequestPlan, pull: PullRequestInfo, action: str, commit: str
) -> dict[str, Any]:
    return {
        "released": False,
        "release_due": True,
        "version": plan.version,
        "tag": plan.tag,
        "release_branch": plan.branch,
        "release_commit": commit,
        "pull_request": {"number": pull.number, "url": pull.html_url, "action": action},
    }


def default_token_note(env: Mapping[str, str]) -> str | None:
    """The note for a pull request opened with the job's own GITHUB_TOKEN (no CI runs on it)."""
    if env.get("RELEASER_TOKEN_IS_DEFAULT", "").lower() != "true":
        return None
    return (
        "the pull request was opened with the job's GITHUB_TOKEN, so GitHub starts no workflow "
        "run on it (no CI checks); pass a GitHub App token or a fine-grained personal access "
        "token as the Action's `github-token` to have CI run on the release pull request"
    )
