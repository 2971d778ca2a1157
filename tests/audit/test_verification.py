"""The Verification section of the release notes, and the SBOM document (no release needed)."""

from __future__ import annotations

import json
from datetime import datetime

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from releaser.adapters.sbom import sbom_json, sbom_name
from releaser.core.audit import AuditorRun, Dependency, Policy, evaluate
from releaser.core.verification import VerificationFacts, verification_section

from .conftest import TODAY

DEPS = (Dependency("idna", "3.7"), Dependency("requests", "2.20.0"))


def test_section_with_attestations_and_a_passed_gate() -> None:
    gate = evaluate(
        [
            AuditorRun("pip-audit", 0.1, dependencies=DEPS, database="the OSV database of X"),
            AuditorRun("bandit", 0.1, detail="4 files scanned"),
        ],
        Policy(),
        today=TODAY,
    )
    text = verification_section(
        VerificationFacts(
            checksums=[("pkg-1.0.0-py3-none-any.whl", "ab" * 32), ("pkg-1.0.0.tar.gz", "cd" * 32)],
            sbom="pkg-1.0.0.cdx.json",
            audit=gate,
            repository_url="https://github.com/o/r",
            attestations=True,
        )
    )
    assert text.startswith("\n## Verification\n")
    assert f"{'ab' * 32}  pkg-1.0.0-py3-none-any.whl\n" in text
    assert (
        "pypi-attestations verify pypi --repository https://github.com/o/r "
        "pypi:pkg-1.0.0-py3-none-any.whl" in text
    )
    assert (
        "Audit gate passed: 2 dependencies checked against the OSV database of X (pip-audit); "
        "4 files scanned (bandit)." in text
    )
    assert "`pkg-1.0.0.cdx.json` (CycloneDX SBOM)" in text


def test_section_without_the_gate_says_so() -> None:
    text = verification_section(VerificationFacts(checksums=[]))
    assert "The audit gate did not run for this release." in text
    assert "pypi-attestations" not in text


COMMITTED = datetime.fromisoformat("2024-05-06T07:08:09+02:00")


def test_sbom_is_valid_cyclonedx_and_stable() -> None:
    text = sbom_json("My_Pkg", "1.0.0", DEPS, built_at=COMMITTED, database="the OSV database of X")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    assert bom["metadata"]["component"]["purl"] == "pkg:pypi/my-pkg@1.0.0"
    assert [c["purl"] for c in bom["components"]] == [
        "pkg:pypi/idna@3.7",
        "pkg:pypi/requests@2.20.0",
    ]
    assert bom["metadata"]["properties"] == [
        {"name": "releaser:audit:database", "value": "the OSV database of X"}
    ]
    assert bom["metadata"]["timestamp"] == "2024-05-06T07:08:09+02:00"  # the commit's date
    again = sbom_json("My_Pkg", "1.0.0", DEPS, built_at=COMMITTED, database="the OSV database of X")
    assert again == text  # a rerun writes the same bytes
    assert sbom_name("My_Pkg", "1.0.0") == "my-pkg-1.0.0.cdx.json"
