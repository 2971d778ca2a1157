"""An offline advisory database: a directory of OSV JSON records, matched like osv.dev does.

`OfflineOsv` loads every `*.json` record under a directory (and every record inside a
`*.zip` there, such as OSV's own `all.zip`) once, checks the fields it reads, and answers
"which advisories affect package P at version V" by canonical PyPI name, the
`versions` list and `ECOSYSTEM` ranges (`introduced` / `fixed` /
`last_affected`), skipping withdrawn records. No records at all, or a malformed one, is
an `AuditToolError`: the auditor is unavailable and the gate fails closed. pip_audit.py
wraps it as a pip-audit `VulnerabilityService`, so pip-audit's own `Auditor` does the rest.
"""

from __future__ import annotations

import functools
import json
import math
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
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


def _invalid(where: str, field: str, wanted: str) -> AuditToolError:
    return AuditToolError(
        f"advisory {where} is not a valid OSV record: field '{field}' must be {wanted}",
        hint="fix or remove the record, or refresh the database from osv.dev "
        "(https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip)",
    )


def _check_record(record: object, where: str) -> dict[str, Any]:
    """The record itself when its shape is what OSV 1.x says; else AuditToolError naming the field.

    Only the fields releaser reads are checked: id, affected[].package, versions, ranges.
    """
    if not isinstance(record, dict):
        raise _invalid(where, "(record)", "a JSON object")
    if not isinstance(record.get("id"), str) or not record["id"]:
        raise _invalid(where, "id", "a non-empty string")
    affected = record.get("affected", [])
    if not isinstance(affected, list):
        raise _invalid(where, "affected", "a list")
    for i, entry in enumerate(affected):
        at = f"affected[{i}]"
        if not isinstance(entry, dict):
            raise _invalid(where, at, "an object")
        package = entry.get("package")
        if not isinstance(package, dict):
            raise _invalid(where, f"{at}.package", "an object")
        for key in ("ecosystem", "name"):
            if not isinstance(package.get(key), str) or not package[key]:
                raise _invalid(where, f"{at}.package.{key}", "a non-empty string")
        versions = entry.get("versions", [])
        if not isinstance(versions, list) or not all(isinstance(v, str) for v in versions):
            raise _invalid(where, f"{at}.versions", "a list of strings")
        ranges = entry.get("ranges", [])
        if not isinstance(ranges, list):
            raise _invalid(where, f"{at}.ranges", "a list")
        for j, found in enumerate(ranges):
            _check_range(found, where, f"{at}.ranges[{j}]")
    return record


def _check_range(found: object, where: str, at: str) -> None:
    if not isinstance(found, dict) or not isinstance(found.get("type"), str):
        raise _invalid(where, at, "an object with a string 'type'")
    events = found.get("events")
    if not isinstance(events, list):
        raise _invalid(where, f"{at}.events", "a list")
    for k, event in enumerate(events):
        if not isinstance(event, dict) or not all(isinstance(v, str) for v in event.values()):
            raise _invalid(where, f"{at}.events[{k}]", 'an object such as {"fixed": "1.2"}')


def _read_records(source: Path) -> Iterator[tuple[str, object]]:
    """(where, parsed JSON) for every record: *.json files, and the records inside *.zip files."""
    if source.is_file():
        yield from _zip_records(source)
        return
    for path in sorted(source.rglob("*")):
        if path.suffix == ".json" and path.is_file():
            yield str(path), _parse(path.read_bytes, str(path))
        elif path.suffix == ".zip" and path.is_file():
            yield from _zip_records(path)


def _zip_records(path: Path) -> Iterator[tuple[str, object]]:
    try:
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                if name.endswith(".json"):
                    where = f"{path}:{name}"
                    yield where, _parse(functools.partial(archive.read, name), where)
    except (OSError, zipfile.BadZipFile) as exc:
        raise AuditToolError(f"cannot read the advisory archive {path}: {exc}") from exc


def _parse(read: Callable[[], bytes], where: str) -> object:
    try:
        return json.loads(read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AuditToolError(f"cannot read advisory {where}: {exc}") from exc


class OfflineOsv:
    """The OSV records of one directory (or one OSV zip), indexed by canonical PyPI name."""

    def __init__(self, directory: Path) -> None:
        """Load every record under `directory` (AuditToolError if unreadable, broken or empty).

        Records are `*.json` files, or the members of `*.zip` files such as OSV's `all.zip`;
        `directory` may also be such a zip file itself.
        """
        if not directory.is_dir() and not (directory.is_file() and directory.suffix == ".zip"):
            raise AuditToolError(
                f"the advisory database {directory} is not a directory",
                hint="point --advisory-db (or advisory-db) at a directory of OSV JSON records "
                "or at OSV's all.zip",
            )
        self.directory = directory
        self.count = 0
        self.newest: str | None = None  # the latest `modified` (or `published`) date, ISO
        self._by_name: dict[str, list[dict[str, Any]]] = {}
        for where, parsed in _read_records(directory):
            record = _check_record(parsed, where)
            self.count += 1
            stamp = record.get("modified") or record.get("published")
            if isinstance(stamp, str) and stamp[:10] > (self.newest or ""):
                self.newest = stamp[:10]
            names = {
                canonicalize_name(a["package"]["name"])
                for a in record.get("affected", [])
                if a["package"]["ecosystem"] == "PyPI"
            }
            for name in names:
                self._by_name.setdefault(name, []).append(record)
        if self.count == 0:
            raise AuditToolError(
                f"the advisory database {directory} holds no OSV records, so nothing can be "
                "checked against it",
                hint="download OSV's PyPI/all.zip into it (or unpack it there), or pass "
                "--allow-unavailable to release without the dependency audit",
            )

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
