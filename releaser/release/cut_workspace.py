"""`releaser cut` for several packages of one repository: one plan, one commit, one push.

The repository root's settings decide what the packages share (branches, remote, the
release commit's message, which steps run); each package's own settings decide its
version files, changelog, tag format, build and audit.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from releaser.adapters.git import GitRepository, redact
from releaser.adapters.git_release import GitWriter
from releaser.config import borrowed_notice, load_config
from releaser.errors import UsageError
from releaser.history.project import settle_tag_format
from releaser.release.cut_audit import run_audit
from releaser.release.cut_ports import lookers, make_ports
from releaser.release.cut_result import package_url
from releaser.release.cut_settings import CutSettings, Reporter, switches_of
from releaser.release.execute import execute
from releaser.release.place import ProjectPlace
from releaser.release.plan import Facts, Plan, StepName, Switches, make_plan, make_workspace_plan
from releaser.release.ports import Outcome, Ports
from releaser.release.preflight import (
    CutRequest,
    check_credentials,
    check_remote,
    check_repository,
    check_tag_free,
    github_repository,
)
from releaser.release.preview import skipped_steps
from releaser.release.report import TextReporter, print_plan
from releaser.release.staging import with_staging
from releaser.release.via_pr_finish import release_finished
from releaser.release.via_pr_workspace import merged_packages, open_workspace_pull_request
from releaser.release.workspace_facts import PackageInput, Where, gather_workspace_facts

if TYPE_CHECKING:
    from releaser.core.audit import GateReport


def run_workspace_cut(
    settings: CutSettings,
    reporter: Reporter,
    env: Mapping[str, str],
    repo: GitRepository,
    packages: list[PackageInput],
    started: float,
) -> dict[str, Any]:
    """Release (or finish releasing) every package of `packages` that has changes."""
    from releaser.adapters.package_index import index_urls

    writer = GitWriter(repo.root)
    root = load_config(repo.root)
    for notice in filter(None, [borrowed_notice(root)]):
        reporter.notice(notice)
    settled = _settled(repo, packages, reporter)
    switches = switches_of(settings, root)
    request = CutRequest(
        settings.prerelease, settings.force, settings.repository_url, settings.unshallow
    )
    state = check_repository(repo, writer, root, request)
    assert state.branch is not None
    repository = github_repository(repo, root, env) if switches.github else None
    upload_url, _ = index_urls(settings.repository_url or root.repository_url or "pypi")
    where = Where(state.branch, repository, redact(upload_url))
    merged = merged_packages(repo, settled, release_finished(writer, repository, env))
    finishing = (merged.commit, merged.message) if merged is not None else None
    found = gather_workspace_facts(repo, writer, root, settled, request, where, finishing)
    if found is None:
        return {"released": False, "nothing_to_release": True, "dry_run": settings.dry_run}
    lead, found_packages = found
    by_name = {p.config.project_name: p for p in settled}
    released = tuple(with_staging(f, by_name[f.project_name].config) for f in found_packages)
    table = isinstance(reporter, TextReporter)
    if (settings.via_pr or root.release_via == "pr") and not lead.resume:
        checks = {
            f.project_name: _pr_audit(by_name[f.project_name], settings, env, table)
            for f in released
        }
        return open_workspace_pull_request(
            repo,
            writer,
            root,
            lead,
            released,
            switches,
            dry_run=settings.dry_run,
            env=env,
            reporter=reporter,
            audits=checks,
        )
    remote = None
    if switches.push:
        tags = [f.tag for f in released]
        remote = check_remote(repo, writer, root.remote, state.branch, repo.head(), tags)
    for facts in released:
        check_tag_free(writer, facts, push=switches.push, remote=remote)
    if not settings.dry_run:
        check_credentials(env, switches, repository)
    plan = make_workspace_plan(lead, released, switches)
    for notice in lead.notices:
        reporter.notice(notice)
    audits: dict[str, Callable[[], tuple[str, GateReport]]] = {
        facts.project_name: _audit(by_name[facts.project_name], settings, env, table)
        for facts in released
    }
    if settings.dry_run:
        if switches.audit:
            for name, audit in audits.items():
                _dry_run_audit(name, audit, reporter)
        view = lookers(repo.root, writer, root, settings, plan, env)
        done = (StepName.AUDIT,) if switches.audit else ()
        steps = print_plan(plan, reporter, done=done, skips=skipped_steps(plan, view))
        return {**workspace_result(plan, None), "dry_run": True, "steps": steps}
    ports = make_ports(repo.root, writer, root, settings, switches, plan, env)
    ports.packages = {
        f.project_name: _own_ports(ports, by_name[f.project_name], f, settings, switches, env)
        for f in released
    }
    if switches.audit:
        ports.audits = audits
    outcome = execute(plan, ports, reporter, preflight_seconds=time.perf_counter() - started)
    return workspace_result(plan, outcome)


def _settled(
    repo: GitRepository, packages: list[PackageInput], reporter: Reporter
) -> list[PackageInput]:
    """The packages with the tag format their tags follow (and a notice when it was guessed)."""
    names = repo.tag_names()
    settled = []
    for package in packages:
        config, notices = settle_tag_format(names, package.config)
        for notice in notices:
            reporter.notice(f"{package.name}: {notice}")
        settled.append(PackageInput(package.name, package.place, config, package.pathspecs))
    return settled


def _audit(
    package: PackageInput, settings: CutSettings, env: Mapping[str, str], table: bool
) -> Callable[[], tuple[str, GateReport]]:
    return lambda: run_audit(package.place.folder, package.config, settings, env, table=table)


def _own_ports(
    shared: Ports,
    package: PackageInput,
    facts: Facts,
    settings: CutSettings,
    switches: Switches,
    env: Mapping[str, str],
) -> Ports:
    """A package's own ports: its index and attestations, its staging, its build settings;
    the GitHub client is the shared one (one pace for GitHub's writes)."""
    plan = make_plan(facts, switches)
    own = make_ports(shared.root, shared.git, package.config, settings, switches, plan, env)
    own.github = shared.github
    return own


def _pr_audit(
    package: PackageInput, settings: CutSettings, env: Mapping[str, str], table: bool
) -> Callable[[bool], str]:
    return lambda dry: run_audit(
        package.place.folder, package.config, settings, env, table=table, dry_run=dry
    )[0]


def _dry_run_audit(
    name: str, audit: Callable[[], tuple[str, GateReport]], reporter: Reporter
) -> None:
    reporter.started(StepName.AUDIT, f"{name}: pip-audit, bandit and the project's checks")
    started = time.perf_counter()
    try:
        summary, _ = audit()
    except Exception as exc:
        from releaser.errors import ReleaserError

        if isinstance(exc, ReleaserError):
            reporter.failed(StepName.AUDIT, time.perf_counter() - started, exc)
        raise
    reporter.finished(StepName.AUDIT, "done", time.perf_counter() - started, f"{name}: {summary}")


def workspace_result(plan: Plan, outcome: Outcome | None) -> dict[str, Any]:
    """What a release of several packages did, as JSON-ready data."""
    facts = plan.facts
    packages = []
    for p in plan.packages:
        entry: dict[str, Any] = {
            "name": p.project_name,
            "version": p.version.semver,
            "pep440": p.version.pep440,
            "tag": p.tag,
        }
        own = outcome.packages.get(p.project_name) if outcome else None
        if own is not None:
            entry.update(
                release_url=own.release_url,
                uploaded=own.uploaded,
                already_uploaded=own.skipped_uploads,
                distributions=[d.name for d in own.distributions],
            )
            if own.uploaded or own.skipped_uploads:
                entry["package_url"] = package_url(p.index_url, p.project_name, p.version.pep440)
        packages.append(entry)
    one = plan.packages[0] if len(plan.packages) == 1 else None
    data: dict[str, Any] = {
        "released": True,
        "version": one.version.semver if one else "",
        "pep440": one.version.pep440 if one else "",
        "tag": ", ".join(p.tag for p in plan.packages),
        "resume": facts.resume,
        "plan": plan.as_json(),
        "packages": packages,
    }
    if outcome is not None:
        data["steps"] = outcome.statuses
        if one is not None:
            data["release_url"] = packages[0].get("release_url")
    return data


def workspace_members(
    root: Path, place: ProjectPlace, names: tuple[str, ...]
) -> list[PackageInput] | None:
    """The workspace packages this run releases; None for a project of its own.

    `--package` names them; otherwise the package whose folder the run is in, or, from
    the repository's top folder, every package the root lists.
    """
    from releaser.config.workspace import find_workspace
    from releaser.core.packages import pathspecs

    workspace = find_workspace(root)
    if workspace is None:
        if names:
            raise UsageError(
                f"--package {names[0]}: this repository lists no packages",
                hint="list them in the root pyproject.toml: [tool.uv.workspace] members or "
                '[tool.releaser] packages = ["packages/*"]',
            )
        return None
    workspace.check()
    if names:
        members = list({m.package.name: m for m in map(workspace.find, names)}.values())
    elif place.folder == root:
        members = list(workspace.members)
    else:
        member = workspace.at(place.folder)
        if member is None:
            return None
        members = [member]
    packages = workspace.packages
    return [
        PackageInput(
            m.package.name,
            ProjectPlace(root, m.directory),
            m.config,
            pathspecs(m.package, [p for p in packages if p != m.package]),
        )
        for m in members
    ]
