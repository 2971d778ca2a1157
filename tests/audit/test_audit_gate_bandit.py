"""bandit through the gate: thresholds, `# nosec`, excludes, and its silent-pass traps."""

from __future__ import annotations

from pathlib import Path

from releaser.audit.config import load_audit_config
from releaser.audit.gate import run_gate
from releaser.core.audit import Disposition, GateReport, Outcome

from .conftest import CLEAN_CODE, SHELL_CODE, TODAY, MakeProject

ONLY_BANDIT = "pip-audit = false\n"


def gate(project: Path) -> GateReport:
    return run_gate(project, load_audit_config(project), today=TODAY)


def test_high_severity_finding_fails_at_the_default_threshold(make_project: MakeProject) -> None:
    project = make_project(ONLY_BANDIT, files={"src/sample/__init__.py": SHELL_CODE})
    report = gate(project)
    assert not report.passed
    blocking = report.results[0].blocking
    assert [(f.id, f.file, f.line) for f in blocking] == [("B602", "src/sample/__init__.py", 5)]
    # the low-severity import warning is reported but does not block
    below = [
        f.id for f in report.results[0].findings if f.disposition is Disposition.BELOW_THRESHOLD
    ]
    assert below == ["B404"]


def test_raised_threshold_passes(make_project: MakeProject) -> None:
    # B201 (flask debug) is high severity but only medium confidence
    flask_debug = "import flask\n\nflask.Flask(__name__).run(debug=True)\n"
    files = {"src/sample/__init__.py": flask_debug}
    assert [f.id for f in gate(make_project(ONLY_BANDIT, files=files)).results[0].blocking] == [
        "B201"
    ]
    raised = make_project(ONLY_BANDIT + 'bandit-confidence = "high"\n', files=files, name="raised")
    assert gate(raised).passed


def test_lowered_threshold_fails_on_medium(make_project: MakeProject) -> None:
    files = {"src/sample/__init__.py": "def f(x):\n    return eval(x)\n"}  # B307: medium
    assert gate(make_project(ONLY_BANDIT, files=files)).passed
    lowered = make_project(ONLY_BANDIT + 'bandit-severity = "medium"\n', files=files, name="low")
    assert [f.id for f in gate(lowered).results[0].blocking] == ["B307"]


def test_nosec_line_passes(make_project: MakeProject) -> None:
    code = SHELL_CODE.replace("shell=True)", "shell=True)  # nosec B602")
    project = make_project(ONLY_BANDIT, files={"src/sample/__init__.py": code})
    assert gate(project).passed


def test_excluded_path_is_not_scanned(make_project: MakeProject) -> None:
    files = {"src/sample/__init__.py": CLEAN_CODE, "src/sample/vendored/x.py": SHELL_CODE}
    project = make_project(ONLY_BANDIT + 'bandit-exclude = ["src/sample/vendored"]\n', files=files)
    assert gate(project).passed
    unexcluded = make_project(ONLY_BANDIT, files=files, name="unexcluded")
    assert [f.file for f in gate(unexcluded).results[0].blocking] == ["src/sample/vendored/x.py"]


def test_syntax_error_file_fails(make_project: MakeProject) -> None:
    files = {"src/sample/__init__.py": CLEAN_CODE, "src/sample/broken.py": "def f(:\n"}
    report = gate(make_project(ONLY_BANDIT, files=files))
    assert not report.passed
    (finding,) = report.results[0].blocking
    assert (finding.id, finding.file) == ("bandit-error", "src/sample/broken.py")
    assert "syntax error" in finding.summary


def test_missing_path_fails(make_project: MakeProject) -> None:
    report = gate(make_project(ONLY_BANDIT + 'bandit-paths = ["nowhere"]\n'))
    assert not report.passed
    assert report.results[0].outcome is Outcome.UNAVAILABLE
    assert report.results[0].reason.startswith("bandit path does not exist: nowhere")


def test_default_path_is_the_import_package(make_project: MakeProject) -> None:
    project = make_project(ONLY_BANDIT, files={"sample/__init__.py": SHELL_CODE, "tests/t.py": ""})
    report = gate(project)
    assert [f.file for f in report.results[0].blocking] == ["sample/__init__.py"]


def test_no_package_source_fails_closed(make_project: MakeProject) -> None:
    report = gate(make_project(ONLY_BANDIT, files={"README.md": "hi\n"}))
    assert not report.passed
    assert "cannot find the package source of 'sample'" in report.results[0].reason
