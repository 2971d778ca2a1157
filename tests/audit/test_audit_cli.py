"""`releaser audit` end to end: `python -m releaser audit` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import SHELL_CODE, MakeProject

PINNED = 'requirements = ["requirements.lock"]\n'


def releaser(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "RELEASER_ADVISORY_DB")
    }
    return subprocess.run(
        [sys.executable, "-m", "releaser", "audit", *args],
        capture_output=True,
        text=True,
        env={**environ, **(env or {})},
        cwd=Path(__file__).parents[2],
        check=False,
        timeout=60,
    )


def test_failing_gate_exits_4_with_table_and_error(
    make_project: MakeProject, advisory_db: Path
) -> None:
    project = make_project(PINNED, pins="requests==2.19.0\n")
    done = releaser("--project", str(project), "--advisory-db", str(advisory_db))
    assert done.returncode == 4, done.stderr
    assert done.stdout.splitlines()[0] == "audit gate: FAILED"
    assert (
        "  PYSEC-0000-FAKE1  requests 2.19.0  fixed: 2.20.0  severity: high  [blocking]  "
        "Fake: requests leaks credentials on redirect" in done.stdout
    )
    assert done.stderr.startswith(
        "error: the audit gate failed: pip-audit: 1 blocking finding(s) (PYSEC-0000-FAKE1)\n"
        "hint: fix the findings"
    )


def test_passing_gate_exits_0_and_writes_the_report(
    make_project: MakeProject, advisory_db: Path, tmp_path: Path
) -> None:
    project = make_project(PINNED)
    report = tmp_path / "out" / "audit.json"
    done = releaser(
        "--project",
        str(project),
        "--report",
        str(report),
        env={"RELEASER_ADVISORY_DB": str(advisory_db)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "audit gate: PASSED"
    data = json.loads(report.read_text())
    assert data["passed"] is True
    assert [a["name"] for a in data["auditors"]] == ["pip-audit", "bandit"]


def test_json_output(make_project: MakeProject, advisory_db: Path) -> None:
    project = make_project(PINNED, pins="requests==2.19.0\n")
    done = releaser("--project", str(project), "--advisory-db", str(advisory_db), "--json")
    assert done.returncode == 4
    data = json.loads(done.stdout)
    assert data["passed"] is False
    assert data["auditors"][0]["findings"][0]["id"] == "PYSEC-0000-FAKE1"


def test_github_actions_annotations(make_project: MakeProject, advisory_db: Path) -> None:
    project = make_project("pip-audit = false\n", files={"src/sample/__init__.py": SHELL_CODE})
    done = releaser("--project", str(project), env={"GITHUB_ACTIONS": "true"})
    assert done.returncode == 4
    assert (
        "::error file=src/sample/__init__.py,line=5,title=bandit B602::"
        "subprocess_popen_with_shell_equals_true" in done.stdout
    )
    assert "::notice file=src/sample/__init__.py,line=1,title=bandit B404::" not in done.stdout


def test_unreachable_service_fails_closed_then_allow_unavailable_warns(
    make_project: MakeProject,
) -> None:
    project = make_project(PINNED + 'bandit = false\nosv-url = "http://127.0.0.1:9/v1/query"\n')
    done = releaser("--project", str(project))
    assert done.returncode == 4
    assert "pip-audit  unavailable" in done.stdout
    assert "pip-audit could not query the osv service:" in done.stdout  # said once, there
    assert done.stderr.startswith(
        "error: the audit gate could not run: pip-audit unavailable (reason above)"
    )
    assert "hint: fix the cause, or pass --allow-unavailable" in done.stderr
    allowed = releaser("--project", str(project), "--allow-unavailable")
    assert allowed.returncode == 0, allowed.stderr
    assert "audit gate: PASSED" in allowed.stdout
    assert "WARNING: pip-audit did not run (pip-audit could not query" in allowed.stdout
