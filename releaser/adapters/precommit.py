"""pre-commit's own check of a .pre-commit-config.yaml, when pre-commit is installed."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from releaser.adapters.child_env import without_secrets


def validate_config(text: str) -> str | None:
    """pre-commit's complaint about `text` as a config, None when valid or pre-commit is absent."""
    if importlib.util.find_spec("pre_commit") is not None:
        command = [sys.executable, "-m", "pre_commit"]
    elif (found := shutil.which("pre-commit")) is not None:
        command = [found]
    else:
        return None
    with tempfile.TemporaryDirectory(prefix="releaser-init-") as folder:
        path = Path(folder) / ".pre-commit-config.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            done = subprocess.run(
                [*command, "validate-config", str(path)],
                capture_output=True,
                text=True,
                timeout=60,
                env=without_secrets(),
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None  # pre-commit could not run: the structural check stands alone
    if done.returncode == 0:
        return None
    lines = (done.stdout + done.stderr).strip().splitlines()
    return " ".join(line.strip() for line in lines[-3:]) or "pre-commit validate-config failed"
