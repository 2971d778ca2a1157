"""`releaser cut` as a function: preflight, facts, plan, then execute (or print, for a dry run)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from releaser.adapters.git import GitRepository, redact
from releaser.adapters.git_release import GitWriter
from releaser.config import Config, borrowed_notice, load_config
from releaser.core.audit import GateReport
from releaser.core.version import Bump
from releaser.errors import ReleaserError, UsageError
from releaser.history.project import parser_notice, settle_tag_format
from releaser.release.execute import Outcome, Ports, execute
from releaser.release.place import ProjectPlace
from releaser.release.plan import Plan, StepName, Switches, make_plan
from releaser.release.preflight import (
    CutRequest,
    check_credentials,
    check_remote,
    check_repository,
    check_tag_free,
    gather_facts,
    github_repository,
)
from releaser.release.preview import Lookers, skipped_steps
from releaser.release.report import JsonReporter, TextReporter, print_plan
from releaser.release.staging import staging_port, with_staging
from releaser.release.workspace_facts import PackageInput

if TYPE_CHECKING:
    from releaser.release.via_pr import MergedRelease

Reporter = TextReporter | JsonReporter


@dataclass(frozen=True)
class CutSettings:
    """The command line (or RELEASER_* environment) of one `releaser cut`."""

    project: Path
    dry_run: bool
    prerelease: str | None
    force: Bump | None
    switches: Switches
    repository_url: str = ""
    advisory_db: Path | None = None
    allow_unavailable: bool = False
    unshallow: bool = False
    via_pr: bool = False  # release through a pull request (release/via_pr.py)
    sarif: Path | None = None  # write the gate's findings as SARIF here
    packages: tuple[str, ...] = ()  # --package: the workspace packages to release


def _switches(settings: CutSettings, config: Config) -> Switches:
    """Flags and config together: a step runs only when both leave it on."""
    s = settings.switches
    return Switches(
        audit=s.audit,
        build=s.build and config.build,
        push=s.push and config.push,
        github=s.github and config.github,
        publish=s.publish and config.publish,
        draft=s.draft or config.draft,
    )


def run_cut(
    settings: CutSettings, reporter: TextReporter | JsonReporter, env: Mapping[str, str]
) -> dict[str, Any]:
    """Make (or finish) the release; return what happened as JSON-ready data.

    Secrets are read from `env` only: git and the project's hooks run without them.
    """
    from releaser.adapters.child_env import secrets_hidden

    with secrets_hidden():
        return _run_cut(settings, reporter, env)


def _run_cut(
    settings: CutSettings, reporter: TextReporter | JsonReporter, env: Mapping[str, str]
) -> dict[str, Any]:

    started = time.perf_counter()
    repo = GitRepository.open(settings.project)
    writer = GitWriter(repo.root)
    # before the settings are read: a killed run may have left pyproject.toml stamped
    if _recover(writer, repo.root, settings.dry_run, reporter):
        # a dry run plans from the committed tree, as the real run will after restoring
        with writer.committed_copy() as copy:
            inside = copy / settings.project.resolve().relative_to(repo.root)
            return _cut(replace(settings, project=inside), reporter, env, started)
    return _cut(settings, reporter, env, started)


def _cut(
    settings: CutSettings,
    reporter: TextReporter | JsonReporter,
    env: Mapping[str, str],
    started: float,
) -> dict[str, Any]:
    repo = GitRepository.open(settings.project)
    place = ProjectPlace.find(settings.project, repo.root)  # its folder is the configuration
    workspace = _workspace_members(repo.root, place, settings.packages)
    if workspace is not None:
        from releaser.release.cut_workspace import run_workspace_cut

        return run_workspace_cut(settings, reporter, env, repo, workspace, started)
    return _cut_project(settings, reporter, env, started, repo, place)


def _cut_project(
    settings: CutSettings,
    reporter: TextReporter | JsonReporter,
    env: Mapping[str, str],
    started: float,
    repo: GitRepository,
    place: ProjectPlace,
) -> dict[str, Any]:
    """The release of one project (the repository's, or one in a subfolder)."""
    from releaser.adapters.package_index import index_urls

    writer = GitWriter(repo.root)
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
    switches = _switches(settings, config)
    request = CutRequest(
        settings.prerelease, settings.force, settings.repository_url, settings.unshallow
    )
    state = check_repository(repo, writer, config, request, place)
    assert state.branch is not None
    repository = github_repository(repo, config, env) if switches.github else None
    finishing = _merged_release(repo, writer, config, place, _finished(writer, repository, env))
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
            audit=lambda dry: _run_audit(
                repo.root, config, settings, env, table=table, dry_run=dry
            )[0],
        )
    if switches.push:
        check_remote(repo, writer, config.remote, state.branch, repo.head())
    check_tag_free(writer, facts, push=switches.push)
    if not settings.dry_run:
        check_credentials(env, switches, repository)
    plan = make_plan(facts, switches)
    for notice in facts.notices:
        reporter.notice(notice)
    if settings.dry_run:
        audited = switches.audit and _dry_run_audit(place.folder, config, settings, env, reporter)
        skips = skipped_steps(plan, _lookers(repo.root, writer, config, settings, plan, env))
        print_plan(plan, reporter, done=(StepName.AUDIT,) if audited else (), skips=skips)
        return {**_result(plan, None), "dry_run": True, "released": True}
    ports = _ports(repo.root, writer, config, settings, switches, plan, env)
    if switches.audit:
        table = isinstance(reporter, TextReporter)  # JSON logs carry the summary in the event
        ports.audit = lambda: _run_audit(place.folder, config, settings, env, table=table)
    outcome = execute(plan, ports, reporter, preflight_seconds=time.perf_counter() - started)
    return _result(plan, outcome)


def _finished(
    writer: GitWriter, repository: str | None, env: Mapping[str, str]
) -> Callable[[str], bool]:
    """Is the release of a tag complete: tagged, and (with GitHub) its release published?

    Publishing the GitHub release is the last step, after the upload.
    """

    def finished(tag: str) -> bool:
        if writer.has_tag(tag) is None:
            return False
        from releaser.adapters.github import GitHubReleases, api_url_from_env, token_from_env

        token = token_from_env(env)
        if repository is None or token is None:
            return True
        release = GitHubReleases(api_url_from_env(env), token, repository).find(tag)
        return release is not None and not release.draft

    return finished


def _merged_release(
    repo: GitRepository,
    writer: GitWriter,
    config: Config,
    place: ProjectPlace,
    finished: Callable[[str], bool],
) -> MergedRelease | None:
    from releaser.adapters.git_release_branch import ReleaseBranch
    from releaser.release.via_pr import merged_release

    paths = (place.in_repo("pyproject.toml"), place.in_repo(config.changelog_file))
    return merged_release(
        ReleaseBranch(repo.root),
        config,
        repo.head(),
        paths,
        finished=finished,
    )


def _workspace_members(
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


def _lookers(
    root: Path,
    writer: GitWriter,
    config: Config,
    settings: CutSettings,
    plan: Plan,
    env: Mapping[str, str],
) -> Lookers:
    """Read-only access for the dry run to the services the real run would use."""
    import functools

    lookers = Lookers(root=root, git=writer)
    repository = plan.facts.repository
    if plan.step(StepName.GITHUB_DRAFT).enabled and repository:
        from releaser.adapters.github import GitHubReleases, api_url_from_env, token_from_env

        lookers.github = functools.cache(
            lambda: GitHubReleases(api_url_from_env(env), token_from_env(env), repository)
        )
    if plan.step(StepName.PUBLISH).enabled:
        from releaser.adapters.package_index import (
            PackageIndex,
            credentials_from_env,
            index_urls,
        )

        upload, simple = index_urls(
            settings.repository_url or config.repository_url or "pypi",
            config.index_simple_url or None,
        )
        lookers.index = functools.cache(
            lambda: PackageIndex(upload, simple, credentials_from_env(env))
        )
    return lookers


def _ports(
    root: Path,
    writer: GitWriter,
    config: Config,
    settings: CutSettings,
    switches: Switches,
    plan: Plan,
    env: Mapping[str, str],
) -> Ports:
    ports = Ports(root=root, git=writer, build_isolation=config.build_isolation)
    if plan.step(StepName.GITHUB_DRAFT).enabled and plan.facts.repository:
        from releaser.adapters.github import GitHubReleases, api_url_from_env, token_from_env

        ports.github = GitHubReleases(
            api_url_from_env(env),
            token_from_env(env),
            plan.facts.repository,
            timeout=_seconds(env, "RELEASER_GITHUB_TIMEOUT", 30.0),
            seconds_between_writes=_write_interval(env),
            max_rate_limit_wait=_seconds(env, "RELEASER_GITHUB_RATE_LIMIT_WAIT", 60.0),
        )
    if plan.step(StepName.PUBLISH).enabled:
        from releaser.adapters.package_index import PackageIndex, index_urls
        from releaser.adapters.trusted_publishing import upload_credentials
        from releaser.release.attesting import attestation_ports

        upload, simple = index_urls(
            settings.repository_url or config.repository_url or "pypi",
            config.index_simple_url or None,
        )
        ports.index = lambda: PackageIndex(upload, simple, upload_credentials(upload, env))
        attestation_ports(
            ports,
            wanted=config.attestations,
            upload_url=upload,
            project=plan.facts.project_name,
            version=plan.facts.version.pep440,
            env=env,
        )
    if plan.step(StepName.STAGE).enabled:
        real = settings.repository_url or config.repository_url or "pypi"
        ports.stage = staging_port(plan.facts, config, real, env)
    return ports


def _dry_run_audit(
    root: Path, config: Config, settings: CutSettings, env: Mapping[str, str], reporter: Reporter
) -> bool:
    """A dry run runs the gate too (it writes nothing): would the release be refused?"""
    reporter.started(StepName.AUDIT, "pip-audit, bandit and the project's checks")
    started = time.perf_counter()
    try:
        # The report goes only where the environment says (outside the tree in the Action);
        # the configured path is in the work tree, which a dry run leaves alone.
        table = isinstance(reporter, TextReporter)
        summary, _ = _run_audit(root, config, settings, env, table=table, dry_run=True)
    except ReleaserError as exc:
        reporter.failed(StepName.AUDIT, time.perf_counter() - started, exc)
        raise
    reporter.finished(StepName.AUDIT, "done", time.perf_counter() - started, summary)
    return True


def _write_interval(env: Mapping[str, str]) -> float:
    """Seconds between GitHub write requests: RELEASER_GITHUB_WRITE_INTERVAL (default 1.0)."""
    return _seconds(env, "RELEASER_GITHUB_WRITE_INTERVAL", 1.0)


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    """A number of seconds from the environment variable `name` (UsageError if not one)."""
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise UsageError(f"{name} must be a number of seconds, not {text!r}")
    return value


def _run_audit(
    root: Path,
    config: Config,
    settings: CutSettings,
    env: Mapping[str, str],
    *,
    table: bool,
    dry_run: bool = False,
) -> tuple[str, GateReport]:
    """Run the gate, show its table on stderr, write the JSON report and SARIF, then judge it."""
    import sys

    from rich.console import Console

    from releaser.audit.config import audit_config_from_table
    from releaser.audit.gate import check_gate, run_gate, write_report
    from releaser.audit.sarif import write_sarif
    from releaser.audit.summary import render_summary, workflow_annotations

    audit_config = audit_config_from_table(config.audit)
    report = run_gate(
        root,
        audit_config,
        advisory_db=settings.advisory_db,
        allow_unavailable=settings.allow_unavailable or None,
        today=dt.date.today(),
    )
    if table:
        render_summary(report, Console(stderr=True))
    if env.get("GITHUB_ACTIONS") == "true":
        sys.stderr.writelines(line + "\n" for line in workflow_annotations(report))
    report_path = env.get("RELEASER_AUDIT_REPORT") or (None if dry_run else audit_config.report)
    if report_path:
        write_report(report, root / report_path)
    sarif = settings.sarif or env.get("RELEASER_SARIF")
    if sarif:
        write_sarif(report, root, root / sarif)
    check_gate(report, root)
    names = ", ".join(r.name for r in report.results)
    warned = f"; {len(report.warnings)} warning(s)" if report.warnings else ""
    return f"passed ({names}){warned}", report


def _result(plan: Plan, outcome: Outcome | None) -> dict[str, Any]:
    facts = plan.facts
    data: dict[str, Any] = {
        "released": True,
        "version": facts.version.semver,
        "pep440": facts.version.pep440,
        "tag": facts.tag,
        "resume": facts.resume,
        "plan": plan.as_json(),
    }
    if outcome is not None:
        data.update(
            steps=outcome.statuses,
            release_url=outcome.release_url,
            uploaded=outcome.uploaded,
            already_uploaded=outcome.skipped_uploads,
            distributions=[p.name for p in outcome.distributions],
        )
        if outcome.uploaded or outcome.skipped_uploads:
            data["package_url"] = package_url(
                facts.index_url, facts.project_name, facts.version.pep440
            )
    return data


def package_url(upload_url: str, project_name: str, version: str) -> str:
    """Where people find the released package: its PyPI page, or its simple-index page."""
    from packaging.utils import canonicalize_name

    from releaser.adapters.package_index import PYPI_UPLOAD_URL, TESTPYPI_UPLOAD_URL, index_urls

    name = canonicalize_name(project_name)
    pages = {PYPI_UPLOAD_URL: "https://pypi.org", TESTPYPI_UPLOAD_URL: "https://test.pypi.org"}
    if upload_url in pages:
        return f"{pages[upload_url]}/project/{name}/{version}/"
    return f"{index_urls(upload_url)[1]}{name}/"
