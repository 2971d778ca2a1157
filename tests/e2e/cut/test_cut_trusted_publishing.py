"""`releaser cut` in GitHub Actions publishes with trusted publishing, no PyPI token.

The job's runtime (a fake Actions OIDC endpoint) hands out an identity token for the
index's audience; the index (OIDC endpoints in front of a real pypiserver) mints a
short-lived upload token for it; twine uploads with `__token__` and that token.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.e2e.cut.conftest import PROJECT, CutRun, Sample
from tests.e2e.cut.trusted_index import (
    AUDIENCE,
    CREDENTIALS,
    TrustedIndexFront,
    front,
    runtime,
    trusted_env,
)
from tests.support.oidc_server import MINTED_TOKEN, REQUEST_TOKEN, OidcServer, test_ca
from tests.support.package_index import install_from_index

__all__ = ["front", "runtime", "test_ca"]


def _basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def _unmasked(run: CutRun) -> str:
    """The output without the `::add-mask::` workflow commands (the runner hides those)."""
    lines = (run.stdout + "\n" + run.stderr).splitlines()
    return "\n".join(line for line in lines if not line.startswith("::add-mask::"))


def test_cut_publishes_with_a_minted_token(
    sample: Sample, runtime: OidcServer, front: TrustedIndexFront, tmp_path: Path
) -> None:
    env = trusted_env(sample, runtime, tmp_path / "signer.log")
    run = sample.cut("--no-audit", "--repository-url", f"{front.url}/", env=env)
    assert "released v0.2.0" in run.stdout

    # The package is on the real pypiserver, and pip installs it from there.
    sample.assert_released_once("v0.2.0", "0.2.0")
    installed = install_from_index(sample.index.simple_url, PROJECT, "0.2.0", tmp_path / "venv")
    assert installed == "0.2.0"

    # The runtime was asked, with the job's bearer request token, for an identity for
    # Sigstore (the attestations, signed before any upload), then for the index's audience.
    audiences = [parse_qs(urlsplit(path).query)["audience"] for _, path, _, _ in runtime.seen]
    assert audiences == [["sigstore"], [AUDIENCE]]
    for method, raw_path, headers, _ in runtime.seen:
        assert (method, urlsplit(raw_path).path) == ("GET", "/actions-oidc")
        assert headers["authorization"] == f"bearer {REQUEST_TOKEN}"

    # The index was asked for its audience, then minted a token for the runtime's JWT,
    # both at the upload URL's origin; the request token never went to the index.
    assert [(m, urlsplit(p).path) for m, p, _, _ in front.seen] == [
        ("GET", "/_/oidc/audience"),
        ("POST", "/_/oidc/mint-token"),
    ]
    assert json.loads(front.seen[1][3]) == {"token": runtime.jwt}
    for _, _, sent, _ in front.seen:
        assert REQUEST_TOKEN not in json.dumps(sent)

    # Both uploads reached pypiserver as `__token__` with the minted token, and it took them.
    uploads = front.uploads()
    assert len(uploads) == 2, front.forwarded
    for upload in uploads:
        assert upload.headers["authorization"] == _basic("__token__", MINTED_TOKEN)
        assert upload.status == 200
        assert upload.body_size > 0
    for forwarded in front.forwarded:
        assert REQUEST_TOKEN not in json.dumps(forwarded.headers)
        assert runtime.jwt not in json.dumps(forwarded.headers)

    # Each upload carried its file's attestation, as twine sends `*.publish.attestation`
    # files, and the index reports provenance for each file (its Integrity API).
    dist = sample.root / "dist" / "0.2.0"
    for fields in front.fields:
        attestation = (dist / (fields["content"] + ".publish.attestation")).read_text()
        assert json.loads(fields["attestations"]) == [json.loads(attestation)]
        statement = json.loads(base64.b64decode(json.loads(attestation)["envelope"]["statement"]))
        assert statement["subject"] == [
            {"name": fields["content"], "digest": {"sha256": fields["sha256_digest"]}}
        ]
    assert sorted(f["content"] for f in front.fields) == sorted(front.provenance)
    assert (tmp_path / "signer.log").read_text().count("\n") == 1  # both files, one signing
    assert "attestations: 2 signed, 0 reused; provenance on the index for 2 of 2 files" in (
        run.stderr
    ), str(run)
    assert "GitHub octo-org/demo (release.yml)" in run.stderr

    assert "Minted upload token" not in run.stderr  # twine's log stays inside

    # The minted token shows only in the mask command the runner swallows; the JWT and
    # the request token stayed inside twine and `id`.
    output = run.stdout + run.stderr
    assert f"::add-mask::{MINTED_TOKEN}" in run.stderr.splitlines()
    assert REQUEST_TOKEN not in output
    assert runtime.jwt not in output
    for secret in (MINTED_TOKEN, runtime.jwt):
        assert secret not in _unmasked(run), str(run)


def test_job_without_id_token_permission_is_refused(sample: Sample) -> None:
    # In Actions, but the job lacks `id-token: write` (no ACTIONS_ID_TOKEN_REQUEST_*)
    # and has no token: refused before anything changes.
    env = sample.env_without(*CREDENTIALS, GITHUB_ACTIONS="true")
    before = sample.world()
    run = sample.cut("--no-audit", "--repository-url", sample.index.url, expect=4, env=env)
    (error,) = run.errors()
    assert error.startswith("error: no package index credentials: set PYPI_TOKEN"), str(run)
    assert "hint: give the job `permissions: id-token: write`" in run.stderr
    assert any(
        line.startswith("::error title=releaser::") and "id-token: write" in line
        for line in run.stderr.splitlines()
    ), str(run)
    assert sample.world() == before
