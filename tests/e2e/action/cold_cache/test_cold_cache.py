"""The Action's install step with an empty cache: exactly the lock, hash-checked, offline."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.e2e.action.cold_cache.conftest import LOCK
from tests.e2e.action.conftest import ADVISORY_DB, ReleaseJob, env_key

INSTALL = "Install releaser"
# what `python -m venv` itself puts in a venv (pip; setuptools too before Python 3.12)
VENV_SEEDS = {"pip", "setuptools"}


def _locked() -> dict[str, str]:
    """The lock's pins whose markers hold on this machine."""
    text = re.sub(r"\\\n", " ", LOCK.read_text(encoding="utf-8"))
    pins: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        requirement = Requirement(line.split(" --hash")[0])
        if requirement.marker is None or requirement.marker.evaluate():
            [spec] = requirement.specifier
            pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def _installed(venv: Path) -> dict[str, str]:
    listed = subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "list", "--format=json",
         "--disable-pip-version-check"],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout  # fmt: skip
    return {canonicalize_name(p["name"]): p["version"] for p in json.loads(listed)}


def test_a_cold_cache_installs_exactly_the_lock_and_the_release_runs_from_it(
    cold_job: ReleaseJob,
) -> None:
    venv = cold_job.runner_temp / "releaser-venv"
    assert not venv.exists()
    run = cold_job.runner.run({"dry-run": "true", "advisory-db": str(ADVISORY_DB)})

    assert run.ok, run.stderr
    install = next(s for s in run.steps if s.name == INSTALL)
    assert "restored from the cache" not in install.stdout
    print(f"the install step with a cold cache took {install.seconds:.1f} s")  # pytest -s
    # the lock's versions, nothing more (and no index was there to add anything)
    installed = _installed(venv)
    assert installed.pop("releaser-cut"), "the action's own releaser is not installed"
    for seed in VENV_SEEDS - set(_locked()):
        installed.pop(seed, None)
    assert installed == _locked()
    check = subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "check", "--disable-pip-version-check"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    # the whole toolchain imports from the locked venv alone, signing included
    modules = "github, twine, build, pip_audit, bandit, cyclonedx, sigstore, pypi_attestations"
    imported = subprocess.run(
        [venv / "bin" / "python", "-I", "-c", f"import {modules}"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    # the dry run (with the audit gate) ran on that venv
    assert "dry run of v0.2.0" in run.summary
    assert run.outputs["released"] == "false"
    assert (venv / ".releaser-env-key").read_text(encoding="utf-8").strip() == env_key(
        cold_job.runner.action_dir
    )
    # the next run finds the venv the cache would restore, and installs nothing
    again = cold_job.runner.run({"dry-run": "true", "extra-args": "--no-audit"})
    assert again.ok, again.stderr
    rerun = next(s for s in again.steps if s.name == INSTALL)
    assert "restored from the cache: releaser-venv-Linux-X64-py" in rerun.stdout


def test_a_file_that_differs_from_the_lock_is_refused(
    cold_job: ReleaseJob, wheelhouse: Path, tmp_path: Path
) -> None:
    # the same folder, but one wheel's bytes changed (a mirror or cache serving other files)
    forged = tmp_path / "forged-wheels"
    shutil.copytree(wheelhouse, forged, copy_function=shutil.copyfile)
    victim = min(forged.glob("*.whl"), key=lambda p: p.stat().st_size)
    victim.write_bytes(victim.read_bytes() + b"\0")
    cold_job.runner.env["PIP_FIND_LINKS"] = str(forged)

    run = cold_job.runner.run({"dry-run": "true"})

    assert not run.ok
    install = next(s for s in run.steps if s.name == INSTALL)
    assert install.returncode != 0
    assert "DO NOT MATCH THE HASHES" in install.stderr
    assert run.outputs["released"] == "false"
    venv = cold_job.runner_temp / "releaser-venv"
    assert not (venv / ".releaser-env-key").exists()  # nothing the cache would keep
