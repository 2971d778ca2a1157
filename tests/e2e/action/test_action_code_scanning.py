"""The Action sends the audit gate's findings to code scanning (upload-sarif), also on failure."""

from __future__ import annotations

from tests.audit.test_audit_sarif import located, valid_sarif
from tests.e2e.action.conftest import ADVISORY_DB, ReleaseJob, git

AUDIT = '\n[tool.releaser.audit]\nrequirements = ["requirements.lock"]\nbandit = false\n'


def test_findings_are_uploaded_when_the_gate_stops_the_release(release_job: ReleaseJob) -> None:
    work = release_job.workspace
    with (work / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(AUDIT)
    (work / "requirements.lock").write_text("requests==2.19.0\n", encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "build: pin the dependencies")

    run = release_job.runner.run({"advisory-db": str(ADVISORY_DB)})
    assert not run.ok
    assert run.steps[-1].name == "Cut the release"
    assert run.steps[-1].returncode == 4
    sarif = release_job.runner_temp / "releaser-audit.sarif"
    assert run.uploads == [{"sarif_file": str(sarif), "category": "releaser-audit"}]
    assert located(valid_sarif(sarif))["PYSEC-0000-FAKE1"] == ("error", "requirements.lock", 1)
    assert release_job.github.releases() == []

    off = release_job.runner.run({"advisory-db": str(ADVISORY_DB), "code-scanning": "false"})
    assert not off.ok
    assert off.uploads == []
    assert "Upload the audit findings to code scanning" in off.skipped
