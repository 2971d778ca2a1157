"""`releaser cut --via-pr` when a release is due: checks, audit, release branch, pull request.

Called by release/cut.py with the facts of the new release; finishing a merged release
pull request goes through the ordinary pipeline instead (its facts have `resume` set).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from releaser.errors import RefusedError, ReleaserError
from releaser.release.plan import Facts, StepName, Switches
from releaser.release.via_pr import (
    PullRequestPlan,
    PullRequestPorts,
    default_token_note,
    open_or_update,
    plan_pull_request,
    pull_request_body,
)

if TYPE_CHECKING:
    from releaser.adapters.git import GitRepository
    from releaser.adapters.git_release import GitWriter
    from releaser.adapters.github_pulls import GitHubPulls
    from releaser.config import Config
    from releaser.release.cut_settings import Reporter

Audit = Callable[[bool], str]  # runs the gate (dry run or not); returns a summary or raises


def release_through_pr(
    repo: GitRepository,
    writer: GitWriter,
    config: Config,
    facts: Facts,
    switches: Switches,
    *,
    dry_run: bool,
    env: Mapping[str, str],
    reporter: Reporter,
    audit: Audit | None,
    pull_request: PullRequestPlan | None = None,
) -> dict[str, Any]:
    """Open or update the release pull request for the release in `facts` (or the one
    `pull_request` plans: several packages' release)."""
    from releaser.adapters.git_release_branch import ReleaseBranch
    from releaser.adapters.github import api_url_from_env, token_from_env
    from releaser.release.preflight import check_remote

    repository = facts.repository
    if repository is None:
        raise RefusedError(
            "a release through a pull request needs the GitHub repository, and none was found",
            hint='set `repository = "owner/name"` in [tool.releaser] (or GITHUB_REPOSITORY); '
            "--no-github does not go with --via-pr",
        )
    head = repo.head()
    check_remote(repo, writer, config.remote, facts.branch, head)
    token = token_from_env(env)
    if token is None and not dry_run:
        raise RefusedError(
            "no GitHub token: set GH_TOKEN or GITHUB_TOKEN",
            hint="a release pull request needs a token with `contents: write` and "
            "`pull-requests: write`",
        )
    plan = pull_request or plan_pull_request(facts, config)
    for notice in facts.notices:
        reporter.notice(notice)
    if audit is not None and switches.audit:
        _audit_step(audit, dry_run, reporter)
    if dry_run:
        reporter.notice(
            f"dry run: would push the release commit of {plan.version} to "
            f"{config.remote}/{plan.branch} and open (or update) the pull request "
            f"'{plan.title}' into {plan.base}; nothing was changed"
        )
        return {
            "released": False,
            "release_due": True,
            "dry_run": True,
            "name": facts.project_name,
            "version": plan.version,
            "tag": plan.tag,
            "release_branch": plan.branch,
            "pull_request_body": pull_request_body(plan, facts.notes),
            "plan": {"notes": facts.notes},
        }

    def pulls() -> GitHubPulls:
        from releaser.adapters.github_pulls import GitHubPulls

        return GitHubPulls(api_url_from_env(env), token, repository)

    def remote_sha(branch: str) -> str | None:
        return writer.remote_refs(config.remote, [f"refs/heads/{branch}"]).get(
            f"refs/heads/{branch}"
        )

    ports = PullRequestPorts(
        branch=ReleaseBranch(repo.root),
        remote=config.remote,
        pulls=functools.cache(pulls),
        remote_sha=remote_sha,
    )
    result = open_or_update(plan, facts.notes, head, ports, reporter)
    result["plan"] = {"notes": facts.notes}
    result["name"] = facts.project_name
    note = default_token_note(env)
    if note:
        reporter.notice(note)
        result["ci_note"] = note
    return result


def _audit_step(audit: Audit, dry_run: bool, reporter: Reporter) -> None:
    reporter.started(StepName.AUDIT, "pip-audit, bandit and the project's checks")
    started = time.perf_counter()
    try:
        summary = audit(dry_run)
    except ReleaserError as exc:
        reporter.failed(StepName.AUDIT, time.perf_counter() - started, exc)
        raise
    reporter.finished(StepName.AUDIT, "done", time.perf_counter() - started, summary)
