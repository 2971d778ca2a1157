"""How GitHub's answers become `GitHubError`s: the status, GitHub's own words, and a hint.

Rate limits are told apart from permission problems, as GitHub documents them: a 429, or a
403 that carries `Retry-After` or `X-RateLimit-Remaining: 0`. `rate_limit_wait` says how long
GitHub asks to wait; the caller decides whether that is short enough to wait out.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from releaser.errors import GitHubError

TOKEN_HINT = (
    "set GH_TOKEN or GITHUB_TOKEN to a token that may write releases "
    "(fine-grained token or Actions `permissions:` with `contents: write`)"
)
# GitHub's advice for a secondary limit without Retry-After: wait at least a minute.
SECONDARY_LIMIT_WAIT = 60.0


def _headers(exc: Exception) -> dict[str, str]:
    raw: Any = getattr(exc, "headers", None) or {}
    return {str(k).lower(): str(v) for k, v in dict(raw).items()}


def rate_limit_wait(exc: Exception, now: float | None = None) -> float | None:
    """Seconds GitHub asks to wait when `exc` is a rate-limit answer; None otherwise."""
    status = getattr(exc, "status", None)
    headers = _headers(exc)
    limited = status == 429 or (
        status == 403 and ("retry-after" in headers or headers.get("x-ratelimit-remaining") == "0")
    )
    if not limited:
        return None
    if headers.get("retry-after", "").strip().isdigit():
        return float(headers["retry-after"])
    reset = headers.get("x-ratelimit-reset", "").strip()
    if reset.isdigit():
        return max(1.0, float(reset) - (time.time() if now is None else now))
    return SECONDARY_LIMIT_WAIT


def rate_limit_error(action: str, exc: Exception, wait: float, limit: float) -> GitHubError:
    """A rate limit that lasts longer than releaser may wait."""
    headers = _headers(exc)
    kind = "secondary rate limit" if getattr(exc, "status", None) == 429 else "API rate limit"
    until = time.strftime("%H:%M:%S UTC", time.gmtime(time.time() + wait))
    left = headers.get("x-ratelimit-remaining")
    detail = f"; {left} of {headers.get('x-ratelimit-limit', '?')} requests left" if left else ""
    return GitHubError(
        f"{action} failed: GitHub's {kind} was hit (HTTP {getattr(exc, 'status', '?')}"
        f"{detail}); GitHub asks to wait {wait:.0f} s, longer than the {limit:g} s releaser waits",
        hint=f"rerun the same command after {until} to resume, or allow a longer wait with "
        "RELEASER_GITHUB_RATE_LIMIT_WAIT=SECONDS",
    )


def translate(action: str, exc: Exception, repository: str) -> GitHubError | None:
    """A GitHubError for an API, network or file failure; None for anything else (a bug)."""
    import github
    import requests

    if isinstance(exc, github.GithubException):
        return http_error(action, exc.status, gh_message(exc.data), repository)
    if isinstance(exc, github.BadAttributeException):
        return GitHubError(
            f"{action} failed: GitHub answered with an unexpected value ({exc})",
            hint="check that GITHUB_API_URL points at a GitHub REST API",
        )
    if isinstance(exc, requests.Timeout):
        return GitHubError(
            f"{action} failed: GitHub did not answer in time ({type(exc).__name__})",
            hint="check the network and GITHUB_API_URL, then rerun the same command to resume",
        )
    if isinstance(exc, requests.RequestException):
        return GitHubError(
            f"{action} failed: GitHub could not be reached ({type(exc).__name__})",
            hint="check the network and GITHUB_API_URL, then rerun the same command to resume",
        )
    if isinstance(exc, OSError):
        return GitHubError(f"{action} failed: {exc.strerror or exc}", hint=None)
    return None


def is_transient(exc: Exception) -> bool:
    """A 5xx, or a request that may or may not have reached GitHub (connection, timeout)."""
    import github
    import requests

    if isinstance(exc, github.GithubException):
        return exc.status >= 500
    return isinstance(exc, requests.RequestException)


def already_exists(exc: Exception) -> bool:
    """GitHub's 422 "already_exists" validation error."""
    data: Any = getattr(exc, "data", None)
    if getattr(exc, "status", None) != 422 or not isinstance(data, dict):
        return False
    errors = data.get("errors") or []
    return any(isinstance(e, dict) and e.get("code") == "already_exists" for e in errors)


def gh_message(data: object) -> str:
    """GitHub's own words from an error body: message plus any validation details."""
    if not isinstance(data, Mapping):
        return str(data or "").strip()[:200]
    message = str(data.get("message") or "").strip()
    details = []
    for item in data.get("errors") or []:
        if isinstance(item, Mapping):
            details.append(
                str(item.get("message") or item.get("code") or "")
                + (f" ({item['field']})" if item.get("field") else "")
            )
        else:
            details.append(str(item))
    if details:
        message += ": " + "; ".join(d for d in details if d)
    return message


def http_error(action: str, status: int, message: str, repository: str) -> GitHubError:
    """The error for an HTTP failure status, with the hint that fits it."""
    text = f"{action} failed: HTTP {status}" + (f": {message}" if message else "")
    hint: str | None
    if status == 401:
        hint = TOKEN_HINT
    elif status == 403:
        hint = f"the token may not write releases of {repository}; {TOKEN_HINT}"
    elif status == 404:
        hint = (
            f"check the repository name {repository!r} (git remote or [tool.releaser]) "
            "and that the token can see it"
        )
    elif status >= 500:
        hint = "GitHub failed; rerun the same command to resume"
    else:
        hint = None
    return GitHubError(text, hint=hint)
