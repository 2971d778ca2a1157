"""The audit gate: run the configured auditors, judge their findings, decide.

`run_gate` runs pip-audit, bandit and the project's commands as configured
and returns a `GateReport`; it writes nothing. `check_gate` turns a failed
report into the error the CLI reports (exit 4, nothing was changed).
`releaser audit` and `releaser cut` (right after preflight) both use these.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from releaser.audit.config import AuditConfig
from releaser.audit.sources import package_source_paths
from releaser.core.audit import AuditorRun, GateReport, Outcome, evaluate, report_json
from releaser.errors import AuditFailedError, AuditToolError, ConfigError


def _guarded(name: str, audit: Callable[[], AuditorRun]) -> AuditorRun:
    """Run one auditor; an AuditToolError makes it unavailable instead of ending the gate."""
    start = time.monotonic()
    try:
        return audit()
    except AuditToolError as exc:
        reason = f"{exc.message} ({exc.hint})" if exc.hint else exc.message
        return AuditorRun(name, time.monotonic() - start, unavailable=reason)


def _resolve(project_dir: Path, path: str | Path) -> Path:
    return Path(path) if Path(path).is_absolute() else project_dir / path


def run_gate(
    project_dir: Path,
    config: AuditConfig,
    *,
    advisory_db: Path | None = None,
    allow_unavailable: bool | None = None,
    today: date,
) -> GateReport:
    """Run every enabled auditor and judge the findings.

    `advisory_db` and `allow_unavailable` come from the command line or the
    environment and win over the config; `today` decides which allow-list
    entries have expired.
    """
    # Imported here: pip-audit and friends load only when the gate runs.
    from releaser.adapters.bandit import BanditQuery, scan_code
    from releaser.adapters.commands import run_commands
    from releaser.adapters.pip_audit import DependencyQuery, audit_dependencies

    db = advisory_db
    if db is None and config.advisory_db is not None:
        db = _resolve(project_dir, config.advisory_db)
    runs: list[AuditorRun] = []
    if config.pip_audit:
        requirements = config.requirements
        query = DependencyQuery(
            project_dir=project_dir,
            requirements=None
            if requirements is None
            else tuple(_resolve(project_dir, r) for r in requirements),
            advisory_db=db,
            service=config.vulnerability_service,
            osv_url=config.osv_url,
        )
        runs.append(_guarded("pip-audit", lambda: audit_dependencies(query)))
    if config.bandit:

        def bandit() -> AuditorRun:
            paths = config.bandit_paths or package_source_paths(project_dir)
            return scan_code(BanditQuery(project_dir, paths, config.bandit_exclude))

        runs.append(_guarded("bandit", bandit))
    if config.commands:
        runs.append(_guarded("commands", lambda: run_commands(config.commands, project_dir)))
    return evaluate(runs, config.policy(allow_unavailable=allow_unavailable), today=today)


def check_gate(report: GateReport, project_dir: Path | None = None) -> None:
    """Raise for a failed gate: AuditToolError when only unavailable auditors failed it.

    With `project_dir`, the error names the fix of each vulnerable pin (version and line).
    """
    if report.passed:
        return
    reasons = "; ".join(report.failure_reasons)
    if all(r.outcome is not Outcome.FAILED for r in report.results):
        # The reason, with its own hint, is on the auditor's line of the table: not again here.
        names = [r.name for r in report.results if r.outcome is Outcome.UNAVAILABLE]
        raise AuditToolError(
            f"the audit gate could not run: {', '.join(names)} unavailable (reason above)",
            hint="fix the cause, or pass --allow-unavailable to release without that auditor",
        )
    hint = (
        "fix the findings, or accept a known risk with an 'allow' entry "
        "(id, reason, expires) under [tool.releaser.audit]"
    )
    if project_dir is not None:
        from releaser.audit.fixes import suggest_fixes

        fixes = suggest_fixes(report, project_dir)
        if fixes:
            lines = "".join(f"\n  {s.describe()}" for s in fixes)
            can = all(s.problem is None for s in fixes)
            tail = "\n`releaser audit --fix` makes these changes" if can else ""
            hint = f"{hint}. Fixes:{lines}{tail}"
    raise AuditFailedError(f"the audit gate failed: {reasons}", hint=hint)


def write_report(report: GateReport, path: Path) -> None:
    """Write the JSON report (the CI artefact) to `path`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report_json(report), indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write the audit report {path}: {exc}") from exc
