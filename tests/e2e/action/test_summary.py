"""The job summary the action writes: from a real `releaser audit --json` report and cut results."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from releaser.github_action import main, render_summary
from tests.e2e.action.conftest import ADVISORY_DB
from tests.support.sample_project import write_sample_project


def test_audit_table_from_a_real_report(tmp_path: Path) -> None:
    project = write_sample_project(tmp_path / "p")
    risky = "import subprocess\n\n\ndef run(c):\n    return subprocess.call(c, shell=True)\n"
    (project / "releaser_sample" / "risky.py").write_text(risky, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "releaser", "audit", "--json", "--advisory-db", str(ADVISORY_DB),
         "--project", str(project)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 4, done.stderr  # bandit's B602 (shell=True) fails the gate
    report = json.loads(done.stdout)
    text = render_summary(None, "error: the audit gate failed\nhint: fix it\n", 4, report)
    assert text.startswith("## releaser: failed (exit 4: refused before changing anything)")
    assert "> error: the audit gate failed" in text
    assert "> hint: fix it" in text
    assert "### Audit gate: FAILED" in text
    assert "| pip-audit | passed |" in text
    assert "| bandit | failed |" in text
    [row] = [line for line in text.splitlines() if line.startswith("| B602 ")]
    assert "releaser_sample/risky.py" in row
    assert "| high |" in row


def test_summary_command_without_files_still_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summary", "--result", str(tmp_path / "missing.json"), "--exit-code", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## releaser: failed (exit 5: failed part-way; run the workflow again")


def test_cells_cannot_break_the_table() -> None:
    result = {"released": True, "tag": "v1.0.0", "steps": {"publish": "done | with\nnewline"}}
    text = render_summary(result, "", 0)
    assert "| publish | done \\| with newline |" in text
