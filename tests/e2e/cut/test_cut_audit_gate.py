"""The audit gate inside `releaser cut`: a failing auditor stops the release before any write.

"Nothing written" is checked by comparing the repository (work tree with every
file's hash, index, refs, HEAD), the remote, the GitHub server (state and request
log) and the package index before and after the run.
"""

from __future__ import annotations

import pytest

from tests.audit.conftest import SHELL_CODE
from tests.e2e.cut.conftest import AUDIT_DB, MODULE, Sample, audit_table, git

REFUSED = 4


def _configure(sample: Sample, audit: str, lock: str, files: dict[str, str] | None = None) -> None:
    pyproject = sample.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + audit_table(audit), "utf-8")
    (sample.root / "requirements.lock").write_text(lock, encoding="utf-8")
    for path, text in (files or {}).items():
        (sample.root / path).write_text(text, encoding="utf-8")
    git(sample.root, "add", "-A")
    git(sample.root, "commit", "-q", "-m", "build: configure the audit gate")
    git(sample.root, "push", "-q", "origin", "main")


def _stopped_early(sample: Sample, *args: str) -> str:
    before = sample.world()
    run = sample.cut(*args, expect=REFUSED)
    assert sample.world() == before
    assert sample.server.log == []  # GitHub was not even asked
    assert len(run.errors()) == 1
    done = [line.split()[1] for line in run.stderr.splitlines() if line.startswith(("✓", "="))]
    assert done == ["preflight"]  # the gate came right after it, and nothing ran after the gate
    return run.errors()[0]


def test_vulnerable_pinned_requirement_stops_the_release(sample: Sample) -> None:
    _configure(sample, 'requirements = ["requirements.lock"]\n', "requests==2.19.0\n")
    error = _stopped_early(sample, "--advisory-db", str(AUDIT_DB))
    assert "audit gate failed" in error
    assert "PYSEC-0000-FAKE1" in error


@pytest.mark.parametrize("where", ["config", "env"])
def test_bandit_high_finding_stops_the_release(sample: Sample, where: str) -> None:
    audit = 'requirements = ["requirements.lock"]\n'
    if where == "config":
        audit += f'advisory-db = "{AUDIT_DB.as_posix()}"\n'
    else:
        sample.env["RELEASER_ADVISORY_DB"] = str(AUDIT_DB)
    _configure(sample, audit, "requests==2.20.0\n", {f"{MODULE}/shell.py": SHELL_CODE})
    error = _stopped_early(sample)
    assert "audit gate failed" in error
    assert "B602" in error
