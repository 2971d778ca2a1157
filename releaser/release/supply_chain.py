"""What a release carries for its users to check it: the SBOM asset and the notes' Verification.

The SBOM lists the dependencies the audit gate checked in this run (so the SBOM and the
audit describe the same set); without the gate there is no SBOM, and the notes say the
gate did not run. The Verification section quotes SHA256SUMS as written by the check step.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from releaser.core.audit import GateReport
from releaser.core.verification import VerificationFacts, verification_section
from releaser.release.plan import Facts


def write_release_sbom(
    facts: Facts, gate: GateReport | None, folder: Path, built_at: datetime
) -> Path | None:
    """Write `<name>-<version>.cdx.json` beside the distributions; None without an audit.

    `built_at` is the release commit's date, so that every run writes the same bytes.
    """
    from releaser.adapters.sbom import write_sbom

    checked = next((r for r in gate.results if r.dependencies), None) if gate else None
    if checked is None:
        return None
    return write_sbom(
        folder,
        facts.project_name,
        facts.version.pep440,
        checked.dependencies,
        built_at=built_at,
        database=checked.database,
    )


def release_sbom(facts: Facts, folder: Path) -> Path | None:
    """The SBOM written for this release, when there is one."""
    from releaser.adapters.sbom import sbom_name

    path = folder / sbom_name(facts.project_name, facts.version.pep440)
    return path if path.is_file() else None


def _checksums(folder: Path) -> list[tuple[str, str]]:
    from releaser.adapters.build import read_checksums

    try:
        text = (folder / "SHA256SUMS").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return sorted(read_checksums(text)[1].items())


def notes_with_verification(
    facts: Facts, gate: GateReport | None, folder: Path, *, attested: bool
) -> str:
    """The release notes followed by the Verification section.

    `attested`: the uploads carry PEP 740 attestations (trusted publishing with signing on);
    the section then says how to verify them on PyPI.
    """
    from releaser.adapters.package_index import PYPI_UPLOAD_URL

    sbom = release_sbom(facts, folder)
    on_pypi = attested and facts.index_url.rstrip("/") == PYPI_UPLOAD_URL.rstrip("/")
    section = verification_section(
        VerificationFacts(
            checksums=_checksums(folder),
            sbom=sbom.name if sbom else None,
            audit=gate,
            repository_url=f"https://github.com/{facts.repository}" if facts.repository else None,
            attestations=on_pypi,
        )
    )
    return facts.notes.rstrip("\n") + "\n" + section
