"""Packages of one repository: which commits are whose, whose tags are whose. Pure.

A package lives in a folder of the repository (`"."` is the top folder) and may claim extra
`paths`. A commit counts for a package when it changes a file under its folder or its
paths; the top-folder package claims everything no other package's folder holds. Tags are
told apart by their format's prefix, which no two packages may share, nor extend with a digit
(`a{version}` and `a1{version}`: `a11.2.0` would be either's).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from releaser.core.tags import PLACEHOLDER

ROOT = "."


def normalize_name(name: str) -> str:
    """A distribution name as indexes compare it (PEP 503): `Acme_Core` -> `acme-core`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def default_tag_format(name: str) -> str:
    """A package's tag format unless it names one: its distribution name, `-v`, the version."""
    return f"{normalize_name(name)}-v{PLACEHOLDER}"


@dataclass(frozen=True, slots=True)
class Package:
    """One released package: its distribution name, folder, tag format and extra paths."""

    name: str  # normalized distribution name
    folder: str  # relative to the repository's top folder, forward slashes; "." is the top
    tag_format: str
    paths: tuple[str, ...] = ()  # more folders or files (from the top folder) it is made of

    @property
    def tag_prefix(self) -> str:
        """What the package's tags start with (`acme-core-v`)."""
        return self.tag_format.partition(PLACEHOLDER)[0]

    @property
    def scope_names(self) -> frozenset[str]:
        """The commit scopes that name this package (normalized): its name, its folder's
        name, and each end of its name after a dash (`core` for `acme-core`)."""
        parts = self.name.split("-")
        names = {"-".join(parts[i:]) for i in range(len(parts))}
        if self.folder != ROOT:
            names.add(normalize_name(PurePosixPath(self.folder).name))
        return frozenset(names)


def pathspecs(package: Package, others: Iterable[Package] = ()) -> tuple[str, ...]:
    """The git pathspecs of the files whose changes count for `package`.

    Paths are taken from the repository's top folder. The top-folder package leaves out
    the folders of `others`.
    """
    specs = [f":(top,literal){package.folder}"] if package.folder != ROOT else [":(top)"]
    specs += [f":(top){path}" for path in package.paths]
    if package.folder == ROOT:
        specs += [f":(top,literal,exclude){o.folder}" for o in others if o.folder != ROOT]
    return tuple(specs)


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with a set of packages, and what to do about it."""

    message: str
    hint: str


def check_packages(packages: Sequence[Package], *, own_tags: bool = True) -> list[Problem]:
    """Overlapping folders, shared names, and (when each package has tags of its own, as
    `own_tags` says) tag prefixes that are equal or extend another."""
    problems: list[Problem] = []
    for i, one in enumerate(packages):
        for other in packages[i + 1 :]:
            problems += _pair_problems(one, other, own_tags)
    return problems


def _pair_problems(one: Package, other: Package, own_tags: bool = True) -> list[Problem]:
    found = []
    if one.name == other.name:
        found.append(
            Problem(
                f"two packages are named {one.name}: {one.folder} and {other.folder}",
                "give each package its own [project] name",
            )
        )
    if _inside(one.folder, other.folder) or _inside(other.folder, one.folder):
        found.append(
            Problem(
                f"package folders overlap: {one.folder} ({one.name}) and "
                f"{other.folder} ({other.name})",
                "list folders that do not hold one another",
            )
        )
    if not own_tags:
        return found
    if one.tag_prefix == other.tag_prefix:
        found.append(
            Problem(
                f"{one.name} and {other.name} have the same tag prefix '{one.tag_prefix}', "
                "so their tags would be taken for each other's",
                'give each package its own tag-format, e.g. "{name}-v{version}"; or, to '
                "release all packages together under one version and tag, add versioning = "
                '"lockstep" to [tool.releaser] in the root pyproject.toml',
            )
        )
    else:
        short, long = sorted((one, other), key=lambda p: len(p.tag_prefix))
        rest = long.tag_prefix[len(short.tag_prefix) :]
        # a version starts with a digit: `a11.2.0` reads as `a` 11.2.0 and `a1` 1.2.0, while
        # `cli==1.2.0` is never a `{version}` tag
        if long.tag_prefix.startswith(short.tag_prefix) and rest[:1].isdigit():
            found.append(
                Problem(
                    f"the tag prefix '{short.tag_prefix}' of {short.name} is the start of "
                    f"'{long.tag_prefix}' ({long.name}), so a tag could be read as either's",
                    f"change the tag-format of {short.name} or {long.name} so that neither "
                    "prefix starts the other, e.g. end each with '-v'",
                )
            )
    return found


def _inside(inner: str, outer: str) -> bool:
    """True when folder `inner` is `outer` or below it; the top folder holds nothing here."""
    if ROOT in (inner, outer):
        return inner == outer
    return (
        PurePosixPath(inner) == PurePosixPath(outer)
        or PurePosixPath(outer) in PurePosixPath(inner).parents
    )


def package_at(packages: Iterable[Package], folder: str) -> Package | None:
    """The package whose folder is exactly `folder`."""
    return next((p for p in packages if p.folder == folder), None)
