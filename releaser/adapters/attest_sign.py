"""The one call that signs: PEP 740 publish attestations from Sigstore (pypi-attestations).

Sigstore's Fulcio turns the CI's OIDC identity (audience `sigstore`) into a short-lived
signing certificate; each signature is logged in Rekor. Everything around this call
(which files, reuse, upload, provenance) lives in `attestations.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def sign(dists: Sequence[Path], identity_token: str) -> dict[Path, str]:
    """The attestation (JSON) of each distribution, signed with one certificate."""
    from pypi_attestations import Attestation, Distribution
    from sigstore.models import ClientTrustConfig
    from sigstore.oidc import IdentityToken
    from sigstore.sign import SigningContext

    identity = IdentityToken(identity_token)  # checked offline, before Sigstore is asked
    context = SigningContext.from_trust_config(ClientTrustConfig.production())
    with context.signer(identity, cache=True) as signer:
        return {
            dist: Attestation.sign(signer, Distribution.from_file(dist)).model_dump_json()
            for dist in dists
        }
