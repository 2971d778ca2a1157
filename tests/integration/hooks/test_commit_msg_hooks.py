"""The commit-msg hook as users install it: with pre-commit from a clone, and as a plain git hook.

pre-commit really installs the hook: it clones the hook repository at `rev`, makes a
virtualenv and runs `pip install .` in it. Offline, two settings make that possible
without changing what is tested: the virtualenv sees the packages of the Python running
the tests (PYTHONPATH, see tests/support/running_env.py; so releaser's dependencies and
its build backend are found, whether the tests run in a venv or not), and pip may not use any
index (PIP_NO_INDEX), so nothing is downloaded.
The hook repository is a fresh git repository holding this checkout's files, because
pre-commit clones a committed `rev` and the working tree may hold uncommitted changes.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from tests.support.running_env import pythonpath

ROOT = Path(__file__).parents[3]
_HOOK_REPO_FILES = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "releaser")
BAD = "added stuff"
GOOD = "feat(cli): add stuff"


def _env(tmp: Path) -> dict[str, str]:
    foreign = ("PIP_", "GIT_", "PRE_COMMIT", "VIRTUALENV_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(foreign)}
    env.update(
        HOME=str(tmp / "home"),
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Dev",
        GIT_AUTHOR_EMAIL="dev@example.invalid",
        GIT_COMMITTER_NAME="Dev",
        GIT_COMMITTER_EMAIL="dev@example.invalid",
        PRE_COMMIT_HOME=str(tmp / "pre-commit-home"),
        PYTHONPATH=pythonpath(os.environ.get("PYTHONPATH", "")),
        PIP_NO_INDEX="1",
        PIP_NO_BUILD_ISOLATION="0",
        PIP_CONFIG_FILE=os.devnull,
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    (tmp / "home").mkdir(exist_ok=True)
    return env


def _run(cwd: Path, env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(argv), cwd=cwd, env=env, capture_output=True, text=True, timeout=180, check=False
    )


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = _run(cwd, env, "git", *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _hook_repository(tmp: Path, env: dict[str, str]) -> Path:
    repo = tmp / "releaser-clone"
    repo.mkdir()
    for name in _HOOK_REPO_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, repo / name)
    _git(repo, env, "init", "-q", "-b", "main")
    _git(repo, env, "add", ".")
    _git(repo, env, "commit", "-q", "-m", "chore: snapshot for the hook test")
    _git(repo, env, "tag", "v0.0.0-test")
    return repo


def _consumer(tmp: Path, env: dict[str, str]) -> Path:
    repo = tmp / "consumer"
    repo.mkdir()
    _git(repo, env, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("hello\n", encoding="utf-8")
    _git(repo, env, "add", "README.md")
    return repo


def test_pre_commit_hook_refuses_a_bad_message_and_accepts_a_good_one(tmp_path: Path) -> None:
    env = _env(tmp_path)
    hook_repo = _hook_repository(tmp_path, env)
    consumer = _consumer(tmp_path, env)
    (consumer / ".pre-commit-config.yaml").write_text(
        "default_install_hook_types: [pre-commit, commit-msg]\n"
        "repos:\n"
        f"  - repo: {hook_repo}\n"
        "    rev: v0.0.0-test\n"
        "    hooks:\n"
        "      - id: releaser-lint\n",
        encoding="utf-8",
    )
    _git(consumer, env, "add", ".pre-commit-config.yaml")
    installed = _run(consumer, env, sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "commit-msg" in installed.stdout

    bad = _run(consumer, env, "git", "commit", "-m", BAD)
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0, output
    assert "releaser lint (Conventional Commits)" in output
    assert "Failed" in output
    assert "not a valid Conventional Commit" in output
    assert "type(scope)!: description" in output  # the hint says what to write
    assert _run(consumer, env, "git", "rev-parse", "HEAD").returncode != 0  # nothing committed

    good = _run(consumer, env, "git", "commit", "-m", GOOD)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout + good.stderr
    assert _git(consumer, env, "log", "-1", "--format=%s").strip() == GOOD


def test_plain_git_commit_msg_hook(tmp_path: Path) -> None:
    """The hook without pre-commit, as README.md shows it."""
    env = _env(tmp_path)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    consumer = _consumer(tmp_path, env)
    hook = consumer / ".git" / "hooks" / "commit-msg"
    hook.write_text('#!/bin/sh\nexec releaser lint --message-file "$1"\n', encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    bad = _run(consumer, env, "git", "commit", "-m", BAD)
    assert bad.returncode != 0
    assert "error: the commit message is not a valid Conventional Commit" in bad.stderr
    good = _run(consumer, env, "git", "commit", "-m", GOOD)
    assert good.returncode == 0, good.stderr
