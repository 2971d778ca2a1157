"""The files of a workspace that follow a release of some of its packages.

Beyond each released package's own files, a release of workspace packages changes:
- every uv.lock that records a released package built from a folder: the root's lock of a
  uv workspace, and each package folder's own lock (packages that take their siblings from
  `path` sources), whether that folder's package is released now or not;
- the PEP 735 `[dependency-groups]` of the packages not released now, and of the root,
  whose entries exclude a new version (the rule of `releaser.core.dependencies`; groups are
  not published, so they call for no release).

API: `follow_ups(root, versions, written) -> list[FollowUp]`; `written` maps the root-relative
paths the release already writes to their new text (these are edited on top of it).
`lockstep_follow_ups(root, version, written)`: what a lockstep release (root `versioning =
"lockstep"`) writes in every package besides the root project's own files.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from releaser.config.settings import read_pyproject
from releaser.config.workspace import find_workspace
from releaser.core.dependencies import update_dependencies
from releaser.core.packages import ROOT, normalize_name
from releaser.core.stamp import StampError, stamp_pyproject, stamp_variable
from releaser.core.uv_lock import set_local_versions

LOCK = "uv.lock"


@dataclass(frozen=True)
class FollowUp:
    """One file to write: its path from the repository root, new text, and what changed."""

    path: str
    text: str
    what: str


def follow_ups(
    root: Path, versions: Mapping[str, str], written: Mapping[str, str]
) -> list[FollowUp]:
    """The locks and dependency groups that must follow `versions` (normalized name -> new
    PEP 440 version), in a stable order; only files whose text changes."""
    workspace = find_workspace(root)
    members = workspace.members if workspace is not None else ()
    folders = list(dict.fromkeys([ROOT, *(m.package.folder for m in members)]))
    found = _locks(root, folders, versions, written)
    released = {m.package.folder for m in members if m.package.name in versions}
    for folder in folders:
        pyproject = _path(folder, "pyproject.toml")
        old = _text(root, pyproject, written)
        if folder in released or pyproject in written or old is None:
            continue  # a released package's own pyproject.toml is rewritten with its release
        new, changes = update_dependencies(old, versions, groups_only=True)
        if changes:
            found.append(FollowUp(pyproject, new, "dependency groups"))
    return found


def _locks(
    root: Path, folders: Iterable[str], versions: Mapping[str, str], written: Mapping[str, str]
) -> list[FollowUp]:
    """The uv.lock of each of `folders` (the root is ROOT) whose text `versions` change."""
    found: list[FollowUp] = []
    for folder in folders:
        lock = _path(folder, LOCK)
        old = _text(root, lock, written)
        if old is not None and (new := set_local_versions(old, versions)) != old:
            found.append(FollowUp(lock, new, "the workspace packages' versions"))
    return found


def _path(folder: str, name: str) -> str:
    return name if folder == ROOT else f"{folder}/{name}"


def _text(root: Path, path: str, written: Mapping[str, str]) -> str | None:
    if path in written:
        return written[path]
    file = root / path
    return file.read_text("utf-8") if file.is_file() else None


def lockstep_follow_ups(
    root: Path, version: str, written: Mapping[str, str] | None = None
) -> list[FollowUp]:
    """What a lockstep release at `version` (PEP 440) writes beyond the root project's own
    files: each package's static `[project].version` and `__version__`, its requirements on
    the others widened (an exact pin follows), and every uv.lock entry of them all."""
    workspace = find_workspace(root)
    if workspace is None:
        return []
    written = dict(written or {})
    names = {m.package.name: version for m in workspace.members}
    own = normalize_name(str(read_pyproject(root).get("project", {}).get("name", "")))
    names.update({own: version} if own else {})
    found: list[FollowUp] = []
    for member in workspace.members:
        folder = member.package.folder
        pyproject = _path(folder, "pyproject.toml")
        text = _text(root, pyproject, written) or ""
        if member.config.project_version and not member.config.dynamic_version:
            text = stamp_pyproject(text, version)
        others = {n: v for n, v in names.items() if n != member.package.name}
        written[pyproject] = update_dependencies(text, others)[0]
        found.append(FollowUp(pyproject, written[pyproject], "[project].version, dependencies"))
        init = _version_module(member.directory, member.package.name)
        if init is not None and not member.config.dynamic_version:
            path = _path(folder, init)
            module = _text(root, path, written) or ""
            with contextlib.suppress(StampError):  # no literal __version__: nothing to keep
                found.append(
                    FollowUp(path, stamp_variable(module, "__version__", version), "__version__")
                )
    if ROOT not in {m.package.folder for m in workspace.members}:
        top = _text(root, "pyproject.toml", written)  # the root project's requirements
        widened = update_dependencies(top or "", {n: v for n, v in names.items() if n != own})[0]
        if top is not None and widened != top:
            found.append(FollowUp("pyproject.toml", widened, "dependencies"))
    folders = dict.fromkeys([ROOT, *(m.package.folder for m in workspace.members)])
    found += _locks(root, folders, names, written)
    return [f for f in found if f.text != _text(root, f.path, {})]


def _version_module(directory: Path, name: str) -> str | None:
    """The package's `__init__.py` (flat or src layout), relative to its folder."""
    module = name.replace("-", "_").replace(".", "_")
    for candidate in (f"src/{module}/__init__.py", f"{module}/__init__.py"):
        if (directory / candidate).is_file():
            return candidate
    return None
