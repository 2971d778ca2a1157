"""One file's upload through twine's library, with its PEP 740 attestation when there is one.

Uploads run in-process, so the password never reaches a child process's argv; every
error names the file and the index, never the password.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from releaser.adapters.build import TwineOutput, captured_twine_output
from releaser.errors import PackageIndexError

if TYPE_CHECKING:
    import requests
    from twine.repository import Repository
    from twine.settings import Settings

RERUN_HINT = "Run the same command again: files already on the index are skipped."


def without_userinfo(url: str) -> str:
    """The URL without `user:password@`."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=host).geturl()


def upload_file(
    upload_url: str,
    path: Path,
    login: tuple[str, str] | None,
    *,
    attestation: Path | None = None,
    timeout: float = 60.0,
) -> bool:
    """Upload `path` (and its attestation); False when the index already has that file name."""
    import requests
    from twine import exceptions as twine_exceptions
    from twine.commands.upload import upload
    from twine.settings import Settings

    failure = _Failure(upload_url, path, login)
    with captured_twine_output() as output:
        try:
            settings = Settings(
                repository_url=upload_url,
                username=login[0] if login else None,
                password=login[1] if login else None,
                non_interactive=True,
                disable_progress_bar=True,
                attestations=attestation is not None,
            )
            _add_timeout(settings, timeout)
            upload(settings, [str(path)] + ([str(attestation)] if attestation else []))
        except requests.HTTPError as exc:
            if exc.response is None:
                raise failure.error("failed without an answer.", RERUN_HINT) from None
            if _already_exists(exc.response):
                return False
            raise failure.http(exc.response) from None
        except requests.RequestException as exc:
            raise failure.error(
                f"failed: {type(exc).__name__}.",
                "Check the index URL and that the index is reachable. " + RERUN_HINT,
            ) from None
        except twine_exceptions.TwineException as exc:
            raise failure.twine(exc, output) from None
    return True


class _Failure:
    """Errors about one upload, with the password redacted."""

    def __init__(self, upload_url: str, path: Path, login: tuple[str, str] | None) -> None:
        self.where = without_userinfo(upload_url)
        self.path = path
        self.login = login

    def redact(self, text: str) -> str:
        if self.login and self.login[1]:
            text = text.replace(self.login[1], "********")
        return text

    def error(self, what: str, hint: str) -> PackageIndexError:
        return PackageIndexError(f"Uploading {self.path.name} to {self.where} {what}", hint=hint)

    def http(self, response: requests.Response) -> PackageIndexError:
        status, name = response.status_code, self.path.name
        if status in (401, 403):
            user = self.login[0] if self.login else "(none)"
            return PackageIndexError(
                f"{self.where} refused the credentials for user {user!r} "
                f"(HTTP {status}) when uploading {name}.",
                hint="Check TWINE_USERNAME/TWINE_PASSWORD or PYPI_TOKEN (an API token must "
                "allow uploads to this project); with trusted publishing, check that this "
                "repository and workflow are the project's trusted publisher.",
            )
        reason = response.reason or ""
        body = first_line(response.text)
        if body and not body.startswith("<") and body not in reason:  # skip HTML error pages
            reason = f"{reason}: {body}" if reason else body
        return PackageIndexError(
            f"{self.where} rejected {name} (HTTP {status}: {self.redact(reason)}).",
            hint=status_hint(status),
        )

    def twine(self, exc: Exception, output: TwineOutput) -> PackageIndexError:
        from twine import exceptions as twine_exceptions

        if isinstance(exc, twine_exceptions.NonInteractive):
            return PackageIndexError(
                f"There are no credentials to upload {self.path.name} to {self.where}.",
                hint="Set TWINE_USERNAME and TWINE_PASSWORD, or PYPI_TOKEN.",
            )
        detail = self.redact(" ".join(str(exc).split()) or first_line(output.log.getvalue()))
        return PackageIndexError(
            f"twine could not upload {self.path.name} to {self.where}: "
            f"{type(exc).__name__}: {detail}",
            hint="Check the index URL and the distribution file.",
        )


def _add_timeout(settings: Settings, timeout: float) -> None:
    """Make every request of twine's upload session time out (twine sets none)."""
    create = settings.create_repository

    def create_with_timeout() -> Repository:
        repository = create()
        session = repository.session
        setattr(session, "request", functools.partial(session.request, timeout=timeout))  # noqa: B010
        return repository

    setattr(settings, "create_repository", create_with_timeout)  # noqa: B010


def _already_exists(response: requests.Response) -> bool:
    # pypiserver answers 409 (400 to twine), PyPI 400 with "already exist(s)".
    text = f"{response.reason} {response.text}".lower()
    return response.status_code == 409 or (response.status_code == 400 and "already exist" in text)


def first_line(text: str) -> str:
    """The first non-blank line of `text`, at most 200 characters."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0][:200] if lines else ""


def status_hint(status: int) -> str:
    """What to do about an HTTP error status from the index."""
    if status in (401, 403):
        return "Check the credentials (TWINE_USERNAME/TWINE_PASSWORD or PYPI_TOKEN)."
    if status >= 500:
        return "The index failed; this is usually temporary. " + RERUN_HINT
    return "Read the index's answer above; it names what the index did not accept."
