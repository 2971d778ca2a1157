"""Where a project lives: its folder (the configuration) inside a repository (where git lives)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class ProjectPlace:
    """A project folder and the repository's top folder that holds it (both absolute)."""

    root: Path
    folder: Path

    @classmethod
    def find(cls, start: Path, root: Path) -> ProjectPlace:
        """The project holding `start`: the nearest folder up to `root` with a pyproject.toml.

        `releaser cut --project pkg`, or run inside `pkg/src/`, both mean `pkg/` when it has
        the pyproject.toml; without one on the way up, the project is the repository.
        """
        root = root.resolve()
        here = start.resolve()
        if not here.is_relative_to(root):
            return cls(root, root)
        for folder in (here, *here.parents):
            if (folder / "pyproject.toml").is_file() or folder == root:
                return cls(root, folder)
        return cls(root, root)  # pragma: no cover - the loop always reaches the root

    @property
    def subdir(self) -> str:
        """The folder relative to the root, posix-spelt; "" for the root itself."""
        relative = self.folder.relative_to(self.root).as_posix()
        return "" if relative == "." else relative

    def in_repo(self, path: str) -> str:
        """`path` (relative to the project folder) relative to the repository root."""
        return str(PurePosixPath(self.subdir) / path) if self.subdir else path
