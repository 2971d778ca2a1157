"""The audit report document (`audit --json`, the report file) around its findings."""

from __future__ import annotations

from datetime import date

from releaser.core.audit import (
    AllowEntry,
    AuditorRun,
    Finding,
    Kind,
    Policy,
    Severity,
    evaluate,
    report_json,
)

TODAY = date(2025, 6, 1)


def test_document_of_a_failed_gate_names_each_auditor_and_why() -> None:
    code = Finding("bandit", Kind.CODE, "B602", "shell", Severity.HIGH, Severity.HIGH)
    runs = [
        AuditorRun("bandit", 0.12345, (code,), detail="4 files scanned"),
        AuditorRun("pip-audit", 1.5, unavailable="no network"),
        AuditorRun("commands", 2.0),
    ]
    data = report_json(evaluate(runs, Policy(), today=TODAY))
    for auditor in data["auditors"]:
        del auditor["findings"]  # pinned by test_core_mutants
    assert data == {
        "schema": 1,
        "passed": False,
        "warnings": [],
        "failures": [
            "bandit: 1 blocking finding(s) (B602)",
            "pip-audit could not run: no network",
        ],
        "auditors": [
            {
                "name": "bandit",
                "result": "failed",
                "seconds": 0.123,
                "reason": None,
                "detail": "4 files scanned",
            },
            {
                "name": "pip-audit",
                "result": "unavailable",
                "seconds": 1.5,
                "reason": "no network",
                "detail": None,
            },
            {
                "name": "commands",
                "result": "passed",
                "seconds": 2.0,
                "reason": None,
                "detail": None,
            },
        ],
    }


def test_document_of_a_gate_passed_with_an_allowed_unavailable_auditor() -> None:
    runs = [AuditorRun("pip-audit", 0.0, unavailable="no network")]
    data = report_json(evaluate(runs, Policy(allow_unavailable=True), today=TODAY))
    assert (data["passed"], data["failures"]) == (True, [])
    assert data["warnings"] == [
        "WARNING: pip-audit did not run (no network); passing only because "
        "unavailable auditors are allowed"
    ]


def test_each_finding_says_what_the_policy_made_of_it() -> None:
    def vuln(advisory: str, severity: Severity) -> Finding:
        return Finding("pip-audit", Kind.VULNERABILITY, advisory, "bad", severity)

    policy = Policy(
        vulnerability_threshold=Severity.HIGH,
        allow=(
            AllowEntry("PYSEC-1", "not reachable", date(2025, 12, 31)),
            AllowEntry("PYSEC-2", "no fix yet"),
            AllowEntry("PYSEC-3", "waiting for upstream", date(2025, 5, 31)),
        ),
    )
    runs = [
        AuditorRun("pip-audit", 0.5, tuple(vuln(f"PYSEC-{n}", Severity.HIGH) for n in (1, 2, 3)))
    ]
    runs.append(AuditorRun("osv", 0.5, (vuln("GHSA-low", Severity.LOW),)))
    report = evaluate(runs, policy, today=TODAY)
    assert report.results[-1].findings[0].auditor == "allow-list"  # as SARIF tags it
    data = report_json(report)
    judged = [
        (f["id"], f["disposition"], f["note"]) for a in data["auditors"] for f in a["findings"]
    ]
    assert judged == [
        ("PYSEC-1", "allowed", "allowed (until 2025-12-31): not reachable"),
        ("PYSEC-2", "allowed", "allowed: no fix yet"),
        ("PYSEC-3", "blocking", "allow-list entry expired on 2025-05-31: waiting for upstream"),
        ("GHSA-low", "below-threshold", None),
        ("PYSEC-3", "blocking", None),
    ]
    expired = data["auditors"][-1]
    assert (expired["name"], expired["result"], expired["seconds"]) == ("allow-list", "failed", 0.0)
    assert (expired["findings"][0]["kind"], expired["findings"][0]["summary"]) == (
        "policy",
        "allow-list entry expired on 2025-05-31 (waiting for upstream): "
        "fix the finding, or review the risk and extend 'expires'",
    )
