"""Trusted publishing against local servers: the Actions OIDC runtime and an index's mint API."""

from __future__ import annotations

import io
import json

import pytest

from releaser.adapters.trusted_publishing import (
    index_api_base,
    mint_upload_token,
    missing_credentials_hint,
    trusted_publishing_available,
    upload_credentials,
)
from releaser.errors import PackageIndexError
from tests.support.oidc_server import MINTED_TOKEN, REQUEST_TOKEN, OidcServer


@pytest.mark.parametrize(
    ("upload_url", "base"),
    [
        ("https://upload.pypi.org/legacy/", "https://pypi.org"),
        ("https://upload.pypi.org/legacy", "https://pypi.org"),
        ("https://test.pypi.org/legacy/", "https://test.pypi.org"),
        ("https://pypi.example.com/upload/legacy/", "https://pypi.example.com"),
        ("http://user:pw@127.0.0.1:8080/", "http://127.0.0.1:8080"),
    ],
)
def test_index_api_base(upload_url: str, base: str) -> None:
    assert index_api_base(upload_url) == base


def test_index_api_base_refuses_a_non_url() -> None:
    with pytest.raises(PackageIndexError, match="http"):
        index_api_base("pypi-mirror")


def test_mints_an_upload_token(oidc_server: OidcServer) -> None:
    log = io.StringIO()
    creds = mint_upload_token(oidc_server.url + "/legacy/", oidc_server.env(), log=log)
    assert (creds.username, creds.password) == ("__token__", MINTED_TOKEN)
    assert MINTED_TOKEN not in repr(creds)
    runtime, audience, mint = oidc_server.seen[1], oidc_server.seen[0], oidc_server.seen[2]
    assert audience[1] == "/_/oidc/audience"
    assert runtime[1] == "/actions-oidc?api-version=2.0&audience=pypi"
    assert runtime[2]["authorization"] == f"bearer {REQUEST_TOKEN}"
    assert json.loads(mint[3]) == {"token": oidc_server.jwt}
    # both tokens are masked for the rest of the job
    masks = [f"::add-mask::{oidc_server.jwt}", f"::add-mask::{MINTED_TOKEN}"]
    assert log.getvalue().splitlines() == masks


def test_without_id_token_permission_says_which_permission(oidc_server: OidcServer) -> None:
    env = {"GITHUB_ACTIONS": "true"}  # what a job without `id-token: write` gets
    assert not trusted_publishing_available(env)
    with pytest.raises(PackageIndexError) as caught:
        mint_upload_token(oidc_server.url + "/legacy/", env)
    assert "id-token: write" in (caught.value.hint or "")
    assert oidc_server.seen == []
    assert "id-token: write" in missing_credentials_hint(env)
    assert "PYPI_TOKEN" in missing_credentials_hint({})


def test_publisher_not_configured_names_the_claims_not_the_token(oidc_server: OidcServer) -> None:
    oidc_server.repository = "someone/fork"
    with pytest.raises(PackageIndexError) as caught:
        mint_upload_token(oidc_server.url + "/legacy/", oidc_server.env(), log=io.StringIO())
    error = caught.value
    assert "HTTP 422" in error.message
    assert "invalid-publisher" in error.message
    assert "repository=someone/fork" in error.message
    assert "workflows/release.yml" in error.message
    assert "trusted publisher" in (error.hint or "")
    text = f"{error.message} {error.hint}"
    assert oidc_server.jwt not in text
    assert REQUEST_TOKEN not in text


def test_index_without_trusted_publishing(oidc_server: OidcServer) -> None:
    oidc_server.audience = None
    with pytest.raises(PackageIndexError, match="does not offer trusted publishing") as caught:
        mint_upload_token(oidc_server.url + "/legacy/", oidc_server.env())
    assert "PYPI_TOKEN" in (caught.value.hint or "")


def test_runtime_refusing_the_request_points_at_the_permission(oidc_server: OidcServer) -> None:
    oidc_server.runtime_status = 403
    with pytest.raises(PackageIndexError, match="HTTP 403") as caught:
        mint_upload_token(oidc_server.url + "/legacy/", oidc_server.env())
    assert "id-token: write" in (caught.value.hint or "")


def test_unreachable_index_names_the_host(oidc_server: OidcServer) -> None:
    env, base = oidc_server.env(), oidc_server.url
    oidc_server.stop()
    with pytest.raises(PackageIndexError, match=r"at 127\.0\.0\.1:\d+: ConnectionError"):
        mint_upload_token(base + "/legacy/", env, timeout=2)


def test_explicit_token_wins_over_trusted_publishing(oidc_server: OidcServer) -> None:
    creds = upload_credentials(oidc_server.url + "/legacy/", oidc_server.env(PYPI_TOKEN="pypi-own"))
    assert creds is not None
    assert creds.password == "pypi-own"
    assert oidc_server.seen == []


def test_upload_credentials_uses_trusted_publishing_in_actions(oidc_server: OidcServer) -> None:
    env = oidc_server.env(PYPI_TOKEN="")  # an unset secret arrives as ""
    creds = upload_credentials(oidc_server.url + "/legacy/", env)
    assert creds is not None
    assert creds.password == MINTED_TOKEN


def test_upload_credentials_outside_actions_is_none(oidc_server: OidcServer) -> None:
    env = {**oidc_server.env(), "GITHUB_ACTIONS": ""}
    assert upload_credentials(oidc_server.url + "/legacy/", env) is None
    assert oidc_server.seen == []
