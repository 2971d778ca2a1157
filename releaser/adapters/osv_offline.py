"""An offline advisory database: a directory of OSV JSON records, matched like osv.dev does.

`OfflineOsv` loads every `*.json` record under a directory once, and answers
"which advisories affect package P at version V" by canonical PyPI name, the
`versions` list and `ECOSYSTEM` ranges (`introduced` / `fixed` /
`last_affected`), skipping withdrawn records. `make_service` wraps it as a
pip-audit `VulnerabilityService`, so pip-audit's own `Auditor` does the rest.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from releaser.core.audit import Severity
from releaser.errors import AuditToolError


@dataclass(frozen=True, slots=True)
class Advisory:
    """One OSV record that affects a queried version."""

    id: str
    aliases: tuple[str, ...]
    summary: str
    fixed_versions: tuple[str, ...]
    severity: Severity | None
    published: str | None


def _version(text: object) -> Version | None:
    try:
        return Version(str(text))
    except InvalidVersion:
        return None


def _in_range(version: Version, events: Iterable[Mapping[str, str]]) -> bool:
    """OSV's range evaluation: walk the events in version order, the last one wins."""
    keyed = []
    for event in events:
        for kind in ("introduced", "fixed", "last_affected"):
            if kind in event:
                at = Version("0") if event[kind] == "0" else _version(event[kind])
                if at is not None:
                    keyed.append((at, kind))
    affected = False
    for at, kind in sorted(keyed, key=lambda pair: pair[0]):
        if kind == "introduced" and version >= at:
            affected = True
        elif (kind == "fixed" and version >= at) or (kind == "last_affected" and version > at):
            affected = False
    return affected


def _affects(entry: Mapping[str, Any], version: Version) -> bool:
    listed = (_version(v) for v in entry.get("versions", []))
    if version in {v for v in listed if v is not None}:
        return True
    ranges = entry.get("ranges", [])
    return any(
        r.get("type") == "ECOSYSTEM" and _in_range(version, r.get("events", [])) for r in ranges
    )


def _fixed(entry: Mapping[str, Any]) -> list[str]:
    return [
        e["fixed"]
        for r in entry.get("ranges", [])
        if r.get("type") == "ECOSYSTEM"
        for e in r.get("events", [])
        if "fixed" in e
    ]


# CVSS v3.x base metrics, as the specification (FIRST, v3.1 section 7.4) weighs them.
_CVSS3 = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "UI": {"N": 0.85, "R": 0.62},
    "C": {"H": 0.56, "L": 0.22, "N": 0.0},
}
_PR = {"U": {"N": 0.85, "L": 0.62, "H": 0.27}, "C": {"N": 0.85, "L": 0.68, "H": 0.5}}


def _roundup(value: float) -> float:
    return math.ceil(round(value * 100000) / 10000) / 10


def cvss3_base_score(vector: str) -> float | None:
    """The CVSS v3.x base score of a vector such as `CVSS:3.1/AV:N/AC:L/...`; None if invalid."""
    parts = dict(p.split(":", 1) for p in vector.split("/")[1:] if ":" in p)
    try:
        scope = parts["S"]
        impact_sub = 1 - math.prod(1 - _CVSS3["C"][parts[m]] for m in ("C", "I", "A"))
        exploit = 8.22 * _CVSS3["AV"][parts["AV"]] * _CVSS3["AC"][parts["AC"]]
        exploit *= _PR[scope][parts["PR"]] * _CVSS3["UI"][parts["UI"]]
    except KeyError:
        return None
    if scope == "U":
        impact = 6.42 * impact_sub
    else:
        impact = 7.52 * (impact_sub - 0.029) - 3.25 * (impact_sub - 0.02) ** 15
    if impact <= 0:
        return 0.0
    total = impact + exploit if scope == "U" else 1.08 * (impact + exploit)
    return _roundup(min(total, 10.0))


def record_severity(record: Mapping[str, Any], entry: Mapping[str, Any]) -> Severity | None:
    """The record's severity: a label (GitHub, ecosystem-specific) or a CVSS v3 score."""
    for holder in (record.get("database_specific"), entry.get("ecosystem_specific")):
        if isinstance(holder, Mapping) and isinstance(holder.get("severity"), str):
            label = Severity.parse(holder["severity"])
            if label is not None:
                return label
    scores = []
    for item in record.get("severity", []) or []:
        score = str(item.get("score", ""))
        if score.startswith("CVSS:3"):
            scores.append(cvss3_base_score(score))
        elif score.replace(".", "", 1).isdigit():
            scores.append(float(score))
    known = [s for s in scores if s is not None]
    return Severity.from_cvss_score(max(known)) if known else None


class OfflineOsv:
    """The OSV records of one directory, indexed by canonical PyPI package name."""

    def __init__(self, directory: Path) -> None:
        """Load every `*.json` record under `directory` (AuditToolError if unreadable)."""
        if not directory.is_dir():
            raise AuditToolError(
                f"the advisory database {directory} is not a directory",
                hint="point --advisory-db (or advisory-db) at a directory of OSV JSON records",
            )
        self.directory = directory
        self.count = 0
        self._by_name: dict[str, list[dict[str, Any]]] = {}
        for path in sorted(directory.rglob("*.json")):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise AuditToolError(f"cannot read advisory {path}: {exc}") from exc
            if not isinstance(record, dict) or "id" not in record:
                raise AuditToolError(f"advisory {path} is not an OSV record (no 'id')")
            self.count += 1
            names = {
                canonicalize_name(a["package"]["name"])
                for a in record.get("affected", [])
                if a.get("package", {}).get("ecosystem") == "PyPI"
            }
            for name in names:
                self._by_name.setdefault(name, []).append(record)

    def advisories(self, name: str, version: Version) -> list[Advisory]:
        """The non-withdrawn advisories that affect `name` at `version`."""
        found = []
        for record in self._by_name.get(canonicalize_name(name), []):
            if record.get("withdrawn"):
                continue
            entries = [
                a
                for a in record.get("affected", [])
                if a.get("package", {}).get("ecosystem") == "PyPI"
                and canonicalize_name(a["package"]["name"]) == canonicalize_name(name)
            ]
            hits = [a for a in entries if _affects(a, version)]
            if not hits:
                continue
            fixed = sorted(
                {f for a in hits for f in _fixed(a)}, key=lambda v: _version(v) or Version("0")
            )
            found.append(
                Advisory(
                    id=record["id"],
                    aliases=tuple(record.get("aliases", [])),
                    summary=str(record.get("summary") or record.get("details") or "N/A"),
                    fixed_versions=tuple(fixed),
                    severity=record_severity(record, hits[0]),
                    published=record.get("published"),
                )
            )
        return found
