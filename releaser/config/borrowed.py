"""Settings borrowed from another release tool's table: python-semantic-release or commitizen.

Each function turns the other tool's table into `[tool.releaser]` keys with the same meaning.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any


def from_semantic_release(table: Mapping[str, Any]) -> dict[str, Any]:
    """The settings of python-semantic-release that mean the same here."""
    result: dict[str, Any] = {}
    if isinstance(table.get("tag_format"), str):
        result["tag-format"] = table["tag_format"]
    files = [*table.get("version_variables", []), *table.get("version_toml", [])]
    files = [f for f in files if isinstance(f, str) and not f.startswith("pyproject.toml:")]
    if files:
        result["version-files"] = files
    branches = table.get("branches")
    if isinstance(branches, dict):
        result["branches"] = [
            name
            for key, branch in branches.items()
            if isinstance(branch, dict)
            for name in _branches_from_pattern(str(branch.get("match", key)))
        ]
    if isinstance(table.get("major_on_zero"), bool):
        result["major-on-zero"] = table["major_on_zero"]
    return result


def from_commitizen(table: Mapping[str, Any]) -> dict[str, Any]:
    """The settings of commitizen that mean the same here."""
    result: dict[str, Any] = {}
    tag_format = table.get("tag_format")
    if isinstance(tag_format, str):
        result["tag-format"] = re.sub(r"\$\{?version\}?", "{version}", tag_format)
    else:
        result["tag-format"] = "{version}"  # commitizen tags the bare version by default
    files = [f for f in table.get("version_files", []) if isinstance(f, str)]
    if files:
        result["version-files"] = files
    if isinstance(table.get("major_version_zero"), bool):
        result["major-on-zero"] = not table["major_version_zero"]
    return result


def _branches_from_pattern(pattern: str) -> list[str]:
    """Branch names in a semantic-release `match` regex: `(main|master)` -> both."""
    return re.findall(r"[A-Za-z0-9._/-]+", pattern.replace("^", "").replace("$", ""))
