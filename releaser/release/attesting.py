"""Whether a release's uploads carry PEP 740 attestations, and the provenance check after.

On with trusted publishing (`attestations = false` opts out); never with an API token or
a password, which PyPI does not take attestations with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from releaser.release.ports import Ports


def attestation_ports(
    ports: Ports,
    *,
    wanted: bool,
    upload_url: str,
    project: str,
    version: str,
    env: Mapping[str, str],
) -> None:
    """Set the ports' signer and provenance check, or the reason there are none."""
    from releaser.adapters.attestations import EXTRA_HINT, Attester, signing_available
    from releaser.adapters.package_index import credentials_from_env

    if not wanted:
        ports.attest_remark = "attestations: off (attestations = false)"
        return
    if credentials_from_env(env) is not None:
        ports.attest_remark = (
            "attestations: skipped (they need trusted publishing; this upload uses a token)"
        )
        return
    if not signing_available():
        ports.attest_remark = f"attestations: skipped ({EXTRA_HINT} to sign them)"
        return
    attester = Attester(env)

    def provenance(files: Sequence[Path]) -> str:
        from releaser.adapters.provenance import provenance_summary

        counts = f"attestations: {len(attester.signed)} signed, {len(attester.reused)} reused"
        return f"{counts}; " + provenance_summary(
            upload_url, project, version, [f.name for f in files]
        )

    ports.attest = attester
    ports.provenance = provenance
