"""Trusted publishing: a short-lived upload token from GitHub Actions' OIDC identity.

Inside a GitHub Actions job with `permissions: id-token: write`, the runner sets
ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN. The exchange is:

1. GET  <index>/_/oidc/audience            -> {"audience": "pypi"}
2. GET  $ACTIONS_ID_TOKEN_REQUEST_URL&audience=pypi (bearer request token) -> {"value": JWT}
3. POST <index>/_/oidc/mint-token {"token": JWT} -> {"token": "pypi-..."}

The minted token is good for one upload session (about 15 minutes on PyPI), so
mint it right before the upload. No token ever reaches a log, an error message
or a child process; inside Actions both tokens are also masked.
"""

from __future__ import annotations

import base64
import json
import sys
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from releaser.adapters.package_index import (
    PYPI_UPLOAD_URL,
    TESTPYPI_UPLOAD_URL,
    Credentials,
    credentials_from_env,
)
from releaser.errors import PackageIndexError

if TYPE_CHECKING:
    import requests

_API_BASES = {PYPI_UPLOAD_URL: "https://pypi.org", TESTPYPI_UPLOAD_URL: "https://test.pypi.org"}
_REQUEST_URL = "ACTIONS_ID_TOKEN_REQUEST_URL"
_REQUEST_TOKEN = "ACTIONS_ID_TOKEN_REQUEST_TOKEN"
PERMISSION_HINT = (
    "give the job `permissions: id-token: write` (trusted publishing), "
    "or set PYPI_TOKEN to an API token"
)
_PUBLISHER_HINT = (
    "add this repository and workflow as a trusted publisher of the project on the index "
    "(PyPI: project settings > Publishing), or set PYPI_TOKEN to an API token"
)


def in_github_actions(env: Mapping[str, str]) -> bool:
    """True when running as a GitHub Actions step."""
    return env.get("GITHUB_ACTIONS") == "true"


def trusted_publishing_available(env: Mapping[str, str]) -> bool:
    """True inside GitHub Actions with the id-token permission (the runtime offers OIDC)."""
    return in_github_actions(env) and bool(env.get(_REQUEST_URL)) and bool(env.get(_REQUEST_TOKEN))


def index_api_base(upload_url: str) -> str:
    """The index's base URL for the OIDC endpoints: pypi.org for PyPI, else the URL's origin."""
    given = upload_url.strip().rstrip("/") + "/"
    if given in _API_BASES:
        return _API_BASES[given]
    parts = urlsplit(upload_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PackageIndexError(
            f"Trusted publishing needs an http(s) upload URL, not {upload_url!r}.",
            hint="Set repository-url to the index's upload URL, or use PYPI_TOKEN.",
        )
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def upload_credentials(
    upload_url: str, env: Mapping[str, str], *, timeout: float = 30.0
) -> Credentials | None:
    """Credentials for an upload: explicit ones first, else trusted publishing, else None.

    Explicit means TWINE_USERNAME/TWINE_PASSWORD or PYPI_TOKEN (`credentials_from_env`).
    Trusted publishing is tried only inside GitHub Actions with the id-token permission.
    """
    explicit = credentials_from_env(env)
    if explicit is not None:
        return explicit
    if trusted_publishing_available(env):
        return mint_upload_token(upload_url, env, timeout=timeout)
    return None


def missing_credentials_hint(env: Mapping[str, str]) -> str:
    """What to tell a user who has no upload credentials, depending on where they run."""
    if in_github_actions(env):
        return PERMISSION_HINT
    return "set PYPI_TOKEN, or TWINE_USERNAME and TWINE_PASSWORD; or pass --no-publish"


def mint_upload_token(
    upload_url: str,
    env: Mapping[str, str],
    *,
    timeout: float = 30.0,
    log: IO[str] | None = None,
) -> Credentials:
    """Exchange the job's OIDC identity for a short-lived upload token of the index.

    Raises PackageIndexError (with a hint) when the job lacks the id-token
    permission, the index has no trusted publishing, or no trusted publisher
    matches this repository and workflow.
    """
    if not trusted_publishing_available(env):
        raise PackageIndexError(
            "Trusted publishing is not available: the job has no OIDC token "
            "(ACTIONS_ID_TOKEN_REQUEST_URL is not set).",
            hint=PERMISSION_HINT,
        )
    base = index_api_base(upload_url)
    audience = _audience(base, timeout)
    oidc = _oidc_token(env, audience, timeout)
    _mask(oidc, env, log)
    token = _mint(base, oidc, timeout)
    _mask(token, env, log)
    return Credentials("__token__", token)


def _audience(base: str, timeout: float) -> str:
    url = f"{base}/_/oidc/audience"
    response = _request("GET", url, timeout=timeout, what="ask the index for its OIDC audience")
    if response.status_code == 404:
        raise PackageIndexError(
            f"The index at {base} does not offer trusted publishing ({url} answered 404).",
            hint="Use an API token (PYPI_TOKEN) for this index.",
        )
    return _json_field(response, "audience", url)


def _oidc_token(env: Mapping[str, str], audience: str, timeout: float) -> str:
    request_url = env[_REQUEST_URL]
    separator = "&" if "?" in request_url else "?"
    url = f"{request_url}{separator}{urlencode({'audience': audience})}"
    headers = {"Authorization": f"bearer {env[_REQUEST_TOKEN]}"}
    response = _request("GET", url, timeout=timeout, headers=headers, what="get the OIDC token")
    if response.status_code in (401, 403):
        raise PackageIndexError(
            f"The Actions runtime refused the OIDC token request (HTTP {response.status_code}).",
            hint=PERMISSION_HINT,
        )
    return _json_field(response, "value", "the Actions OIDC endpoint")


def _mint(base: str, oidc: str, timeout: float) -> str:
    url = f"{base}/_/oidc/mint-token"
    response = _request(
        "POST", url, timeout=timeout, json_body={"token": oidc}, what="mint an upload token"
    )
    if response.status_code >= 400:
        reasons = _error_descriptions(response, oidc)
        claims = _claims_summary(oidc)
        raise PackageIndexError(
            f"{base} refused to mint an upload token (HTTP {response.status_code}"
            + (f": {reasons}" if reasons else "")
            + ")"
            + (f" for {claims}" if claims else "")
            + ".",
            hint=_PUBLISHER_HINT,
        )
    return _json_field(response, "token", url)


def _request(
    method: str,
    url: str,
    *,
    timeout: float,
    what: str,
    headers: dict[str, str] | None = None,
    json_body: dict[str, str] | None = None,
) -> requests.Response:
    """One HTTP request; a network failure names the host, never the headers or body."""
    import requests

    try:
        return requests.request(method, url, headers=headers, json=json_body, timeout=timeout)
    except requests.RequestException as exc:
        host = urlsplit(url).netloc.rpartition("@")[2]
        raise PackageIndexError(
            f"Could not {what} at {host}: {type(exc).__name__}.",
            hint="Check that the index is reachable from the runner, then run again.",
        ) from None


def _json_field(response: requests.Response, key: str, where: str) -> str:
    if response.status_code >= 400:
        temporary = response.status_code >= 500
        raise PackageIndexError(
            f"{where} answered HTTP {response.status_code} while preparing trusted publishing.",
            hint=(
                "This is usually temporary; run again. "
                if temporary
                else "The index refused: check its URL and its trusted publishing set-up. "
            )
            + "Or set PYPI_TOKEN to an API token.",
        )
    try:
        value = response.json()[key]
    except (ValueError, KeyError, TypeError):
        value = None
    if not isinstance(value, str) or not value:
        raise PackageIndexError(
            f"{where} answered without a {key!r} in its JSON.",
            hint="Check that the upload URL belongs to an index with trusted publishing.",
        )
    return value


def _error_descriptions(response: requests.Response, secret: str) -> str:
    """The index's error codes and descriptions (PyPI: {"errors": [{code, description}]})."""
    try:
        errors: Any = response.json().get("errors", [])
        parts = [
            f"{e.get('code', 'error')}: {e.get('description', '')}".strip(": ")
            for e in errors
            if isinstance(e, dict)
        ]
    except (ValueError, AttributeError):
        parts = []
    return "; ".join(parts).replace(secret, "********")[:500]


def _claims_summary(oidc: str) -> str:
    """The token's identity claims (not secret; PyPI matches publishers on them)."""
    try:
        payload = oidc.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return ""
    if not isinstance(claims, dict):
        return ""
    keys = ("repository", "workflow_ref", "environment", "ref")
    return ", ".join(f"{k}={claims[k]}" for k in keys if isinstance(claims.get(k), str))


def _mask(secret: str, env: Mapping[str, str], log: IO[str] | None) -> None:
    """Ask the runner to hide the value from every later log line (a workflow command)."""
    if in_github_actions(env):
        print(f"::add-mask::{secret}", file=log or sys.stderr, flush=True)
