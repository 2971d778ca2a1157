"""Issue 9 items 8 and 9: an empty or broken advisory database fails the gate closed.

Zero records means the auditor cannot answer: the gate refuses (exit 4) unless
--allow-unavailable. OSV's own `all.zip` is read as it is. A malformed record is an audit
failure naming the file and the field, never a crash (exit 1).
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from packaging.version import Version

from releaser.adapters.osv_offline import OfflineOsv
from releaser.errors import AuditToolError, ExitCode

from .conftest import MakeProject
from .test_audit_cli import PINNED, releaser

GOOD = {
    "id": "PYSEC-0000-ZIP",
    "summary": "zip-borne advisory",
    "affected": [
        {
            "package": {"ecosystem": "PyPI", "name": "requests"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.20.0"}]}],
        }
    ],
}


def _zip(path: Path, records: dict[str, object]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, record in records.items():
            archive.writestr(name, json.dumps(record))
    return path


def test_empty_directory_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(AuditToolError, match="holds no OSV records") as caught:
        OfflineOsv(tmp_path)
    assert str(tmp_path) in caught.value.message


def test_all_zip_is_read_directly(tmp_path: Path) -> None:
    _zip(tmp_path / "all.zip", {"PYSEC-0000-ZIP.json": GOOD})
    db = OfflineOsv(tmp_path)
    assert db.count == 1
    assert [a.id for a in db.advisories("requests", Version("2.19.0"))] == ["PYSEC-0000-ZIP"]
    assert [
        a.id for a in OfflineOsv(tmp_path / "all.zip").advisories("requests", Version("1"))
    ] == ["PYSEC-0000-ZIP"]


def test_empty_zip_is_unavailable(tmp_path: Path) -> None:
    _zip(tmp_path / "all.zip", {})
    with pytest.raises(AuditToolError, match="holds no OSV records"):
        OfflineOsv(tmp_path)


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"id": "X", "affected": None}, "affected"),
        ({"id": "X", "affected": [{"package": {"ecosystem": "PyPI"}}]}, "affected[0].package.name"),
        ({"id": "X", "affected": ["requests"]}, "affected[0]"),
        (
            {
                "id": "X",
                "affected": [
                    {
                        "package": {"ecosystem": "PyPI", "name": "requests"},
                        "ranges": [{"type": "ECOSYSTEM", "events": ["introduced 0"]}],
                    }
                ],
            },
            "affected[0].ranges[0].events[0]",
        ),
        (
            {
                "id": "X",
                "affected": [{"package": {"ecosystem": "PyPI", "name": "r"}, "versions": 1}],
            },
            "affected[0].versions",
        ),
        ({"id": 7}, "id"),
    ],
)
def test_malformed_record_names_file_and_field(
    tmp_path: Path, record: dict[str, object], field: str
) -> None:
    (tmp_path / "broken.json").write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(AuditToolError) as caught:
        OfflineOsv(tmp_path)
    assert str(tmp_path / "broken.json") in caught.value.message
    assert f"'{field}'" in caught.value.message


def test_gate_fails_closed_on_an_empty_database(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project(PINNED)
    empty = tmp_path / "empty-db"
    empty.mkdir()
    done = releaser("--project", str(project), "--advisory-db", str(empty))
    assert done.returncode == ExitCode.REFUSED, done.stdout + done.stderr
    assert "holds no OSV records" in done.stdout + done.stderr
    allowed = releaser(
        "--project", str(project), "--advisory-db", str(empty), "--allow-unavailable"
    )
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr


def test_gate_refuses_a_malformed_record_with_exit_4(
    make_project: MakeProject, advisory_db: Path, tmp_path: Path
) -> None:
    project = make_project(PINNED)
    db = tmp_path / "db"
    shutil.copytree(advisory_db, db)
    (db / "broken.json").write_text(json.dumps({"id": "X", "affected": None}), encoding="utf-8")
    done = releaser("--project", str(project), "--advisory-db", str(db))
    assert done.returncode == ExitCode.REFUSED, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert f"{db / 'broken.json'}" in done.stdout + done.stderr
    assert "'affected'" in done.stdout + done.stderr
