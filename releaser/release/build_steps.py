"""The build and check steps of a release: build the release commit, or reuse what exists.

On a resume, files already published (on the index, or on the GitHub release of a run
killed before its upload) win over a fresh build whose bytes would differ.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from releaser.errors import RefusedError
from releaser.release.supply_chain import write_release_sbom

if TYPE_CHECKING:
    from releaser.release.run import Run


def build(run: Run) -> tuple[str, str]:
    """Build the release commit (or reuse the files built or published from it)."""
    from releaser.adapters.build import build_commit, reusable_build, write_build_record

    out = run.ports.root / run.facts.dist_dir
    commit = run.release_commit()  # built after commit and tag
    staged = out.with_name(out.name + ".published")
    if staged.exists():
        shutil.rmtree(staged)
    # Files published already (by this run earlier, or by another) cannot change: on a
    # resume they win over a local build whose bytes differ.
    published, source = _published_files(run, staged, commit) if run.facts.resume else ([], "")
    earlier = reusable_build(out, commit)
    if earlier is not None and _agrees(earlier, published):
        shutil.rmtree(staged, ignore_errors=True)
        run.outcome.distributions = earlier
        return "skipped", f"reusing {len(earlier)} files built from {commit[:7]} earlier"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    published = [p.replace(out / p.name) for p in published]
    shutil.rmtree(staged, ignore_errors=True)
    if _both_kinds(published):
        run.outcome.distributions = sorted(published, key=_sdist_first)
        write_build_record(out, commit, run.outcome.distributions)
        return "skipped", f"reusing the {len(published)} files {source}"
    fresh = out.with_name(out.name + ".new")
    if fresh.exists():
        shutil.rmtree(fresh)
    built = build_commit(
        run.ports.root,
        commit,
        fresh,
        isolation=run.ports.build_isolation,
        subdir=run.facts.project_dir,
    )
    have = {p.name for p in published}
    added = [p.replace(out / p.name) for p in built if p.name not in have]
    shutil.rmtree(fresh)
    run.outcome.distributions = sorted([*published, *added], key=_sdist_first)
    write_build_record(out, commit, run.outcome.distributions)
    reused = f"; kept {', '.join(sorted(have))} {source}" if have else ""
    return "done", ", ".join(p.name for p in added) + reused


def _published_files(run: Run, staged: Path, commit: str) -> tuple[list[Path], str]:
    """The distributions of this release published already, downloaded into `staged`:
    the index's, then those a run killed before the index upload left on the GitHub
    release; and where they came from."""
    published = _published(run, staged)
    if _both_kinds(published):
        return published, "already on the index"
    drafted = _drafted(run, staged, commit, published)
    if not drafted:
        return published, "from the index"
    source = f"of the GitHub release {run.facts.tag}, built from {commit[:7]}"
    return [*published, *drafted], source + (" (and the index)" if published else "")


def _published(run: Run, out: Path) -> list[Path]:
    """The distributions of this version the index has already, downloaded into `out`."""
    if run.ports.index is None:
        return []
    index = run.ports.index()
    return index.download(run.facts.project_name, run.facts.version.pep440, out)


def _drafted(run: Run, out: Path, commit: str, have: list[Path]) -> list[Path]:
    """The distributions on the tag's GitHub release, downloaded into `out`, when its
    SHA256SUMS says they were built from `commit` (and they match it); else none."""
    import tempfile

    from releaser.adapters.build import read_checksums, sha256_of
    from releaser.adapters.package_index import distribution_version

    github, f = run.ports.github, run.facts
    release = github.find(f.tag) if github is not None else None
    if github is None or release is None or "SHA256SUMS" not in release.assets:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        sums = github.download_assets(release, ["SHA256SUMS"], Path(tmp))
        built_from, listed = read_checksums(sums[0].read_text(encoding="utf-8"))
    if built_from != commit:  # another commit's files, or a release that does not say
        return []
    known = {p.name for p in have}
    names = [
        n for n in listed if n not in known and distribution_version(n) == _pep440(f.version.pep440)
    ]
    saved = github.download_assets(release, names, out)
    for path in saved:
        if sha256_of(path) != listed[path.name]:
            raise RefusedError(
                f"{path.name} on the GitHub release {f.tag} does not match the SHA-256 "
                "its SHA256SUMS lists",
                hint=f"someone changed the release's files: check them on GitHub, delete "
                f"{path.name} from the release if it is wrong, then run `releaser cut` again",
            )
    return saved


def check(run: Run) -> tuple[str, str]:
    """twine check, the built version, then SHA256SUMS and the SBOM next to the files."""
    from releaser.adapters.build import built_versions, check_distributions, write_checksums

    dists = run.outcome.distributions
    check_distributions(dists)
    _check_version(built_versions(dists), run.facts.version.pep440)
    commit = run.release_commit()  # the commit the files were built from
    sums = write_checksums(dists, run.ports.root / run.facts.dist_dir, commit)
    built_at = run.ports.git.commit_time(commit)
    sbom = write_release_sbom(run.facts, run.gate, sums.parent, built_at)
    written = f"{sums.name} and {sbom.name}" if sbom else f"{sums.name} (no SBOM: no audit)"
    return "done", f"passed, version {run.facts.version.pep440}; {written} written"


def _both_kinds(paths: list[Path]) -> bool:
    """True when `paths` hold a wheel and an sdist: a complete set of distributions."""
    return {p.name.endswith(".whl") for p in paths} == {True, False}


def _agrees(built: list[Path], published: list[Path]) -> bool:
    """True when every published file is among `built`, with the same bytes."""
    from releaser.adapters.build import sha256_of

    mine = {p.name: p for p in built}
    return all(p.name in mine and sha256_of(p) == sha256_of(mine[p.name]) for p in published)


def _sdist_first(path: Path) -> tuple[bool, str]:
    return path.name.endswith(".whl"), path.name


def _pep440(text: str) -> str:
    from packaging.version import Version

    return str(Version(text))


def _check_version(built: dict[str, str], release: str) -> None:
    """Refuse distributions whose metadata names another version than the release's."""
    from packaging.version import InvalidVersion, Version

    def same(text: str) -> bool:
        try:
            return Version(text) == Version(release)
        except InvalidVersion:
            return False

    wrong = {name: version for name, version in built.items() if not same(version)}
    if wrong:
        found = ", ".join(f"{name} is {version}" for name, version in sorted(wrong.items()))
        raise RefusedError(
            f"the built distributions do not carry the release version {release} ({found}); "
            "nothing was published, and the local release commit and tag were undone",
            hint="releaser writes the version into [project].version, `__version__` and the "
            "files listed in `version-files` of [tool.releaser]: add the file your build reads "
            "the version from there. With setuptools-scm or hatch-vcs the version comes from "
            "the tag, which releaser creates locally before building: check that their "
            "configuration (tag regex, fallback version) finds it",
        )
