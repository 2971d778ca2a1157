"""Writing a version into project files: text in, text out.

TOML files are edited with tomlkit so formatting and comments stay; other files
get a targeted replacement of one variable's value, of the old version on the
lines a regex selects (commitizen), or of every occurrence of the old version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class StampError(ValueError):
    """A file cannot take the version as configured."""


@dataclass(frozen=True, slots=True)
class VersionFile:
    """A configured version location (the path may be a glob).

    `path` (every occurrence of the old version), `path:variable` (its value; a dotted
    key in a .toml file), `path:variable:tf` (the value spelt as the tag), `path:/regex/`
    (the old version on the lines the regex finds).
    """

    path: str
    variable: str | None = None
    regex: str | None = None
    tag_form: bool = False

    @classmethod
    def parse(cls, entry: str) -> VersionFile:
        """Read a `version-files` entry."""
        path, sep, rest = entry.partition(":")
        if not sep or not rest or not path:
            return cls(entry)
        if len(rest) > 1 and rest.startswith("/") and rest.endswith("/"):
            return cls(path, regex=rest[1:-1])
        tag_form = rest.endswith(":tf")
        if rest.endswith((":tf", ":nf")):
            rest = rest[:-3]
        return cls(path, rest, tag_form=tag_form)

    @property
    def is_glob(self) -> bool:
        """True when the path names files by a pattern."""
        return any(c in self.path for c in "*?[")


def stamp_file(text: str, entry: VersionFile, *, new: str, old: str, tag: str) -> str:
    """Write `new` (or `tag`, for `:tf` entries) where `entry` says; `old` is the current one."""
    if entry.regex is not None:
        return stamp_lines(text, entry.regex, old, new)
    if entry.variable is None:
        return stamp_literal(text, old, new)
    if entry.path.endswith(".toml") and "." in entry.variable:
        return stamp_toml(text, entry.variable, new)
    if entry.tag_form:  # the tag as it is spelled (SemVer `-rc.1` even when `new` is PEP 440)
        spelled = re.search(_VERSION_TEXT, tag)
        if spelled is None:
            raise StampError(f"the tag '{tag}' holds no version to write for '{entry.variable}'")
        prefix, suffix = tag[: spelled.start()], tag[spelled.end() :]
        return stamp_variable(text, entry.variable, spelled[0], prefix=prefix, suffix=suffix)
    return stamp_variable(text, entry.variable, new)


def stamp_pyproject(text: str, version: str) -> str:
    """Set `[project].version`, keeping everything else byte for byte."""
    import tomlkit

    document = tomlkit.parse(text)
    project = document.get("project")
    if project is None or "version" not in project:
        raise StampError("pyproject.toml has no [project].version to stamp")
    project["version"] = version
    return tomlkit.dumps(document)


def stamp_toml(text: str, dotted: str, version: str) -> str:
    """Set the string at a dotted key path (`tool.poetry.version`), keeping the rest as it was."""
    import tomlkit

    document = tomlkit.parse(text)
    *parents, last = dotted.split(".")
    table: object = document
    for part in parents:
        table = table.get(part) if isinstance(table, dict) else None
    if not isinstance(table, dict) or not isinstance(table.get(last), str):
        raise StampError(f"there is no string at '{dotted}'")
    table[last] = version
    return tomlkit.dumps(document)


_VERSION_TEXT = r"\d+(?:\.\d+)+(?:[-+.]?[0-9A-Za-z]+)*"


def stamp_variable(
    text: str, variable: str, version: str, *, prefix: str = "", suffix: str = ""
) -> str:
    """Replace the value of `variable`.

    First the quoted value of `variable = "..."` (or `variable: "..."`, TOML/YAML style) at
    the start of a line; failing that, as python-semantic-release does, every version
    (`prefix` + version + `suffix`, quoted or not) after the variable and `=`, `==`, `:=`,
    `:`, `@` or a space.
    """
    if not prefix and not suffix:
        name = re.escape(variable.rpartition(".")[2])
        pattern = re.compile(
            rf"""(?P<head>^[ \t]*["']?{name}["']?[ \t]*(?::[^=\n]*)?[ \t]*[=:][ \t]*)"""
            r"""(?P<q>["'])(?P<old>[^"'\n]*)(?P=q)""",
            re.MULTILINE,
        )
        result, count = pattern.subn(
            lambda m: f"{m['head']}{m['q']}{version}{m['q']}", text, count=1
        )
        if count:
            return result
    loose = re.compile(
        rf"""(?P<head>(?P<q1>["']?)(?<![\w.-]){re.escape(variable)}(?P=q1)\s*(?::=|==|[:=@ ])\s*)"""
        rf"""(?P<q>["']?){re.escape(prefix)}{_VERSION_TEXT}{re.escape(suffix)}(?P=q)""",
        re.MULTILINE,
    )
    value = f"{prefix}{version}{suffix}"
    result, count = loose.subn(lambda m: f"{m['head']}{m['q']}{value}{m['q']}", text)
    if count == 0:
        raise StampError(f"no version value for '{variable}' was found")
    return result


def stamp_lines(text: str, regex: str, old: str, new: str) -> str:
    """Replace the old version on every line `regex` finds (commitizen's `path:regex`)."""
    try:
        selects = re.compile(regex)
    except re.error as exc:
        raise StampError(f"'{regex}' is not a regex: {exc}") from None
    lines = text.splitlines(keepends=True)
    changed = 0
    for i, line in enumerate(lines):
        if old and selects.search(line) and old in line:
            lines[i] = line.replace(old, new)
            changed += 1
    if changed == 0:
        raise StampError(f"no line matching '{regex}' holds the current version {old}")
    return "".join(lines)


def stamp_uv_lock(text: str, name: str, version: str, folder: str = ".") -> str:
    """Set the version of the project's own `[[package]]` entry in uv.lock, nothing else.

    `folder` is the project's folder as the lock names it: "." for the lock's own folder,
    `packages/acme` for a member of the workspace whose lock it is.
    """
    wanted = re.sub(r"[-_.]+", "-", name).lower()
    pattern = re.compile(
        r'^\[\[package\]\]\nname = "(?P<name>[^"]+)"\nversion = "(?P<old>[^"]*)"\n'
        r'source = \{ (?:editable|virtual) = "' + re.escape(folder) + r'" \}',
        re.MULTILINE,
    )
    for match in pattern.finditer(text):
        if re.sub(r"[-_.]+", "-", match["name"]).lower() == wanted:
            return text[: match.start("old")] + version + text[match.end("old") :]
    raise StampError(f"uv.lock has no entry for the project '{name}' itself")


def stamp_literal(text: str, old: str, new: str) -> str:
    """Replace every standalone occurrence of the old version string."""
    pattern = re.compile(rf"(?<![\w.]){re.escape(old)}(?![\w]|\.\d)")
    result, count = pattern.subn(new, text)
    if count == 0:
        raise StampError(f"the current version {old} does not appear in the file")
    return result
