"""`releaser audit --sarif FILE`: the gate's findings as SARIF 2.1.0 for code scanning.

Output is validated against the official SARIF 2.1.0 schema, vendored in tests/support
(see sarif-schema-2.1.0.SOURCE.md): no network.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

from .conftest import SHELL_CODE, MakeProject
from .test_audit_cli import PINNED, releaser

SCHEMA = Path(__file__).parents[1] / "support" / "sarif-schema-2.1.0.json"


def valid_sarif(path: Path) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    validator = Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [e.message for e in validator.iter_errors(log)] == []
    return log


def located(log: dict[str, Any]) -> dict[str, tuple[str, str, int]]:
    """rule ID -> (level, file, line) of each result."""
    found = {}
    for result in log["runs"][0]["results"]:
        where = result["locations"][0]["physicalLocation"]
        found[result["ruleId"]] = (
            result["level"],
            where["artifactLocation"]["uri"],
            where["region"]["startLine"],
        )
    return found


def test_failing_gate_writes_valid_sarif_with_files_and_lines(
    make_project: MakeProject, advisory_db: Path, tmp_path: Path
) -> None:
    # the project is a folder of a git repository: paths are relative to the repository root
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    project = make_project(
        PINNED.replace("bandit = false\n", ""),
        pins="idna==3.0\n# pinned for the proxy\nrequests==2.19.0  # keep\n",
        files={"src/sample/__init__.py": SHELL_CODE},
    )
    sarif = tmp_path / "out" / "audit.sarif"
    done = releaser(
        "--project", str(project), "--advisory-db", str(advisory_db), "--sarif", str(sarif)
    )
    assert done.returncode == 4, done.stderr
    log = valid_sarif(sarif)
    results = located(log)
    assert results["PYSEC-0000-FAKE1"] == ("error", "project/requirements.lock", 3)
    assert results["B602"] == ("error", "project/src/sample/__init__.py", 5)
    assert results["B404"] == ("note", "project/src/sample/__init__.py", 1)  # below threshold
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["PYSEC-0000-FAKE1"]["properties"]["security-severity"] == "8.0"
    assert "2.20.0" in run["results"][0]["message"]["text"]
    assert run["invocations"][0]["executionSuccessful"] is True


def test_allowed_finding_is_suppressed_and_unavailable_auditor_noted(
    make_project: MakeProject, advisory_db: Path, tmp_path: Path
) -> None:
    project = make_project(
        PINNED
        + 'allow = [{ id = "CVE-0000-00001", reason = "not reachable" }]\n'
        + 'commands = ["definitely-not-a-command-xyz"]\n',
        pins="requests==2.19.0\n",
    )
    sarif = tmp_path / "audit.sarif"
    done = releaser(
        "--project", str(project), "--advisory-db", str(advisory_db), "--sarif", str(sarif)
    )
    assert done.returncode == 4
    log = valid_sarif(sarif)
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "PYSEC-0000-FAKE1")
    assert result["level"] == "warning"
    assert result["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "allowed: not reachable"}
    ]
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "commands did not run" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_passing_gate_writes_sarif_with_no_results(
    make_project: MakeProject, advisory_db: Path, tmp_path: Path
) -> None:
    project = make_project(PINNED)
    sarif = tmp_path / "clean.sarif"
    done = releaser(
        "--project",
        str(project),
        "--sarif",
        str(sarif),
        env={"RELEASER_ADVISORY_DB": str(advisory_db)},
    )
    assert done.returncode == 0, done.stderr
    assert valid_sarif(sarif)["runs"][0]["results"] == []
