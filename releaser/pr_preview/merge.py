"""What merging a pull request into its base branch would release.

Read-only: no ref, branch, index or file changes. When the checkout is not already the merge
result (actions/checkout's `refs/pull/N/merge` is), git builds the merge commit as an object
only (`git merge-tree --write-tree`, then `git commit-tree`), which no ref keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from releaser.adapters.git import GitRepository
from releaser.changelog_files import template_errors
from releaser.config import Config
from releaser.core.lint import LintResult, LintRules, lint_message
from releaser.core.version import Bump
from releaser.errors import GitError, RefusedError, UsageError
from releaser.history.changelog import render_options
from releaser.history.project import open_project
from releaser.history.sections import next_section, today
from releaser.history.upcoming import find_next

_IDENTITY = ("-c", "user.name=releaser preview", "-c", "user.email=preview@releaser.invalid")
MERGE_STRATEGIES = ("merge", "squash")  # rebase merges release what a merge does


@dataclass(frozen=True)
class CommitVerdict:
    """The lint result of one of the pull request's commits."""

    sha: str
    result: LintResult


@dataclass(frozen=True)
class MergePreview:
    """What merging the pull request would do to the base branch's next release."""

    base: str  # the base ref as given, e.g. origin/main
    head: str  # the sha of the checkout (the PR head or GitHub's merge commit)
    current: str | None  # the version the base branch is at
    version: str | None  # the version the merge would release; None: no release
    tag: str | None
    bump: Bump
    notes: str | None
    commits: tuple[CommitVerdict, ...]
    title: str | None
    title_lint: LintResult | None
    notices: tuple[str, ...] = ()
    merge: str = "merge"  # or "squash": the title becomes the one commit's message

    @property
    def lint_failures(self) -> int:
        """How many of the messages that reach the base branch are not Conventional Commits.

        A squash merge keeps only the title, so only the title counts there.
        """
        title = self.title_lint is not None and not self.title_lint.valid
        if self.merge == "squash":
            return int(title)
        return sum(not c.result.valid for c in self.commits) + title


@dataclass(frozen=True, slots=True)
class _MergedView(GitRepository):
    """The repository as if HEAD were `merged`: the history service reads from there."""

    merged: str = ""

    def head(self) -> str:
        """The merge result's sha."""
        return self.merged


def preview_merge(
    project_dir: Path | None,
    load: Callable[[Path], Config],
    *,
    base: str | None,
    base_branch: str | None,
    title: str | None,
    merge: str = "merge",
) -> MergePreview:
    """The release merging HEAD into the base would make, and the lint of its commits and title.

    The base is `base`, else `base_branch` on the configured remote (origin/main). With
    `merge="squash"` the merge is one commit whose message is the title.
    """
    if merge not in MERGE_STRATEGIES:
        raise UsageError(f"--merge must be merge or squash, not {merge!r}")
    if merge == "squash" and not (title and title.strip()):
        raise UsageError(
            "a squash merge's message is the pull request's title, and there is none",
            hint="pass --title, or run in a pull_request workflow (the event has the title)",
        )
    project = open_project(project_dir, load)
    repo, config = project.repo, project.config
    base = default_base(base, base_branch, config.remote)
    head = repo.head()
    base_sha = _resolve_base(repo, base)
    merged, notices = _merge_result(repo, base_sha, head, base)
    if merge == "squash" and title:
        tree = repo.run("rev-parse", f"{merged}^{{tree}}").strip()
        squashed = repo.run(*_IDENTITY, "commit-tree", tree, "-p", base_sha, "-m", title.strip())
        merged = squashed.strip()
    branch = _branch_name(base, config.remote)
    release = find_next(
        _MergedView(repo.root, merged),
        config,
        prerelease=config.prerelease_for(branch),
        tag_names=project.tag_names,
        pathspecs=project.pathspecs,  # a project in a subfolder: only its own commits
    )
    notes = None
    if release.version is not None:
        from releaser.core.changelog import render_release

        with template_errors(repo.root):
            section = next_section(release, today())
            options = render_options(repo, config, base=project.dir, package=project.package)
            notes = render_release(section, options)  # a package's own scope is not shown
    rules = LintRules(
        config.types, config.max_header_length, config.bump_rules, allow_autosquash=False
    )
    commits = tuple(
        CommitVerdict(c.sha, lint_message(c.message, rules))
        for c in repo.log(f"{base_sha}..{head}")
        if not c.is_merge
    )
    return MergePreview(
        base=base,
        head=head,
        current=release.current_version.semver if release.current_version else None,
        version=release.version.semver if release.version else None,
        tag=release.tag,
        bump=release.level,
        notes=notes,
        commits=commits,
        title=title,
        title_lint=lint_message(title.strip(), rules) if title and title.strip() else None,
        notices=(*project.notices, *notices),
        merge=merge,
    )


def default_base(given: str | None, base_branch: str | None, remote: str) -> str:
    """The base ref: `--base`, else the event's base branch on `remote`; UsageError without."""
    if given:
        return given
    if base_branch:
        return f"{remote}/{base_branch}"
    raise UsageError(
        "no base branch to preview the merge into",
        hint="pass --base origin/main (in a pull_request workflow, GITHUB_BASE_REF names it)",
    )


def _resolve_base(repo: GitRepository, base: str) -> str:
    try:
        return repo.resolve(base)
    except GitError:
        raise RefusedError(
            f"the base branch {base} is not in this clone",
            hint="fetch it first (`git fetch origin main`); with actions/checkout, "
            "set `fetch-depth: 0`",
        ) from None


def _merge_result(repo: GitRepository, base: str, head: str, name: str) -> tuple[str, list[str]]:
    """The sha of the merge of `head` into `base` (HEAD itself when it already contains base)."""
    if repo.is_ancestor(base, head):
        return head, []
    tree = repo.run("merge-tree", "--write-tree", "--no-messages", base, head, check=False)
    lines = tree.split()
    if not lines or len(lines) > 1:  # conflicts list the paths after the tree
        note = (
            f"the pull request conflicts with {name}: the preview reads its own history "
            "as if it were merged without conflicts"
        )
        return head, [note]
    message = "releaser preview: merge result"
    merged = repo.run(*_IDENTITY, "commit-tree", lines[0], "-p", base, "-p", head, "-m", message)
    return merged.strip(), []


def _branch_name(base: str, remote: str) -> str:
    """`main` for origin/main, refs/remotes/origin/main or main."""
    for prefix in (f"refs/remotes/{remote}/", f"{remote}/", "refs/heads/"):
        if base.startswith(prefix):
            return base.removeprefix(prefix)
    return base
