"""A local signer in place of Sigstore at releaser's signing boundary (tests only).

Sigstore (Fulcio, Rekor) and a real CI identity cannot be reached in tests. This signer
takes the place of `releaser.adapters.attest_sign.sign`: it writes a well-formed PEP 740
attestation, an in-toto statement for the file's name and SHA-256, signed (DSSE) with a
throw-away key whose self-signed certificate names the identity's repository claim. It
refuses an identity token that is not for the audience `sigstore`. Each call is appended
to $RELEASER_TEST_SIGNER_LOG when that is set.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

_PAYLOAD_TYPE = "application/vnd.in-toto+json"


def _claims(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    if claims.get("aud") != "sigstore":
        raise ValueError(f"identity token for the audience {claims.get('aud')!r}, not sigstore")
    return dict(claims)


def _certificate(key: ec.EllipticCurvePrivateKey, subject: str) -> bytes:
    now = datetime.datetime.now(datetime.timezone.utc)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(minutes=10))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


def sign(dists: Sequence[Path], identity_token: str) -> dict[Path, str]:
    """A well-formed attestation per file, signed with one throw-away key."""
    claims = _claims(identity_token)
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = _certificate(key, str(claims.get("repository", "unknown")))
    signed: dict[Path, str] = {}
    for dist in dists:
        digest = hashlib.sha256(dist.read_bytes()).hexdigest()
        statement = json.dumps(
            {
                "_type": "https://in-toto.io/Statement/v1",
                "subject": [{"name": dist.name, "digest": {"sha256": digest}}],
                "predicateType": "https://docs.pypi.org/attestations/publish/v1",
                "predicate": None,
            }
        ).encode()
        pae = b"DSSEv1 %d %s %d %s" % (
            len(_PAYLOAD_TYPE),
            _PAYLOAD_TYPE.encode(),
            len(statement),
            statement,
        )
        signature = key.sign(pae, ec.ECDSA(hashes.SHA256()))
        signed[dist] = json.dumps(
            {
                "version": 1,
                "verification_material": {
                    "certificate": base64.b64encode(certificate).decode(),
                    "transparency_entries": [
                        {"logIndex": "1", "kindVersion": {"kind": "dsse", "version": "0.0.1"}}
                    ],
                },
                "envelope": {
                    "statement": base64.b64encode(statement).decode(),
                    "signature": base64.b64encode(signature).decode(),
                },
            }
        )
    log = os.environ.get("RELEASER_TEST_SIGNER_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps([d.name for d in dists]) + "\n")
    return signed
