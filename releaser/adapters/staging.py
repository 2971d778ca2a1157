"""The staging check: install a release from the staging index into a fresh venv, smoke-test it.

The distribution itself comes only from the staging index (`pip --isolated --index-url
<staging> --no-deps name==version`); its dependencies come from the real index, where they
already are. The smoke command runs in an empty folder, so the project's source tree cannot
stand in for what the wheel left out. pip and the command run without publishing secrets.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from dataclasses import dataclass
from pathlib import Path

from releaser.adapters.child_env import without_secrets
from releaser.errors import RefusedError, SmokeTestError

_SHOWN_LINES = 40  # of the smoke test's output, in the error


@dataclass(frozen=True)
class SmokeCheck:
    """What to install and how to check it."""

    project_name: str
    version: str
    staging_simple_url: str
    real_simple_url: str
    command: str = ""  # empty: import the package
    timeout: float = 300.0
    # An index behind a CDN (TestPyPI, PyPI) may list a new file only after a while.
    wait_for_index: float = 90.0


def default_command(project_name: str) -> str:
    """`python -c 'import <module>'`: the project's name as an import name."""
    module = project_name.replace("-", "_").replace(".", "_").lower()
    return f"python -c 'import {module}'"


def install_and_check(check: SmokeCheck) -> str:
    """Install the release from staging into a fresh venv and run the smoke command.

    Returns the command's last output line; SmokeTestError (with the output) when the install
    or the command fails.
    """
    with tempfile.TemporaryDirectory(prefix="releaser-stage-") as temp:
        where = Path(temp)
        python = _fresh_venv(where / "venv")
        wanted = f"{check.project_name}=={check.version}"
        _install_when_listed(python, check, wanted)
        requires = _requirements(python, check.project_name)
        if requires:
            listed = where / "requirements.txt"
            listed.write_text("\n".join(requires) + "\n", encoding="utf-8")
            _pip(python, check, "--index-url", check.real_simple_url, "-r", str(listed))
        return _smoke(python, check, where / "empty")


def _fresh_venv(where: Path) -> Path:
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt", clear=True).create(where)
    scripts = where / ("Scripts" if os.name == "nt" else "bin")
    return scripts / ("python.exe" if os.name == "nt" else "python")


def _install_when_listed(python: Path, check: SmokeCheck, wanted: str) -> None:
    """Install `wanted` from staging, asking again while the index does not list it yet."""
    deadline = time.monotonic() + check.wait_for_index
    pause = 2.0
    while True:
        try:
            _pip(python, check, "--index-url", check.staging_simple_url, "--no-deps", wanted)
            return
        except SmokeTestError as exc:
            missing = "No matching distribution found" in exc.message
            if not missing or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 30.0)


def _pip(python: Path, check: SmokeCheck, *args: str) -> None:
    """pip of this interpreter, installing into the venv (`--python`): no pip in the venv."""
    argv = [
        sys.executable, "-m", "pip", "--isolated", "--disable-pip-version-check",
        "--python", str(python), "install", "--no-cache-dir", *args,
    ]  # fmt: skip
    done = _run(argv, check.timeout, cwd=None, env=without_secrets())
    if done.returncode != 0:
        raise SmokeTestError(
            f"installing {check.project_name}=={check.version} into a fresh venv failed "
            f"(pip exit {done.returncode})\n{_tail(done.stdout + done.stderr)}",
            hint="check that the staging and real index URLs serve the simple API, and that "
            "the release's dependencies are on the real index",
        )


def _requirements(python: Path, name: str) -> list[str]:
    """The installed distribution's Requires-Dist (markers kept; pip evaluates them)."""
    probe = f"import importlib.metadata as m; print('\\n'.join(m.requires({name!r}) or []))"
    done = _run([str(python), "-I", "-c", probe], 60, cwd=None, env=without_secrets())
    if done.returncode != 0:
        raise RefusedError(f"cannot read the installed metadata of {name}: {done.stderr.strip()}")
    return [line for line in done.stdout.splitlines() if line.strip()]


def _smoke(python: Path, check: SmokeCheck, empty: Path) -> str:
    empty.mkdir()
    text = check.command or default_command(check.project_name)
    argv = shlex.split(text)
    scripts = python.parent
    env = without_secrets()
    env.pop("PYTHONPATH", None)  # the project's own tree must not be importable
    env.update(PATH=f"{scripts}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(scripts.parent))
    found = shutil.which(argv[0], path=env["PATH"]) if argv else None
    if found is None:
        raise SmokeTestError(
            f"the smoke command `{text}` cannot be run: {argv[0] if argv else 'it is empty'} "
            "is not in the venv or on PATH",
            hint="set stage-check in [tool.releaser] to a command, e.g. "
            "\"python -c 'import pkg; print(pkg.__version__)'\"",
        )
    done = _run([found, *argv[1:]], check.timeout, cwd=empty, env=env)
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise SmokeTestError(
            f"the smoke test `{text}` failed (exit {done.returncode}) on "
            f"{check.project_name} {check.version} installed from the staging index\n"
            f"{_tail(output)}",
        )
    return output.splitlines()[-1] if output else "passed"


def _run(
    argv: list[str], timeout: float, *, cwd: Path | None, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise SmokeTestError(
            f"`{shlex.join(argv)}` did not finish within {timeout:g} s",
        ) from None
    except OSError as exc:
        raise SmokeTestError(f"`{argv[0]}` could not be started: {exc.strerror or exc}") from None


def _tail(text: str) -> str:
    lines = text.strip().splitlines()
    shown = lines[-_SHOWN_LINES:]
    cut = [f"... ({len(lines) - len(shown)} lines before)"] if len(lines) > len(shown) else []
    return "\n".join("  " + line for line in [*cut, *shown])
