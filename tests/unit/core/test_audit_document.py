"""The audit report document (`audit --json`, the report file) around its findings."""

from __future__ import annotations

from datetime import date

from releaser.core.audit import AuditorRun, Finding, Kind, Policy, Severity, evaluate, report_json

TODAY = date(2025, 6, 1)


def test_document_of_a_failed_gate_names_each_auditor_and_why() -> None:
    code = Finding("bandit", Kind.CODE, "B602", "shell", Severity.HIGH, Severity.HIGH)
    runs = [
        AuditorRun("bandit", 0.12345, (code,), detail="4 files scanned"),
        AuditorRun("pip-audit", 1.5, unavailable="no network"),
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
