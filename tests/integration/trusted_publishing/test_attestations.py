"""PEP 740 attestations up to the signing boundary, and the provenance check.

The local signer (tests/support/local_signer.py) stands in for Sigstore at the one
signing call; the identity comes from the local HTTPS OIDC runtime through `id`.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from releaser.adapters import attest_sign
from releaser.adapters.attestations import Attester, attestation_path, attests
from releaser.adapters.provenance import integrity_base, provenance_summary
from releaser.errors import PackageIndexError
from releaser.release.attesting import attestation_ports
from releaser.release.ports import Ports
from tests.support import local_signer
from tests.support.oidc_server import OidcServer

_CI = (
    *("GITHUB_ACTIONS", "GITLAB_CI", "ACTIONS_ID_TOKEN_REQUEST_URL", "SIGSTORE_ID_TOKEN"),
    *("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "PYPI_TOKEN", "TWINE_PASSWORD", "PYPI_ID_TOKEN"),
)


@pytest.fixture
def signings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The local signer at the boundary; returns its log (one line per signing)."""
    log = tmp_path / "signer.log"
    monkeypatch.setenv("RELEASER_TEST_SIGNER_LOG", str(log))
    monkeypatch.setattr(attest_sign, "sign", local_signer.sign)
    return log


def _ci(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> dict[str, str]:
    for name in _CI:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return dict(os.environ)


def _dists(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    sdist, wheel = folder / "demo-1.0.tar.gz", folder / "demo-1.0-py3-none-any.whl"
    sdist.write_bytes(b"sdist bytes")
    wheel.write_bytes(b"wheel bytes")
    return [sdist, wheel]


def test_signs_once_then_reuses_and_re_signs_changed_bytes(
    oidc_server: OidcServer, monkeypatch: pytest.MonkeyPatch, signings: Path, tmp_path: Path
) -> None:
    log = io.StringIO()
    env = _ci(monkeypatch, oidc_server.env())
    dists = _dists(tmp_path / "dist")
    files = Attester(env, log=log)(dists)
    assert files == {d: d.with_name(d.name + ".publish.attestation") for d in dists}
    assert all(attests(files[d], d) for d in dists)
    assert signings.read_text().splitlines() == ['["demo-1.0.tar.gz", "demo-1.0-py3-none-any.whl"]']
    sigstore = oidc_server.jwt_for("sigstore")
    assert log.getvalue().splitlines() == [f"::add-mask::{sigstore}"]

    # a rerun: the same bytes keep their attestations; a rebuilt wheel is signed again
    before = {d: files[d].read_text() for d in dists}
    dists[1].write_bytes(b"rebuilt wheel bytes")
    again = Attester(env)
    again.prepare(dists)
    assert (again.reused, again.signed) == ([dists[0]], [dists[1]])
    assert attestation_path(dists[0]).read_text() == before[dists[0]]
    assert attests(attestation_path(dists[1]), dists[1])
    assert not attests(attestation_path(dists[0]), dists[1])


def test_missing_id_token_permission_names_it(
    monkeypatch: pytest.MonkeyPatch, signings: Path, tmp_path: Path
) -> None:
    env = _ci(monkeypatch, {"GITHUB_ACTIONS": "true"})  # no `id-token: write`
    with pytest.raises(PackageIndexError) as caught:
        Attester(env).prepare(_dists(tmp_path / "dist"))
    assert "OIDC identity for Sigstore" in caught.value.message
    assert "`permissions: id-token: write`" in (caught.value.hint or "")
    assert "attestations = false" in (caught.value.hint or "")
    assert not signings.exists()
    assert not list((tmp_path / "dist").glob("*.attestation"))


def test_gitlab_without_a_sigstore_token_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, signings: Path, tmp_path: Path
) -> None:
    env = _ci(monkeypatch, {"GITLAB_CI": "true", "PYPI_ID_TOKEN": "x.y.z"})
    with pytest.raises(PackageIndexError, match="SIGSTORE_ID_TOKEN"):
        Attester(env).prepare(_dists(tmp_path / "dist"))


def test_a_signer_failure_uploads_nothing_and_names_no_token(
    oidc_server: OidcServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def unreachable(dists: object, token: str) -> dict[Path, str]:
        raise ConnectionError(f"fulcio.sigstore.dev unreachable with {token}")

    monkeypatch.setattr(attest_sign, "sign", unreachable)
    env = _ci(monkeypatch, oidc_server.env())
    with pytest.raises(PackageIndexError, match="Signing the attestations failed") as caught:
        Attester(env, log=io.StringIO()).prepare(_dists(tmp_path / "dist"))
    assert oidc_server.jwt_for("sigstore") not in caught.value.message
    assert not list((tmp_path / "dist").glob("*.attestation"))


def test_the_real_signer_refuses_a_token_that_is_no_identity_before_any_request(
    oidc_server: OidcServer, tmp_path: Path
) -> None:
    # Sigstore's own check of the identity token runs offline (no network in tests):
    # a token for the index's audience is not one for Sigstore.
    from sigstore.oidc import IdentityError

    with pytest.raises(IdentityError, match="Identity token"):
        attest_sign.sign(_dists(tmp_path / "dist"), oidc_server.jwt)  # aud: pypi


@pytest.mark.parametrize(
    ("wanted", "env", "remark"),
    [
        (False, {}, "attestations: off (attestations = false)"),
        (True, {"PYPI_TOKEN": "pypi-x"}, "attestations: skipped (they need trusted publishing;"),
    ],
)
def test_no_attestations_says_why(wanted: bool, env: dict[str, str], remark: str) -> None:
    ports = Ports(root=Path(), git=None)  # type: ignore[arg-type]
    upload = "https://upload.pypi.org/legacy/"
    attestation_ports(
        ports, wanted=wanted, upload_url=upload, project="demo", version="1.0", env=env
    )
    assert ports.attest is None
    assert ports.provenance is None
    assert ports.attest_remark.startswith(remark)


def test_provenance_missing_is_reported_per_file(
    oidc_server: OidcServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ci(monkeypatch, oidc_server.env())  # the test CA
    line = provenance_summary(oidc_server.url + "/legacy/", "Demo_Pkg", "1.0", ["demo-1.0.tar.gz"])
    assert line == "provenance on the index for 0 of 1 files; missing for demo-1.0.tar.gz: none"
    (_, path, headers, _) = oidc_server.seen[-1]
    assert path == "/integrity/demo-pkg/1.0/demo-1.0.tar.gz/provenance"
    assert headers["accept"] == "application/vnd.pypi.integrity.v1+json"


def test_integrity_api_lives_on_pypi_org_for_pypi_uploads() -> None:
    assert integrity_base("https://upload.pypi.org/legacy/") == "https://pypi.org"
    assert integrity_base("https://test.pypi.org/legacy/") == "https://test.pypi.org"
    assert integrity_base("https://u:p@index.example/legacy/") == "https://index.example"
