"""Fix suggestions for vulnerable pins, and `releaser audit --fix`, which writes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from releaser.audit.fixes import apply_fixes, suggest_fixes
from releaser.core.audit import Finding, GateReport, Kind, Policy, evaluate
from releaser.errors import RefusedError

from .conftest import TODAY, MakeProject
from .test_audit_cli import PINNED, releaser


def test_failing_gate_names_the_fix_version_and_the_line(
    make_project: MakeProject, advisory_db: Path
) -> None:
    project = make_project(PINNED, pins="idna==3.0\nrequests==2.19.0  # http\n")
    done = releaser("--project", str(project), "--advisory-db", str(advisory_db))
    assert done.returncode == 4
    assert (
        "requests 2.19.0 (PYSEC-0000-FAKE1): fixed in 2.20.0; change requirements.lock line 2: "
        "`requests==2.19.0  # http` -> `requests==2.20.0  # http`" in done.stderr
    )
    assert "`releaser audit --fix` makes these changes" in done.stderr


def test_fix_rewrites_the_pin_then_the_gate_passes(
    make_project: MakeProject, advisory_db: Path
) -> None:
    pins = "idna==3.0\nrequests==2.19.0  # http\nnosev-pkg==3.0.5\n"
    project = make_project(PINNED, pins=pins)
    before = (project / "pyproject.toml").read_text()
    done = releaser("--project", str(project), "--advisory-db", str(advisory_db), "--fix")
    assert done.returncode == 0, done.stderr
    # the nearest fixed version on the installed branch: 3.1.2, not 2.3
    assert (project / "requirements.lock").read_text() == (
        "idna==3.0\nrequests==2.20.0  # http\nnosev-pkg==3.1.2\n"
    )
    assert (project / "pyproject.toml").read_text() == before
    assert "fixed: requests 2.19.0 (PYSEC-0000-FAKE1): fixed in 2.20.0" in done.stderr
    assert "nothing installed or committed; auditing again" in done.stderr
    assert done.stdout.count("audit gate: FAILED") == 1
    assert "audit gate: PASSED" in done.stdout


def test_fix_with_json_prints_one_report_the_final_one(
    make_project: MakeProject, advisory_db: Path
) -> None:
    project = make_project(PINNED, pins="requests==2.19.0\n")
    done = releaser("--project", str(project), "--advisory-db", str(advisory_db), "--fix", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["passed"] is True
    assert (project / "requirements.lock").read_text() == "requests==2.20.0\n"


def test_fix_without_a_fixed_version_changes_nothing(
    make_project: MakeProject, advisory_db: Path
) -> None:
    pins = "requests==2.19.0\nlisted.pkg==1.0.0\n"
    project = make_project(PINNED, pins=pins)
    done = releaser("--project", str(project), "--advisory-db", str(advisory_db), "--fix")
    assert done.returncode == 4
    assert (project / "requirements.lock").read_text() == pins  # not even requests
    assert done.stderr.startswith(
        "error: audit --fix changed nothing: listed-pkg 1.0.0 (GHSA-list-only-0001); "
        "no fixed version is known for GHSA-list-only-0001"
    )


def test_hash_locked_pin_is_left_to_the_locking_tool(
    make_project: MakeProject, advisory_db: Path
) -> None:
    pins = "requests==2.19.0 \\\n    --hash=sha256:" + "0" * 64 + "\n"
    project = make_project(PINNED, pins=pins)
    done = releaser("--project", str(project), "--advisory-db", str(advisory_db), "--fix")
    assert done.returncode == 4
    assert (project / "requirements.lock").read_text() == pins
    assert "requirements.lock line 1 is a hash-locked pin: re-lock it with requests==2.20.0" in (
        done.stderr
    )


def vulnerable(
    file: str, installed: str = "2.19.0", fixed: tuple[str, ...] = ("2.20.0",)
) -> GateReport:
    finding = Finding(
        "pip-audit",
        Kind.VULNERABILITY,
        "PYSEC-0000-FAKE1",
        "leak",
        package="requests",
        installed_version=installed,
        fixed_versions=fixed,
        file=file,
    )
    from releaser.core.audit import AuditorRun

    return evaluate([AuditorRun("pip-audit", 0.0, (finding,))], Policy(), today=TODAY)


PYPROJECT = """\
[project]
name = "sample"
dependencies = [
    "idna>=3",
    "requests>=2.0,<3",  # http
]

[project.optional-dependencies]
socks = ["requests[socks]==2.19.0"]
"""


def test_fix_in_pyproject_moves_the_lower_bound(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    [suggestion] = suggest_fixes(vulnerable("pyproject.toml"), tmp_path)
    assert suggestion.line == 5
    assert suggestion.new == '    "requests>=2.20.0,<3",  # http'
    apply_fixes([suggestion], tmp_path)
    assert (tmp_path / "pyproject.toml").read_text() == PYPROJECT.replace(
        '"requests>=2.0,<3"', '"requests>=2.20.0,<3"'
    )


def test_fix_refuses_bounds_that_exclude_the_fix_and_broken_files(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT.replace("<3", "<2.20"))
    [bounded] = suggest_fixes(vulnerable("pyproject.toml"), tmp_path)
    assert bounded.problem == (
        "cannot edit pyproject.toml line 5: `requests>=2.0,<2.20` has bounds that exclude "
        "2.20.0: widen them by hand"
    )
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "pyproject.toml").write_text("[project\n")
    [broken] = suggest_fixes(vulnerable("pyproject.toml"), tmp_path / "broken")
    assert broken.problem is not None
    assert broken.problem.startswith("cannot edit pyproject.toml: it is not valid TOML")
    with pytest.raises(RefusedError, match="audit --fix changed nothing"):
        apply_fixes([bounded, broken], tmp_path)
    assert (tmp_path / "pyproject.toml").read_text() == PYPROJECT.replace("<3", "<2.20")


def test_transitive_dependency_is_named_not_edited(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT.replace("requests", "httpx"))
    [suggestion] = suggest_fixes(vulnerable("pyproject.toml"), tmp_path)
    assert suggestion.problem == (
        "pyproject.toml does not name requests (it comes in through another dependency): "
        "raise that one, or add `requests>=2.20.0`"
    )
