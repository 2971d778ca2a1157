"""Before the plan: preflight checks and the facts the plan is made from.

Nothing here writes anything: not the work tree, not a ref, not the remote.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from releaser.adapters.git import GitRepository
from releaser.adapters.git_release import BranchState, GitWriter, branch_allowed
from releaser.changelog_files import changelog_file, read_changelog
from releaser.config import Config
from releaser.core.changelog import (
    changelog_header,
    extract_release,
    has_release,
    insert_release,
    render_release,
)
from releaser.core.remote import parse_slug
from releaser.core.stamp import (
    StampError,
    VersionFile,
    stamp_file,
    stamp_pyproject,
    stamp_uv_lock,
    stamp_variable,
)
from releaser.core.tags import version_tags
from releaser.core.version import Bump, Version, VersionError
from releaser.errors import ConfigError, RefusedError
from releaser.history.changelog import forge_repository, render_options
from releaser.history.sections import next_section, today
from releaser.history.upcoming import NextRelease, find_next, reachable_tags
from releaser.release.place import ProjectPlace
from releaser.release.plan import Facts, FileEdit, Switches, release_commit_pattern


@dataclass(frozen=True)
class CutRequest:
    """What the user asked `releaser cut` for."""

    prerelease: str | None = None
    force: Bump | None = None
    repository_url: str = ""
    unshallow: bool = False
    finish: str | None = None  # the version of a merged release pull request
    finish_commit: str | None = None  # the commit that merged it


def check_repository(
    repo: GitRepository,
    writer: GitWriter,
    config: Config,
    request: CutRequest,
    place: ProjectPlace | None = None,
) -> BranchState:
    """Refuse early: shallow clone, detached HEAD, wrong branch, uncommitted changes."""
    repo.head()
    if repo.is_shallow():
        if not request.unshallow:
            raise RefusedError(
                "this is a shallow clone, so the history since the last release may be missing",
                hint="in GitHub Actions set `fetch-depth: 0` on actions/checkout, "
                "or run `releaser cut --unshallow` to fetch the full history",
            )
        writer.unshallow(config.remote)
        repo.forget()  # the fetch brought the rest of the history and its tags
    state = writer.state(config.remote, fetch=False)
    if state.branch is None:
        raise RefusedError(
            "HEAD is detached, so there is no branch to release from",
            hint=f"check out a release branch ({', '.join(config.branches)}) first",
        )
    if not branch_allowed(state.branch, [*config.branches, *config.prerelease_branches]):
        raise RefusedError(
            f"'{state.branch}' is not a release branch ({', '.join(config.branches)})",
            hint="switch to a release branch, or add this one to `branches` in [tool.releaser]",
        )
    if state.dirty:
        shown = ", ".join(state.dirty[:5]) + (" ..." if len(state.dirty) > 5 else "")
        hint = "commit or stash them; a release is made from committed work only"
        place = place or ProjectPlace(repo.root, repo.root)
        if set(state.dirty) <= _release_files(place, config):
            new_changelog = " (and delete a new, untracked changelog)"
            hint = (
                "these are the files a release writes: if a `releaser cut` was killed "
                f"before its commit, run `git checkout HEAD -- {' '.join(state.dirty)}`"
                f"{new_changelog if _untracked(repo, place.in_repo(config.changelog_file)) else ''}"
                ", then "
                "run again; otherwise " + hint
            )
        raise RefusedError(f"the work tree has uncommitted changes: {shown}", hint=hint)
    return state


def _untracked(repo: GitRepository, path: str) -> bool:
    return (repo.root / path).exists() and not repo.run("ls-files", "--", path).strip()


def _release_files(place: ProjectPlace, config: Config) -> set[str]:
    """The files a release stamps or writes (as git names them, relative to the root)."""
    folder = place.folder
    files = {"pyproject.toml", config.changelog_file}
    files |= {path for e in config.version_files for path in _paths(folder, VersionFile.parse(e))}
    package = _package_init(folder, config.project_name)
    if package:
        files.add(package)
    found = {place.in_repo(f) for f in files}
    lock = _uv_lock(place)
    if config.project_version and lock is not None:
        found.add(lock)
    return found


def _uv_lock(place: ProjectPlace) -> str | None:
    """The uv.lock that pins the project (root-relative): its folder's, else the workspace's."""
    for candidate in dict.fromkeys((place.in_repo("uv.lock"), "uv.lock")):
        if (place.root / candidate).is_file():
            return candidate
    return None


def check_tag_free(
    writer: GitWriter, facts: Facts, *, push: bool, remote: Mapping[str, str] | None = None
) -> None:
    """Refuse a new release whose tag exists already, locally or on the remote.

    Such a tag sits where HEAD cannot reach it (another branch, or not fetched), so
    the version was worked out without it; found at push time, it would cost a build.
    `remote` is what `check_remote` found on the remote, the tag included, when it asked.
    """
    if facts.resume:
        return  # the tag may well exist: it is this very release's
    local = writer.has_tag(facts.tag)
    if local is not None:
        raise RefusedError(
            f"the tag {facts.tag} exists already, at {local[:7]}, which HEAD does not reach",
            hint="release from the branch that has it, or delete the stray tag "
            f"(`git tag -d {facts.tag}`) and run again",
        )
    if not push:
        return
    if remote is None:
        remote = writer.remote_refs(facts.remote, [f"refs/tags/{facts.tag}"])
    remote_tag = remote.get(f"refs/tags/{facts.tag}")
    if remote_tag is not None:
        raise RefusedError(
            f"'{facts.remote}' has the tag {facts.tag} already (at {remote_tag[:7]})",
            hint=f"fetch it (`git fetch {facts.remote} --tags`) and look: pull what is missing, "
            "then run releaser cut again",
        )


def check_remote(
    repo: GitRepository,
    writer: GitWriter,
    remote: str,
    branch: str,
    head: str,
    tags: Sequence[str] = (),
) -> dict[str, str]:
    """Refuse when the remote branch has commits HEAD lacks (a push would be rejected).

    Returns what the remote has for the branch and `tags` (ref -> commit), asked at once.
    """
    if repo.remote_url(remote) is None:
        raise RefusedError(
            f"there is no git remote called '{remote}' to push to",
            hint="add it (`git remote add origin URL`), set `remote` in [tool.releaser], "
            "or pass --no-push",
        )
    refs = writer.remote_refs(remote, [f"refs/heads/{branch}", *(f"refs/tags/{t}" for t in tags)])
    remote_head = refs.get(f"refs/heads/{branch}")
    if remote_head and remote_head != head and not repo.is_ancestor(remote_head, head):
        raise RefusedError(
            f"'{remote}/{branch}' has commits that HEAD does not have",
            hint=f"run `git pull --rebase {remote} {branch}`, then releaser cut again",
        )
    return refs


def check_credentials(env: Mapping[str, str], switches: Switches, repository: str | None) -> None:
    """Refuse when an enabled remote step has no credentials, before anything changes."""
    from releaser.adapters.github import token_from_env
    from releaser.adapters.package_index import credentials_from_env
    from releaser.adapters.trusted_publishing import (
        missing_credentials_hint,
        trusted_publishing_available,
    )

    if switches.github and switches.push and repository and token_from_env(env) is None:
        raise RefusedError(
            "no GitHub token: set GH_TOKEN or GITHUB_TOKEN",
            hint="the token needs `contents: write`; or pass --no-github to skip the release",
        )
    publishing = switches.publish and switches.build and switches.push
    if publishing and credentials_from_env(env) is None and not trusted_publishing_available(env):
        raise RefusedError(
            "no package index credentials: set PYPI_TOKEN, or TWINE_USERNAME and TWINE_PASSWORD",
            hint=missing_credentials_hint(env),
        )


def github_repository(repo: GitRepository, config: Config, env: Mapping[str, str]) -> str | None:
    """owner/name of the GitHub repository: config, GITHUB_REPOSITORY, or the remote URL."""
    if not config.repository and env.get("GITHUB_REPOSITORY"):
        found = parse_slug(env["GITHUB_REPOSITORY"])
        if found is not None:
            return found.slug
    forge = forge_repository(repo, config)
    return forge.slug if forge else None


def gather_facts(
    repo: GitRepository,
    writer: GitWriter,
    config: Config,
    request: CutRequest,
    *,
    branch: str,
    repository: str | None,
    index_url: str,
    place: ProjectPlace | None = None,
) -> Facts | None:
    """The facts of the release to make or finish; None when there is nothing to release.

    Paths in the facts (files to write, the dist folder) are relative to the repository root;
    the project's own files are found in its folder (`place`, the root by default).
    """
    place = place or ProjectPlace(repo.root, repo.root)
    head = repo.head()
    if request.finish is not None:
        merged = request.finish_commit or head
        facts = _resume_facts(
            repo, config, request.finish, branch, repository, index_url, merged, place
        )
        if merged == head:
            return facts
        return replace(
            facts,
            commit=merged,
            notices=(
                f"{facts.tag} is released where its pull request was merged ({merged[:7]}); "
                "the commits after it wait for the next run",
            ),
        )
    message = writer.head_message().strip()
    resumed = release_commit_pattern(config.commit_message).fullmatch(message)
    if resumed is not None:
        return _resume_facts(
            repo, config, resumed["version"], branch, repository, index_url, head, place
        )
    release = find_next(
        repo,
        config,
        prerelease=request.prerelease,
        force=request.force,
        pathspecs=place.pathspecs(config.project_name, config.tag_format, config.paths),
    )
    if release.version is None or release.tag is None:
        return None
    return release_facts(
        repo, config, release, branch=branch, repository=repository, index_url=index_url,
        place=place,
    )  # fmt: skip


def release_facts(
    repo: GitRepository,
    config: Config,
    release: NextRelease,
    *,
    branch: str,
    repository: str | None,
    index_url: str,
    place: ProjectPlace,
    more_notes: str = "",
    rewrite_pyproject: Callable[[str], str] | None = None,
) -> Facts:
    """The facts of the new release `release` of the project in `place`.

    `more_notes` is added to the notes (and the changelog); `rewrite_pyproject` changes
    pyproject.toml beyond its version (a workspace package's internal requirements).
    """
    version = release.version
    assert version is not None
    assert release.tag is not None
    package = place.package(config.project_name, config.tag_format, config.paths)
    options = render_options(repo, config, base=place.folder, package=package)
    notes = render_release(next_section(release, today()), options) + more_notes
    edits = [*_stamp_edits(place, config, version, release.current_version)]
    if rewrite_pyproject is not None:
        edits = _rewritten(place, edits, rewrite_pyproject)
    stamp_skipped = "the version is dynamic (the tag carries it)" if config.dynamic_version else ""
    path = changelog_file(place.folder, config.changelog_file)
    existing = read_changelog(path) or ""
    if path.suffix == ".rst":
        edits += _rst_changelog(config, existing, notes, version, release.tag, place)
    elif not has_release(existing, version.semver):
        text = insert_release(existing, notes, changelog_header(options))
        edits.append(FileEdit(place.in_repo(config.changelog_file), text, "changelog"))
    return Facts(
        version=version,
        tag=release.tag,
        previous_tag=release.current.name if release.current else None,
        resume=False,
        branch=branch,
        remote=config.remote,
        notes=notes,
        edits=tuple(edits),
        stamp_skipped=stamp_skipped,
        commit_message=_commit_message(config, version, release.current_version),
        repository=repository,
        index_url=index_url,
        project_name=config.project_name,
        dist_dir=place.in_repo(f"{config.dist_dir}/{version.pep440}"),
        sign_tags=config.sign_tags and config.annotated_tags,
        tag_message=_tag_message(config, version),
        project_dir=place.subdir,
    )


def _rewritten(
    place: ProjectPlace, edits: list[FileEdit], rewrite: Callable[[str], str]
) -> list[FileEdit]:
    """`edits` with pyproject.toml (as stamped, or as it is) passed through `rewrite`."""
    path = place.in_repo("pyproject.toml")
    stamped = next((e for e in edits if e.path == path), None)
    text = stamped.text if stamped else (place.root / path).read_text("utf-8")
    new = rewrite(text)
    if new == text:
        return edits
    what = f"{stamped.what}, dependencies" if stamped else "dependencies"
    return [e for e in edits if e.path != path] + [FileEdit(path, new, what)]


def _rst_changelog(
    config: Config, existing: str, notes: str, version: Version, tag: str, place: ProjectPlace
) -> list[FileEdit]:
    """The edit of a reStructuredText changelog (semantic-release's CHANGELOG.rst)."""
    from releaser.core.changelog_rst import update_rst

    text = update_rst(existing, notes, version.semver, tag, config.changelog_insertion_flag)
    if text is None:
        raise ConfigError(
            f"{config.changelog_file} has no line where new releases go",
            hint="set changelog-insertion-flag to the text below which releases are inserted "
            "(semantic-release's changelog.insertion_flag)",
        )
    changed = text != existing
    return [FileEdit(place.in_repo(config.changelog_file), text, "changelog")] if changed else []


def _tag_message(config: Config, version: Version) -> str:
    """The annotated tag's message; "" for a lightweight tag."""
    if not config.annotated_tags:
        return ""
    text = version.pep440 if config.tag_version_scheme == "pep440" else version.semver
    return config.tag_message.replace("{version}", text) or f"Release {text}"


def _commit_message(config: Config, version: Version, current: Version | None = None) -> str:
    message = config.commit_message.replace("{version}", version.semver)
    previous = current or config.initial
    message = message.replace("{current_version}", previous.semver)
    return message + (" [skip ci]" if config.skip_ci else "")


def _resume_facts(
    repo: GitRepository,
    config: Config,
    text: str,
    branch: str,
    repository: str | None,
    index_url: str,
    head: str,
    place: ProjectPlace,
) -> Facts:
    """Facts for finishing the release whose commit is at HEAD: nothing is bumped again."""
    try:
        version = Version.parse(text)
    except VersionError:
        raise RefusedError(
            f"HEAD looks like a release commit, but '{text}' is not a version"
        ) from None
    tag = config.tag_for(version)
    tags = [t for t in version_tags(repo.tag_refs(), config.tag_format) if t.name != tag]
    parent = (
        repo.resolve(f"{head}~1")
        if len(repo.run("rev-list", "--max-count=2", head).split()) > 1
        else None
    )
    previous = reachable_tags(repo, tags, parent)[0] if parent else None
    existing = read_changelog(changelog_file(place.folder, config.changelog_file))
    section = extract_release(existing, version.semver) if existing is not None else None
    return Facts(
        version=version,
        tag=tag,
        previous_tag=previous.name if previous else None,
        resume=True,
        branch=branch,
        remote=config.remote,
        notes=section or f"Release {version.semver}\n",
        edits=(),
        stamp_skipped="",
        commit_message=_commit_message(config, version),
        repository=repository,
        index_url=index_url,
        project_name=config.project_name,
        dist_dir=place.in_repo(f"{config.dist_dir}/{version.pep440}"),
        notices=(f"HEAD is the release commit of {version.semver}: finishing that release",),
        sign_tags=config.sign_tags and config.annotated_tags,
        tag_message=_tag_message(config, version),
        project_dir=place.subdir,
    )


def _stamp_edits(
    place: ProjectPlace, config: Config, version: Version, current: Version | None
) -> list[FileEdit]:
    """The version files to write, with their new text (PEP 440 spelling).

    A dynamic version (hatch-vcs, setuptools-scm) leaves pyproject.toml and
    `__version__` alone; configured `version-files` are still written (a hatch
    `[tool.hatch.version] path` file is where such a version lives). Paths are found in
    the project's folder and returned relative to the repository root.
    """
    edits = [
        FileEdit(place.in_repo(e.path), e.text, e.what)
        for e in _folder_edits(place.folder, config, version, current)
    ]
    lock = _uv_lock(place)
    if config.project_version and not config.dynamic_version and lock is not None:
        try:
            folder = "." if lock == place.in_repo("uv.lock") else place.subdir
            text = stamp_uv_lock(
                (place.root / lock).read_text("utf-8"), config.project_name, version.pep440, folder
            )
            edits.append(FileEdit(lock, text, "the project's entry"))
        except StampError:
            pass  # a lock without the project itself (a virtual workspace root)
    return edits


def _folder_edits(
    root: Path, config: Config, version: Version, current: Version | None
) -> list[FileEdit]:
    """The edits of the files in the project folder `root`, relative to it."""
    new = version.pep440
    edits: list[FileEdit] = []
    pyproject = root / "pyproject.toml"
    if config.project_version and not config.dynamic_version and pyproject.is_file():
        edits.append(
            FileEdit(
                "pyproject.toml",
                stamp_pyproject(pyproject.read_text("utf-8"), new),
                "[project].version",
            )
        )
    entries = [VersionFile.parse(e) for e in config.version_files]
    package = None if config.dynamic_version else _package_init(root, config.project_name)
    if package and not any(e.path == package for e in entries):
        try:
            text = stamp_variable((root / package).read_text("utf-8"), "__version__", new)
            edits.append(FileEdit(package, text, "__version__"))
        except StampError:
            pass  # the package has no literal __version__: nothing to keep in step
    old = config.project_version or (current.pep440 if current else "")
    written: dict[str, str] = {e.path: e.text for e in edits}
    for entry in entries:
        for relative in _paths(root, entry):
            try:
                text = written.get(relative) or (root / relative).read_text("utf-8")
                text = stamp_file(text, entry, new=new, old=old, tag=config.tag_for(version))
            except (OSError, StampError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) else str(exc)
                raise ConfigError(
                    f"cannot stamp the version into '{relative}' (version-files): {reason}"
                ) from None
            edit = FileEdit(relative, text, entry.variable or "version")
            edits = [edit if e.path == relative else e for e in edits]
            if relative not in written:
                edits.append(edit)
            written[relative] = text
    return edits


def _paths(root: Path, entry: VersionFile) -> list[str]:
    """The files an entry names: its path, or the files its glob matches."""
    if not entry.is_glob:
        return [entry.path]
    return sorted(p.relative_to(root).as_posix() for p in root.glob(entry.path) if p.is_file())


def _package_init(root: Path, project_name: str) -> str | None:
    if not project_name:
        return None
    package = project_name.replace("-", "_").replace(".", "_").lower()
    for candidate in (f"src/{package}/__init__.py", f"{package}/__init__.py"):
        if (root / candidate).is_file():
            return candidate
    return None
