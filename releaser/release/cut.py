"""`releaser cut` as a function: preflight, facts, plan, then execute (or print, for a dry run).

The settings are in `cut_settings`, the services in `cut_ports`, the gate in `cut_audit`,
the result in `cut_result`; a workspace of several packages goes to `cut_workspace`.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from releaser.adapters.git import GitRepository, redact
from releaser.adapters.git_release import GitWriter
from releaser.config import borrowed_notice, load_config
from releaser.config.workspace import find_workspace
from releaser.history.project import parser_notice, settle_tag_format
from releaser.release.cut_audit import dry_run_audit, run_audit
from releaser.release.cut_ports import lookers, make_ports
from releaser.release.cut_result import project_result
from releaser.release.cut_settings import CutSettings, Reporter, switches_of
from releaser.release.execute import execute
from releaser.release.place import ProjectPlace
from releaser.release.plan import StepName, make_plan
from releaser.release.preflight import (
    CutRequest,
    check_credentials,
    check_remote,
    check_repository,
    check_tag_free,
    gather_facts,
    github_repository,
)
from releaser.release.preview import skipped_steps
from releaser.release.report import TextReporter, print_plan
from releaser.release.staging import with_staging
from releaser.release.via_pr_finish import merged_release_to_finish, release_finished

__all__ = ["CutSettings", "run_cut"]


def run_cut(settings: CutSettings, reporter: Reporter, env: Mapping[str, str]) -> dict[str, Any]:
    """Make (or finish) the release; return what happened as JSON-ready data.

    Secrets are read from `env` only: git and the project's hooks run without them.
    """
    from releaser.adapters.child_env import secrets_hidden

    with secrets_hidden():
        return _run_cut(settings, reporter, env)


def _run_cut(settings: CutSettings, reporter: Reporter, env: Mapping[str, str]) -> dict[str, Any]:

    started = time.perf_counter()
    repo = GitRepository.open(settings.project)
    writer = GitWriter(repo.root)
    # before the settings are read: a killed run may have left pyproject.toml stamped
    if _recover(writer, repo.root, settings.dry_run, reporter):
        # a dry run plans from the committed tree, as the real run will after restoring
        with writer.committed_copy() as copy:
            inside = copy / settings.project.resolve().relative_to(repo.root)
            return _cut(replace(settings, project=inside), reporter, env, started)
    return _cut(settings, reporter, env, started, repo, writer)


def _cut(
    settings: CutSettings,
    reporter: Reporter,
    env: Mapping[str, str],
    started: float,
    repo: GitRepository | None = None,
    writer: GitWriter | None = None,
) -> dict[str, Any]:
    # nothing writes before the plan runs: HEAD, the tags and the remotes are read once
    repo = (repo or GitRepository.open(settings.project)).reading_once()
    place = ProjectPlace.find(settings.project, repo.root)  # its folder is the configuration
    if settings.packages or find_workspace(repo.root) is not None:  # the rest loads only then
        from releaser.release.cut_workspace import run_workspace_cut, workspace_members

        workspace = workspace_members(repo.root, place, settings.packages)
        if workspace is not None:
            return run_workspace_cut(settings, reporter, env, repo, workspace, started)
    return _cut_project(settings, reporter, env, started, repo, place, writer)


def _cut_project(
    settings: CutSettings,
    reporter: Reporter,
    env: Mapping[str, str],
    started: float,
    repo: GitRepository,
    place: ProjectPlace,
    writer: GitWriter | None = None,
) -> dict[str, Any]:
    """The release of one project (the repository's, or one in a subfolder)."""
    from releaser.adapters.package_index import index_urls

    writer = writer or GitWriter(repo.root)
    config = load_config(place.folder)
    borrowed = borrowed_notice(config)
    if borrowed:
        reporter.notice(borrowed)
    config, format_notices = settle_tag_format(repo.tag_names(), config)
    for notice in format_notices:
        reporter.notice(notice)
    measured = parser_notice(repo.root, config)
    if measured:
        reporter.notice(measured)
    switches = switches_of(settings, config)
    request = CutRequest(
        settings.prerelease, settings.force, settings.repository_url, settings.unshallow
    )
    state = check_repository(repo, writer, config, request, place)
    assert state.branch is not None
    repository = github_repository(repo, config, env) if switches.github else None
    finishing = merged_release_to_finish(
        repo, writer, config, place, release_finished(writer, repository, env)
    )
    if finishing is not None:  # a merged release pull request
        request = dataclasses.replace(
            request, finish=finishing.version, finish_commit=finishing.commit
        )
    upload_url, _ = index_urls(settings.repository_url or config.repository_url or "pypi")
    facts = gather_facts(
        repo,
        writer,
        config,
        request,
        branch=state.branch,
        repository=repository,
        index_url=redact(upload_url),  # shown in the plan, JSON and logs: no credentials
        place=place,
    )
    if facts is None:
        return {"released": False, "nothing_to_release": True, "dry_run": settings.dry_run}
    facts = with_staging(facts, config)
    if (settings.via_pr or config.release_via == "pr") and not facts.resume:
        from releaser.release.via_pr_run import release_through_pr

        table = isinstance(reporter, TextReporter)
        return release_through_pr(
            repo,
            writer,
            config,
            facts,
            switches,
            dry_run=settings.dry_run,
            env=env,
            reporter=reporter,
            audit=lambda dry: run_audit(
                place.folder, config, settings, env, table=table, dry_run=dry
            )[0],
        )
    remote = None
    if switches.push:
        remote = check_remote(repo, writer, config.remote, state.branch, repo.head(), [facts.tag])
    check_tag_free(writer, facts, push=switches.push, remote=remote)
    if not settings.dry_run:
        check_credentials(env, switches, repository)
    plan = make_plan(facts, switches)
    for notice in facts.notices:
        reporter.notice(notice)
    if settings.dry_run:
        audited = switches.audit and dry_run_audit(place.folder, config, settings, env, reporter)
        skips = skipped_steps(plan, lookers(repo.root, writer, config, settings, plan, env))
        steps = print_plan(plan, reporter, done=(StepName.AUDIT,) if audited else (), skips=skips)
        return {**project_result(plan, None), "dry_run": True, "released": True, "steps": steps}
    ports = make_ports(repo.root, writer, config, settings, switches, plan, env)
    if switches.audit:
        table = isinstance(reporter, TextReporter)  # JSON logs carry the summary in the event
        ports.audit = lambda: run_audit(place.folder, config, settings, env, table=table)
    outcome = execute(plan, ports, reporter, preflight_seconds=time.perf_counter() - started)
    return project_result(plan, outcome)


def _recover(writer: GitWriter, root: Path, dry_run: bool, reporter: Reporter) -> bool:
    """Restore the release files a killed run left half-written; True when a dry run found
    some (it changes nothing, and says what the real run will restore)."""
    from releaser.release.recovery import find_pending, restore_pending

    pending = find_pending(writer, root)
    if pending is None:
        return False
    files = ", ".join(pending.files)
    if dry_run:
        reporter.notice(
            f"a killed `releaser cut` left {files} half-written: the real run restores them "
            "first; this plan is made from the committed tree, and the dry run changes nothing"
        )
        return True
    restore_pending(writer, root, pending)
    reporter.notice(f"restored {files}, left half-written by a killed `releaser cut`")
    return False
