"""Writing a version into project files: text in, text out.

pyproject.toml is edited with tomlkit so formatting and comments stay; other
files get a targeted replacement of one variable's value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class StampError(ValueError):
    """A file cannot take the version as configured."""


@dataclass(frozen=True, slots=True)
class VersionFile:
    """A configured version location: `path:variable`, or `path` (old version replaced)."""

    path: str
    variable: str | None = None

    @classmethod
    def parse(cls, entry: str) -> VersionFile:
        """Read a `version-files` entry."""
        path, sep, variable = entry.rpartition(":")
        if not sep or not re.fullmatch(r"[A-Za-z_][\w.]*", variable):
            return cls(entry)
        return cls(path, variable)


def stamp_pyproject(text: str, version: str) -> str:
    """Set `[project].version`, keeping everything else byte for byte."""
    import tomlkit

    document = tomlkit.parse(text)
    project = document.get("project")
    if project is None or "version" not in project:
        raise StampError("pyproject.toml has no [project].version to stamp")
    project["version"] = version
    return tomlkit.dumps(document)


def stamp_variable(text: str, variable: str, version: str) -> str:
    """Replace the quoted value of `variable = "..."` (or `variable: "..."`, TOML/YAML style)."""
    name = re.escape(variable.rpartition(".")[2])
    pattern = re.compile(
        rf"""(?P<head>^[ \t]*["']?{name}["']?[ \t]*(?::[^=\n]*)?[ \t]*[=:][ \t]*)"""
        r"""(?P<q>["'])(?P<old>[^"'\n]*)(?P=q)""",
        re.MULTILINE,
    )
    result, count = pattern.subn(lambda m: f"{m['head']}{m['q']}{version}{m['q']}", text, count=1)
    if count == 0:
        raise StampError(f"no quoted value for '{variable}' was found")
    return result


def stamp_literal(text: str, old: str, new: str) -> str:
    """Replace every standalone occurrence of the old version string."""
    pattern = re.compile(rf"(?<![\w.]){re.escape(old)}(?![\w]|\.\d)")
    result, count = pattern.subn(new, text)
    if count == 0:
        raise StampError(f"the current version {old} does not appear in the file")
    return result
