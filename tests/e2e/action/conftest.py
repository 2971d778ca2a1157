"""Fixtures for running action.yml's steps like the runner: a sample repo, index and GitHub."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

from tests.support.action_runner import ActionRunner
from tests.support.github_contract import GitHubContract
from tests.support.github_server import DEFAULT_TOKEN, GitHubServer, github_contract
from tests.support.package_index import LocalIndex, local_index
from tests.support.running_env import share_with_venv
from tests.support.sample_project import write_sample_project
from tests.support.shared import made_once

__all__ = ["action_copy", "github_contract", "local_index", "release_job"]

ROOT = Path(__file__).parents[3]
REPOSITORY = "octo-org/demo"
ADVISORY_DB = ROOT / "tests" / "audit" / "fixtures" / "osv"
# What the action needs from this checkout to install releaser (pip builds it from here).
_ACTION_FILES = ("action.yml", "action", "pyproject.toml", "README.md", "LICENSE", "releaser")
_FOREIGN = ("RELEASER_", "TWINE_", "GH_", "GITHUB_", "PYPI_", "GIT_", "PIP_", "ACTIONS_")


def git(cwd: Path, *args: str) -> str:
    """Run git; fail the test with git's output when it fails."""
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


@pytest.fixture(scope="session")
def action_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The action as a user's job gets it: this repository's files in their own folder.

    Made once per run (the wheel and the saved venv next to it too); tests only read it.
    """

    def copy(target: Path) -> None:
        target.mkdir()
        for name in _ACTION_FILES:
            source = ROOT / name
            if source.is_dir():
                ignore = shutil.ignore_patterns("__pycache__")
                shutil.copytree(source, target / name, ignore=ignore)
            elif source.exists():
                shutil.copy2(source, target / name)

    made = made_once(tmp_path_factory, "action", lambda folder: copy(folder / "releaser-action"))
    return made / "releaser-action"


@dataclass
class ReleaseJob:
    """A job's workspace (a clone with a bare origin), its services and the action runner."""

    workspace: Path
    origin: Path
    runner_temp: Path
    index: LocalIndex
    github: GitHubServer
    runner: ActionRunner

    def clone_origin(self, where: Path) -> Path:
        """A fresh clone of origin (what the next workflow run would check out)."""
        git(self.origin.parent, "clone", "-q", str(self.origin), str(where))
        return where


def _job_env(tmp: Path, server: GitHubServer, index: LocalIndex) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_FOREIGN)}
    home = tmp / "home"
    home.mkdir()
    env.update(
        HOME=str(home),
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GITHUB_REPOSITORY=REPOSITORY,
        GITHUB_API_URL=server.api_url,
        TWINE_USERNAME=index.username,  # a private index: the workflow sets these in `env:`
        TWINE_PASSWORD=index.password,
        RELEASER_GITHUB_WRITE_INTERVAL="0",
        # The install step really runs pip, but offline: no index, no dependencies (the venv
        # sees the running Python's packages), no build isolation (flit-core is already here).
        PIP_NO_INDEX="1",
        PIP_NO_DEPS="1",
        PIP_NO_BUILD_ISOLATION="0",
        PIP_CONFIG_FILE=os.devnull,
    )
    return env


def _sample_repository(tmp: Path) -> tuple[Path, Path]:
    origin = tmp / "origin.git"
    git(tmp, "init", "-q", "--bare", "-b", "main", str(origin))
    work = write_sample_project(tmp / "workspace", backend="flit")
    with (work / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[tool.releaser]\nbuild-isolation = false  # no network in tests\n")
    git(work, "init", "-q", "-b", "main")
    for key, value in (("user.name", "Release Bot"), ("user.email", "bot@example.invalid")):
        git(work, "config", key, value)
    git(work, "add", ".")
    git(work, "commit", "-q", "-m", "feat: first release")
    git(work, "tag", "-a", "v0.1.0", "-m", "v0.1.0")
    (work / "releaser_sample" / "widget.py").write_text("WIDGET = 1\n", encoding="utf-8")
    git(work, "add", ".")
    git(work, "commit", "-q", "-m", "feat(widget): add a widget")
    git(work, "remote", "add", "origin", str(origin))
    git(work, "push", "-q", "origin", "main", "--follow-tags")
    return work, origin


def env_key(action: Path) -> str:
    """The cache key action.yml's key step computes on this machine."""
    python = shutil.which("python3") or sys.executable
    version = subprocess.run(
        [python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout.strip()  # fmt: skip
    inputs = (action / "action" / "requirements.lock").read_bytes()
    inputs += (action / "pyproject.toml").read_bytes()
    return f"releaser-venv-Linux-X64-py{version}-{hashlib.sha256(inputs).hexdigest()[:16]}"


def releaser_wheel(action: Path) -> Path:
    """releaser's wheel, built from the action's files once (per action copy, by one worker)."""
    out = action.parent / "releaser-wheel"
    with FileLock(str(action.parent / "releaser-wheel.lock")):
        if not list(out.glob("*.whl")):
            subprocess.run(
                [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index",
                 "--no-build-isolation", "--disable-pip-version-check", "-w", str(out),
                 str(action)],
                check=True, timeout=300, capture_output=True,
                env={**os.environ, "PIP_CONFIG_FILE": os.devnull},
            )  # fmt: skip
    [wheel] = out.glob("*.whl")
    return wheel


def _saved_venv(action: Path) -> Path:
    """The environment a first run would have saved to the cache, made once per action copy."""
    saved = action.parent / "saved-releaser-venv"
    with FileLock(str(action.parent / "saved-releaser-venv.lock")):
        if not (saved / ".releaser-env-key").exists():
            shutil.rmtree(saved, ignore_errors=True)
            subprocess.run(
                [sys.executable, "-m", "venv", "--without-pip", str(saved)],
                check=True, timeout=60,
            )  # fmt: skip
            share_with_venv(saved)
            subprocess.run(
                [saved / "bin" / "python", "-m", "pip", "install", "--quiet", "--no-deps",
                 "--no-index", "--disable-pip-version-check", str(releaser_wheel(action))],
                check=True, timeout=300, capture_output=True,
                env={**os.environ, "PIP_CONFIG_FILE": os.devnull},
            )  # fmt: skip
            (saved / ".releaser-env-key").write_text(env_key(action) + "\n", encoding="utf-8")
    return saved


def warm_cache(action: Path, venv: Path) -> None:
    """What actions/cache restores on a warm run: the environment and its key.

    Offline, the environment sees the running Python's packages (a .pth file) instead of the
    lock's, whose exact versions cannot be downloaded here; releaser itself is installed
    into it from the action, as the install step does (from a wheel of the action's files).
    It is made once and copied to `venv`, as the cache saves a folder and restores it; on a
    runner the folder comes back at the path it was saved from, so the paths written into it
    (scripts' `#!` lines, pyvenv.cfg) are moved to `venv` as well.
    """
    saved = _saved_venv(action)
    shutil.copytree(saved, venv, symlinks=True)
    old, new = str(saved).encode(), str(venv).encode()
    for path in [venv / "pyvenv.cfg", *(venv / "bin").iterdir()]:
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if old in data:
                path.write_bytes(data.replace(old, new))


@pytest.fixture
def release_job(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    action_copy: Path,
    local_index: LocalIndex,
    github_contract: GitHubContract,
) -> Iterator[ReleaseJob]:
    """Everything a release job has: workspace, origin, index, GitHub, and the action.

    The cache is warm (releaser's environment restored) unless the test is marked
    `@pytest.mark.cold_cache`: then nothing is restored.
    """
    workspace, origin = _sample_repository(tmp_path)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    if request.node.get_closest_marker("cold_cache") is None:
        warm_cache(action_copy, runner_temp / "releaser-venv")
    with GitHubServer(github_contract) as server:
        env = _job_env(tmp_path, server, local_index)
        runner = ActionRunner(action_copy, workspace, runner_temp, env, github_token=DEFAULT_TOKEN)
        yield ReleaseJob(workspace, origin, runner_temp, local_index, server, runner)
