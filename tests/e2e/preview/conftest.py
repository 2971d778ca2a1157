"""A pull request in real git: a bare origin, a base branch with a release, a PR branch, and
the CI's clone on a detached HEAD (as actions/checkout leaves a pull_request job).

`releaser preview` runs as a subprocess with only the variables a test gives it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.github_server import github_contract

__all__ = ["github_contract"]

REPOSITORY = "octo-org/demo"
PR_NUMBER = 7
_PYPROJECT = '[project]\nname = "demo"\nversion = "1.0.0"\n'


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


def commit(repo: Path, path: str, message: str) -> None:
    (repo / path).write_text(message + "\n", encoding="utf-8")
    git(repo, "add", path)
    git(repo, "commit", "-q", "-m", message)


@dataclass
class PullRequestCheckout:
    """The CI's clone of a pull request, and how to run releaser there."""

    clone: Path
    origin: Path
    temp: Path

    def event(self, *, title: str, fork: bool = False) -> Path:
        """Write a pull_request event payload; return its path."""
        head = "someone/demo" if fork else REPOSITORY
        payload = {
            "action": "opened",
            "number": PR_NUMBER,
            "pull_request": {
                "number": PR_NUMBER,
                "title": title,
                "base": {"ref": "main", "repo": {"full_name": REPOSITORY}},
                "head": {"ref": "feature", "repo": {"full_name": head}},
            },
        }
        path = self.temp / "event.json"
        path.write_text(json.dumps(payload), encoding="utf-8")
        return path

    def env(self, **extra: str) -> dict[str, str]:
        """A clean environment: the machine's GITHUB_*/RELEASER_* never leak in."""
        keep = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("GITHUB_", "RELEASER_", "GH_", "RUNNER_"))
        }
        return {**keep, **extra}

    def preview(self, *args: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "releaser", "preview", *args],
            cwd=self.clone,
            env=dict(env),
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )


@pytest.fixture
def pull_request(tmp_path: Path) -> PullRequestCheckout:
    """main released 1.0.0 then moved on; `feature` adds a feature and a fix; CI is detached
    at the PR branch's head."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    work = tmp_path / "work"
    git(tmp_path, "init", "-q", "-b", "main", str(work))
    git(work, "remote", "add", "origin", f"https://github.com/{REPOSITORY}.git")
    git(work, "remote", "set-url", "--push", "origin", str(origin))
    (work / "pyproject.toml").write_text(_PYPROJECT, encoding="utf-8")
    git(work, "add", "pyproject.toml")
    git(work, "commit", "-q", "-m", "feat: the first release")
    git(work, "tag", "-a", "v1.0.0", "-m", "v1.0.0")
    git(work, "switch", "-q", "-c", "feature")
    commit(work, "widget.txt", "feat: add a widget")
    commit(work, "typo.txt", "fix: a typo in the widget")
    git(work, "switch", "-q", "main")
    commit(work, "docs.txt", "docs: explain the widget")
    git(work, "push", "-q", "origin", "main", "feature", "v1.0.0")
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    git(clone, "remote", "set-url", "origin", f"https://github.com/{REPOSITORY}.git")
    git(clone, "checkout", "-q", "--detach", "refs/remotes/origin/feature")
    temp = tmp_path / "runner"
    temp.mkdir()
    return PullRequestCheckout(clone, origin, temp)
