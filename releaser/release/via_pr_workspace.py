"""`releaser cut --via-pr` in a workspace: one pull request for every changed package.

The release commit on the release branch stamps every package and carries one
`Release-Tag:` line per package plus `Release-Via: pull request`. After the merge (any
strategy keeps those lines), the next run finds the merged commit and finishes each
package's release on it: its tag, the push of the tags, its GitHub release and upload.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from releaser.adapters.git import GitRepository
from releaser.adapters.git_release import GitWriter
from releaser.config import Config
from releaser.core.tags import version_tags
from releaser.release.cut_settings import Reporter
from releaser.release.plan import Facts, Switches
from releaser.release.via_pr import VIA_PR_LINE, plan_workspace_pull_request, stamped_at
from releaser.release.workspace_facts import PackageInput, released_tags


@dataclass(frozen=True)
class MergedPackages:
    """A merged release pull request of several packages: its tags and the merge commit."""

    tags: tuple[str, ...]
    commit: str
    message: str


def merged_packages(
    repo: GitRepository,
    packages: Sequence[PackageInput],
    finished: Callable[[str], bool],
    depth: int = 50,
) -> MergedPackages | None:
    """The merged workspace release pull request to finish, or None.

    As for one package (`via_pr.merged_release`): the newest commit of HEAD's first-parent
    line whose message (or merged parent's) has the pull request's lines, and whose tree
    stamps every named package's version; at HEAD always, further back while a tag's
    release is unfinished.
    """
    from releaser.adapters.git_release_branch import ReleaseBranch

    branch, head = ReleaseBranch(repo.root), repo.head()
    for commit, _parents, messages in branch.first_parents(head, depth):
        if VIA_PR_LINE not in messages.splitlines():
            continue
        tags = tuple(dict.fromkeys(released_tags(messages)))
        versions = _versions(packages, tags)
        if not versions or not all(
            stamped_at(branch, p.config, commit, v, _paths(p)) for p, v in versions
        ):
            continue
        if commit == head or not all(finished(t) for t in tags):
            return MergedPackages(tags, commit, messages)
        return None
    return None


def _versions(
    packages: Sequence[PackageInput], tags: Sequence[str]
) -> list[tuple[PackageInput, str]]:
    """Each package one of `tags` belongs to, with the version the tag names."""
    found = []
    for package in packages:
        matched = version_tags(((t, "", "") for t in tags), package.config.tag_format)
        if matched:
            found.append((package, matched[0].version.semver))
    return found


def _paths(package: PackageInput) -> tuple[str, str]:
    place = package.place
    return place.in_repo("pyproject.toml"), place.in_repo(package.config.changelog_file)


def open_workspace_pull_request(
    repo: GitRepository,
    writer: GitWriter,
    root: Config,
    lead: Facts,
    released: Sequence[Facts],
    switches: Switches,
    *,
    dry_run: bool,
    env: Mapping[str, str],
    reporter: Reporter,
    audits: Mapping[str, Callable[[bool], str]],
) -> dict[str, Any]:
    """Push the release commit of every package to the release branch; open or update the
    pull request (or, in a dry run, say what would be pushed)."""
    from releaser.release.via_pr_run import release_through_pr

    def audit(dry: bool) -> str:
        return "; ".join(f"{name}: {run(dry)}" for name, run in audits.items())

    result = release_through_pr(
        repo,
        writer,
        root,
        lead,
        switches,
        dry_run=dry_run,
        env=env,
        reporter=reporter,
        audit=audit,
        pull_request=plan_workspace_pull_request(lead, released, root),
    )
    versions = {p.version.semver for p in released}
    one = next(iter(versions)) if len(versions) == 1 else ""
    result.update(
        version=one,
        packages=[
            {"name": p.project_name, "version": p.version.semver, "tag": p.tag} for p in released
        ],
    )
    return result
