"""The files a lockstep release writes for every package: versions, `__version__`, internal
pins and every uv.lock entry; the uv.lock passes the real `uv lock --check --offline`."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from releaser.config.workspace_files import lockstep_follow_ups
from tests.e2e.test_cli_monorepo_lockstep import LOCKSTEP_ROOT
from tests.support.monorepo import PACKAGES, make_workspace, write_package


def test_every_package_is_stamped_and_the_lock_follows(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "acme", history=[], root_table=LOCKSTEP_ROOT)
    http = next(p for p in PACKAGES if p.name == "acme-http")
    write_package(repo, replace(http, depends_on=("acme==1.0.0",)))  # pinned exactly
    follow = {f.path: f for f in lockstep_follow_ups(repo.root, "1.3.0")}
    for path, edit in follow.items():
        (repo.root / path).write_text(edit.text, encoding="utf-8")
    for spec in PACKAGES:
        pyproject = (repo.root / spec.folder / "pyproject.toml").read_text("utf-8")
        assert 'version = "1.3.0"' in pyproject, spec.name
        init = (repo.root / spec.folder / spec.module / "__init__.py").read_text("utf-8")
        assert init == '__version__ = "1.3.0"\n'
    http_text = (repo.root / "packages/acme-http/pyproject.toml").read_text("utf-8")
    assert '"acme==1.3.0"' in http_text  # the exact pin follows the shared version
    assert "packages/scratch/pyproject.toml" not in follow  # not a package of the workspace
    done = subprocess.run(
        [sys.executable, "-m", "uv", "lock", "--check", "--offline", "--quiet",
         "--cache-dir", str(tmp_path / ".uv-cache")],
        cwd=repo.root, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
