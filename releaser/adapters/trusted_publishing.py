"""Trusted publishing: short-lived upload tokens minted by twine from the CI's OIDC identity.

twine does the exchange (the index's `/_/oidc/audience`, the CI's OIDC token through
the `id` library, `/_/oidc/mint-token` at the upload URL's host) and re-mints the
token before its 15 minutes run out. releaser adds what twine leaves out: a refused
exchange names the identity claims the index could not match, the clear error when
a GitHub job lacks `id-token: write`, and masking of every token in the Actions log.
`id` reads the process environment, from which releaser hides the secrets while it
runs other programs; the exchange shows `id` the identity variables of `env` again.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import sys
from collections.abc import Iterator, Mapping
from typing import IO

from releaser.adapters.build import captured_twine_output
from releaser.adapters.package_index import Credentials, credentials_from_env
from releaser.errors import PackageIndexError

PERMISSION_HINT = (
    "give the job `permissions: id-token: write` (trusted publishing), "
    "or set PYPI_TOKEN to an API token"
)
_PUBLISHER_HINT = (
    "add this repository and workflow as a trusted publisher of the project on the index "
    "(PyPI: project settings > Publishing), or set PYPI_TOKEN to an API token"
)
_CLAIMS = ("repository", "workflow_ref", "environment", "ref", "project_path", "ci_config_ref_uri")
# CI systems whose identity `id` detects, by the variable each sets.
_CI_MARKERS = ("GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "CIRCLECI")


def in_github_actions(env: Mapping[str, str]) -> bool:
    """True when running as a GitHub Actions step."""
    return env.get("GITHUB_ACTIONS") == "true"


def trusted_publishing_available(env: Mapping[str, str]) -> bool:
    """True on a CI with an OIDC identity; on GitHub only with the id-token permission."""
    if in_github_actions(env):
        return bool(env.get("ACTIONS_ID_TOKEN_REQUEST_URL")) and bool(
            env.get("ACTIONS_ID_TOKEN_REQUEST_TOKEN")
        )
    return any(env.get(name) for name in _CI_MARKERS[1:])


def missing_credentials_hint(env: Mapping[str, str]) -> str:
    """What to tell a user who has no upload credentials, depending on where they run."""
    if in_github_actions(env):
        return PERMISSION_HINT
    return "set PYPI_TOKEN, or TWINE_USERNAME and TWINE_PASSWORD; or pass --no-publish"


def mask(secret: str, env: Mapping[str, str], log: IO[str] | None = None) -> None:
    """Ask the Actions runner to hide the value from every later log line."""
    if in_github_actions(env) and secret:
        print(f"::add-mask::{secret}", file=log or sys.stderr, flush=True)


def _identity_variable(name: str) -> bool:
    return name in _CI_MARKERS or name.startswith("ACTIONS_ID_TOKEN_") or name.endswith("_ID_TOKEN")


@contextlib.contextmanager
def ambient_identity(env: Mapping[str, str]) -> Iterator[None]:
    """Let `id` see the CI identity variables of `env` while the block runs (no child starts)."""
    missing = {k: v for k, v in env.items() if _identity_variable(k) and k not in os.environ}
    os.environ.update(missing)
    try:
        yield
    finally:
        for name in missing:
            os.environ.pop(name, None)


class TrustedPublisher:
    """Upload credentials minted on demand by twine; each new token is masked first."""

    def __init__(
        self, upload_url: str, env: Mapping[str, str], *, log: IO[str] | None = None
    ) -> None:
        from twine.auth import CredentialInput, Private

        self.upload_url = upload_url
        self._env = env
        self._log = log
        config = {"repository": upload_url, "username": "__token__", "password": None}
        self._resolver = Private(config, CredentialInput("__token__", None))
        self._masked: set[str] = set()

    def __repr__(self) -> str:
        return f"TrustedPublisher({self.upload_url!r})"

    def current(self) -> Credentials:
        """`__token__` and a token valid for 5 more minutes at least (twine re-mints)."""
        token = self._token()
        if token not in self._masked:
            mask(token, self._env, self._log)
            self._masked.add(token)
        return Credentials("__token__", token)

    def _token(self) -> str:
        import requests
        from twine.exceptions import TwineException

        if not trusted_publishing_available(self._env):
            raise PackageIndexError(
                "Trusted publishing is not available: the job has no OIDC identity "
                "(ACTIONS_ID_TOKEN_REQUEST_URL is not set).",
                hint=PERMISSION_HINT,
            )
        host = _host(self.upload_url)
        try:
            with captured_twine_output(), ambient_identity(self._env):  # twine logs its steps
                token = self._resolver.make_trusted_publishing_token()
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else 0
            if status == 404:
                raise PackageIndexError(
                    f"The index at {host} does not offer trusted publishing "
                    "(/_/oidc/audience answered 404).",
                    hint="Use an API token (PYPI_TOKEN) for this index.",
                ) from None
            raise PackageIndexError(
                f"{host} answered HTTP {status} when asked for its OIDC audience.",
                hint="Run again if the index is failing; or set PYPI_TOKEN to an API token.",
            ) from None
        except requests.RequestException as exc:
            raise PackageIndexError(
                f"Could not reach {host} for trusted publishing: {type(exc).__name__}.",
                hint="Check that the index is reachable from the runner, then run again.",
            ) from None
        except (TwineException, ValueError, KeyError, TypeError) as exc:
            raise self._refused(" ".join(str(exc).split())) from None
        if not token:
            raise PackageIndexError(
                "This CI system offers no OIDC identity for trusted publishing.",
                hint=missing_credentials_hint(self._env),
            )
        return token

    def _refused(self, detail: str) -> PackageIndexError:
        host = _host(self.upload_url)
        if "OIDC token" in detail:  # the CI refused: no permission, or no token variable
            return PackageIndexError(
                f"The CI system gave no OIDC token for {host}: {detail[:300]}",
                hint=PERMISSION_HINT if in_github_actions(self._env) else _PUBLISHER_HINT,
            )
        claims = self._claims()
        return PackageIndexError(
            f"{host} refused to mint an upload token: {detail[:500]}"
            + (f" The job's identity: {claims}." if claims else ""),
            hint=_PUBLISHER_HINT,
        )

    def _claims(self) -> str:
        """The identity claims the index matched against its trusted publishers (not secret)."""
        from id import IdentityError, detect_credential

        try:
            with ambient_identity(self._env):
                oidc = detect_credential(_audience(self.upload_url)) or ""
        except (IdentityError, OSError, ValueError, KeyError, TypeError):
            return ""
        mask(oidc, self._env, self._log)
        return claims_summary(oidc)


def _audience(upload_url: str) -> str:
    import requests

    response = requests.get(f"https://{_host(upload_url)}/_/oidc/audience", timeout=10)
    return str(response.json()["audience"])


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc.rpartition("@")[2]


def claims_summary(oidc: str) -> str:
    """`name=value` of the JWT's identity claims that trusted publishers are matched on."""
    try:
        payload = oidc.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return ""
    if not isinstance(claims, dict):
        return ""
    return ", ".join(f"{k}={claims[k]}" for k in _CLAIMS if isinstance(claims.get(k), str))


def upload_credentials(
    upload_url: str, env: Mapping[str, str]
) -> Credentials | TrustedPublisher | None:
    """Explicit credentials first (TWINE_*, PYPI_TOKEN), else trusted publishing on CI, else None.

    A trusted publisher mints its token at the first upload, not here.
    """
    explicit = credentials_from_env(env)
    if explicit is not None:
        return explicit
    if trusted_publishing_available(env):
        return TrustedPublisher(upload_url, env)
    return None
