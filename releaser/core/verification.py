"""The "Verification" section that ends a GitHub release's notes.

Pure: checksums, the SBOM's name, the audit verdict and the repository in; Markdown out.
It tells a user how to check what they downloaded: the SHA-256 sums, the PEP 740
attestations on PyPI (`pypi-attestations verify pypi`), and what the audit gate checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from releaser.core.audit import GateReport


@dataclass(frozen=True, slots=True)
class VerificationFacts:
    """What the section states."""

    checksums: Sequence[tuple[str, str]]  # (file name, sha256 hex)
    sbom: str | None = None  # the SBOM asset's file name
    audit: GateReport | None = None  # None: the gate did not run
    repository_url: str | None = None  # https://github.com/owner/name, for attestations
    attestations: bool = False  # published to PyPI with trusted publishing


def audit_sentence(report: GateReport | None) -> str:
    """One sentence: what the gate checked and its verdict."""
    if report is None:
        return "The audit gate did not run for this release."
    parts = []
    for result in report.results:
        if result.dependencies:
            against = f" against {result.database}" if result.database else ""
            parts.append(
                f"{len(result.dependencies)} dependencies checked{against} ({result.name})"
            )
        elif result.detail:
            parts.append(f"{result.detail} ({result.name})")
        else:
            parts.append(f"{result.name} {result.outcome.value}")
    verdict = "passed" if report.passed else "failed"
    warned = f", with {len(report.warnings)} warning(s)" if report.warnings else ""
    return f"Audit gate {verdict}{warned}: {'; '.join(parts)}."


def verification_section(facts: VerificationFacts) -> str:
    """The Markdown section, starting with a blank line and a `## Verification` heading."""
    lines = ["", "## Verification", ""]
    if facts.checksums:
        lines += [
            "SHA-256 checksums (the `SHA256SUMS` asset; check downloads with "
            "`sha256sum --check --ignore-missing SHA256SUMS`):",
            "",
            "```",
        ]
        lines += [f"{digest}  {name}" for name, digest in facts.checksums]
        lines += ["```", ""]
    if facts.attestations and facts.repository_url:
        dists = [n for n, _ in facts.checksums if n.endswith((".whl", ".tar.gz"))]
        example = dists[0] if dists else "FILE"
        lines += [
            "PyPI attestations (PEP 740) name this repository's workflow as the publisher:",
            "",
            "```",
            f"pypi-attestations verify pypi --repository {facts.repository_url} pypi:{example}",
            "```",
            "",
        ]
    lines.append(audit_sentence(facts.audit))
    if facts.sbom:
        lines += ["", f"Dependencies as audited: `{facts.sbom}` (CycloneDX SBOM)."]
    return "\n".join(lines) + "\n"
