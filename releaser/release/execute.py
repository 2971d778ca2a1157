"""Carry out a release plan, step by step; the only module that changes anything.

Each step first looks at the world (is the tag there? the release? the file
on the index?) and skips what is done, so running the same plan again after a
failure finishes the release without doing anything twice. A failure before
the push undoes the local changes this run made; after the push, the error
says to run the command again.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from releaser.adapters.git_release import GitWriter
from releaser.errors import (
    PartialReleaseError,
    PushRejectedError,
    RefusedError,
    ReleaserError,
    SmokeTestError,
)
from releaser.release.plan import Plan, StepName
from releaser.release.supply_chain import (
    notes_with_verification,
    release_sbom,
    write_release_sbom,
)

if TYPE_CHECKING:
    from releaser.adapters.github import GitHubReleases, ReleaseInfo
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
    # several packages: each one's gate, by name
    audits: dict[str, Callable[[], tuple[str, GateReport]]] = field(default_factory=dict)


@dataclass
class Outcome:
    """What the run did; filled in as steps finish."""

    statuses: dict[str, str] = field(default_factory=dict)
    distributions: list[Path] = field(default_factory=list)
    release_url: str | None = None
    uploaded: list[str] = field(default_factory=list)
    skipped_uploads: list[str] = field(default_factory=list)
    packages: dict[str, Outcome] = field(default_factory=dict)  # several packages: each one's


class _RemoteTagElsewhere(RefusedError):
    """The remote has this release's tag at another commit (another run pushed first)."""

    def __init__(self, commit: str) -> None:
        super().__init__(f"the remote has the tag at {commit[:7]}")
        self.commit = commit


class _Run:
    """One execution: the plan, the ports, and what this run changed (for undoing)."""

    def __init__(self, plan: Plan, ports: Ports) -> None:
        self.plan = plan
        self.facts = plan.facts
        self.ports = ports
        self.outcome = Outcome()
        self.written: list[str] = []
        self.created: list[str] = []
        self.commit_sha: str | None = None
        self.release: ReleaseInfo | None = None
        self.gate: GateReport | None = None  # the audit gate's report, when it ran
        self.noted = False  # the files about to be written are noted for a killed run's rerun

    def target(self, package: str) -> _Run:
        """The run whose facts the step of `package` works on ("": this one)."""
        return self

    # -- steps: each returns (status, detail) ------------------------------------------------

    def audit(self) -> tuple[str, str]:
        assert self.ports.audit is not None
        summary, self.gate = self.ports.audit()
        return "done", summary

    def stamp(self) -> tuple[str, str]:
        return self._write([e for e in self.facts.edits if e.what != "changelog"])

    def changelog(self) -> tuple[str, str]:
        return self._write([e for e in self.facts.edits if e.what == "changelog"])

    def _write(self, edits: list) -> tuple[str, str]:  # type: ignore[type-arg]
        if not self.noted:  # before the first write: the next run can tell these are ours
            from releaser.release.recovery import note_writes

            root = self.ports.root
            note_writes(
                self.ports.git,
                [(e.path, e.text, not (root / e.path).exists()) for e in self.facts.edits],
            )
            self.noted = True
        for edit in edits:
            path = self.ports.root / edit.path
            if not path.exists():
                self.created.append(edit.path)
            else:
                self.written.append(edit.path)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(edit.text, encoding="utf-8")
        return "done", ", ".join(e.path for e in edits)

    def build(self) -> tuple[str, str]:
        from releaser.adapters.build import build_commit, reusable_build, write_build_record

        out = self.ports.root / self.facts.dist_dir
        commit = self._release_commit()  # built after commit and tag
        staged = out.with_name(out.name + ".published")
        if staged.exists():
            shutil.rmtree(staged)
        # Files published already (by this run earlier, or by another) cannot change: on a
        # resume they win over a local build whose bytes differ.
        published, source = self._published_files(staged, commit) if self.facts.resume else ([], "")
        earlier = reusable_build(out, commit)
        if earlier is not None and _agrees(earlier, published):
            shutil.rmtree(staged, ignore_errors=True)
            self.outcome.distributions = earlier
            return "skipped", f"reusing {len(earlier)} files built from {commit[:7]} earlier"
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        published = [p.replace(out / p.name) for p in published]
        shutil.rmtree(staged, ignore_errors=True)
        if _both_kinds(published):
            self.outcome.distributions = sorted(published, key=_sdist_first)
            write_build_record(out, commit, self.outcome.distributions)
            return "skipped", f"reusing the {len(published)} files {source}"
        fresh = out.with_name(out.name + ".new")
        if fresh.exists():
            shutil.rmtree(fresh)
        built = build_commit(
            self.ports.root,
            commit,
            fresh,
            isolation=self.ports.build_isolation,
            subdir=self.facts.project_dir,
        )
        have = {p.name for p in published}
        added = [p.replace(out / p.name) for p in built if p.name not in have]
        shutil.rmtree(fresh)
        self.outcome.distributions = sorted([*published, *added], key=_sdist_first)
        write_build_record(out, commit, self.outcome.distributions)
        reused = f"; kept {', '.join(sorted(have))} {source}" if have else ""
        return "done", ", ".join(p.name for p in added) + reused

    def _published_files(self, staged: Path, commit: str) -> tuple[list[Path], str]:
        """The distributions of this release published already, downloaded into `staged`:
        the index's, then those a run killed before the index upload left on the GitHub
        release; and where they came from."""
        published = self._published(staged)
        if _both_kinds(published):
            return published, "already on the index"
        drafted = self._drafted(staged, commit, published)
        if not drafted:
            return published, "from the index"
        source = f"of the GitHub release {self.facts.tag}, built from {commit[:7]}"
        return [*published, *drafted], source + (" (and the index)" if published else "")

    def _published(self, out: Path) -> list[Path]:
        """The distributions of this version the index has already, downloaded into `out`."""
        if self.ports.index is None:
            return []
        index = self.ports.index()
        return index.download(self.facts.project_name, self.facts.version.pep440, out)

    def _drafted(self, out: Path, commit: str, have: list[Path]) -> list[Path]:
        """The distributions on the tag's GitHub release, downloaded into `out`, when its
        SHA256SUMS says they were built from `commit` (and they match it); else none."""
        import tempfile

        from releaser.adapters.build import read_checksums, sha256_of
        from releaser.adapters.package_index import distribution_version

        github, f = self.ports.github, self.facts
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
            n
            for n in listed
            if n not in known and distribution_version(n) == _pep440(f.version.pep440)
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

    def check(self) -> tuple[str, str]:
        from releaser.adapters.build import built_versions, check_distributions, write_checksums

        dists = self.outcome.distributions
        check_distributions(dists)
        _check_version(built_versions(dists), self.facts.version.pep440)
        commit = self._release_commit()  # the commit the files were built from
        sums = write_checksums(dists, self.ports.root / self.facts.dist_dir, commit)
        built_at = self.ports.git.commit_time(commit)
        sbom = write_release_sbom(self.facts, self.gate, sums.parent, built_at)
        written = f"{sums.name} and {sbom.name}" if sbom else f"{sums.name} (no SBOM: no audit)"
        return "done", f"passed, version {self.facts.version.pep440}; {written} written"

    def commit(self) -> tuple[str, str]:
        files = [e.path for e in self.facts.edits]
        self.commit_sha = self.ports.git.commit(files, self.facts.commit_message)
        self._forget()
        return "done", self.commit_sha[:7]

    def _release_commit(self) -> str:
        """The commit released: HEAD, or a merged release commit that others followed."""
        return self.facts.commit or self.ports.git.head_sha()

    def tag(self) -> tuple[str, str]:
        git, tag = self.ports.git, self.facts.tag
        head = self._release_commit()
        existing = git.has_tag(tag)
        if existing == head:
            return "skipped", f"{tag} is already at {head[:7] if self.facts.commit else 'HEAD'}"
        if existing is not None:
            raise RefusedError(
                f"the tag {tag} already exists at another commit ({existing[:7]})",
                hint=f"if it is a mistake, delete it (`git tag -d {tag}`) and run again",
            )
        git.tag(tag, self.facts.tag_message, sign=self.facts.sign_tags, commit=head)
        self.created.append(f"tag:{tag}")
        return "done", tag

    def push(self) -> tuple[str, str]:
        git, f = self.ports.git, self.facts
        head, released = git.head_sha(), self._release_commit()
        refs = git.remote_refs(f.remote, [f"refs/heads/{f.branch}", f"refs/tags/{f.tag}"])
        remote_tag = refs.get(f"refs/tags/{f.tag}")
        if remote_tag == released and refs.get(f"refs/heads/{f.branch}") == head:
            return "skipped", f"{f.remote} already has {f.branch} and {f.tag}"
        if remote_tag is not None and remote_tag != released:
            raise _RemoteTagElsewhere(remote_tag)
        try:
            git.push(f.remote, f.branch, f.tag)
        except PushRejectedError as exc:
            if _remote_release(self)[0] is not True:
                raise
            # git failed after the remote took both refs (a hook, a dropped connection)
            first = exc.message.splitlines()[0]
            return "done", f"{f.remote} has {f.branch} and {f.tag}, although git said: {first}"
        return "done", f"{f.branch}, {f.tag} -> {f.remote}"

    def github_draft(self) -> tuple[str, str]:
        github, f = self.ports.github, self.facts
        assert github is not None
        release = github.find(f.tag)
        status = "skipped"
        if release is None:
            folder = self.ports.root / f.dist_dir
            notes = notes_with_verification(
                f, self.gate, folder, attested=self.ports.attest is not None
            )
            release = github.create_draft(f.tag, f.tag, notes, f.version.is_prerelease)
            status = "done"
        assets = self._assets()
        uploaded = github.sync_assets(release, assets)
        self.release = release
        self.outcome.release_url = release.html_url
        if uploaded:
            status = "done"
        return (
            status,
            f"{'draft ' if release.draft else ''}{release.html_url}; "
            f"{len(uploaded)} asset(s) uploaded" + "".join(f"; {r}" for r in release.remarks),
        )

    def stage(self) -> tuple[str, str]:
        from releaser.adapters.staging import install_and_check

        staging, f = self.ports.stage, self.facts
        assert staging is not None
        assert self.ports.index is not None
        names = {p.name for p in self.outcome.distributions}
        if names and names <= set(self.ports.index().existing_files(f.project_name)):
            return "skipped", f"already on {f.index_url}: nothing left to check before it"
        report = staging.index().publish(self.outcome.distributions, f.project_name)
        last = install_and_check(staging.check)
        return (
            "done",
            f"{len(report.uploaded)} uploaded, {len(report.skipped)} already there; "
            f"installed from {f.stage_url}, `{f.stage_check}` passed: {last[-120:]}",
        )

    def publish(self) -> tuple[str, str]:
        assert self.ports.index is not None
        index = self.ports.index()
        dists = self.outcome.distributions
        report = index.publish(dists, self.facts.project_name, attest=self.ports.attest)
        self.outcome.uploaded = [p.name for p in report.uploaded]
        self.outcome.skipped_uploads = [p.name for p in report.skipped]
        status = "done" if report.uploaded else "skipped"
        detail = f"{len(report.uploaded)} uploaded, {len(report.skipped)} already there"
        if self.ports.provenance is not None:
            return status, f"{detail}; {self.ports.provenance(dists)}"
        return (
            status,
            f"{detail}; {self.ports.attest_remark}" if self.ports.attest_remark else detail,
        )

    def github_release(self) -> tuple[str, str]:
        github, f = self.ports.github, self.facts
        assert github is not None
        release = self.release or github.find(f.tag)
        if release is None:
            raise PartialReleaseError(
                f"the GitHub release {f.tag} disappeared before it was published"
            )
        if not release.draft:
            self.outcome.release_url = release.html_url
            return "skipped", f"already published: {release.html_url}"
        release = github.publish(release, latest=not f.version.is_prerelease)
        self.outcome.release_url = release.html_url
        return "done", release.html_url

    def _assets(self) -> list[Path]:
        # SHA256SUMS first: it names the commit and the hashes, so of two runs uploading at
        # once the first to land it owns the release, and the other stops before uploading
        # a file of its own (its rerun then takes the owner's files).
        sums = self.ports.root / self.facts.dist_dir / "SHA256SUMS"
        files = (
            [sums, *self.outcome.distributions] if sums.is_file() else [*self.outcome.distributions]
        )
        sbom = release_sbom(self.facts, sums.parent)
        if sbom is not None:
            files.append(sbom)
        return files

    # -- undo -------------------------------------------------------------------------------

    def undo_local(self) -> None:
        """Put the work tree and refs back as they were before this run."""
        git = self.ports.git
        if self.commit_sha is not None or any(c.startswith("tag:") for c in self.created):
            git.undo_release(self.facts.tag, self.commit_sha or "")
        git.restore(self.written)
        for path in self.created:
            if not path.startswith("tag:"):
                (self.ports.root / path).unlink(missing_ok=True)
        self._forget()

    def _forget(self) -> None:
        if self.noted:
            from releaser.release.recovery import forget_writes

            forget_writes(self.ports.git)


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


# the method of `_Run` (or of a subclass: a release of several packages pushes them all)
_HANDLERS: dict[StepName, str] = {
    StepName.AUDIT: "audit",
    StepName.STAMP: "stamp",
    StepName.CHANGELOG: "changelog",
    StepName.COMMIT: "commit",
    StepName.TAG: "tag",
    StepName.BUILD: "build",
    StepName.CHECK: "check",
    StepName.PUSH: "push",
    StepName.GITHUB_DRAFT: "github_draft",
    StepName.STAGE: "stage",
    StepName.PUBLISH: "publish",
    StepName.GITHUB_RELEASE: "github_release",
}
_LEAVES_THE_MACHINE = (
    StepName.PUSH,
    StepName.GITHUB_DRAFT,
    StepName.STAGE,
    StepName.PUBLISH,
    StepName.GITHUB_RELEASE,
)


def execute(
    plan: Plan, ports: Ports, reporter: Reporter, *, preflight_seconds: float = 0.0
) -> Outcome:
    """Run the enabled steps in order; raise the error of the first that fails."""
    if plan.packages:
        from releaser.release.execute_workspace import WorkspaceRun

        run: _Run = WorkspaceRun(plan, ports)
    else:
        run = _Run(plan, ports)
    pushed = False
    current = StepName.PREFLIGHT
    try:
        for step in plan.steps:
            current = step.name
            if step.name is StepName.PREFLIGHT:
                reporter.finished(step.name, "done", preflight_seconds, step.summary)
                continue
            whose = f"{step.package}: " if step.package else ""
            if not step.enabled:
                run.outcome.statuses[step.key] = "off"
                reporter.finished(step.name, "off", 0.0, whose + step.off_reason)
                continue
            reporter.started(step.name, step.summary)
            start = time.perf_counter()
            try:
                handler: Callable[[], tuple[str, str]]
                handler = getattr(run.target(step.package), _HANDLERS[step.name])
                status, detail = handler()
            except ReleaserError as exc:
                error = _classify(run, step.name, exc, pushed)
                reporter.failed(step.name, time.perf_counter() - start, error)
                raise error from exc
            run.outcome.statuses[step.key] = status
            reporter.finished(step.name, status, time.perf_counter() - start, whose + detail)
            if step.name in _LEAVES_THE_MACHINE:
                pushed = True
    except KeyboardInterrupt:
        # Ctrl-C before anything left the machine, wherever it lands (inside a step, while
        # reporting, between steps): leave the tree as it was, so the next run is not refused
        # for uncommitted (stamped) changes. A push may have landed when interrupted, so from
        # the push on everything stays for resuming.
        if not pushed and current is not StepName.PUSH:
            run.undo_local()
        raise
    return run.outcome


_RERUN = "run `releaser cut` again: it finishes the release without repeating what is done"


def _rerun_hint(error: ReleaserError) -> str:
    """The adapter's hint, ending in the one thing to do after a partial release: rerun."""
    hint = (error.hint or "").strip().rstrip(".")
    if not hint:
        return _RERUN[0].upper() + _RERUN[1:]
    if "rerun" in hint.lower() or "run the same command" in hint.lower():
        return f"{hint} (`releaser cut` finishes the release without repeating what is done)"
    return f"{hint}; then {_RERUN}"


def _remote_release(run: _Run) -> tuple[bool | None, str | None]:
    """After a failed push: did the release reach the remote (None: cannot tell), and its tag's
    commit. Both refs count: a branch that was there before (finishing a release) is no sign."""
    f, git = run.facts, run.ports.git
    head, released = git.head_sha(), run._release_commit()
    try:
        refs = git.remote_refs(f.remote, [f"refs/heads/{f.branch}", f"refs/tags/{f.tag}"])
    except ReleaserError:
        return None, None
    tag = refs.get(f"refs/tags/{f.tag}")
    return tag == released and refs.get(f"refs/heads/{f.branch}") == head, tag


def _not_published(run: _Run, error: SmokeTestError) -> SmokeTestError:
    """The staged release is broken: say what stays unpublished and how to go on."""
    f = run.facts
    first, _, rest = error.message.partition("\n")
    draft = f" and the GitHub release {f.tag} stays a draft" if run.release is not None else ""
    return SmokeTestError(
        f"{first}; nothing was uploaded to {f.index_url}{draft}" + (f"\n{rest}" if rest else ""),
        hint=(error.hint + "; " if error.hint else "")
        + f"fix the package, commit the fix and run `releaser cut` again: it releases the "
        f"next version (the tag {f.tag} stays unpublished)",
    )


def _raced(run: _Run, remote_tag: str) -> RefusedError:
    f = run.facts
    return RefusedError(
        f"'{f.remote}' has the tag {f.tag} at another commit ({remote_tag[:7]}): another "
        f"release of {f.version.semver} was pushed meanwhile; nothing of this run was "
        "published, and its local release commit and tag were undone",
        hint=f"run `git pull --rebase {f.remote} {f.branch}`, then `releaser cut` again: it "
        "finishes that release with the files already published, or confirms it is complete",
    )


def _classify(run: _Run, step: StepName, error: ReleaserError, pushed: bool) -> ReleaserError:
    """Decide what a failure means for the user: nothing changed, or rerun to finish."""
    if isinstance(error, SmokeTestError):
        return _not_published(run, error)
    if pushed:
        return PartialReleaseError(f"{step.value} failed: {error.message}", hint=_rerun_hint(error))
    if isinstance(error, PushRejectedError | _RemoteTagElsewhere):
        landed, remote_tag = _remote_release(run)
        if landed is not False:  # the remote has it (or cannot say): keep it all for the rerun
            where = "has" if landed else "may have"
            return PartialReleaseError(
                f"push failed: {error.message}\nbut '{run.facts.remote}' {where} the release "
                f"commit or tag {run.facts.tag}, so nothing was undone",
                hint=_rerun_hint(RefusedError("")),
            )
        if run.facts.resume:
            run.commit_sha = run.ports.git.head_sha()  # the earlier run's commit never left either
        run.undo_local()
        if remote_tag is not None:  # the tag is there, at another commit
            return _raced(run, remote_tag)
        first, _, rest = error.message.partition("\n")
        return RefusedError(
            f"push failed: {first}; nothing was published, and the local release commit "
            "and tag were undone" + (f"\n{rest}" if rest else ""),
            hint=error.hint
            or f"run `git pull --rebase {run.facts.remote} {run.facts.branch}`, "
            "then `releaser cut` again",
        )
    run.undo_local()
    if isinstance(error, RefusedError):
        return error
    # The verdict goes on the first line; a long message (build output) follows it.
    first, _, rest = error.message.partition("\n")
    return RefusedError(
        f"{step.value} failed, nothing was changed (local edits were undone): {first}"
        + (f"\n{rest}" if rest else ""),
        hint=error.hint,
    )
