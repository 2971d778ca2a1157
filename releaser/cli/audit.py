"""`releaser audit`: run the audit gate on its own (e.g. for pull-request CI).

Exit 0 when the gate passes, 4 when it fails or an auditor could not run. `--fix`
moves vulnerable pins to their fixed versions in the files, then audits again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from releaser.cli.app import app, option, verbose_option


@app.command()
@option(
    "--advisory-db",
    envvar="RELEASER_ADVISORY_DB",
    metavar="DIR",
    type=click.Path(path_type=Path),
    help="Directory of OSV JSON records; match offline and contact no service.",
)
@option(
    "--allow-unavailable",
    is_flag=True,
    help="Pass (with a loud warning) when an auditor cannot run.",
)
@option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@option(
    "--report",
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="Also write the JSON report to FILE.",
)
@option(
    "--sarif",
    envvar="RELEASER_SARIF",
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="Also write the findings as SARIF 2.1.0 to FILE (GitHub code scanning).",
)
@option(
    "--fix",
    is_flag=True,
    help="Raise vulnerable pins to their fixed versions in pyproject.toml or the "
    "requirement files (installs nothing, commits nothing), then audit again.",
)
@option(
    "--project",
    metavar="DIR",
    type=click.Path(path_type=Path),
    default=Path("."),
    help="The project to audit.",
)
@verbose_option()
def audit(
    advisory_db: Path | None,
    allow_unavailable: bool,
    as_json: bool,
    report: Path | None,
    sarif: Path | None,
    fix: bool,
    project: Path,
    verbose: bool,
) -> None:
    """Run the audit gate: pip-audit, bandit and the project's commands."""
    from releaser.audit.config import load_audit_config
    from releaser.audit.fixes import apply_fixes, suggest_fixes
    from releaser.audit.gate import check_gate, run_gate, write_report
    from releaser.audit.sarif import write_sarif
    from releaser.audit.summary import emit
    from releaser.core.audit import GateReport
    from releaser.errors import ReleaserError
    from releaser.extras import AUDIT_MODULES, require_release_tools

    require_release_tools("audit", AUDIT_MODULES)
    config = load_audit_config(project)
    report_path = report or (project / config.report if config.report else None)

    def run() -> GateReport:
        result = run_gate(
            project,
            config,
            advisory_db=advisory_db,
            allow_unavailable=True if allow_unavailable else None,
            today=date.today(),
        )
        if report_path is not None:
            write_report(result, report_path)
        if sarif is not None:
            write_sarif(result, project, sarif)
        return result

    result = run()
    suggestions = suggest_fixes(result, project) if fix else []
    if suggestions:
        if not as_json:  # the table of what was found; --json prints only the final report
            emit(result, as_json=False)
        try:
            changes = apply_fixes(suggestions, project)
        except ReleaserError:
            if as_json:
                emit(result, as_json=True)
            raise
        for change in changes:
            click.echo(f"fixed: {change}", err=True)
        click.echo("audit --fix: nothing installed or committed; auditing again", err=True)
        result = run()
    elif fix:
        click.echo("audit --fix: no vulnerable pin to change", err=True)
    emit(result, as_json=as_json)
    check_gate(result, project)
