"""Recognising the files a killed `releaser cut` left half-written, and putting them back.

Before writing the first release file, the executor notes in the git folder which
files it will write, with the SHA-256 of each new content. A run killed before its
commit leaves that note behind; the next run finds it, checks that every such file
still holds exactly what releaser wrote (or what HEAD has), and restores them, so the
release is planned again from the committed tree. A file changed since is not ours to
discard: then the refusal names the one command that restores everything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from releaser.adapters.git_release import GitWriter
from releaser.errors import RefusedError

_NOTE = "releaser-cut-pending.json"


@dataclass(frozen=True)
class Pending:
    """Release files a killed run left behind: tracked ones to restore, new ones to delete."""

    restore: tuple[str, ...]
    delete: tuple[str, ...]

    @property
    def files(self) -> tuple[str, ...]:
        """Every file concerned."""
        return (*self.restore, *self.delete)


def note_writes(writer: GitWriter, head: str, files: Iterable[tuple[str, str, bool]]) -> None:
    """Note the files about to be written on top of `head`: (path, new text, created) each."""
    note = {
        "head": head,
        "files": {
            path: {"sha256": _digest(text.encode("utf-8")), "created": created}
            for path, text, created in files
        },
    }
    (writer.git_dir / _NOTE).write_text(json.dumps(note, indent=1) + "\n", encoding="utf-8")


def forget_writes(writer: GitWriter) -> None:
    """The release files are committed, or undone: nothing is pending any more."""
    (writer.git_dir / _NOTE).unlink(missing_ok=True)


def find_pending(writer: GitWriter, root: Path) -> Pending | None:
    """The files a killed run left half-written since HEAD; None when there are none.

    Raises RefusedError when such a file was changed after the run was killed.
    """
    try:
        note = json.loads((writer.git_dir / _NOTE).read_text(encoding="utf-8"))
        head, files = note["head"], dict(note["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if head != writer.head_sha():
        return None  # the commit was made (or HEAD moved on): the note is stale
    restore: list[str] = []
    delete: list[str] = []
    changed: list[str] = []
    for path, info in sorted(files.items()):
        target = root / path
        if not target.is_file():
            continue
        ours = _digest(target.read_bytes()) == info.get("sha256")
        if info.get("created"):
            (delete if ours else changed).append(path)
        elif ours:
            restore.append(path)
        elif writer.differs_from_head(path):
            changed.append(path)
    if changed:
        created = {p for p, info in files.items() if info.get("created")}
        command = restore_command(
            [*restore, *(p for p in changed if p not in created)],
            [*delete, *(p for p in changed if p in created)],
        )
        raise RefusedError(
            "a killed `releaser cut` left release files half-written, and "
            f"{', '.join(changed)} changed since",
            hint=f"to drop the half-written release and those changes, run `{command}`, "
            "then run `releaser cut` again",
        )
    return Pending(tuple(restore), tuple(delete)) if restore or delete else None


def restore_pending(writer: GitWriter, root: Path, pending: Pending) -> None:
    """Put the files back as HEAD has them (index and work tree); delete the new ones."""
    writer.restore(pending.restore)
    writer.unstage(pending.delete)
    for path in pending.delete:
        (root / path).unlink(missing_ok=True)
    forget_writes(writer)


def restore_command(restore: Iterable[str], delete: Iterable[str]) -> str:
    """The one shell command that restores `restore` from HEAD and deletes `delete`."""
    parts = []
    restore, delete = list(restore), list(delete)
    if restore:
        parts.append("git checkout HEAD -- " + " ".join(restore))
    if delete:
        parts.append("git reset -q -- " + " ".join(delete))
        parts.append("rm -f -- " + " ".join(delete))
    return " && ".join(parts)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
