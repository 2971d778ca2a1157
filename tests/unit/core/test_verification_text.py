"""The Verification section of a release's notes, word for word as a user reads it."""

from __future__ import annotations

from datetime import date

from releaser.core.audit import AuditorRun, Dependency, Finding, Kind, Policy, Severity, evaluate
from releaser.core.verification import VerificationFacts, audit_sentence, verification_section

TODAY = date(2025, 6, 1)
DEPS = (Dependency("idna", "3.7"), Dependency("requests", "2.20.0"))
WHEEL = "pkg-1.0.0-py3-none-any.whl"


def test_whole_section_with_every_fact() -> None:
    gate = evaluate(
        [AuditorRun("pip-audit", 0.1, dependencies=DEPS, database="the OSV database of X")],
        Policy(),
        today=TODAY,
    )
    facts = VerificationFacts(
        checksums=[("SHA256SUMS.txt", "00" * 32), (WHEEL, "ab" * 32)],
        sbom="pkg-1.0.0.cdx.json",
        audit=gate,
        repository_url="https://github.com/o/r",
        attestations=True,
    )
    assert verification_section(facts) == (
        "\n## Verification\n\n"
        "SHA-256 checksums (the `SHA256SUMS` asset; check downloads with "
        "`sha256sum --check --ignore-missing SHA256SUMS`):\n\n"
        f"```\n{'00' * 32}  SHA256SUMS.txt\n{'ab' * 32}  {WHEEL}\n```\n\n"
        "PyPI attestations (PEP 740) name this repository's workflow as the publisher:\n\n"
        "```\n"
        f"pypi-attestations verify pypi --repository https://github.com/o/r pypi:{WHEEL}\n"
        "```\n\n"
        "Audit gate passed: 2 dependencies checked against the OSV database of X (pip-audit).\n\n"
        "Dependencies as audited: `pkg-1.0.0.cdx.json` (CycloneDX SBOM).\n"
    )


def test_whole_section_without_checksums_gate_or_sbom() -> None:
    assert verification_section(VerificationFacts(checksums=[])) == (
        "\n## Verification\n\nThe audit gate did not run for this release.\n"
    )


def test_attestations_name_the_source_archive_or_a_placeholder() -> None:
    sdist = VerificationFacts(
        checksums=[("notes.txt", "11" * 32), ("pkg-1.0.0.tar.gz", "cd" * 32)],
        repository_url="https://github.com/o/r",
        attestations=True,
    )
    assert "--repository https://github.com/o/r pypi:pkg-1.0.0.tar.gz\n" in (
        verification_section(sdist)
    )
    nothing = VerificationFacts(
        checksums=[], repository_url="https://github.com/o/r", attestations=True
    )
    assert "--repository https://github.com/o/r pypi:FILE\n" in verification_section(nothing)


def test_attestations_need_both_the_flag_and_the_repository() -> None:
    for facts in (
        VerificationFacts(checksums=[(WHEEL, "ab" * 32)], attestations=True),
        VerificationFacts(checksums=[(WHEEL, "ab" * 32)], repository_url="https://github.com/o/r"),
    ):
        assert "attestations" not in verification_section(facts)


def test_sentence_of_a_failed_gate_with_every_kind_of_auditor() -> None:
    blocking = Finding("bandit", Kind.CODE, "B602", "shell", Severity.HIGH, Severity.HIGH)
    gate = evaluate(
        [
            AuditorRun("pip-audit", 0.1, dependencies=DEPS),
            AuditorRun("bandit", 0.1, findings=(blocking,)),
            AuditorRun("tests", 0.1, detail="12 tests passed"),
        ],
        Policy(),
        today=TODAY,
    )
    assert audit_sentence(gate) == (
        "Audit gate failed: 2 dependencies checked (pip-audit); bandit failed; "
        "12 tests passed (tests)."
    )


def test_sentence_counts_the_warnings_of_a_tolerated_gate() -> None:
    gate = evaluate(
        [AuditorRun("pip-audit", 0.1, unavailable="no network"), AuditorRun("bandit", 0.1)],
        Policy(allow_unavailable=True),
        today=TODAY,
    )
    assert audit_sentence(gate) == (
        "Audit gate passed, with 1 warning(s): pip-audit unavailable; bandit passed."
    )
