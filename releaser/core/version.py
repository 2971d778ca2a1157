"""Versions: SemVer 2.0.0 values with a PEP 440 form, bump levels, the next version.

One `Version` value gives both spellings: `semver` for tags (1.3.0-rc.1) and
`pep440` for Python packaging (1.3.0rc1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from functools import total_ordering

_SEMVER = re.compile(
    r"(?P<major>0|[1-9]\d*)\.(?P<minor>0|[1-9]\d*)\.(?P<patch>0|[1-9]\d*)"
    r"(?:-(?P<pre>(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)"
    r"(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+(?P<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
)
# PEP 440 spells these three pre-release phases; SemVer keeps the user's token.
_PEP440_PHASE = {"alpha": "a", "a": "a", "beta": "b", "b": "b", "rc": "rc", "c": "rc"}
_SEMVER_TOKEN = {"a": "alpha", "b": "beta", "rc": "rc"}


class Bump(IntEnum):
    """How much a change moves the version; the biggest bump wins (`max`)."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def label(self) -> str:
        """Lower-case name: none, patch, minor, major."""
        return self.name.lower()


class VersionError(ValueError):
    """Text that is not a version, or a version Python packaging cannot express."""


def _identifier_key(part: str) -> tuple[int, int, str]:
    # SemVer §11.4: numeric identifiers sort numerically and below alphanumeric ones.
    return (0, int(part), "") if part.isdigit() else (1, 0, part)


@total_ordering
@dataclass(frozen=True, slots=True)
class Version:
    """A SemVer 2.0.0 version; equality and order ignore build metadata (§10)."""

    major: int
    minor: int
    patch: int
    prerelease: tuple[str, ...] = ()
    build: tuple[str, ...] = ()
    # Precedence key, computed once: sorting thousands of tags compares it many times.
    _order: tuple[int, int, int, int, tuple[tuple[int, int, str], ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # A release sorts above all of its pre-releases (§11.3).
        order = (
            self.major,
            self.minor,
            self.patch,
            0 if self.prerelease else 1,
            tuple(map(_identifier_key, self.prerelease)),
        )
        object.__setattr__(self, "_order", order)

    @property
    def precedence(self) -> tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]:
        """What versions sort by (SemVer §11): equal for equal versions, whatever the build."""
        return self._order

    @classmethod
    def parse(cls, text: str) -> Version:
        """Parse SemVer (`1.3.0-rc.1+b5`) or, failing that, PEP 440 (`1.3.0rc1`)."""
        match = _SEMVER.fullmatch(text.strip())
        if match is not None:
            pre, build = match["pre"], match["build"]
            return cls(
                int(match["major"]),
                int(match["minor"]),
                int(match["patch"]),
                tuple(pre.split(".")) if pre else (),
                tuple(build.split(".")) if build else (),
            )
        return cls._from_pep440(text)

    @classmethod
    def _from_pep440(cls, text: str) -> Version:
        from packaging.version import InvalidVersion
        from packaging.version import Version as Pep440

        try:
            pep = Pep440(text)
        except InvalidVersion:
            raise VersionError(f"'{text}' is not a SemVer or PEP 440 version") from None
        if pep.epoch or pep.post is not None or pep.dev is not None or len(pep.release) > 3:
            raise VersionError(f"'{text}' has PEP 440 parts SemVer cannot express")
        major, minor, patch = (*pep.release, 0, 0)[:3]
        pre = (_SEMVER_TOKEN[pep.pre[0]], str(pep.pre[1])) if pep.pre else ()
        build = tuple(pep.local.split(".")) if pep.local else ()
        return cls(major, minor, patch, pre, build)

    @property
    def is_prerelease(self) -> bool:
        """True for versions with a pre-release part (1.3.0-rc.1)."""
        return bool(self.prerelease)

    @property
    def final(self) -> Version:
        """The release this pre-release leads to (1.3.0 for 1.3.0-rc.1)."""
        return Version(self.major, self.minor, self.patch)

    @property
    def semver(self) -> str:
        """The SemVer spelling, used in tags."""
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + ".".join(self.prerelease)
        if self.build:
            text += "+" + ".".join(self.build)
        return text

    @property
    def pep440(self) -> str:
        """The PEP 440 spelling Python packaging sees (1.3.0rc1, 1.3.0+b5)."""
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += _pep440_pre(self.prerelease, self.semver)
        if self.build:
            text += "+" + ".".join(part.replace("-", ".") for part in self.build)
        return text

    def __str__(self) -> str:
        return self.semver

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._order == other._order

    def __hash__(self) -> int:
        return hash(self._order)

    def __lt__(self, other: Version) -> bool:
        return self._order < other._order

    def bump(self, level: Bump, *, major_on_zero: bool = False) -> Version:
        """The final release `level` above this one's final release.

        On 0.x a breaking change bumps the minor part unless `major_on_zero`.
        """
        if level is Bump.MAJOR and self.major == 0 and not major_on_zero:
            level = Bump.MINOR
        if level is Bump.MAJOR:
            return Version(self.major + 1, 0, 0)
        if level is Bump.MINOR:
            return Version(self.major, self.minor + 1, 0)
        if level is Bump.PATCH:
            return Version(self.major, self.minor, self.patch + 1)
        return self.final


def _pep440_pre(prerelease: tuple[str, ...], semver: str) -> str:
    if len(prerelease) == 2 and prerelease[0].lower() in _PEP440_PHASE and prerelease[1].isdigit():
        return f"{_PEP440_PHASE[prerelease[0].lower()]}{int(prerelease[1])}"
    raise VersionError(
        f"the pre-release '{semver}' has no PEP 440 form: use alpha.N, beta.N or rc.N"
    )


def check_prerelease_token(token: str) -> str:
    """The token as used in tags; an error when Python packaging cannot express it."""
    lowered = token.strip().lower()
    if lowered not in _PEP440_PHASE:
        raise VersionError(
            f"'{token}' is not a pre-release phase Python packaging knows: "
            "use alpha (a), beta (b) or rc"
        )
    return {"a": "alpha", "b": "beta", "c": "rc"}.get(lowered, lowered)


def next_version(
    base: Version,
    level: Bump,
    *,
    existing: Iterable[Version] = (),
    prerelease: str | None = None,
    major_on_zero: bool = False,
    first_prerelease: int = 1,
    pending: Version | None = None,
) -> Version | None:
    """The version after the final release `base` for changes of `level`; None when none is due.

    `level` is the bump of every change since `base`, so a final release after
    pre-releases (1.3.0-rc.2 -> 1.3.0) covers all of them. `existing` versions
    (every tag, reachable or not) number the pre-releases, so no tag name repeats;
    the first is numbered `first_prerelease`.

    `pending` is a version already on its way above `base`: the highest pre-release
    reachable from HEAD, or the version pyproject states before the first tag. The
    answer is never below it: changes that call for no more than its final release
    finalize it or continue its pre-release chain; a pending pre-release is finalized
    even when nothing since `base` calls for a release.
    """
    if level is Bump.NONE:
        if pending is None or not pending.is_prerelease or prerelease is not None:
            return None
        return pending.final
    target = base.bump(level, major_on_zero=major_on_zero)
    if pending is not None and pending.final > target:
        target = pending.final
    if prerelease is None:
        return target
    token = check_prerelease_token(prerelease)
    numbers = [
        int(v.prerelease[1])
        for v in existing
        if v.final == target
        and len(v.prerelease) == 2
        and v.prerelease[0].lower() == token
        and v.prerelease[1].isdigit()
    ]
    number = max(numbers, default=first_prerelease - 1) + 1
    version = Version(target.major, target.minor, target.patch, (token, str(number)))
    if pending is not None and pending.is_prerelease and version < pending:
        raise VersionError(
            f"a {token} pre-release would be {version.semver}, below {pending.semver}, "
            f"which is already released: continue with --prerelease {pending.prerelease[0]} "
            "or a later phase"
        )
    return version
