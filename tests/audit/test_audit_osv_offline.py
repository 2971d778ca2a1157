"""Offline OSV matching: versions lists, ECOSYSTEM ranges, withdrawn records, canonical names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packaging.version import Version

from releaser.adapters.osv_offline import OfflineOsv, cvss3_base_score
from releaser.core.audit import Severity
from releaser.errors import AuditToolError


@pytest.fixture
def db(advisory_db: Path) -> OfflineOsv:
    return OfflineOsv(advisory_db)


@pytest.mark.parametrize(
    ("name", "version", "expected"),
    [
        # range introduced 0 / fixed 2.20.0; the record spells the name "Requests"
        ("requests", "2.19.0", ["PYSEC-0000-FAKE1"]),
        ("REQUESTS", "0.1", ["PYSEC-0000-FAKE1"]),
        ("requests", "2.20.0", []),
        ("requests", "2.31.0", []),
        # explicit versions list; record name "listed.pkg", canonical "listed-pkg"
        ("Listed_Pkg", "1.0.1", ["GHSA-list-only-0001"]),
        ("listed-pkg", "1.0", ["GHSA-list-only-0001"]),  # 1.0 == 1.0.0 as versions
        ("listed-pkg", "1.0.2", []),
        # introduced 1.0 / last_affected 1.4: inclusive upper bound
        ("lastpkg", "1.4", ["OSV-0000-LAST"]),
        ("lastpkg", "1.0", ["OSV-0000-LAST"]),
        ("lastpkg", "1.4.1", []),
        ("lastpkg", "0.9", []),
        # two ranges in one entry, and a GIT range that is ignored
        ("nosev-pkg", "2.2", ["OSV-0000-NOSEV"]),
        ("nosev-pkg", "2.5", []),
        ("nosev-pkg", "3.1.1", ["OSV-0000-NOSEV"]),
        ("nosev-pkg", "1.0", []),
        # only the npm ecosystem is affected
        ("otherpkg", "1.0", []),
    ],
)
def test_matching(db: OfflineOsv, name: str, version: str, expected: list[str]) -> None:
    assert [a.id for a in db.advisories(name, Version(version))] == expected


def test_withdrawn_record_never_matches(db: OfflineOsv) -> None:
    # OSV-0000-WITHDRAWN affects every requests version, but it was withdrawn
    ids = {a.id for a in db.advisories("requests", Version("2.19.0"))}
    assert "OSV-0000-WITHDRAWN" not in ids


def test_advisory_carries_aliases_fixes_and_severity(db: OfflineOsv) -> None:
    (advisory,) = db.advisories("requests", Version("2.19.0"))
    assert advisory.aliases == ("CVE-0000-00001", "GHSA-xxxx-yyyy-zzzz")
    assert advisory.fixed_versions == ("2.20.0",)
    assert advisory.severity is Severity.HIGH  # CVSS 3.1 vector scores 7.4
    (nosev,) = db.advisories("nosev-pkg", Version("2.2"))
    assert nosev.fixed_versions == ("2.3", "3.1.2")
    assert nosev.severity is None  # unknown: the policy fails it at any threshold
    (listed,) = db.advisories("listed-pkg", Version("1.0.0"))
    assert listed.severity is Severity.MEDIUM  # GitHub's "MODERATE"


@pytest.mark.parametrize(
    ("vector", "score"),
    [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
        ("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:N", 0.0),
        ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9),
        ("CVSS:3.1/AV:X", None),
    ],
)
def test_cvss3_base_score(vector: str, score: float | None) -> None:
    assert cvss3_base_score(vector) == score


def test_missing_directory_is_a_tool_error(tmp_path: Path) -> None:
    with pytest.raises(AuditToolError, match="not a directory"):
        OfflineOsv(tmp_path / "nope")


def test_unreadable_record_is_a_tool_error(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(AuditToolError, match="cannot read advisory"):
        OfflineOsv(tmp_path)
    (tmp_path / "bad.json").write_text(json.dumps({"summary": "no id"}), encoding="utf-8")
    with pytest.raises(AuditToolError, match=r"not a valid OSV record: field 'id'"):
        OfflineOsv(tmp_path)
