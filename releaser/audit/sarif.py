"""The gate's findings as SARIF 2.1.0, for GitHub code scanning (`--sarif FILE`).

One run, tool `releaser`, one rule per finding ID. bandit findings sit at their file and
line; vulnerable dependencies at the line that pins them (pyproject.toml or the
requirements file); findings without a file at pyproject.toml. Blocking findings are
errors, findings below the thresholds notes, allow-listed ones carry an accepted
suppression with the entry's reason. Paths are relative to the repository root (the
nearest folder above the project with `.git`), as code scanning expects.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from releaser.core.audit import Disposition, Finding, GateReport, Outcome, Severity
from releaser.errors import ConfigError

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {
    Disposition.BLOCKING: "error",
    Disposition.ALLOWED: "warning",
    Disposition.BELOW_THRESHOLD: "note",
}
# GitHub's `security-severity` scale: critical >= 9.0, high >= 7.0, medium >= 4.0
_SCORE = {
    Severity.LOW: "2.0",
    Severity.MEDIUM: "5.5",
    Severity.HIGH: "8.0",
    Severity.CRITICAL: "9.5",
}


def repository_root(project_dir: Path) -> Path:
    """The nearest folder at or above `project_dir` holding `.git` (else the project itself)."""
    start = project_dir.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def _uri(project_dir: Path, file: str | None) -> str:
    path = (project_dir / (file or "pyproject.toml")).resolve()
    try:
        return path.relative_to(repository_root(project_dir)).as_posix()
    except ValueError:
        return path.as_uri()


def _line(project_dir: Path, finding: Finding) -> int:
    if finding.line:
        return finding.line
    if finding.file is None:  # a command or the allow-list: the line of pyproject.toml naming it
        try:
            lines = (project_dir / "pyproject.toml").read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return 1
        for number, text in enumerate(lines, 1):
            if finding.id in text:
                return number
    return 1


def _rule(finding: Finding) -> dict[str, Any]:
    first = (finding.summary.splitlines() or [finding.id])[0] or finding.id
    properties: dict[str, Any] = {"tags": ["security", finding.auditor, finding.kind.value]}
    if finding.severity is not None:
        properties["security-severity"] = _SCORE[finding.severity]
    rule: dict[str, Any] = {
        "id": finding.id,
        "shortDescription": {"text": first[:1000]},
        "properties": properties,
    }
    if finding.package:
        rule["helpUri"] = f"https://osv.dev/vulnerability/{finding.id}"
    return rule


def _message(finding: Finding) -> str:
    if finding.package:
        fixed = ", ".join(finding.fixed_versions) or "no fixed version known"
        text = f"{finding.package} {finding.installed_version or ''}: {finding.summary} "
        text += f"(fixed in: {fixed})"
    else:
        text = finding.summary or finding.id
    return f"{text} [{finding.note}]" if finding.note else text


def _result(finding: Finding, project_dir: Path, rule_index: int) -> dict[str, Any]:
    uri = _uri(project_dir, finding.file)
    line = _line(project_dir, finding)
    key = f"{finding.auditor}|{finding.id}|{finding.package or uri}"
    result: dict[str, Any] = {
        "ruleId": finding.id,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.disposition],
        "message": {"text": _message(finding)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": line},
                }
            }
        ],
        "partialFingerprints": {"releaserFinding/v1": hashlib.sha256(key.encode()).hexdigest()},
        "properties": {"auditor": finding.auditor, "disposition": finding.disposition.value},
    }
    if finding.disposition is Disposition.ALLOWED:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": finding.note}
        ]
    return result


def sarif_log(report: GateReport, project_dir: Path, *, tool_version: str) -> dict[str, Any]:
    """The SARIF 2.1.0 log of one gate run."""
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for auditor in report.results:
        for finding in auditor.findings:
            rules.setdefault(finding.id, _rule(finding))
            index = list(rules).index(finding.id)
            results.append(_result(finding, project_dir, index))
    notes = [
        {"level": "error", "message": {"text": f"{r.name} did not run: {r.reason}"}}
        for r in report.results
        if r.outcome is Outcome.UNAVAILABLE or (r.reason and r.outcome is Outcome.FAILED)
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "releaser",
                        "version": tool_version,
                        "informationUri": "https://github.com/releaser-dev/releaser",
                        "rules": list(rules.values()),
                    }
                },
                "automationDetails": {"id": "releaser-audit/"},
                "invocations": [
                    {"executionSuccessful": not notes, "toolExecutionNotifications": notes}
                ],
                "results": results,
            }
        ],
    }


def write_sarif(report: GateReport, project_dir: Path, path: Path) -> None:
    """Write the SARIF log to `path` (ConfigError when it cannot be written)."""
    from releaser import __version__

    log = sarif_log(report, project_dir, tool_version=__version__)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(log, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write the SARIF file {path}: {exc}") from exc
