"""Validation of configuration tables: unknown keys and wrong types are errors.

Each error names the key, where it was found, and the closest valid key.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from releaser.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Key:
    """One allowed key: its expected type (a `list[str]` is `(list, str)`) and default."""

    kind: type | tuple[type, type]
    default: Any
    help: str = ""


def _type_name(kind: type | tuple[type, type]) -> str:
    if isinstance(kind, tuple):
        return "a list of " + {str: "strings", int: "integers", dict: "tables"}.get(
            kind[1], "values"
        )
    return {str: "a string", bool: "true or false", int: "an integer", dict: "a table"}.get(
        kind, kind.__name__
    )


def _matches(value: object, kind: type | tuple[type, type]) -> bool:
    if isinstance(kind, tuple):
        container, item = kind
        return isinstance(value, container) and all(_matches(v, item) for v in value)  # type: ignore[attr-defined]
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def validate_table(
    table: Mapping[str, object], schema: Mapping[str, Key], where: str
) -> dict[str, Any]:
    """Check `table` against `schema`; return every key's value, defaults filled in.

    Keys are spelt in kebab-case in TOML; the result uses snake_case names.
    """
    result: dict[str, Any] = {}
    for key, value in table.items():
        spec = schema.get(key)
        if spec is None:
            close = difflib.get_close_matches(key.replace("_", "-"), list(schema), n=1, cutoff=0.6)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else f"valid keys: {', '.join(sorted(schema))}"
            )
            raise ConfigError(f"unknown key '{key}' in {where}", hint=hint)
        if not _matches(value, spec.kind):
            raise ConfigError(
                f"'{key}' in {where} must be {_type_name(spec.kind)}, not {value!r}",
                hint=spec.help or None,
            )
        result[key.replace("-", "_")] = value
    for key, spec in schema.items():
        result.setdefault(key.replace("-", "_"), spec.default)
    return result
