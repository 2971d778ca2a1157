"""Where a dependency is pinned, and the smallest edit that moves it to a fixed version.

Pure code over file texts: requirement files (`requests==2.19.0  # comment`) and
pyproject.toml (`"requests>=2,<3",` in `[project] dependencies` or an extra). SARIF uses
`locate` to point at the line; `audit --fix` uses `raise_to` to rewrite it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_NAME = re.compile(r"\s*[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\])?")
_CLAUSE = re.compile(r"(===|==|~=|!=|<=|>=|<|>)(\s*)([A-Za-z0-9_.*+!-]+)")


class PinError(ValueError):
    """A pin that cannot be located or changed; the message says why."""


@dataclass(frozen=True, slots=True)
class Pin:
    """One requirement as written: its line (1-based) and the requirement text on it."""

    line: int
    line_text: str
    requirement: str
    hashed: bool = False  # the requirement carries --hash options (a hash-locked file)


def _requirement_lines(text: str) -> Iterator[tuple[int, str, str, bool]]:
    """(line number, line, requirement part, hashed) for each requirement of a requirements file."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        body = re.split(r"(?:^|\s)#", line, maxsplit=1)[0].rstrip()
        if not body or body.lstrip().startswith("-"):
            continue
        follow = body.endswith("\\")
        rest = " ".join(lines[index + 1 : index + 8]) if follow else ""
        requirement = re.split(r"\s--?[a-z]", body.rstrip("\\").rstrip(), maxsplit=1)[0]
        yield index + 1, line, requirement.strip(), "--hash" in body + rest


def _name_of(requirement: str) -> str | None:
    try:
        return canonicalize_name(Requirement(requirement).name)
    except InvalidRequirement:
        return None


def locate_in_requirements(text: str, name: str) -> Pin | None:
    """The line of a requirements file that names `name`, or None."""
    wanted = canonicalize_name(name)
    for number, line, requirement, hashed in _requirement_lines(text):
        if _name_of(requirement) == wanted:
            return Pin(number, line, requirement, hashed)
    return None


def _declared(data: dict[str, object]) -> Iterable[str]:
    project = data.get("project")
    if not isinstance(project, dict):
        return []
    found = [d for d in project.get("dependencies", []) or [] if isinstance(d, str)]
    extras = project.get("optional-dependencies", {})
    for group in extras.values() if isinstance(extras, dict) else []:
        found += [d for d in group if isinstance(d, str)] if isinstance(group, list) else []
    return found


def locate_in_pyproject(text: str, name: str) -> Pin | None:
    """The line of pyproject.toml whose `[project]` dependency string names `name`, or None.

    PinError when the file is not valid TOML.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PinError(f"it is not valid TOML ({exc})") from exc
    wanted = canonicalize_name(name)
    for requirement in _declared(data):
        if _name_of(requirement) != wanted:
            continue
        for index, line in enumerate(text.splitlines()):
            if f'"{requirement}"' in line or f"'{requirement}'" in line:
                return Pin(index + 1, line, requirement)
    return None


def locate_in_pylock(text: str, name: str) -> Pin | None:
    """The `name = "..."` line of a pylock.toml package entry, or None."""
    wanted = canonicalize_name(name)
    for index, line in enumerate(text.splitlines()):
        found = re.match(r'\s*name\s*=\s*["\']([^"\']+)["\']', line)
        if found and canonicalize_name(found.group(1)) == wanted:
            return Pin(index + 1, line, found.group(1), hashed=True)
    return None


def fix_version(installed: str, fixed_by_advisory: Iterable[Iterable[str]]) -> str | None:
    """The lowest version above `installed` that every advisory calls fixed; None if unknown.

    Each advisory may list fixes on several branches (1.2.5, 2.0.1): the nearest above
    the installed version counts.
    """
    try:
        current = Version(installed)
    except InvalidVersion:
        return None
    needed: list[Version] = []
    for fixes in fixed_by_advisory:
        above = [v for v in _versions(fixes) if v > current]
        if not above:
            return None
        needed.append(min(above))
    return str(max(needed)) if needed else None


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _versions(texts: Iterable[str]) -> Iterator[Version]:
    return (v for v in map(_version, texts) if v is not None)


def raise_to(requirement: str, installed: str, fix: str) -> str:
    """`requirement` rewritten as little as possible so that it admits `fix` and not `installed`.

    `==x` and `===x` become `==fix`, lower bounds (`>=x`, `>x`, `~=x`) move to the fix,
    other clauses stay; a requirement without a lower bound gains `>=fix`. PinError when
    the result would still exclude the fix (an upper bound below it) or cannot be written.
    """
    head = _NAME.match(requirement)
    if head is None or "@" in requirement.split(";")[0]:
        raise PinError(f"`{requirement}` is not a name with version clauses")
    marker_at = requirement.find(";")
    end = marker_at if marker_at >= 0 else len(requirement)
    spec = requirement[head.end() : end]
    moved = False

    def edit(clause: re.Match[str]) -> str:
        nonlocal moved
        op, space, version = clause.groups()
        if op in ("==", "===") and "*" not in version:
            moved = True
            return f"=={space}{fix}"
        if op in (">=", ">", "~="):
            moved = True
            return f"{'~=' if op == '~=' else '>='}{space}{fix}"
        return clause.group(0)

    new_spec = _CLAUSE.sub(edit, spec)
    if not moved:
        stripped = new_spec.rstrip()
        joiner = "," if _CLAUSE.search(stripped) else ""
        new_spec = f"{stripped}{joiner}>={fix}" + new_spec[len(stripped) :]
    changed = requirement[: head.end()] + new_spec + requirement[end:]
    try:
        specifier = Requirement(changed).specifier
    except InvalidRequirement as exc:
        raise PinError(f"cannot rewrite `{requirement}`: {exc}") from exc
    if not specifier.contains(fix, prereleases=True) or specifier.contains(
        installed, prereleases=True
    ):
        raise PinError(
            f"`{requirement}` has bounds that exclude {fix}: widen them by hand",
        )
    return changed
