"""Checks of single [tool.releaser] values beyond their type: choices, regexes, paths."""

from __future__ import annotations

import re
from typing import Any

from releaser.errors import ConfigError

_CHOICES = {
    "squash-commits": ("auto", "always", "never", "semantic-release", "commitizen"),
    "changelog-prereleases": ("fold", "keep"),
    "changelog-ranges": ("reachable", "log-order"),
    "release-via": ("push", "pr"),
    "versioning": ("independent", "lockstep"),
}


def check_choices(values: dict[str, Any], where: str) -> None:
    """The keys with a fixed set of values, and the squash pattern."""
    for key, allowed in _CHOICES.items():
        if values[key.replace("-", "_")] not in allowed:
            options = ", ".join(f'"{a}"' for a in allowed)
            raise ConfigError(f"'{key}' in {where} must be one of {options}")
    try:
        re.compile(values["squash_pattern"])
    except re.error as exc:
        raise ConfigError(f"'squash-pattern' in {where} is not a regex: {exc}") from None


def check_patterns(patterns: tuple[str, ...], where: str) -> None:
    """Each of `exclude-commit-patterns` is a regex."""
    try:
        for pattern in patterns:
            re.compile(pattern)
    except re.error as exc:
        raise ConfigError(
            f"'exclude-commit-patterns' in {where}: {exc.pattern!r} is not a regex: {exc}"
        ) from None


def check_relative(key: str, paths: tuple[str, ...], where: str) -> None:
    """Paths from the repository's top folder: forward slashes, never above it."""
    for path in paths:
        parts = path.replace("\\", "/").split("/")
        if not path.strip() or path.startswith("/") or "\\" in path or ".." in parts:
            raise ConfigError(
                f"'{key}' in {where}: {path!r} is not a path inside the repository",
                hint="write paths from the repository's top folder with forward slashes, "
                'e.g. "shared/protocol/"',
            )
