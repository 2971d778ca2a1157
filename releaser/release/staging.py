"""The staging index of a release (`stage-index`): its facts for the plan, its port for `cut`.

The release is uploaded to the staging index, installed from there into a fresh venv and
smoke-tested (releaser.adapters.staging) before the real index sees it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from releaser.adapters.git import redact
from releaser.adapters.package_index import Credentials, PackageIndex, index_urls
from releaser.adapters.staging import SmokeCheck, default_command
from releaser.adapters.trusted_publishing import TrustedPublisher, trusted_publishing_available
from releaser.config import Config
from releaser.errors import RefusedError
from releaser.release.plan import Facts
from releaser.release.ports import Staging


def with_staging(facts: Facts, config: Config) -> Facts:
    """`facts` with the staging index and the smoke command, when `stage-index` is set."""
    if not config.stage_index:
        return facts
    upload, _ = index_urls(config.stage_index)
    check = config.stage_check or default_command(facts.project_name)
    return replace(facts, stage_url=redact(upload), stage_check=check)


def staging_port(facts: Facts, config: Config, real_index: str, env: Mapping[str, str]) -> Staging:
    """The staging index (with its own credentials) and the check for `cut` to run."""
    upload, simple = index_urls(config.stage_index, config.stage_simple_url or None)
    _, real_simple = index_urls(real_index, config.index_simple_url or None)
    credentials = stage_credentials(upload, env)
    check = SmokeCheck(
        project_name=facts.project_name,
        version=facts.version.pep440,
        staging_simple_url=simple,
        real_simple_url=real_simple,
        command=facts.stage_check,
    )
    return Staging(index=lambda: PackageIndex(upload, simple, credentials), check=check)


def stage_credentials(upload_url: str, env: Mapping[str, str]) -> Credentials | TrustedPublisher:
    """RELEASER_STAGE_PASSWORD (and _USERNAME, default `__token__`), else trusted publishing.

    The real index's credentials are never sent to the staging index.
    """
    password = env.get("RELEASER_STAGE_PASSWORD", "")
    if password:
        return Credentials(env.get("RELEASER_STAGE_USERNAME", "") or "__token__", password)
    if trusted_publishing_available(env):
        return TrustedPublisher(upload_url, env)
    raise RefusedError(
        f"no credentials for the staging index {redact(upload_url)}; nothing was changed",
        hint="set RELEASER_STAGE_PASSWORD to its API token (RELEASER_STAGE_USERNAME too, for a "
        "password), or use trusted publishing there (`id-token: write`)",
    )
