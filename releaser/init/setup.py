"""`releaser init`: detect the project; write `[tool.releaser]`, the release workflow, the hook.

Detection reads pyproject.toml, the package folder and the git remote. Writing
never replaces what exists without `force`: an existing `[tool.releaser]`,
workflow, or hook entry is reported as skipped. Running it twice changes nothing.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from releaser import __version__
from releaser.core.remote import parse_remote
from releaser.errors import ConfigError, GitError
from releaser.init.model import Change, write_all
from releaser.init.precommit import HOOKS_PATH, hook_change
from releaser.init.workflow import (
    ACTION_REPOSITORY,
    WORKFLOW_PATH,
    default_branch,
    workflow_text,
)

if TYPE_CHECKING:
    from releaser.config.borrowed import Borrowed

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_DUNDER = re.compile(r"^__version__\s*(?::\s*str\s*)?=\s*['\"]([^'\"]+)['\"]", re.M)


@dataclass(frozen=True)
class Project:
    """What `detect` found out about a project."""

    name: str
    version_source: str  # static, hatch-vcs, setuptools-scm, hatch (file), setuptools (attr), ...
    version: str  # the static version, or "" when it is dynamic
    package_init: str | None  # e.g. "src/pkg/__init__.py"
    has_dunder_version: bool
    repository: str | None  # owner/name of the GitHub remote
    imported_from: str | None  # e.g. "[tool.semantic_release]" or "[tool.commitizen] in .cz.toml"
    settings: dict[str, Any] = field(default_factory=dict)  # the [tool.releaser] to write
    migration: list[str] = field(default_factory=list)  # old key -> new key, or why not
    warnings: list[str] = field(default_factory=list)  # what releaser does differently


def _read_pyproject(root: Path) -> dict[str, Any]:
    path = root / "pyproject.toml"
    if not path.is_file():
        raise ConfigError(
            f"there is no pyproject.toml in {root}",
            hint="run `releaser init` in the project folder (where pyproject.toml is)",
        )
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"pyproject.toml is not valid TOML: {exc}") from None


def _version_source(data: Mapping[str, Any]) -> tuple[str, str | None]:
    """How the version is kept, and the file that holds it (for file-based dynamic versions)."""
    project = data.get("project", {})
    tool = data.get("tool", {})
    if "version" in project:
        return "static", None
    if "version" not in project.get("dynamic", []):
        return "none", None
    hatch = tool.get("hatch", {}).get("version", {})
    requires = " ".join(data.get("build-system", {}).get("requires", [])).lower()
    if hatch.get("source") == "vcs":
        return "hatch-vcs", None
    if "setuptools_scm" in tool or "setuptools-scm" in requires or "setuptools_scm" in requires:
        return "setuptools-scm", None
    if isinstance(hatch.get("path"), str):
        return "hatch (file)", hatch["path"]
    attr = tool.get("setuptools", {}).get("dynamic", {}).get("version", {}).get("attr")
    if isinstance(attr, str):
        return "setuptools (attr)", None
    return "dynamic", None


def _package_init(root: Path, name: str) -> str | None:
    module = re.sub(r"[-.]+", "_", name).lower()
    for candidate in (f"src/{module}/__init__.py", f"{module}/__init__.py"):
        if (root / candidate).is_file():
            return candidate
    return None


def _repository(root: Path) -> str | None:
    from releaser.adapters.git import GitRepository

    try:
        url = GitRepository.open(root).remote_url("origin")
    except GitError:
        return None
    found = parse_remote(url) if url else None
    return found.slug if found and found.host == "github.com" else None


def _tag_format(root: Path) -> tuple[str, list[str]]:
    """The tag format the repository's version tags follow (default `v{version}`), and notes."""
    from releaser.adapters.git import GitRepository
    from releaser.core.tags import tag_formats

    try:
        formats = tag_formats(GitRepository.open(root).tag_names())
    except GitError:
        return "v{version}", []
    if not formats or "v{version}" in formats:
        return "v{version}", []
    chosen = max(formats, key=lambda f: len(formats[f]))
    others = [name for f, names in formats.items() if f != chosen for name in names[-3:]]
    if not others:
        return chosen, []
    return chosen, [
        f"tags in other formats ({', '.join(others)}) are not releases under tag-format = "
        f'"{chosen}", the format most version tags follow; change it if that is wrong'
    ]


def _imported(root: Path, data: Mapping[str, Any]) -> Borrowed | None:
    # The same translation `load_config` applies when only the other tool is configured.
    from releaser.config.borrowed import find_borrowed

    return find_borrowed(root, data)


def detect(root: Path) -> Project:
    """Find the project's name, version source, package, GitHub remote and older config."""
    data = _read_pyproject(root)
    project = data.get("project", {})
    name = str(project.get("name", ""))
    source, version_file = _version_source(data)
    package = _package_init(root, name) if name else None
    text = (root / package).read_text(encoding="utf-8") if package else ""
    dunder = _DUNDER.search(text) is not None
    borrowed = _imported(root, data)
    tag_format, tag_notes = _tag_format(root)
    settings = {"tag-format": tag_format, **(borrowed.settings if borrowed else {})}
    if "tag-format" in (borrowed.settings if borrowed else {}):
        tag_notes = []
    files = list(settings.get("version-files", []))
    in_package = source in ("static", "none", "setuptools (attr)")
    stamped = version_file or (package if dunder and in_package else None)
    if stamped and not any(str(f).split(":")[0] == stamped for f in files):
        files.append(f"{stamped}:__version__")
    if files:
        settings["version-files"] = files
    repository = _repository(root)
    if repository:
        settings["repository"] = repository
    return Project(
        name=name,
        version_source=source,
        version=str(project.get("version", "")),
        package_init=package,
        has_dunder_version=dunder,
        repository=repository,
        imported_from=borrowed.where if borrowed else None,
        settings=settings,
        migration=borrowed.report if borrowed else [],
        warnings=[*(borrowed.warnings if borrowed else []), *tag_notes],
    )


def config_change(root: Path, project: Project, *, force: bool) -> Change:
    """pyproject.toml with `[tool.releaser]` added, every other byte kept as it was."""
    import tomlkit

    path = root / "pyproject.toml"
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    tool = document.get("tool")
    if isinstance(tool, Mapping) and "releaser" in tool and not force:
        return Change("pyproject.toml", "skipped", "[tool.releaser] exists (--force replaces it)")
    table = tomlkit.table()
    for key, value in project.settings.items():
        table[key] = value
    if tool is None:
        document["tool"] = tomlkit.table(is_super_table=True)
    document["tool"]["releaser"] = table
    detail = "[tool.releaser] " + ", ".join(project.settings)
    return Change("pyproject.toml", "updated", detail, tomlkit.dumps(document))


def _new_file(root: Path, relative: str, text: str, *, force: bool, what: str) -> Change:
    path = root / relative
    if path.exists() and not force:
        return Change(relative, "skipped", "exists (--force replaces it)")
    return Change(relative, "updated" if path.exists() else "created", what, text)


def _hooks_change(root: Path, rev: str, edited: str | None = None) -> Change:
    """The hook added to .pre-commit-config.yaml (`edited`: its text without the old tool's)."""
    path = root / HOOKS_PATH
    if edited is not None:
        change = hook_change(edited, rev)
        text = edited if change.text is None else change.text
        return Change(HOOKS_PATH, "updated", f"removed commitizen's hook; {change.detail}", text)
    return hook_change(path.read_text(encoding="utf-8") if path.exists() else None, rev)


def initialise(
    root: Path, *, force: bool = False, replace_old_tool: bool = False
) -> tuple[Project, list[Change]]:
    """Detect the project, decide the three files, then write them all or none.

    Release steps and hooks of another tool are reported, or edited out with
    `replace_old_tool`. RefusedError (exit 4) names a file that cannot be written;
    nothing is changed then.
    """
    from releaser.init.old_tool import find_old_tool, old_tool_warning, remove_old_tool

    project = detect(root)
    rev = f"v{__version__}"
    branch = default_branch(root, project.settings.get("branches", ()))
    removals = remove_old_tool(root) if replace_old_tool else []
    hooks = next((c.text for c in removals if c.path == HOOKS_PATH), None)
    changes = [c for c in removals if c.path != HOOKS_PATH]
    changes += [old_tool_warning(f) for f in ([] if replace_old_tool else find_old_tool(root))]
    changes += [
        config_change(root, project, force=force),
        _new_file(
            root,
            WORKFLOW_PATH,
            workflow_text(f"{ACTION_REPOSITORY}@{rev}", branch),
            force=force,
            what=f"uses {ACTION_REPOSITORY}@{rev} on pushes to {branch}",
        ),
        _hooks_change(root, rev, hooks),
    ]
    write_all(root, changes)
    return project, changes
