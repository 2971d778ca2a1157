"""pip-audit through the gate: offline database, allow-list, and failing closed."""

from __future__ import annotations

from pathlib import Path

from releaser.audit.config import load_audit_config
from releaser.audit.gate import run_gate
from releaser.core.audit import Disposition, GateReport, Outcome

from .conftest import TODAY, MakeProject

# bandit and commands are covered elsewhere; these tests look at pip-audit only.
PINNED = 'bandit = false\nrequirements = ["requirements.lock"]\n'


def gate(project: Path, **kwargs: object) -> GateReport:
    return run_gate(project, load_audit_config(project), today=TODAY, **kwargs)  # type: ignore[arg-type]


def test_vulnerable_pin_fails_the_gate(make_project: MakeProject, advisory_db: Path) -> None:
    project = make_project(PINNED, pins="requests==2.19.0\nclick==8.1.7\n")
    report = gate(project, advisory_db=advisory_db)
    assert not report.passed
    (result,) = report.results
    assert result.outcome is Outcome.FAILED
    (finding,) = result.findings
    assert (finding.id, finding.package, finding.installed_version) == (
        "PYSEC-0000-FAKE1",
        "requests",
        "2.19.0",
    )
    assert finding.fixed_versions == ("2.20.0",)
    assert finding.aliases == ("CVE-0000-00001", "GHSA-xxxx-yyyy-zzzz")
    assert report.failure_reasons == ("pip-audit: 1 blocking finding(s) (PYSEC-0000-FAKE1)",)
    assert "2 packages checked" in result.detail


def test_fixed_version_passes(make_project: MakeProject, advisory_db: Path) -> None:
    project = make_project(PINNED, pins="requests==2.20.0\n")
    report = gate(project, advisory_db=advisory_db)
    assert report.passed
    assert report.results[0].findings == ()


def test_advisory_db_from_config_is_relative_to_the_project(
    make_project: MakeProject, advisory_db: Path
) -> None:
    project = make_project(PINNED + f'advisory-db = "{advisory_db}"\n', pins="requests==2.0\n")
    assert not gate(project).passed


def test_allow_listed_alias_passes_with_a_note(
    make_project: MakeProject, advisory_db: Path
) -> None:
    allow = (
        'allow = [{id = "GHSA-xxxx-yyyy-zzzz", reason = "no redirects", expires = 2025-12-31}]\n'
    )
    project = make_project(PINNED + allow, pins="requests==2.19.0\n")
    report = gate(project, advisory_db=advisory_db)
    assert report.passed
    (finding,) = report.results[0].findings
    assert finding.disposition is Disposition.ALLOWED
    assert finding.note == "allowed (until 2025-12-31): no redirects"


def test_expired_allow_entry_fails(make_project: MakeProject, advisory_db: Path) -> None:
    allow = 'allow = [{id = "PYSEC-0000-FAKE1", reason = "no redirects", expires = 2025-05-01}]\n'
    project = make_project(PINNED + allow, pins="requests==2.19.0\n")
    report = gate(project, advisory_db=advisory_db)
    assert not report.passed
    assert report.results[0].findings[0].note.startswith("allow-list entry expired on 2025-05-01")


def test_severity_threshold_and_unknown_severity(
    make_project: MakeProject, advisory_db: Path
) -> None:
    # listed-pkg is MEDIUM, nosev-pkg has no severity at all
    pins = "listed-pkg==1.0.0\nnosev-pkg==2.2\n"
    project = make_project(PINNED + 'fail-on-severity = "high"\n', pins=pins)
    report = gate(project, advisory_db=advisory_db)
    assert not report.passed
    by_id = {f.id: f.disposition for f in report.results[0].findings}
    assert by_id == {
        "GHSA-list-only-0001": Disposition.BELOW_THRESHOLD,
        "OSV-0000-NOSEV": Disposition.BLOCKING,  # unknown severity fails closed
    }


def test_unpinned_requirement_cannot_be_audited(
    make_project: MakeProject, advisory_db: Path
) -> None:
    project = make_project(PINNED, pins="requests>=2\n")
    report = gate(project, advisory_db=advisory_db)
    assert not report.passed
    assert report.results[0].outcome is Outcome.UNAVAILABLE
    assert "not pinned to an exact version" in report.results[0].reason


def test_no_declared_dependencies_passes_without_a_service(make_project: MakeProject) -> None:
    project = make_project("bandit = false\n", pins=None, dependencies="[]")
    report = gate(project)  # online service, but there is nothing to ask about
    assert report.passed
    assert report.results[0].detail == "no dependencies declared"


def test_unreachable_service_fails_closed(make_project: MakeProject) -> None:
    project = make_project(PINNED + 'osv-url = "http://127.0.0.1:9/v1/query"\n')
    report = gate(project)
    assert not report.passed
    (result,) = report.results
    assert result.outcome is Outcome.UNAVAILABLE
    assert result.reason.startswith("pip-audit could not query the osv service:")
    assert "--advisory-db" in result.reason  # the hint travels with the reason


def test_allow_unavailable_passes_loudly(make_project: MakeProject) -> None:
    project = make_project(PINNED + 'osv-url = "http://127.0.0.1:9/v1/query"\n')
    report = gate(project, allow_unavailable=True)
    assert report.passed
    assert report.warnings[0].startswith("WARNING: pip-audit did not run (pip-audit could not")


def test_skipped_dependency_fails_closed(make_project: MakeProject, advisory_db: Path) -> None:
    pins = "requests==2.20.0\nfoo @ https://example.invalid/foo-1.0-py3-none-any.whl\n"
    project = make_project(PINNED, pins=pins)
    report = gate(project, advisory_db=advisory_db)
    assert not report.passed
    (finding,) = report.results[0].findings
    assert (finding.id, finding.package) == ("not-audited", "foo")
    assert "cannot be pinned" in finding.summary
