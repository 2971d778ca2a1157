"""The audit gate's data model and policy: findings in, a verdict out.

Pure code. Adapters run the auditors and hand back one `AuditorRun` each;
`evaluate` applies the policy (severity thresholds, the allow-list, whether
unavailable auditors are tolerated) and returns the `GateReport` that the CLI
prints and `releaser cut` obeys.

Fail closed: a finding whose severity is unknown counts as above every
threshold, an auditor that could not run fails the gate unless the user
explicitly allowed it, and an expired allow-list entry fails the gate.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum, IntEnum
from typing import Any


class Severity(IntEnum):
    """Ordered severities; bandit's confidence levels use the same scale."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> Severity | None:
        """Read a label such as `HIGH` or GitHub's `MODERATE`; None when it is not one."""
        label = text.strip().upper()
        if label == "MODERATE":
            return cls.MEDIUM
        return cls.__members__.get(label)

    @classmethod
    def from_cvss_score(cls, score: float) -> Severity | None:
        """Map a CVSS base score to its qualitative rating (None for 0.0)."""
        if score >= 9.0:
            return cls.CRITICAL
        if score >= 7.0:
            return cls.HIGH
        if score >= 4.0:
            return cls.MEDIUM
        return cls.LOW if score > 0 else None


def reaches(severity: Severity | None, threshold: Severity) -> bool:
    """True when `severity` is at or above `threshold`; unknown severity always is."""
    return severity is None or severity >= threshold


class Kind(str, Enum):
    """What a finding is about; decides which policy rules apply to it."""

    VULNERABILITY = "vulnerability"  # a dependency with a known advisory
    CODE = "code"  # a static-analysis finding in the package source
    NOT_AUDITED = "not-audited"  # a dependency or file the auditor could not check
    COMMAND = "command"  # a project command that failed
    POLICY = "policy"  # the gate's own configuration (expired allow-list entry)


class Disposition(str, Enum):
    """What the policy decided about one finding."""

    BLOCKING = "blocking"
    ALLOWED = "allowed"  # matched an allow-list entry that has not expired
    BELOW_THRESHOLD = "below-threshold"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem an auditor reported, before and after the policy ran."""

    auditor: str
    kind: Kind
    id: str  # advisory ID, bandit test ID, or the command
    summary: str
    severity: Severity | None = None  # None: unknown
    confidence: Severity | None = None  # bandit only
    package: str | None = None
    installed_version: str | None = None
    fixed_versions: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    file: str | None = None
    line: int | None = None
    disposition: Disposition = Disposition.BLOCKING
    note: str = ""

    @property
    def ids(self) -> frozenset[str]:
        """The ID and every alias, for allow-list matching."""
        return frozenset((self.id, *self.aliases))


@dataclass(frozen=True, slots=True)
class Dependency:
    """One dependency the audit checked: the set the SBOM describes."""

    name: str
    version: str


@dataclass(frozen=True, slots=True)
class AuditorRun:
    """What one auditor reported: its raw findings, or why it could not run."""

    name: str
    seconds: float
    findings: tuple[Finding, ...] = ()
    unavailable: str | None = None  # the reason, when the auditor could not run
    detail: str = ""  # e.g. "12 packages audited"
    dependencies: tuple[Dependency, ...] = ()  # what was checked (dependency auditors)
    database: str = ""  # what it was checked against, e.g. "the OSV database of 2025-05-01"


class Outcome(str, Enum):
    """One auditor's result after the policy ran."""

    PASSED = "passed"
    FAILED = "failed"
    UNAVAILABLE = "unavailable"  # could not run; fails the gate unless allowed


@dataclass(frozen=True, slots=True)
class AllowEntry:
    """An accepted risk: a finding ID, why it is accepted, and until when."""

    id: str
    reason: str
    expires: date | None = None

    def expired(self, today: date) -> bool:
        """True from the day after `expires` on."""
        return self.expires is not None and today > self.expires


@dataclass(frozen=True, slots=True)
class Policy:
    """How findings are judged."""

    vulnerability_threshold: Severity = Severity.LOW
    code_severity: Severity = Severity.HIGH
    code_confidence: Severity = Severity.LOW
    allow: tuple[AllowEntry, ...] = ()
    allow_unavailable: bool = False


@dataclass(frozen=True, slots=True)
class AuditorResult:
    """One auditor's judged result, as the summary table shows it."""

    name: str
    outcome: Outcome
    seconds: float
    findings: tuple[Finding, ...] = ()
    reason: str = ""  # why it is unavailable
    detail: str = ""
    dependencies: tuple[Dependency, ...] = ()
    database: str = ""

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """The findings that fail the gate."""
        return tuple(f for f in self.findings if f.disposition is Disposition.BLOCKING)


@dataclass(frozen=True, slots=True)
class GateReport:
    """The gate's verdict with every auditor's result."""

    passed: bool
    results: tuple[AuditorResult, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def failure_reasons(self) -> tuple[str, ...]:
        """One line per failing auditor, for the error message."""
        lines = []
        for result in self.results:
            if result.outcome is Outcome.UNAVAILABLE and not self.passed:
                lines.append(f"{result.name} could not run: {result.reason}")
            elif result.outcome is Outcome.FAILED:
                ids = ", ".join(dict.fromkeys(f.id for f in result.blocking))
                also = f"; could not run: {result.reason}" if result.reason else ""
                lines.append(
                    f"{result.name}: {len(result.blocking)} blocking finding(s) ({ids}){also}"
                )
        return tuple(lines)


def _judge(finding: Finding, policy: Policy, today: date) -> Finding:
    if finding.kind in (Kind.NOT_AUDITED, Kind.COMMAND, Kind.POLICY):
        return finding  # always blocking: nothing was checked, or a check failed
    for entry in policy.allow:
        if entry.id in finding.ids:
            if entry.expired(today):
                note = f"allow-list entry expired on {entry.expires}: {entry.reason}"
                return replace(finding, disposition=Disposition.BLOCKING, note=note)
            until = f" (until {entry.expires})" if entry.expires else ""
            note = f"allowed{until}: {entry.reason}"
            return replace(finding, disposition=Disposition.ALLOWED, note=note)
    if finding.kind is Kind.VULNERABILITY:
        above = reaches(finding.severity, policy.vulnerability_threshold)
    else:
        above = reaches(finding.severity, policy.code_severity) and reaches(
            finding.confidence, policy.code_confidence
        )
    if above:
        return finding
    return replace(finding, disposition=Disposition.BELOW_THRESHOLD)


def _judge_run(run: AuditorRun, policy: Policy, today: date) -> AuditorResult:
    findings = tuple(_judge(f, policy, today) for f in run.findings)
    # A blocking finding fails the auditor even when part of it could not run:
    # allowing unavailable auditors must never let a real finding through.
    if any(f.disposition is Disposition.BLOCKING for f in findings):
        outcome = Outcome.FAILED
    elif run.unavailable is not None:
        outcome = Outcome.UNAVAILABLE
    else:
        outcome = Outcome.PASSED
    return AuditorResult(
        name=run.name,
        outcome=outcome,
        seconds=run.seconds,
        findings=findings,
        reason=run.unavailable or "",
        detail=run.detail,
        dependencies=run.dependencies,
        database=run.database,
    )


def _expired_entries(policy: Policy, today: date) -> AuditorRun | None:
    expired = [e for e in policy.allow if e.expired(today)]
    if not expired:
        return None
    findings = tuple(
        Finding(
            auditor="allow-list",
            kind=Kind.POLICY,
            id=e.id,
            summary=f"allow-list entry expired on {e.expires} ({e.reason}): "
            "fix the finding, or review the risk and extend 'expires'",
        )
        for e in expired
    )
    return AuditorRun(name="allow-list", seconds=0.0, findings=findings)


def evaluate(runs: Sequence[AuditorRun], policy: Policy, *, today: date) -> GateReport:
    """Judge every auditor's findings by `policy` and decide whether the gate passes."""
    expired = _expired_entries(policy, today)
    results = tuple(_judge_run(r, policy, today) for r in (*runs, *([expired] if expired else [])))
    failed = any(r.outcome is Outcome.FAILED for r in results)
    unavailable = [r for r in results if r.outcome is Outcome.UNAVAILABLE]
    warnings = []
    if unavailable and policy.allow_unavailable:
        warnings = [
            f"WARNING: {r.name} did not run ({r.reason}); passing only because "
            "unavailable auditors are allowed"
            for r in unavailable
        ]
    passed = not failed and (not unavailable or policy.allow_unavailable)
    return GateReport(passed=passed, results=results, warnings=tuple(warnings))


def _severity_json(finding: Finding) -> str | None:
    if finding.kind not in (Kind.VULNERABILITY, Kind.CODE):
        return None  # severity does not apply
    return finding.severity.name.lower() if finding.severity else "unknown"


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "kind": finding.kind.value,
        "disposition": finding.disposition.value,
        "summary": finding.summary,
        "severity": _severity_json(finding),
        "confidence": finding.confidence.name.lower() if finding.confidence else None,
        "package": finding.package,
        "installed_version": finding.installed_version,
        "fixed_versions": list(finding.fixed_versions),
        "aliases": list(finding.aliases),
        "file": finding.file,
        "line": finding.line,
        "note": finding.note or None,
    }


def report_json(report: GateReport) -> dict[str, Any]:
    """The JSON document `--json` prints and the report file holds (schema version 1)."""
    return {
        "schema": 1,
        "passed": report.passed,
        "warnings": list(report.warnings),
        "failures": list(report.failure_reasons),
        "auditors": [
            {
                "name": r.name,
                "result": r.outcome.value,
                "seconds": round(r.seconds, 3),
                "reason": r.reason or None,
                "detail": r.detail or None,
                "findings": [_finding_json(f) for f in r.findings],
            }
            for r in report.results
        ],
    }


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """A project command: its argv and its timeout in seconds."""

    argv: tuple[str, ...]
    timeout: float

    @property
    def display(self) -> str:
        """The command as the user wrote it."""
        return shlex.join(self.argv)
