"""PEP 740 attestations with trusted publishing: a rerun after a failed upload, the opt-out.

Sigstore is out of reach in tests: the local signer takes the place of the one signing
call (`tests/support/local_signer.py`); everything around it is releaser's real code
against the HTTPS index front (which records each upload's form fields).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from tests.e2e.cut.conftest import Sample, commit_file, git
from tests.e2e.cut.trusted_index import TrustedIndexFront, front, runtime, trusted_env
from tests.support.oidc_server import OidcServer, test_ca

__all__ = ["front", "runtime", "test_ca"]


def _subject(attestation: str) -> dict[str, object]:
    statement = json.loads(base64.b64decode(json.loads(attestation)["envelope"]["statement"]))
    (subject,) = statement["subject"]
    return dict(subject)


def test_rerun_after_a_failed_upload_uploads_the_same_attestations(
    sample: Sample, runtime: OidcServer, front: TrustedIndexFront, tmp_path: Path
) -> None:
    signer_log = tmp_path / "signer.log"
    env = trusted_env(sample, runtime, signer_log)
    front.fail_uploads = 5  # the index fails the first upload (twine tries 5 times)
    failed = sample.cut("--no-audit", "--repository-url", f"{front.url}/", env=env, expect=5)
    assert "HTTP 503" in failed.stderr, str(failed)
    dist = sample.root / "dist" / "0.2.0"
    signed = {p.name: p.read_text() for p in dist.glob("*.publish.attestation")}
    assert len(signed) == 2, signed  # both signed before the first upload

    run = sample.cut("--no-audit", "--repository-url", f"{front.url}/", env=env)
    assert "attestations: 0 signed, 2 reused" in run.stderr, str(run)
    assert signer_log.read_text().count("\n") == 1  # signed once, in the first run
    accepted = front.fields[5:]
    assert len(accepted) == 2
    for fields in accepted:
        (uploaded,) = json.loads(fields["attestations"])
        assert uploaded == json.loads(signed[fields["content"] + ".publish.attestation"])
        assert _subject(json.dumps(uploaded)) == {
            "name": fields["content"],
            "digest": {"sha256": fields["sha256_digest"]},
        }
    assert "provenance on the index for 2 of 2 files" in run.stderr


def test_attestations_false_publishes_without_them(
    sample: Sample, runtime: OidcServer, front: TrustedIndexFront, tmp_path: Path
) -> None:
    pyproject = (sample.root / "pyproject.toml").read_text(encoding="utf-8")
    pyproject = pyproject.replace("[tool.releaser]\n", "[tool.releaser]\nattestations = false\n")
    commit_file(sample.root, "pyproject.toml", pyproject, "chore: publish without attestations")
    git(sample.root, "push", "-q", "origin", "main")

    signer_log = tmp_path / "signer.log"
    env = trusted_env(sample, runtime, signer_log)
    run = sample.cut("--no-audit", "--repository-url", f"{front.url}/", env=env)
    assert "2 uploaded, 0 already there; attestations: off (attestations = false)" in run.stderr
    assert len(front.fields) == 2
    assert all("attestations" not in fields for fields in front.fields)
    assert not list((sample.root / "dist").rglob("*.publish.attestation"))
    assert not signer_log.exists()
    # only the index's audience was asked for: no identity for Sigstore
    assert ["sigstore" not in path for _, path, _, _ in runtime.seen] == [True]
