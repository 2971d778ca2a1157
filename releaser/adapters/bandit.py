"""Static security analysis with bandit, run as `python -m bandit -f json`.

bandit reports every finding (no level filter on its command line) and the
gate's policy applies the thresholds, so findings below them still show in
the report. `# nosec` is left to bandit. bandit exits 0 for a path that does
not exist and for files it could not parse, so the adapter checks the paths
itself and turns bandit's `errors` list into blocking findings.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from releaser.adapters.child_env import without_secrets
from releaser.core.audit import AuditorRun, Finding, Kind, Severity
from releaser.errors import AuditToolError

NAME = "bandit"
TIMEOUT = 600.0


@dataclass(frozen=True, slots=True)
class BanditQuery:
    """What bandit scans, relative to the project directory."""

    project_dir: Path
    paths: tuple[str, ...]
    exclude: tuple[str, ...] = ()


def _relative(project_dir: Path, filename: str) -> str:
    path = Path(filename)
    try:
        return path.resolve().relative_to(project_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _findings(data: dict[str, Any], project_dir: Path) -> list[Finding]:
    findings = [
        Finding(
            auditor=NAME,
            kind=Kind.NOT_AUDITED,
            id="bandit-error",
            summary=f"bandit could not scan this file: {err.get('reason', 'unknown error')}",
            file=_relative(project_dir, str(err.get("filename", "?"))),
        )
        for err in data.get("errors", [])
    ]
    findings.extend(
        Finding(
            auditor=NAME,
            kind=Kind.CODE,
            id=str(result.get("test_id", "?")),
            summary=f"{result.get('test_name', '')}: {result.get('issue_text', '')}",
            severity=Severity.parse(str(result.get("issue_severity", ""))),
            confidence=Severity.parse(str(result.get("issue_confidence", ""))),
            file=_relative(project_dir, str(result.get("filename", "?"))),
            line=result.get("line_number"),
        )
        for result in data.get("results", [])
    )
    return findings


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            argv,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
            env=without_secrets(),
        )
    except subprocess.TimeoutExpired as exc:
        raise AuditToolError(f"bandit did not finish within {TIMEOUT:.0f} s") from exc
    except OSError as exc:
        raise AuditToolError(f"cannot start bandit: {exc}") from exc


def scan_code(query: BanditQuery) -> AuditorRun:
    """Run bandit over the paths; AuditToolError when it cannot run or says nothing usable."""
    start = time.monotonic()
    missing = [p for p in query.paths if not (query.project_dir / p).exists()]
    if missing:
        raise AuditToolError(
            f"bandit path does not exist: {', '.join(missing)}",
            hint="fix 'bandit-paths' under [tool.releaser.audit]",
        )
    argv = [sys.executable, "-m", "bandit", "-r", "-f", "json", "-q"]
    if query.exclude:
        argv += ["-x", ",".join(query.exclude)]  # matched against paths as bandit sees them
    argv += ["--", *query.paths]
    done = _run(argv, query.project_dir)
    try:
        data = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise AuditToolError(
            f"bandit gave no JSON report (exit {done.returncode}): {' / '.join(tail)}",
            hint="check that bandit is installed: python -m bandit --version",
        ) from exc
    if not isinstance(data, dict) or "results" not in data:
        raise AuditToolError("bandit's JSON report has no 'results'")
    files = len(data.get("metrics", {})) - 1 if data.get("metrics") else 0
    return AuditorRun(
        NAME,
        time.monotonic() - start,
        tuple(_findings(data, query.project_dir)),
        detail=f"{max(files, 0)} files scanned",
    )
