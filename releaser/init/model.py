"""What `releaser init` decides for each file, and the all-or-nothing write of those decisions."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from releaser.errors import RefusedError


@dataclass(frozen=True)
class Change:
    """One file `init` writes or leaves alone, and why."""

    path: str
    action: str  # "created", "updated", "skipped"
    detail: str
    text: str | None = None  # the file's new content; None when it is left alone


def write_all(root: Path, changes: Sequence[Change]) -> None:
    """Write every change, or none: stage each next to its target first, then rename them all.

    A target that cannot be written (a read-only file or folder, a file where a folder must
    be) is found while staging, before any target changed; RefusedError names it.
    """
    staged: list[tuple[Path, Path]] = []
    made: list[Path] = []
    current = ""
    try:
        for change in changes:
            if change.text is not None:
                current = change.path
                staged.append(_stage(root / change.path, change.text, made))
    except OSError as exc:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        for folder in reversed(made):
            folder.rmdir()
        raise RefusedError(
            f"cannot write {current}: {exc.strerror or exc}; nothing was changed",
            hint="make it writable (or move what is in the way) and run `releaser init` again",
        ) from None
    for temporary, target in staged:
        os.replace(temporary, target)


def _stage(target: Path, text: str, made: list[Path]) -> tuple[Path, Path]:
    missing = [p for p in (target.parent, *target.parent.parents) if not p.is_dir()]
    for folder in reversed(missing):
        if folder.exists():
            raise NotADirectoryError(20, f"{folder.name} is a file, not a folder")
        folder.mkdir()
        made.append(folder)
    if target.exists() and not os.access(target, os.W_OK):
        raise PermissionError(13, "Permission denied")
    temporary = target.with_name(f".{target.name}.releaser-init-{os.getpid()}")
    mode = (target.stat().st_mode & 0o777) if target.exists() else 0o666
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    if target.exists():
        os.chmod(temporary, mode)  # keep the target's mode, whatever the umask
    return temporary, target
