"""The packages of one repository, and each package's settings.

Packages are listed in the root pyproject.toml: `[tool.releaser] packages` (folder globs),
else a uv workspace's `[tool.uv.workspace] members` less its `exclude`. Each package is a
folder with a pyproject.toml whose `[project] name` is the distribution name. A package's
settings are its own `[tool.releaser]` over the root's (the shared defaults), except the
keys in `OWN_KEYS`; its tag format defaults to `{name}-v{version}` (`acme-core-v1.2.0`).

API (used by the history service and the release pipeline):

- `find_workspace(repo_root) -> Workspace | None`: None when the root lists no packages;
  ConfigError for a listed folder without a pyproject.toml or a package without a name.
- `discover_packages(repo_root) -> list[Package]`: the checked packages, in listing order.
- `Workspace.members`: each `Member` has the pure `Package` (name, folder, tag format,
  paths), its `directory` and its `Config`.
- `Workspace.check(reading=)`: ConfigError for overlapping folders, shared names or tag
  prefixes; `Workspace.lockstep`: the root's `versioning = "lockstep"` (one version, one
  tag for all packages; `cut` refuses it until the release side handles it).
- `Workspace.find(name)`: the member named so (distribution name or folder), UsageError
  naming the packages there are otherwise; `Workspace.at(directory)`: the member there.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from releaser.config.settings import OWN_KEYS, Config, load_config, read_pyproject
from releaser.core.packages import (
    ROOT,
    Package,
    check_packages,
    default_tag_format,
    normalize_name,
)
from releaser.errors import ConfigError, RefusedError, UsageError

_GLOB = frozenset("*?[")


@dataclass(frozen=True)
class Member:
    """One package of the workspace: the pure model, its folder on disk, its settings."""

    package: Package
    directory: Path
    config: Config


@dataclass(frozen=True)
class Workspace:
    """The packages the repository root lists, and where it lists them."""

    root: Path
    source: str  # "[tool.releaser] packages" or "[tool.uv.workspace] members"
    members: tuple[Member, ...]
    versioning: str = "independent"  # the root's `versioning`: "lockstep" shares one version

    @property
    def lockstep(self) -> bool:
        """True when every package shares the root's one version and tag."""
        return self.versioning == "lockstep"

    @property
    def packages(self) -> list[Package]:
        """The pure models, in listing order."""
        return [m.package for m in self.members]

    def check(self, *, reading: bool = False) -> None:
        """ConfigError naming every problem of the set: overlaps, shared names or prefixes
        (not in lockstep, where the packages share the root's tags). Unless only `reading`
        the history, RefusedError for lockstep: `cut` does not release it yet."""
        problems = check_packages(self.packages, own_tags=not self.lockstep)
        if self.lockstep and not problems and not reading:
            raise RefusedError(
                'versioning = "lockstep": `releaser cut` does not release a lockstep '
                "workspace yet (next, notes and changelog read it)",
                hint="release with `versioning` left out (each package its own tags) for now",
            )
        if problems:
            more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
            raise ConfigError(
                f"{problems[0].message}{more}; listed by {self.source} in pyproject.toml",
                hint="; ".join(dict.fromkeys(p.hint for p in problems)),
            )

    def find(self, name: str) -> Member:
        """The member called `name` (distribution name or folder); UsageError otherwise."""
        wanted = normalize_name(name)
        for member in self.members:
            if wanted == member.package.name or name.strip("/") == member.package.folder:
                return member
        raise UsageError(
            f"no package named {name!r} in this repository",
            hint=f"the packages ({self.source}): {', '.join(self.names())}",
        )

    def at(self, directory: Path) -> Member | None:
        """The member whose folder is `directory`, if any."""
        where = directory.resolve()
        return next((m for m in self.members if m.directory.resolve() == where), None)

    def names(self) -> list[str]:
        """The packages' names, in listing order."""
        return [m.package.name for m in self.members]


def find_workspace(repo_root: Path) -> Workspace | None:
    """The packages the root pyproject.toml lists, each with its settings; None for none."""
    data = read_pyproject(repo_root)
    tool = data.get("tool", {})
    table = tool.get("releaser", {}) if isinstance(tool, dict) else {}
    table = table if isinstance(table, dict) else {}
    uv = tool.get("uv", {}).get("workspace") if isinstance(tool.get("uv"), dict) else None
    exclude: tuple[str, ...] = ()
    root_config = load_config(repo_root) if table else None  # validates the root's table
    versioning = root_config.versioning if root_config else "independent"
    if root_config and root_config.packages:
        source, patterns = "[tool.releaser] packages", root_config.packages
    elif isinstance(uv, dict) and uv.get("members"):
        source = "[tool.uv.workspace] members"
        patterns = tuple(str(m) for m in uv.get("members", []))
        exclude = tuple(str(e) for e in uv.get("exclude", []))
    else:
        return None
    shared = {k: v for k, v in table.items() if k not in OWN_KEYS}
    folders = _folders(repo_root, patterns, exclude, source)
    members = tuple(_member(repo_root, folder, shared, source) for folder in folders)
    formats = [m.config.tag_format for m in members]
    members = tuple(  # each package knows which tags are the others'
        replace(m, config=replace(m.config, claimed_tag_formats=_others(formats, i)))
        for i, m in enumerate(members)
    )
    return Workspace(repo_root, source, members, versioning)


def _others(formats: list[str], i: int) -> tuple[str, ...]:
    return tuple(f for j, f in enumerate(formats) if j != i and f != formats[i])


def discover_packages(repo_root: Path) -> list[Package]:
    """The packages the root lists, checked (ConfigError); empty when it lists none."""
    workspace = find_workspace(repo_root)
    if workspace is None:
        return []
    workspace.check(reading=True)
    return workspace.packages


def _folders(
    root: Path, patterns: tuple[str, ...], exclude: tuple[str, ...], source: str
) -> list[str]:
    """The folders (from the top, forward slashes) the patterns list, in order, less `exclude`."""
    left_out = {f for pattern in exclude for f in _expand(root, pattern, source, strict=False)}
    found: dict[str, None] = {}
    for pattern in patterns:
        for folder in _expand(root, pattern, source, strict=True):
            if folder not in left_out:
                found[folder] = None
    return list(found)


def _expand(root: Path, pattern: str, source: str, *, strict: bool) -> list[str]:
    clean = pattern.strip().strip("/") or ROOT
    if clean.startswith("/") or ".." in clean.split("/") or "\\" in clean:
        raise ConfigError(
            f"{source} lists {pattern!r}, which is not a folder inside the repository",
            hint='list folders from the repository\'s top folder, e.g. "packages/*"',
        )
    if not _GLOB & set(clean):
        if strict and not (root / clean / "pyproject.toml").is_file():
            raise _no_pyproject(clean, source)
        return [clean]
    folders = sorted(p for p in root.glob(clean) if p.is_dir() and not p.name.startswith("."))
    names = [p.relative_to(root).as_posix() for p in folders]
    if strict:
        for name in names:
            if not (root / name / "pyproject.toml").is_file():
                raise _no_pyproject(name, source)
    return names


def _no_pyproject(folder: str, source: str) -> ConfigError:
    return ConfigError(
        f"{folder} is listed as a package ({source}) but has no pyproject.toml",
        hint=f"add {folder}/pyproject.toml with a [project] table, or stop listing the folder",
    )


def _member(root: Path, folder: str, shared: Mapping[str, Any], source: str) -> Member:
    directory = root if folder == ROOT else root / folder
    name = read_pyproject(directory).get("project", {}).get("name")
    if not isinstance(name, str) or not name.strip():
        where = "pyproject.toml" if folder == ROOT else f"{folder}/pyproject.toml"
        raise ConfigError(
            f"{where} has no [project] name, so the package has no name ({source})",
            hint='add name = "..." under [project]: it names the package and its tags',
        )
    defaults = dict(shared)
    if "template-dir" in defaults and folder != ROOT:  # the root's folder, seen from the package
        defaults["template-dir"] = os.path.relpath(root / str(defaults["template-dir"]), directory)
    defaults["tag-format"] = default_tag_format(name)
    config = load_config(directory, defaults)
    package = Package(normalize_name(name), folder, config.tag_format, config.paths)
    return Member(package, directory, config)
