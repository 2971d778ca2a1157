"""The steps that leave the machine after the push: the GitHub release, staging, upload.

Each looks first (is the release there? the files on the index?) and does only what is
missing, so a rerun finishes a release without doing anything twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from releaser.errors import PartialReleaseError
from releaser.release.supply_chain import notes_with_verification, release_sbom

if TYPE_CHECKING:
    from releaser.release.run import Run


def github_draft(run: Run) -> tuple[str, str]:
    """The draft GitHub release of the tag, with every asset it still lacks."""
    github, f = run.ports.github, run.facts
    assert github is not None
    release = github.find(f.tag)
    status = "skipped"
    if release is None:
        folder = run.ports.root / f.dist_dir
        notes = notes_with_verification(f, run.gate, folder, attested=run.ports.attest is not None)
        release = github.create_draft(f.tag, f.tag, notes, f.version.is_prerelease)
        status = "done"
    assets = _assets(run)
    uploaded = github.sync_assets(release, assets)
    run.release = release
    run.outcome.release_url = release.html_url
    if uploaded:
        status = "done"
    return (
        status,
        f"{'draft ' if release.draft else ''}{release.html_url}; "
        f"{len(uploaded)} asset(s) uploaded" + "".join(f"; {r}" for r in release.remarks),
    )


def stage(run: Run) -> tuple[str, str]:
    """Upload to the staging index, install from it and run the smoke check."""
    from releaser.adapters.staging import install_and_check

    staging, f = run.ports.stage, run.facts
    assert staging is not None
    assert run.ports.index is not None
    names = {p.name for p in run.outcome.distributions}
    if names and names <= set(run.ports.index().existing_files(f.project_name)):
        return "skipped", f"already on {f.index_url}: nothing left to check before it"
    report = staging.index().publish(run.outcome.distributions, f.project_name)
    last = install_and_check(staging.check)
    return (
        "done",
        f"{len(report.uploaded)} uploaded, {len(report.skipped)} already there; "
        f"installed from {f.stage_url}, `{f.stage_check}` passed: {last[-120:]}",
    )


def publish(run: Run) -> tuple[str, str]:
    """Upload the files the index does not have yet."""
    assert run.ports.index is not None
    index = run.ports.index()
    dists = run.outcome.distributions
    report = index.publish(dists, run.facts.project_name, attest=run.ports.attest)
    run.outcome.uploaded = [p.name for p in report.uploaded]
    run.outcome.skipped_uploads = [p.name for p in report.skipped]
    status = "done" if report.uploaded else "skipped"
    detail = f"{len(report.uploaded)} uploaded, {len(report.skipped)} already there"
    if run.ports.provenance is not None:
        return status, f"{detail}; {run.ports.provenance(dists)}"
    return (
        status,
        f"{detail}; {run.ports.attest_remark}" if run.ports.attest_remark else detail,
    )


def github_release(run: Run) -> tuple[str, str]:
    """Publish the draft GitHub release (the last step: the release is complete)."""
    github, f = run.ports.github, run.facts
    assert github is not None
    release = run.release or github.find(f.tag)
    if release is None:
        raise PartialReleaseError(f"the GitHub release {f.tag} disappeared before it was published")
    if not release.draft:
        run.outcome.release_url = release.html_url
        return "skipped", f"already published: {release.html_url}"
    release = github.publish(release, latest=not f.version.is_prerelease)
    run.outcome.release_url = release.html_url
    return "done", release.html_url


def _assets(run: Run) -> list[Path]:
    # SHA256SUMS first: it names the commit and the hashes, so of two runs uploading at
    # once the first to land it owns the release, and the other stops before uploading
    # a file of its own (its rerun then takes the owner's files).
    sums = run.ports.root / run.facts.dist_dir / "SHA256SUMS"
    files = [sums, *run.outcome.distributions] if sums.is_file() else [*run.outcome.distributions]
    sbom = release_sbom(run.facts, sums.parent)
    if sbom is not None:
        files.append(sbom)
    return files


# -- undo -------------------------------------------------------------------------------
