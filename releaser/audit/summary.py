"""The audit gate's report for people and for GitHub: a table, plain lines, annotations.

Shared by `releaser audit` and `releaser cut`, which runs the same gate after preflight.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, TextIO

from releaser.core.audit import (
    AuditorResult,
    Disposition,
    Finding,
    GateReport,
    Kind,
    Outcome,
    report_json,
)

if TYPE_CHECKING:
    from rich.console import Console

_STYLE = {Outcome.PASSED: "green", Outcome.FAILED: "bold red", Outcome.UNAVAILABLE: "bold yellow"}


def _severity(finding: Finding) -> str:
    return finding.severity.name.lower() if finding.severity else "unknown"


def _where(finding: Finding) -> str:
    if finding.package:
        return finding.package
    if finding.file:
        return f"{finding.file}:{finding.line}" if finding.line else finding.file
    return ""


def _status(finding: Finding) -> str:
    text = finding.disposition.value
    if not finding.note or finding.note.startswith(text):
        return finding.note or text
    return f"{text} - {finding.note}"


def _plain_finding(finding: Finding) -> str:
    parts = [finding.id]
    if finding.package:
        parts.append(f"{finding.package} {finding.installed_version or ''}".strip())
        parts.append(f"fixed: {', '.join(finding.fixed_versions) or 'none'}")
    elif finding.file:
        parts.append(_where(finding))
    if finding.kind in (Kind.VULNERABILITY, Kind.CODE):
        parts.append(f"severity: {_severity(finding)}")
    parts.append(f"[{_status(finding)}]")
    first, *rest = finding.summary.splitlines() or [""]
    return "  ".join([*parts, first]) + "".join(f"\n      | {line}" for line in rest)


def _plain_lines(report: GateReport) -> list[str]:
    lines = [f"audit gate: {'PASSED' if report.passed else 'FAILED'}"]
    for result in report.results:
        head = f"{result.name:<10} {result.outcome.value:<12} {result.seconds:6.2f}s"
        lines.append(f"{head}  {result.reason or result.detail}".rstrip())
        lines += [f"  {_plain_finding(f)}" for f in result.findings]
    lines += list(report.warnings)
    return lines


def _finding_rows(result: AuditorResult) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for f in result.findings:
        summary = f.summary.splitlines()[0] if f.summary else ""
        rows.append(
            (
                "",
                _status(f),
                f.id,
                _where(f),
                f.installed_version or "",
                ", ".join(f.fixed_versions),
                _severity(f) if f.kind in (Kind.VULNERABILITY, Kind.CODE) else "",
                summary,
                "",
            )
        )
    return rows


def render_summary(report: GateReport, console: Console | None = None) -> None:
    """Print the gate's summary: a rich table on a terminal, plain lines otherwise."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    if not console.is_terminal:
        for line in _plain_lines(report):
            console.print(line, markup=False, highlight=False, soft_wrap=True)
        return
    verdict = "[green]passed[/]" if report.passed else "[bold red]FAILED[/]"
    table = Table(title=f"Audit gate {verdict}", title_justify="left")
    for column in ("auditor", "result", "ID", "package / file", "installed", "fixed", "severity"):
        table.add_column(column, overflow="fold")
    table.add_column("summary", overflow="fold", max_width=50)
    table.add_column("time", justify="right")
    for result in report.results:
        style = _STYLE[result.outcome]
        table.add_row(
            result.name,
            f"[{style}]{result.outcome.value}[/]",
            "",
            result.reason or result.detail,
            *([""] * 4),
            f"{result.seconds:.2f}s",
        )
        for row in _finding_rows(result):
            table.add_row(*row, style="dim" if row[1].startswith("allowed") else None)
    console.print(table)
    for warning in report.warnings:
        console.print(f"[bold yellow on red]{warning}[/]")


def _escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def workflow_annotations(report: GateReport) -> list[str]:
    """GitHub Actions workflow commands (`::error file=...::`) for the report's findings."""
    lines = []
    for result in report.results:
        if result.outcome is Outcome.UNAVAILABLE:
            level = "warning" if report.passed else "error"
            lines.append(
                f"::{level} title=audit: {result.name} did not run::{_escape(result.reason)}"
            )
        for f in result.findings:
            if f.disposition is Disposition.BELOW_THRESHOLD:
                continue  # shown in the table; an annotation would be noise
            level = "error" if f.disposition is Disposition.BLOCKING else "notice"
            props = [f"title={_escape(f'{result.name} {f.id}', property_value=True)}"]
            if f.file:
                props.insert(0, f"file={_escape(f.file, property_value=True)}")
                if f.line:
                    props.insert(1, f"line={f.line}")
            where = f"{f.package} {f.installed_version}: " if f.package else ""
            message = f"{where}{f.summary} [{_status(f)}]"
            lines.append(f"::{level} {','.join(props)}::{_escape(message)}")
    return lines


def emit(report: GateReport, *, as_json: bool, out: TextIO | None = None) -> None:
    """Print the report as the user asked, plus annotations when running in GitHub Actions."""
    if as_json:
        print(json.dumps(report_json(report), indent=2), file=out or sys.stdout)
    else:
        render_summary(report)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for line in workflow_annotations(report):
            print(line, file=out or sys.stdout)
