"""uv.lock files after a workspace release: `uv lock --check --offline` accepts the release commit.

Two layouts, both checked with the real uv (offline, workspace-only packages):
- a uv workspace: one uv.lock at the root records every member's version;
- packages with their own uv.lock each, taking their siblings from `path` sources (as
  langchain's libs/* do): every lock that records a released package follows it, whether
  its own package is released or not.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tomlkit

from tests.e2e.test_cli_history import releaser
from tests.support.monorepo import Repo, apply_commit, init_repo, make_workspace

LOCAL_ONLY = ("--no-push", "--no-github", "--no-publish", "--no-build", "--no-audit")

_PROJECT = """\
[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "{name}"
version = "{version}"
requires-python = ">=3.10"
dependencies = [{dependencies}]
{more}"""


def uv(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """uv (the test extra installs it) offline, with its cache in the test's own folder."""
    return subprocess.run(
        [sys.executable, "-m", "uv", *args, "--offline", "--quiet",
         "--cache-dir", str(folder.parent / ".uv-cache")],
        cwd=folder, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _write(repo: Repo, name: str, version: str, needs: dict[str, str], more: str = "") -> None:
    sources = "".join(f'{n} = {{ path = "../{n}", editable = true }}\n' for n in needs)
    more += f"\n[tool.uv.sources]\n{sources}" if needs else ""
    dependencies = ", ".join(f'"{n}{spec}"' for n, spec in needs.items())
    repo.write(
        f"{name}/pyproject.toml",
        _PROJECT.format(name=name, version=version, dependencies=dependencies, more=more),
    )


def _path_sources(root: Path) -> Repo:
    """core 1.0.0; http 0.3.0 requires core<2; app 2.0.0 requires http<0.4 and core (its dev
    group pins core==1.0.0). Each has its own uv.lock; then a breaking change to core."""
    repo = init_repo(root)
    repo.write("pyproject.toml", '[tool.releaser]\npackages = ["core", "http", "app"]\n')
    _write(repo, "core", "1.0.0", {})
    _write(repo, "http", "0.3.0", {"core": ">=1.0,<2"})
    group = '\n[dependency-groups]\ndev = ["core==1.0.0"]\n'
    _write(repo, "app", "2.0.0", {"http": ">=0.3,<0.4", "core": ""}, group)
    for name in ("core", "http", "app"):
        done = uv(root / name, "lock")
        assert done.returncode == 0, done.stderr
    repo.commit("build: three packages, each with its lock")
    for tag in ("core-v1.0.0", "http-v0.3.0", "app-v2.0.0"):
        repo.tag(tag)
    repo.append("core/core.py", "API = 2")
    repo.commit("feat(core)!: the second API")
    return repo


def test_every_lock_that_records_a_released_package_follows_it(tmp_path: Path) -> None:
    repo = _path_sources(tmp_path / "repo")
    run = releaser(repo.root, "cut", *LOCAL_ONLY)
    assert run.code == 0, run.err
    tags = repo.git("tag", "--points-at", "HEAD").split()
    assert sorted(tags) == ["core-v2.0.0", "http-v0.3.1"]  # http follows core; app needs not
    assert repo.git("status", "--porcelain") == ""
    for name in ("core", "http", "app"):  # app is not released; its lock still follows
        done = uv(repo.root / name, "lock", "--check")
        assert done.returncode == 0, f"{name}/uv.lock: {done.stderr}"
    app = tomlkit.parse((repo.root / "app/pyproject.toml").read_text("utf-8"))
    assert app["dependency-groups"]["dev"] == ["core==2.0.0"]
    changed = repo.git("show", "--name-only", "--format=", "HEAD").split()
    assert {"http/uv.lock", "app/uv.lock", "app/pyproject.toml"} <= set(changed)


def test_the_root_lock_of_a_uv_workspace_passes_uv_lock_check(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "acme", history=[])
    done = uv(repo.root, "lock", "--check")
    assert done.returncode == 0, done.stderr  # the fixture's lock is what uv writes
    apply_commit(repo, "feat(acme)!: a new core", ("acme",))
    run = releaser(repo.root, "cut", *LOCAL_ONLY)
    assert run.code == 0, run.err
    assert uv(repo.root, "lock", "--check").returncode == 0
    assert "acme-v2.0.0" in repo.git("tag", "--points-at", "HEAD")
