"""Trusted publishing through twine and `id`, against local HTTPS servers.

The servers are the CI's OIDC endpoint and an index's audience/mint API (PyPI's
Warehouse API), both over HTTPS with a test CA's certificate. `id` reads the process
environment, so each test sets the CI's variables with monkeypatch.
"""

from __future__ import annotations

import io
import json
import os
from urllib.parse import urlsplit

import pytest

from releaser.adapters.package_index import Credentials
from releaser.adapters.trusted_publishing import (
    TrustedPublisher,
    missing_credentials_hint,
    trusted_publishing_available,
    upload_credentials,
)
from releaser.errors import PackageIndexError
from tests.support.oidc_server import MINTED_TOKEN, REQUEST_TOKEN, OidcServer

_CI = (
    *("GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "CIRCLECI", "PYPI_TOKEN", "TWINE_PASSWORD"),
    *("ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "PYPI_ID_TOKEN"),
)


def _ci(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> dict[str, str]:
    """Make the process environment a CI job's with `env`; return a copy of it."""
    for name in _CI:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return dict(os.environ)


def _paths(server: OidcServer) -> list[str]:
    return [urlsplit(path).path for _, path, _, _ in server.seen]


def test_mints_a_token_through_twine_and_masks_it(
    oidc_server: OidcServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = io.StringIO()
    publisher = TrustedPublisher(
        oidc_server.url + "/legacy/", _ci(monkeypatch, oidc_server.env()), log=log
    )
    creds = publisher.current()
    assert (creds.username, creds.password) == ("__token__", MINTED_TOKEN)
    assert MINTED_TOKEN not in repr(creds) + repr(publisher)
    assert _paths(oidc_server) == ["/_/oidc/audience", "/actions-oidc", "/_/oidc/mint-token"]
    runtime, mint = oidc_server.seen[1], oidc_server.seen[2]
    assert runtime[1] == "/actions-oidc?api-version=2.0&audience=pypi"
    assert runtime[2]["authorization"] == f"bearer {REQUEST_TOKEN}"
    assert json.loads(mint[3]) == {"token": oidc_server.jwt}
    # the minted token is masked before anything else could print it; the JWT never reached us
    assert log.getvalue().splitlines() == [f"::add-mask::{MINTED_TOKEN}"]

    # twine keeps the token while it has 5 minutes left: no second exchange
    assert publisher.current().password == MINTED_TOKEN
    assert len(oidc_server.seen) == 3


def test_a_token_about_to_expire_is_minted_again_and_masked(
    oidc_server: OidcServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    oidc_server.lifetime = 120  # less than twine's 5-minute margin
    log = io.StringIO()
    publisher = TrustedPublisher(
        oidc_server.url + "/legacy/", _ci(monkeypatch, oidc_server.env()), log=log
    )
    first, second = publisher.current().password, publisher.current().password
    assert first != second
    assert oidc_server.minted == [first, second]
    assert log.getvalue().splitlines() == [f"::add-mask::{first}", f"::add-mask::{second}"]


def test_gitlab_ci_identity_through_id(
    oidc_server: OidcServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GitLab hands the job its token in <AUDIENCE>_ID_TOKEN (`id_tokens:` in .gitlab-ci.yml)
    env = {**oidc_server.tls.client_env(), "GITLAB_CI": "true", "PYPI_ID_TOKEN": oidc_server.jwt}  # type: ignore[union-attr]
    env = _ci(monkeypatch, env)
    creds = upload_credentials(oidc_server.url + "/legacy/", env)
    assert isinstance(creds, TrustedPublisher)
    assert creds.current().password == MINTED_TOKEN
    assert _paths(oidc_server) == ["/_/oidc/audience", "/_/oidc/mint-token"]


def test_without_id_token_permission_says_which_permission(
    oidc_server: OidcServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _ci(monkeypatch, {"GITHUB_ACTIONS": "true"})  # a job without `id-token: write`
    assert not trusted_publishing_available(env)
    with pytest.raises(PackageIndexError) as caught:
        TrustedPublisher(oidc_server.url + "/legacy/", env).current()
    assert "id-token: write" in (caught.value.hint or "")
    assert oidc_server.seen == []
    assert "id-token: write" in missing_credentials_hint(env)
    assert "PYPI_TOKEN" in missing_credentials_hint({})


def test_publisher_not_configured_names_the_claims_not_the_token(
    oidc_server: OidcServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    oidc_server.repository = "someone/fork"
    log = io.StringIO()
    env = _ci(monkeypatch, oidc_server.env())
    with pytest.raises(PackageIndexError) as caught:
        TrustedPublisher(oidc_server.url + "/legacy/", env, log=log).current()
    error = caught.value
    assert "refused to mint an upload token" in error.message
    assert "invalid-publisher" in error.message
    assert "repository=someone/fork" in error.message
    assert "workflows/release.yml" in error.message
    assert "trusted publisher" in (error.hint or "")
    text = f"{error.message} {error.hint}"
    assert oidc_server.jwt not in text
    assert REQUEST_TOKEN not in text
    assert log.getvalue().splitlines() == [f"::add-mask::{oidc_server.jwt}"]


def test_index_without_trusted_publishing(
    oidc_server: OidcServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    oidc_server.audience = None
    env = _ci(monkeypatch, oidc_server.env())
    with pytest.raises(PackageIndexError, match="does not offer trusted publishing") as caught:
        TrustedPublisher(oidc_server.url + "/legacy/", env).current()
    assert "PYPI_TOKEN" in (caught.value.hint or "")


def test_runtime_refusing_the_request_points_at_the_permission(
    oidc_server: OidcServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    oidc_server.runtime_status = 403
    env = _ci(monkeypatch, oidc_server.env())
    with pytest.raises(PackageIndexError, match=r"no OIDC token.*403") as caught:
        TrustedPublisher(oidc_server.url + "/legacy/", env).current()
    assert "id-token: write" in (caught.value.hint or "")
    assert REQUEST_TOKEN not in caught.value.message


def test_unreachable_index_names_the_host(
    oidc_server: OidcServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    env, base = _ci(monkeypatch, oidc_server.env()), oidc_server.url
    oidc_server.stop()
    with pytest.raises(PackageIndexError, match=r"reach 127\.0\.0\.1:\d+ .*: ConnectionError"):
        TrustedPublisher(base + "/legacy/", env).current()


def test_explicit_token_wins_over_trusted_publishing(oidc_server: OidcServer) -> None:
    creds = upload_credentials(oidc_server.url + "/legacy/", oidc_server.env(PYPI_TOKEN="pypi-own"))
    assert isinstance(creds, Credentials)
    assert creds.password == "pypi-own"
    assert oidc_server.seen == []


def test_trusted_publishing_in_actions_mints_only_when_asked(oidc_server: OidcServer) -> None:
    env = oidc_server.env(PYPI_TOKEN="")  # an unset secret arrives as ""
    creds = upload_credentials(oidc_server.url + "/legacy/", env)
    assert isinstance(creds, TrustedPublisher)
    assert oidc_server.seen == []  # nothing minted before the first upload


def test_upload_credentials_outside_ci_is_none(oidc_server: OidcServer) -> None:
    env = {**oidc_server.env(), "GITHUB_ACTIONS": ""}
    assert upload_credentials(oidc_server.url + "/legacy/", env) is None
    assert oidc_server.seen == []
