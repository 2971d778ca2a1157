"""What a release carries for its users to check it: SBOM, checksums, Verification, SARIF.

The SBOM asset lists exactly the dependencies the audit gate checked; the notes end with
the checksums and the gate's verdict; `--sarif` writes the gate's findings even when the
gate stops the release.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from tests.audit.test_audit_sarif import located, valid_sarif
from tests.e2e.cut.conftest import (
    AUDIT_DB,
    PROJECT,
    REPOSITORY,
    Sample,
    audit_table,
    git,
)

PARTIAL = 5  # the release is partly done; a rerun finishes it
LOCK = "idna==3.7\nrequests==2.20.0  # http\n"


def _audit_against(sample: Sample, lock: str) -> None:
    config = audit_table(
        f"""\
        advisory-db = "{AUDIT_DB.as_posix()}"
        requirements = ["requirements.lock"]
        bandit = false
        """
    )
    pyproject = sample.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + config, encoding="utf-8")
    (sample.root / "requirements.lock").write_text(lock, encoding="utf-8")
    git(sample.root, "add", "-A")
    git(sample.root, "commit", "-q", "-m", "build: audit against a pinned lock file")
    git(sample.root, "push", "-q", "origin", "main")


def test_release_carries_the_audited_sbom_and_a_verification_section(
    sample: Sample, tmp_path: Path
) -> None:
    _audit_against(sample, LOCK)
    sarif = tmp_path / "audit.sarif"
    sample.cut("--sarif", str(sarif))
    sample.assert_released_once("v0.2.0", "0.2.0")
    (release,) = sample.server.releases(REPOSITORY)
    assets = {a["name"] for a in release["assets"]}
    name = f"{PROJECT}-0.2.0.cdx.json"
    assert name in assets

    text = sample.server.uploads[(int(release["id"]), name)].decode()
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    assert bom["metadata"]["component"]["purl"] == f"pkg:pypi/{PROJECT}@0.2.0"
    components = {(c["name"], c["version"], c["purl"]) for c in bom["components"]}
    assert components == {  # the set pip-audit checked, no more, no less
        ("idna", "3.7", "pkg:pypi/idna@3.7"),
        ("requests", "2.20.0", "pkg:pypi/requests@2.20.0"),
    }
    (root,) = [d for d in bom["dependencies"] if d["ref"] == f"pkg:pypi/{PROJECT}@0.2.0"]
    assert sorted(root["dependsOn"]) == ["pkg:pypi/idna@3.7", "pkg:pypi/requests@2.20.0"]

    body = release["body"]
    notes, _, verification = body.partition("\n## Verification\n")
    assert "greet people by name" in notes
    sums = sample.server.uploads[(int(release["id"]), "SHA256SUMS")].decode()
    for line in sums.splitlines():
        if not line.startswith("#"):  # the comment naming the commit stays in the file
            assert line in verification  # "<sha256>  <file>", as sha256sum --check reads it
    assert "sha256sum --check --ignore-missing SHA256SUMS" in verification
    assert (
        "Audit gate passed: 2 dependencies checked against the offline OSV advisory database "
        "of 2024-01-02 (5 records) (pip-audit)." in verification
    )
    assert f"`{name}` (CycloneDX SBOM)" in verification
    assert "pypi-attestations" not in verification  # a private index: no PyPI provenance
    assert valid_sarif(sarif)["runs"][0]["results"] == []


def test_sarif_is_written_when_the_gate_stops_the_release(sample: Sample, tmp_path: Path) -> None:
    _audit_against(sample, "idna==3.7\nrequests==2.19.0  # http\n")
    sarif = tmp_path / "audit.sarif"
    run = sample.cut(expect=4, env={**sample.env, "RELEASER_SARIF": str(sarif)})
    assert located(valid_sarif(sarif))["PYSEC-0000-FAKE1"] == ("error", "requirements.lock", 2)
    assert (
        "change requirements.lock line 2: `requests==2.19.0  # http` -> "
        "`requests==2.20.0  # http`" in run.stderr
    )
    assert sample.server.releases(REPOSITORY) == []


def test_a_rerun_after_a_failed_upload_keeps_the_sbom_on_the_draft(sample: Sample) -> None:
    # The draft gets every asset, the SBOM included; then the index refuses the upload.
    _audit_against(sample, LOCK)
    wrong = "not-the-password-42"
    sample.secrets.append(wrong)
    # The release commit is dated in the past: an SBOM dated by the clock would show it.
    committed = "2001-02-03T04:05:06+00:00"
    env = sample.env_without(TWINE_PASSWORD=wrong, GIT_COMMITTER_DATE=committed)
    sample.cut(expect=PARTIAL, env=env)
    (draft,) = sample.server.releases(REPOSITORY)
    name = f"{PROJECT}-0.2.0.cdx.json"
    first = sample.server.uploads[(int(draft["id"]), name)]
    stamped = json.loads(first)["metadata"]["timestamp"]
    assert datetime.fromisoformat(stamped) == datetime.fromisoformat(committed)

    sample.cut()  # the rerun audits again and finishes the release
    sample.assert_released_once("v0.2.0", "0.2.0")
    (release,) = sample.server.releases(REPOSITORY)
    assert sample.server.uploads[(int(release["id"]), name)] == first
