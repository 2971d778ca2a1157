"""What a release run is given and what it gives back: its ports, reporter and outcome."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from releaser.adapters.git_release import GitWriter
from releaser.errors import ReleaserError
from releaser.release.plan import StepName

if TYPE_CHECKING:
    from releaser.adapters.github import GitHubReleases
    from releaser.adapters.package_index import PackageIndex
    from releaser.adapters.staging import SmokeCheck
    from releaser.core.audit import GateReport


class Reporter(Protocol):
    """Where step events go (terminal lines, plain CI lines, JSON)."""

    def started(self, step: StepName, summary: str) -> None: ...
    def finished(self, step: StepName, status: str, seconds: float, detail: str) -> None: ...
    def failed(self, step: StepName, seconds: float, error: ReleaserError) -> None: ...


@dataclass
class Staging:
    """The staging index and the smoke check of the release installed from it."""

    index: Callable[[], PackageIndex]
    check: SmokeCheck


@dataclass
class Ports:
    """The outside systems a release touches; None where the step is off."""

    root: Path
    git: GitWriter
    github: GitHubReleases | None = None
    # made when the publish step starts: a minted trusted-publishing token lives ~15 minutes
    index: Callable[[], PackageIndex] | None = None
    # runs the gate, returns a summary and the report (for the SBOM and the notes) or raises
    audit: Callable[[], tuple[str, GateReport]] | None = None
    # PEP 740: signs the files to upload; then the index's provenance, as a report line
    attest: Callable[[Sequence[Path]], Mapping[Path, Path]] | None = None
    provenance: Callable[[Sequence[Path]], str] | None = None
    attest_remark: str = ""  # why the uploads carry no attestations
    stage: Staging | None = None
    build_isolation: bool = True
    # several packages: each one's gate, and its own ports (index, staging, attestations)
    audits: dict[str, Callable[[], tuple[str, GateReport]]] = field(default_factory=dict)
    packages: dict[str, Ports] = field(default_factory=dict)


@dataclass
class Outcome:
    """What the run did; filled in as steps finish."""

    statuses: dict[str, str] = field(default_factory=dict)
    distributions: list[Path] = field(default_factory=list)
    release_url: str | None = None
    uploaded: list[str] = field(default_factory=list)
    skipped_uploads: list[str] = field(default_factory=list)
    packages: dict[str, Outcome] = field(default_factory=dict)  # several packages: each one's
