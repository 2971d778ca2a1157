"""A project opened for the history: its repository, settings and tags."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from releaser.adapters.git import GitRepository
from releaser.config import Config, load_config
from releaser.config.settings import read_pyproject
from releaser.config.workspace import Member, Workspace, find_workspace
from releaser.core.history import analyse
from releaser.core.packages import ROOT, Package, normalize_name, pathspecs
from releaser.core.tags import follows_format, tag_formats, version_tags
from releaser.errors import ConfigError, RefusedError, UsageError

DEFAULT_TAG_FORMAT = "v{version}"


@dataclass(frozen=True)
class Project:
    """A project's repository and settings, opened once per command.

    The project lives in `dir`, whose pyproject.toml holds its settings; git lives in
    `root`, the repository's top folder, which may be above it. `pathspecs` say which
    files' changes count for the project (none: every commit counts).
    """

    repo: GitRepository
    config: Config
    notices: tuple[str, ...] = ()  # what the command should tell the user, e.g. a detected format
    tag_names: tuple[str, ...] | None = None  # every tag, as listed when the project was opened
    project_dir: Path | None = None  # None: the repository's top folder
    pathspecs: tuple[str, ...] = ()
    package: Package | None = None  # set for a project in a subfolder or a workspace

    @property
    def root(self) -> Path:
        """The repository's top folder."""
        return self.repo.root

    @property
    def dir(self) -> Path:
        """The project's folder: where its pyproject.toml, changelog and version files are."""
        return self.project_dir or self.repo.root


def open_project(
    project_dir: Path | None, load: Callable[[Path], Config], *, package: str | None = None
) -> Project:
    """Open the project in `project_dir` (or the nearest folder above it with a
    pyproject.toml, inside the repository) and read its settings with `load`.

    A package of a workspace (its folder, or `package` by name) gets its settings over
    the root's shared ones and only the commits that touch it. A shallow clone is
    refused: its history is cut off, so any answer would be wrong. `project_dir` None is the
    current folder; a folder named (`--project`) must hold a pyproject.toml.
    """
    project_dir = chosen_folder(project_dir)
    repo = GitRepository.open(project_dir)
    refuse_shallow(repo)
    names = tuple(repo.tag_names())
    folder = project_folder(repo.root, project_dir)
    # A root that is a project of its own and no listed package never looks at the
    # packages: it stays the whole repository's project, as without them.
    alone = package is None and folder == repo.root and _root_is_own_project(repo.root)
    workspace = None if alone else find_workspace(repo.root)
    if workspace is not None and workspace.lockstep:  # one version for all: the root's
        workspace.check(reading=True)
        if package is not None:
            workspace.find(package)  # an unknown name is still a usage error
        workspace, package, folder = None, None, repo.root
    if package is not None:
        if workspace is None:
            raise UsageError(
                f"--package {package}: this repository lists no packages",
                hint="list them in the root pyproject.toml: [tool.uv.workspace] members or "
                '[tool.releaser] packages = ["packages/*"]',
            )
        return package_project(repo, workspace, workspace.find(package), names)
    member = workspace.at(folder) if workspace is not None else None
    if workspace is not None and member is not None:
        return package_project(repo, workspace, member, names)
    if workspace is not None and folder == repo.root:
        raise UsageError(
            f"this repository holds {len(workspace.members)} packages "
            f"({', '.join(workspace.names())}) and its top folder is none of them",
            hint="name one with --package NAME, run from its folder, or see them all with "
            "`releaser next --all`",
        )
    config, notices = settle_tag_format(names, load(folder))
    if folder == repo.root:  # the whole repository, or only its `paths`
        specs = tuple(f":(top){path}" for path in config.paths)
        return Project(repo, config, notices, names, folder, specs)
    name = normalize_name(config.project_name or folder.name)
    own = Package(name, folder.relative_to(repo.root).as_posix(), config.tag_format, config.paths)
    return Project(repo, config, notices, names, folder, pathspecs(own), own)


def open_packages(project_dir: Path | None, names: Sequence[str] = ()) -> list[Project]:
    """Every package of the repository holding `project_dir` (or those `names` name),
    in listing order; UsageError when the repository lists no packages."""
    repo = GitRepository.open(chosen_folder(project_dir))
    refuse_shallow(repo)
    workspace = find_workspace(repo.root)
    if workspace is None:
        raise UsageError(
            "this repository lists no packages",
            hint="list them in the root pyproject.toml: [tool.uv.workspace] members or "
            '[tool.releaser] packages = ["packages/*"]',
        )
    workspace.check(reading=True)
    tags = tuple(repo.tag_names())
    members = [workspace.find(n) for n in names] if names else list(workspace.members)
    unique = {m.package.name: m for m in members}.values()
    if workspace.lockstep:  # every package is the root's project, at its one version
        config, notices = settle_tag_format(tags, load_config(repo.root))
        shared = Project(repo, config, notices, tags, repo.root)
        listed = [m.package for m in unique]
        if not names and config.project_name and ROOT not in {p.folder for p in listed}:
            own = Package(normalize_name(config.project_name), ROOT, config.tag_format)
            listed.insert(0, own)  # a root that is a package itself is released with them
        return [replace(shared, package=p) for p in listed]
    return [package_project(repo, workspace, m, tags) for m in unique]


def virtual_root(project_dir: Path | None) -> Workspace | None:
    """The workspace, when `project_dir` is the top folder of a repository whose root lists
    packages and is no project of its own (a virtual root): commands there speak for every
    package, or ask which one."""
    folder = chosen_folder(project_dir)
    repo = GitRepository.open(folder)
    if project_folder(repo.root, folder) != repo.root or _root_is_own_project(repo.root):
        return None
    workspace = find_workspace(repo.root)
    if workspace is not None:
        workspace.check(reading=True)
    return None if workspace is None or workspace.lockstep else workspace


def package_of_tag(workspace: Workspace, tag: str) -> str | None:
    """The name of the package whose tag format `tag` follows (prefixes never start one
    another, so at most one does)."""
    for member in workspace.members:
        if version_tags(((tag, "", ""),), member.config.tag_format):
            return member.package.name
    return None


def package_project(
    repo: GitRepository, workspace: Workspace, member: Member, names: tuple[str, ...]
) -> Project:
    """One package of `workspace` as a project: its own settings, tags and commits."""
    workspace.check(reading=True)
    others = [p for p in workspace.packages if p != member.package]
    specs = pathspecs(member.package, others)
    config, notices = settle_tag_format(names, member.config)
    return Project(repo, config, notices, names, member.directory, specs, member.package)


def chosen_folder(given: Path | None) -> Path:
    """The folder `--project` names, which must hold a pyproject.toml or be a repository's
    top folder (ConfigError naming it otherwise: nothing falls back to another folder);
    without `--project`, the current folder (the nearest project above it counts).
    """
    if given is None:
        return Path(".")
    if not given.is_dir():
        raise ConfigError(
            f"--project {given}: there is no folder {given}",
            hint="point --project at the folder that holds the project's pyproject.toml",
        )
    if not (given / "pyproject.toml").is_file() and not (given / ".git").exists():
        below = sorted(p.parent.name for p in given.glob("*/pyproject.toml"))
        inside = f"; inside it: {', '.join(str(given / b) for b in below[:5])}" if below else ""
        raise ConfigError(
            f"--project {given}: {given.resolve()} has no pyproject.toml, so it is no project",
            hint="point --project at the folder that holds the project's pyproject.toml"
            f"{inside}, or leave --project out to use the nearest one above the current folder",
        )
    return given


def project_folder(root: Path, start: Path) -> Path:
    """The nearest folder from `start` up to `root` with a pyproject.toml; else `root`."""
    here = start.resolve()
    top = root.resolve()
    for folder in (here, *here.parents):
        if not folder.is_relative_to(top):
            break
        if (folder / "pyproject.toml").is_file():
            return root / folder.relative_to(top)
    return root


def _root_is_own_project(root: Path) -> bool:
    """True when the root's pyproject.toml has a [project] table (it is no virtual
    workspace root) and `[tool.releaser] packages` does not list the root itself."""
    data = read_pyproject(root)
    tool = data.get("tool", {})
    table = tool.get("releaser", {}) if isinstance(tool, dict) else {}
    listed = table.get("packages", []) if isinstance(table, dict) else []
    on_list = isinstance(listed, list) and any(str(p).strip("/ ") in (".", "") for p in listed)
    return "project" in data and not on_list


def settle_tag_format(names: Iterable[str], config: Config) -> tuple[Config, tuple[str, ...]]:
    """`config` with the tag format the version tags among `names` follow, and what to say.

    When no tag follows `tag-format` but other tags name versions, the default format
    gives way to the one format those tags share; otherwise ConfigError names the tags.
    The tags of a workspace's other packages (`claimed_tag_formats`) are never this one's.
    """
    claimed = config.claimed_tag_formats  # a workspace's other packages: their tags
    names = tuple(names)
    if config.tag_format not in claimed and follows_format(names, config.tag_format):
        return config, ()  # the usual case, seen at the first tag of the format
    formats = {f: n for f, n in tag_formats(names).items() if f not in claimed}
    if not formats or config.tag_format in formats:
        return config, ()

    line = f'tag-format = "{config.tag_format}"'
    if len(formats) == 1 and config.tag_format == DEFAULT_TAG_FORMAT:
        ((found, names),) = formats.items()
        notice = (
            f"no tag matches {line}, but {len(names)} tag(s) such as {names[-1]} name versions: "
            f'using tag-format = "{found}" (write it in [tool.releaser] to make it explicit)'
        )
        return replace(config, tag_format=found), (notice,)
    shown = ", ".join(name for names in formats.values() for name in names[-3:])
    choices = " or ".join(f'tag-format = "{f}"' for f in formats)
    raise ConfigError(
        f"no tag matches {line}, but these tags name versions: {shown}",
        hint=f"say which tags are this project's releases: add {choices} "
        "to [tool.releaser] in pyproject.toml",
    )


def parser_notice(root: Path, config: Config, last: int = 200) -> str | None:
    """How many recent commits releaser can read, when the old tool used another convention."""
    if not config.foreign_parser:
        return None
    repo = GitRepository.open(root)
    commits = list(repo.log(repo.head(), max_count=last, no_merges=True))
    parsed = len(commits) - len(analyse(commits).noise)
    return (
        f"{parsed} of the last {len(commits)} commits parse as Conventional Commits; the "
        f"others (written for {config.foreign_parser}) bump nothing and are left out"
    )


def refuse_shallow(repo: GitRepository) -> None:
    """RefusedError for a shallow clone, whose history may end before the last release."""
    if repo.is_shallow():
        raise RefusedError(
            "this is a shallow clone, so the history since the last release may be missing "
            "and any answer could be wrong",
            hint="fetch the whole history first: `git fetch --unshallow --tags` "
            "(in GitHub Actions, set `fetch-depth: 0` on actions/checkout)",
        )
