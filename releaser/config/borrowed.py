"""Settings borrowed from another release tool: python-semantic-release or commitizen.

`find_borrowed` locates the other tool's settings where that tool looks for them;
`commitizen` and `semantic_release` turn them into `[tool.releaser]` keys with the
same meaning, plus a migration report: one line per old key saying what it became
or why it was not carried over.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from releaser.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# commitizen's own search order: its dedicated files first, pyproject.toml last.
COMMITIZEN_FILES = (".cz.toml", "cz.toml", ".cz.json", "cz.json", ".cz.yaml", "cz.yaml")
# python-semantic-release reads pyproject.toml, or the file given with `-c`, by convention:
SEMANTIC_RELEASE_FILES = ("releaserc.toml", "releaserc.json")


@dataclass
class Borrowed:
    """The other tool's settings as `[tool.releaser]` keys, and what became of each old key."""

    where: str  # e.g. "[tool.commitizen] in .cz.toml"
    settings: dict[str, Any] = field(default_factory=dict)
    report: list[str] = field(default_factory=list)  # "old_key = value -> what it became"
    warnings: list[str] = field(default_factory=list)  # what releaser will do differently
    parser: str = ""  # the other tool's commit convention, when not Conventional Commits

    def carry(self, old: str, value: object, key: str, new: object) -> None:
        """Record `old` as carried over to `key = new`."""
        self.settings[key] = new
        self.report.append(f"{old} = {_show(value)} -> {key} = {_show(new)}")

    def same(self, old: str, value: object, why: str) -> None:
        """Record `old` as needing no setting: releaser already behaves that way."""
        self.report.append(f"{old} = {_show(value)} -> (nothing to set: {why})")

    def drop(self, old: str, value: object, why: str, *, loud: bool = True) -> None:
        """Record `old` as not carried over; `loud` ones are warned about on every run."""
        self.report.append(f"{old} = {_show(value)} -> not carried over: {why}")
        if loud:
            self.warnings.append(f"{old} = {_show(value)} is not supported: {why}")


def _show(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {_show(v)}" for k, v in value.items()) + " }"
    return str(value)


def _read(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".json":
            data = json.loads(text)
        elif path.suffix in (".yaml", ".yml"):
            from ruamel.yaml import YAML

            data = YAML(typ="safe", pure=True).load(text)
        else:
            data = tomllib.loads(text)
    except Exception as exc:  # each parser has its own error type; all mean "not readable"
        raise ConfigError(f"{path.name} cannot be read: {exc}") from None
    return data if isinstance(data, dict) else {}


def _table(data: Mapping[str, Any], name: str) -> dict[str, Any] | None:
    """`[tool.<name>]` or a top-level `<name>` table."""
    found = data.get("tool", {}).get(name) if isinstance(data.get("tool"), dict) else None
    if found is None:
        found = data.get(name)
    return found if isinstance(found, dict) else None


def find_borrowed(
    project_dir: Path, pyproject: Mapping[str, Any], borrow_from: str = ""
) -> Borrowed | None:
    """The other tool's settings, looked for where that tool looks; None when there are none.

    `borrow_from` names the file explicitly (like semantic-release's `-c`).
    """
    from releaser.config.commitizen import from_commitizen
    from releaser.config.semantic_release import from_semantic_release

    if borrow_from:
        path = project_dir / borrow_from
        if not path.is_file():
            raise ConfigError(
                f"'borrow-from' names {borrow_from!r}, which does not exist",
                hint="give the path of the semantic-release or commitizen file, from the project",
            )
        data = _read(path)
        if (table := _table(data, "semantic_release")) is not None:
            return from_semantic_release(
                table, f"semantic-release settings in {path.name}", project_dir
            )
        if (table := _table(data, "commitizen")) is not None:
            return from_commitizen(table, f"commitizen settings in {path.name}", path.name)
        raise ConfigError(
            f"{borrow_from} has no semantic_release or commitizen table ('borrow-from')"
        )
    if (table := _table({"tool": pyproject.get("tool", {})}, "semantic_release")) is not None:
        return from_semantic_release(table, "[tool.semantic_release]", project_dir)
    for name in SEMANTIC_RELEASE_FILES:
        path = project_dir / name
        if path.is_file() and (table := _table(_read(path), "semantic_release")) is not None:
            return from_semantic_release(table, f"semantic-release settings in {name}", project_dir)
    for name in COMMITIZEN_FILES:
        path = project_dir / name
        if path.is_file() and (table := _table(_read(path), "commitizen")) is not None:
            return from_commitizen(table, f"[tool.commitizen] in {name}", name)
    tool = pyproject.get("tool", {})
    if isinstance(tool, dict) and isinstance(tool.get("commitizen"), dict):
        return from_commitizen(tool["commitizen"], "[tool.commitizen]", "pyproject.toml")
    return None
