"""The audit gate as `cut` runs it: the table, the report and SARIF, then the verdict."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from pathlib import Path

from releaser.config import Config
from releaser.core.audit import GateReport
from releaser.errors import ReleaserError
from releaser.release.cut_settings import CutSettings, Reporter
from releaser.release.plan import StepName
from releaser.release.report import TextReporter


def dry_run_audit(
    root: Path, config: Config, settings: CutSettings, env: Mapping[str, str], reporter: Reporter
) -> bool:
    """A dry run runs the gate too (it writes nothing): would the release be refused?"""
    reporter.started(StepName.AUDIT, "pip-audit, bandit and the project's checks")
    started = time.perf_counter()
    try:
        # The report goes only where the environment says (outside the tree in the Action);
        # the configured path is in the work tree, which a dry run leaves alone.
        table = isinstance(reporter, TextReporter)
        summary, _ = run_audit(root, config, settings, env, table=table, dry_run=True)
    except ReleaserError as exc:
        reporter.failed(StepName.AUDIT, time.perf_counter() - started, exc)
        raise
    reporter.finished(StepName.AUDIT, "done", time.perf_counter() - started, summary)
    return True


def run_audit(
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
