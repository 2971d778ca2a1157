"""PEP 740 attestations around the signing call: which files, where, reuse, the identity.

Each distribution's attestation is `<file>.publish.attestation` next to it, the name
twine uploads with the file (`twine upload --attestations`). An attestation already
there is reused when it is for the same bytes (a rerun after a failed upload);
otherwise the files are signed (`attest_sign.sign`) with the CI's OIDC identity for
the audience `sigstore`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

from releaser.adapters import attest_sign
from releaser.adapters.build import sha256_of
from releaser.adapters.trusted_publishing import ambient_identity, in_github_actions, mask
from releaser.errors import PackageIndexError

SUFFIX = ".publish.attestation"
PUBLISH_PREDICATE = "https://docs.pypi.org/attestations/publish/v1"
OPT_OUT_HINT = "or set `attestations = false` in [tool.releaser] to publish without them"
EXTRA_HINT = "install releaser-cut[attestations] (pypi-attestations and sigstore)"


def attestation_path(dist: Path) -> Path:
    """Where the attestation of `dist` lives, under the name twine uploads it by."""
    return dist.with_name(dist.name + SUFFIX)


def signing_available() -> bool:
    """True when the signing libraries (the `attestations` extra) are installed."""
    import importlib.util

    return all(importlib.util.find_spec(m) for m in ("pypi_attestations", "sigstore"))


def attests(path: Path, dist: Path) -> bool:
    """True when `path` is a well-formed publish attestation of exactly `dist`'s bytes."""
    from pydantic import ValidationError
    from pypi_attestations import Attestation

    try:
        statement = Attestation.model_validate_json(path.read_bytes()).statement
        (subject,) = statement["subject"]
        name, digest = subject["name"], subject["digest"]["sha256"]
    except (OSError, ValidationError, ValueError, KeyError, TypeError):
        return False
    same = name == dist.name and digest == sha256_of(dist)
    return same and statement.get("predicateType") == PUBLISH_PREDICATE


class Attester:
    """Gives each distribution its attestation file, signing what has none yet."""

    def __init__(self, env: Mapping[str, str], *, log: IO[str] | None = None) -> None:
        self._env = env
        self._log = log
        self.signed: list[Path] = []
        self.reused: list[Path] = []

    def prepare(self, dists: Sequence[Path]) -> None:
        """Sign, in one go, every distribution without a matching attestation."""
        missing = [d for d in dists if not attests(attestation_path(d), d)]
        self.reused += [d for d in dists if d not in missing]
        if not missing:
            return
        token = self._identity_token()
        try:
            signed = attest_sign.sign(missing, token)
        except Exception as exc:
            detail = " ".join(str(exc).split()).replace(token, "********")[:300]
            raise PackageIndexError(
                f"Signing the attestations failed: {type(exc).__name__}: {detail}",
                hint="Sigstore may be unreachable; run again, " + OPT_OUT_HINT,
            ) from None
        for dist in missing:
            path = attestation_path(dist)
            path.write_text(signed[dist], encoding="utf-8")
            if not attests(path, dist):
                path.unlink()
                raise PackageIndexError(
                    f"The signer gave {dist.name} an attestation for other bytes.",
                    hint="Report this as a bug in releaser; " + OPT_OUT_HINT,
                )
        self.signed += missing

    def __call__(self, dists: Sequence[Path]) -> dict[Path, Path]:
        """The attestation file to upload with each of `dists`, signing what needs it."""
        self.prepare(dists)
        return {d: attestation_path(d) for d in dists}

    def _identity_token(self) -> str:
        from id import IdentityError, detect_credential

        where = "the job" if in_github_actions(self._env) else "this CI job"
        try:
            with ambient_identity(self._env):
                token = detect_credential("sigstore")
        except IdentityError as exc:
            detail = " ".join(str(exc).split())[:300]
            raise PackageIndexError(
                f"Attestations need {where}'s OIDC identity for Sigstore: {detail}",
                hint="give the job `permissions: id-token: write`, " + OPT_OUT_HINT,
            ) from None
        if not token:
            raise PackageIndexError(
                "Attestations need a CI job's OIDC identity, and there is none here.",
                hint="publish from a CI job with trusted publishing, " + OPT_OUT_HINT,
            )
        mask(token, self._env, self._log)
        return token
