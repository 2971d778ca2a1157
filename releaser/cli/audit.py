"""`releaser audit`: run the audit gate on its own (e.g. for pull-request CI).

Exit 0 when the gate passes, 4 when it fails or an auditor could not run.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from releaser.cli.app import app, verbose_option


@app.command()
def audit(
    advisory_db: Annotated[
        Path | None,
        typer.Option(
            "--advisory-db",
            envvar="RELEASER_ADVISORY_DB",
            metavar="DIR",
            help="Directory of OSV JSON records; match offline and contact no service.",
        ),
    ] = None,
    allow_unavailable: Annotated[
        bool,
        typer.Option(
            "--allow-unavailable",
            help="Pass (with a loud warning) when an auditor cannot run.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    report: Annotated[
        Path | None,
        typer.Option("--report", metavar="FILE", help="Also write the JSON report to FILE."),
    ] = None,
    project: Annotated[
        Path, typer.Option("--project", metavar="DIR", help="The project to audit.")
    ] = Path("."),
    verbose: bool = verbose_option(),
) -> None:
    """Run the audit gate: pip-audit, bandit and the project's commands."""
    from releaser.audit.config import load_audit_config
    from releaser.audit.gate import check_gate, run_gate, write_report
    from releaser.audit.summary import emit
    from releaser.extras import AUDIT_MODULES, require_release_tools

    require_release_tools("audit", AUDIT_MODULES)
    config = load_audit_config(project)
    result = run_gate(
        project,
        config,
        advisory_db=advisory_db,
        allow_unavailable=True if allow_unavailable else None,
        today=date.today(),
    )
    emit(result, as_json=as_json)
    report_path = report or (project / config.report if config.report else None)
    if report_path is not None:
        write_report(result, report_path)
    check_gate(result)
