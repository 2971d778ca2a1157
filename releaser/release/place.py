"""Where a project lives: its folder (the configuration) inside a repository (where git lives)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from releaser.core.packages import Package


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

    def package(self, name: str, tag_format: str, paths: tuple[str, ...]) -> Package | None:
        """The project as a package of its repository; None for the top folder."""
        from releaser.core.packages import Package, normalize_name

        if not self.subdir:
            return None
        return Package(normalize_name(name or self.folder.name), self.subdir, tag_format, paths)

    def pathspecs(self, name: str, tag_format: str, paths: tuple[str, ...]) -> tuple[str, ...]:
        """The git pathspecs of the commits that count for the project: its folder and
        `paths`; none (every commit) for the whole repository without `paths`."""
        from releaser.core.packages import pathspecs

        alone = self.package(name, tag_format, paths)
        if alone is None:
            return tuple(f":(top){path}" for path in paths)
        return pathspecs(alone)

    def in_repo(self, path: str) -> str:
        """`path` (relative to the project folder) relative to the repository root."""
        return str(PurePosixPath(self.subdir) / path) if self.subdir else path
