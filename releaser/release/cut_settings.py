"""What one `releaser cut` is asked to do: its settings, reporter and switched-on steps."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from releaser.config import Config
from releaser.core.version import Bump
from releaser.release.plan import Switches
from releaser.release.report import JsonReporter, TextReporter

Reporter = TextReporter | JsonReporter


@dataclass(frozen=True)
class CutSettings:
    """The command line (or RELEASER_* environment) of one `releaser cut`."""

    project: Path
    dry_run: bool
    prerelease: str | None
    force: Bump | None
    switches: Switches
    repository_url: str = ""
    advisory_db: Path | None = None
    allow_unavailable: bool = False
    unshallow: bool = False
    via_pr: bool = False  # release through a pull request (release/via_pr.py)
    sarif: Path | None = None  # write the gate's findings as SARIF here
    packages: tuple[str, ...] = ()  # --package: the workspace packages to release


def switches_of(settings: CutSettings, config: Config) -> Switches:
    """Flags and config together: a step runs only when both leave it on."""
    s = settings.switches
    return Switches(
        audit=s.audit,
        build=s.build and config.build,
        push=s.push and config.push,
        github=s.github and config.github,
        publish=s.publish and config.publish,
        draft=s.draft or config.draft,
    )
