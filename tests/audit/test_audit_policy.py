"""The gate's policy: thresholds, unknown severity, the allow-list, unavailable auditors."""

from __future__ import annotations

from datetime import date

import pytest

from releaser.core.audit import (
    AllowEntry,
    AuditorRun,
    Disposition,
    Finding,
    Kind,
    Outcome,
    Policy,
    Severity,
    evaluate,
    report_json,
)

TODAY = date(2025, 6, 1)


def vuln(severity: Severity | None, vid: str = "PYSEC-1", aliases: tuple[str, ...] = ()) -> Finding:
    return Finding(
        "pip-audit",
        Kind.VULNERABILITY,
        vid,
        "bad",
        severity,
        package="p",
        installed_version="1.0",
        fixed_versions=("1.1",),
        aliases=aliases,
    )


def code(severity: Severity, confidence: Severity) -> Finding:
    return Finding("bandit", Kind.CODE, "B602", "shell", severity, confidence, file="a.py", line=3)


def gate(*findings: Finding, **policy: object) -> tuple[bool, list[Disposition]]:
    report = evaluate([AuditorRun("x", 0.1, findings)], Policy(**policy), today=TODAY)  # type: ignore[arg-type]
    return report.passed, [f.disposition for f in report.results[0].findings]


@pytest.mark.parametrize(
    ("severity", "threshold", "passed"),
    [
        (Severity.LOW, Severity.LOW, False),
        (Severity.MEDIUM, Severity.HIGH, True),
        (Severity.HIGH, Severity.HIGH, False),
        (Severity.CRITICAL, Severity.HIGH, False),
        (None, Severity.CRITICAL, False),  # unknown severity fails closed
    ],
)
def test_vulnerability_threshold(
    severity: Severity | None, threshold: Severity, passed: bool
) -> None:
    assert gate(vuln(severity), vulnerability_threshold=threshold)[0] is passed


@pytest.mark.parametrize(
    ("severity", "confidence", "policy", "passed"),
    [
        (Severity.HIGH, Severity.LOW, {}, False),  # default: high severity, any confidence
        (Severity.MEDIUM, Severity.HIGH, {}, True),
        (Severity.HIGH, Severity.MEDIUM, {"code_confidence": Severity.HIGH}, True),
        (Severity.LOW, Severity.LOW, {"code_severity": Severity.LOW}, False),
    ],
)
def test_code_thresholds(
    severity: Severity, confidence: Severity, policy: dict[str, Severity], passed: bool
) -> None:
    assert gate(code(severity, confidence), **policy)[0] is passed


def test_allow_list_matches_aliases_and_notes_the_reason() -> None:
    entry = AllowEntry("CVE-9", "not reachable from our code", date(2025, 6, 1))
    report = evaluate(
        [AuditorRun("pip-audit", 0.1, (vuln(Severity.HIGH, aliases=("CVE-9",)),))],
        Policy(allow=(entry,)),
        today=TODAY,  # the expiry day itself is still valid
    )
    assert report.passed
    (finding,) = report.results[0].findings
    assert finding.disposition is Disposition.ALLOWED
    assert finding.note == "allowed (until 2025-06-01): not reachable from our code"


def test_expired_allow_entry_fails_the_gate_even_when_unused() -> None:
    entry = AllowEntry("PYSEC-1", "waiting for upstream", date(2025, 5, 31))
    report = evaluate(
        [AuditorRun("pip-audit", 0.1, (vuln(Severity.HIGH),))], Policy(allow=(entry,)), today=TODAY
    )
    assert not report.passed
    assert report.results[0].findings[0].note.startswith("allow-list entry expired on 2025-05-31")
    assert report.results[-1].name == "allow-list"
    unused = evaluate([], Policy(allow=(entry,)), today=TODAY)
    assert not unused.passed
    assert unused.failure_reasons == ("allow-list: 1 blocking finding(s) (PYSEC-1)",)


def test_not_audited_and_command_findings_cannot_be_allowed() -> None:
    skipped = Finding("pip-audit", Kind.NOT_AUDITED, "not-audited", "404", package="p")
    entry = AllowEntry("not-audited", "please")
    assert gate(skipped, allow=(entry,)) == (False, [Disposition.BLOCKING])


def test_unavailable_auditor_fails_unless_allowed_and_then_warns() -> None:
    runs = [AuditorRun("pip-audit", 0.1, unavailable="OSV unreachable")]
    closed = evaluate(runs, Policy(), today=TODAY)
    assert not closed.passed
    assert closed.results[0].outcome is Outcome.UNAVAILABLE
    assert closed.failure_reasons == ("pip-audit could not run: OSV unreachable",)
    allowed = evaluate(runs, Policy(allow_unavailable=True), today=TODAY)
    assert allowed.passed
    assert allowed.warnings == (
        "WARNING: pip-audit did not run (OSV unreachable); passing only because "
        "unavailable auditors are allowed",
    )


def test_allowing_unavailable_never_hides_a_finding() -> None:
    failing = Finding("commands", Kind.COMMAND, "pytest", "exited with status 1")
    runs = [AuditorRun("commands", 0.1, (failing,), unavailable="cannot run 'ruff'")]
    report = evaluate(runs, Policy(allow_unavailable=True), today=TODAY)
    assert not report.passed
    assert report.results[0].outcome is Outcome.FAILED


def test_report_json_shape() -> None:
    report = evaluate([AuditorRun("pip-audit", 0.1234, (vuln(None),))], Policy(), today=TODAY)
    data = report_json(report)
    assert data["schema"] == 1
    assert data["passed"] is False
    (auditor,) = data["auditors"]
    assert auditor["result"] == "failed"
    assert auditor["seconds"] == 0.123
    assert auditor["findings"][0]["severity"] == "unknown"
    assert auditor["findings"][0]["fixed_versions"] == ["1.1"]
