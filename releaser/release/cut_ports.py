"""The services a `cut` reaches: the ports of a real run, the read-only lookers of a dry run."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from releaser.adapters.git_release import GitWriter
from releaser.config import Config
from releaser.errors import UsageError
from releaser.release.cut_settings import CutSettings
from releaser.release.plan import Plan, StepName, Switches
from releaser.release.ports import Ports
from releaser.release.preview import Lookers
from releaser.release.staging import staging_port


def lookers(
    root: Path,
    writer: GitWriter,
    config: Config,
    settings: CutSettings,
    plan: Plan,
    env: Mapping[str, str],
) -> Lookers:
    """Read-only access for the dry run to the services the real run would use."""
    import functools

    found = Lookers(root=root, git=writer)
    repository = plan.facts.repository
    if plan.step(StepName.GITHUB_DRAFT).enabled and repository:
        from releaser.adapters.github import GitHubReleases, api_url_from_env, token_from_env

        found.github = functools.cache(
            lambda: GitHubReleases(api_url_from_env(env), token_from_env(env), repository)
        )
    if plan.step(StepName.PUBLISH).enabled:
        from releaser.adapters.package_index import (
            PackageIndex,
            credentials_from_env,
            index_urls,
        )

        upload, simple = index_urls(
            settings.repository_url or config.repository_url or "pypi",
            config.index_simple_url or None,
        )
        found.index = functools.cache(
            lambda: PackageIndex(upload, simple, credentials_from_env(env))
        )
    return found


def make_ports(
    root: Path,
    writer: GitWriter,
    config: Config,
    settings: CutSettings,
    switches: Switches,
    plan: Plan,
    env: Mapping[str, str],
) -> Ports:
    ports = Ports(root=root, git=writer, build_isolation=config.build_isolation)
    if plan.step(StepName.GITHUB_DRAFT).enabled and plan.facts.repository:
        from releaser.adapters.github import GitHubReleases, api_url_from_env, token_from_env

        ports.github = GitHubReleases(
            api_url_from_env(env),
            token_from_env(env),
            plan.facts.repository,
            timeout=_seconds(env, "RELEASER_GITHUB_TIMEOUT", 30.0),
            seconds_between_writes=_write_interval(env),
            max_rate_limit_wait=_seconds(env, "RELEASER_GITHUB_RATE_LIMIT_WAIT", 60.0),
        )
    if plan.step(StepName.PUBLISH).enabled:
        from releaser.adapters.package_index import PackageIndex, index_urls
        from releaser.adapters.trusted_publishing import upload_credentials
        from releaser.release.attesting import attestation_ports

        upload, simple = index_urls(
            settings.repository_url or config.repository_url or "pypi",
            config.index_simple_url or None,
        )
        ports.index = lambda: PackageIndex(upload, simple, upload_credentials(upload, env))
        attestation_ports(
            ports,
            wanted=config.attestations,
            upload_url=upload,
            project=plan.facts.project_name,
            version=plan.facts.version.pep440,
            env=env,
        )
    if plan.step(StepName.STAGE).enabled:
        real = settings.repository_url or config.repository_url or "pypi"
        ports.stage = staging_port(plan.facts, config, real, env)
    return ports


def _write_interval(env: Mapping[str, str]) -> float:
    """Seconds between GitHub write requests: RELEASER_GITHUB_WRITE_INTERVAL (default 1.0)."""
    return _seconds(env, "RELEASER_GITHUB_WRITE_INTERVAL", 1.0)


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    """A number of seconds from the environment variable `name` (UsageError if not one)."""
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise UsageError(f"{name} must be a number of seconds, not {text!r}")
    return value
