"""`releaser cut` in GitHub Actions publishes with trusted publishing, no PyPI token.

The job's runtime (a fake Actions OIDC endpoint) hands out an identity token for the
index's audience; the index (OIDC endpoints in front of a real pypiserver) mints a
short-lived upload token for it; twine uploads with `__token__` and that token.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.cut.conftest import PROJECT, CutRun, Sample
from tests.e2e.cut.trusted_index import TrustedIndexFront, allow_upload_user
from tests.support.oidc_server import MINTED_TOKEN, REQUEST_TOKEN, OidcServer, test_ca
from tests.support.package_index import install_from_index
from tests.support.test_ca import TestCA

__all__ = ["test_ca"]

AUDIENCE = "local-index"  # not PyPI's "pypi": the audience must come from the index
_CREDENTIALS = ("TWINE_USERNAME", "TWINE_PASSWORD", "TWINE_REPOSITORY_URL", "PYPI_TOKEN")


@pytest.fixture
def runtime(test_ca: TestCA) -> Iterator[OidcServer]:
    """The Actions runtime's OIDC endpoint of a job with `id-token: write`."""
    server = OidcServer(audience=AUDIENCE, tls=test_ca).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def front(sample: Sample, test_ca: TestCA) -> Iterator[TrustedIndexFront]:
    """The index's HTTPS origin; its pypiserver takes only the minted token besides its user."""
    allow_upload_user(sample.index.package_dir / ".htpasswd", "__token__", MINTED_TOKEN)
    upstream = sample.index.url.rstrip("/")
    server = TrustedIndexFront(audience=AUDIENCE, upstream=upstream, tls=test_ca).start()
    try:
        yield server
    finally:
        server.stop()


def _basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def _unmasked(run: CutRun) -> str:
    """The output without the `::add-mask::` workflow commands (the runner hides those)."""
    lines = (run.stdout + "\n" + run.stderr).splitlines()
    return "\n".join(line for line in lines if not line.startswith("::add-mask::"))


def test_cut_publishes_with_a_minted_token(
    sample: Sample, runtime: OidcServer, front: TrustedIndexFront, tmp_path: Path
) -> None:
    env = sample.env_without(*_CREDENTIALS, **runtime.env())
    run = sample.cut("--no-audit", "--repository-url", f"{front.url}/", env=env)
    assert "released v0.2.0" in run.stdout

    # The package is on the real pypiserver, and pip installs it from there.
    sample.assert_released_once("v0.2.0", "0.2.0")
    installed = install_from_index(sample.index.simple_url, PROJECT, "0.2.0", tmp_path / "venv")
    assert installed == "0.2.0"

    # The runtime was asked once, with the job's bearer request token, for the index's audience.
    ((method, raw_path, headers, _),) = runtime.seen
    assert (method, urlsplit(raw_path).path) == ("GET", "/actions-oidc")
    assert parse_qs(urlsplit(raw_path).query)["audience"] == [AUDIENCE]
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
    env = sample.env_without(*_CREDENTIALS, GITHUB_ACTIONS="true")
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
