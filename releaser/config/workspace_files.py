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
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from releaser.config.workspace import find_workspace
from releaser.core.dependencies import update_dependencies
from releaser.core.packages import ROOT
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
    found: list[FollowUp] = []
    for folder in folders:
        lock = _path(folder, LOCK)
        old = _text(root, lock, written)
        if old is not None:
            new = set_local_versions(old, versions)
            if new != old:
                found.append(FollowUp(lock, new, "the workspace packages' versions"))
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


def _path(folder: str, name: str) -> str:
    return name if folder == ROOT else f"{folder}/{name}"


def _text(root: Path, path: str, written: Mapping[str, str]) -> str | None:
    if path in written:
        return written[path]
    file = root / path
    return file.read_text("utf-8") if file.is_file() else None
