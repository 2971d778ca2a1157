"""Tag names: the tag format (`v{version}`) both ways."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from releaser.core.version import Version, VersionError

PLACEHOLDER = "{version}"


@dataclass(frozen=True, slots=True)
class VersionTag:
    """A tag that names a version, with the commit it points at."""

    name: str
    version: Version
    sha: str
    date: str = ""  # YYYY-MM-DD of the tag (tagger date, or commit date when lightweight)

    @property
    def ref(self) -> str:
        """What to hand git for this tag: the commit sha when known, else the full ref name."""
        return self.sha or f"refs/tags/{self.name}"


def check_tag_format(tag_format: str) -> str:
    """The format itself, or a ValueError that says what is wrong with it."""
    if tag_format.count(PLACEHOLDER) != 1:
        raise ValueError(f"the tag format '{tag_format}' must contain '{PLACEHOLDER}' exactly once")
    return tag_format


def tag_name(tag_format: str, version: Version) -> str:
    """The tag for `version`: SemVer spelling inside the format."""
    return tag_format.replace(PLACEHOLDER, version.semver)


def tag_pattern(tag_format: str) -> re.Pattern[str]:
    """A regex that matches tag names of this format, capturing the version text."""
    prefix, _, suffix = check_tag_format(tag_format).partition(PLACEHOLDER)
    return re.compile(re.escape(prefix) + r"(?P<version>\d+\.\d+\.\d+\S*?)" + re.escape(suffix))


def version_of(name: str, pattern: re.Pattern[str]) -> Version | None:
    """The version a tag names, or None for tags of another kind."""
    match = pattern.fullmatch(name)
    if match is None:
        return None
    try:
        return Version.parse(match["version"])
    except VersionError:
        return None


def version_tags(refs: Iterable[tuple[str, str, str]], tag_format: str) -> list[VersionTag]:
    """Keep the (name, sha, date) refs that name a version, sorted by version then name."""
    pattern = tag_pattern(tag_format)
    found = []
    for name, sha, date in refs:
        version = version_of(name, pattern)
        if version is not None:
            found.append(VersionTag(name, version, sha, date))
    found.sort(key=lambda t: (t.version.precedence, t.name))  # compared at C speed
    return found


# A version at the end of a tag name, after any prefix (`v`, `pkg-`, `release/`).
_ANY_FORMAT = re.compile(r"(?P<prefix>(?:.*?[^\d.])?)(?P<version>\d+\.\d+\.\d+\S*)")


def tag_formats(names: Iterable[str]) -> dict[str, list[str]]:
    """The tag formats the version-naming tags among `names` follow: format -> tag names.

    Only prefixes are recognised (`v{version}`, `pkg-{version}`), which is what tags use.
    """
    found: dict[str, list[str]] = {}
    for name in names:
        tag_format = _format_of(name)
        if tag_format is not None:
            found.setdefault(tag_format, []).append(name)
    return found


def follows_format(names: Iterable[str], tag_format: str) -> bool:
    """True when a tag among `names` follows `tag_format`: `tag_format in tag_formats(names)`,
    known without reading every tag (a repository's tags mostly follow its format)."""
    prefix, placeholder, suffix = tag_format.rpartition(PLACEHOLDER)
    if not placeholder or suffix:  # only prefixes are recognised
        return False
    return any(_format_of(name) == tag_format for name in names if name.startswith(prefix))


def _format_of(name: str) -> str | None:
    """The format of a tag that names a version (`v{version}` for v1.2.0), else None."""
    match = _ANY_FORMAT.fullmatch(name)
    if match is None:
        return None
    text = match["version"]
    try:
        version = Version.parse(text)
    except VersionError:
        return None
    if text not in (version.semver, version.pep440):  # 2023.01.05 is a date, not 2023.1.5
        return None
    return match["prefix"] + PLACEHOLDER
