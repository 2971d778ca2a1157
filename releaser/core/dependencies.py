"""Internal dependencies of a workspace: keeping a dependent's specifier open to a new release.

The rule (release-please's "workspace plugin", for Python requirements): when package `a`
is released as NEW and package `b` requires `a` with a specifier that excludes NEW, `b`'s
requirement is rewritten: an exact pin (`a==1.2.0`) becomes `a==NEW`; any other specifier
becomes `a>=NEW,<NEXT`, NEXT being the next release that may break `a`'s API (the next
major, or the next minor below 1.0). Extras and markers are kept. A specifier that already
lets NEW in is left alone. The same rule applies to `[project.optional-dependencies]` and
PEP 735 `[dependency-groups]`; a group is not published, so only the other two call for a
release of the dependent. Pure: the pyproject.toml text goes in, the new text comes out.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True, slots=True)
class DependencyChange:
    """One requirement rewritten so that a new release of a workspace package fits it."""

    name: str  # the required package, normalized
    old: str  # the requirement as it was written
    new: str  # the requirement as it is now
    version: str  # the release that the old one excluded
    published: bool = True  # False: only in a dependency group, not in the package's metadata


def widened(requirement: Requirement, version: str) -> str | None:
    """The requirement rewritten to let `version` in; None when it lets it in already."""
    new = Version(version)
    if requirement.specifier.contains(new, prereleases=True):
        return None
    pins = [s for s in requirement.specifier if s.operator in ("==", "===")]
    if pins and len(list(requirement.specifier)) == 1:
        specifier = f"=={version}"
    else:
        upper = f"{new.major + 1}" if new.major else f"0.{new.minor + 1}"
        specifier = f">={version},<{upper}"
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    # single quotes in markers: the requirement sits in a double-quoted TOML string
    marker = f"; {str(requirement.marker).replace(chr(34), chr(39))}" if requirement.marker else ""
    return f"{requirement.name}{extras}{specifier}{marker}"


def _requirements(data: Mapping[str, object]) -> dict[str, bool]:
    """Every requirement string of the project, and whether it is published (in
    `[project]` dependencies or extras; PEP 735 `[dependency-groups]` are not)."""
    found: dict[str, bool] = {}
    project = data.get("project")
    project = project if isinstance(project, dict) else {}
    optional = project.get("optional-dependencies", {})
    groups = data.get("dependency-groups", {})
    lists = [(project.get("dependencies", []), True)]
    lists += [(items, True) for items in optional.values()] if isinstance(optional, dict) else []
    lists += [(items, False) for items in groups.values()] if isinstance(groups, dict) else []
    for items, published in lists:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, str):  # not an `{ include-group = ... }` table
                found[item] = found.get(item, False) or published
    return found


def _quoted(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement keeping the quote character of the string literal it replaces."""
    return lambda match: match[1] + text + match[1]


def update_dependencies(
    text: str, released: Mapping[str, str], *, groups_only: bool = False
) -> tuple[str, tuple[DependencyChange, ...]]:
    """`text` (a pyproject.toml) with every requirement on a `released` package (normalized
    name -> new version) that excludes its new version widened, and what changed.

    `groups_only` leaves the published requirements alone (a package not released now).
    """
    changes: list[DependencyChange] = []
    for written, published in _requirements(tomllib.loads(text)).items():
        if groups_only and published:
            continue
        try:
            requirement = Requirement(written)
            name = canonicalize_name(requirement.name)
            version = released.get(name)
            new = widened(requirement, version) if version else None
        except (InvalidRequirement, InvalidVersion):
            continue  # not ours to judge: the build backend reports it
        if new is None or version is None:
            continue
        quoted = re.compile(r"""(["'])""" + re.escape(written) + r"\1")
        text = quoted.sub(_quoted(new), text)
        changes.append(DependencyChange(str(name), written, new, version, published))
    return text, tuple(changes)
