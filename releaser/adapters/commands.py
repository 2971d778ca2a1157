"""The project's own checks: commands run in order, each with a timeout.

Each command runs without a shell, in the project directory, in its own
process group so that a timeout stops the command and everything it started.
Its output goes to a file, so a daemon holding it open cannot hold the gate.
A command that fails or times out is a blocking finding with the tail of its
output; a command that cannot be started makes the auditor unavailable.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from releaser.adapters.child_env import without_secrets
from releaser.core.audit import AuditorRun, CommandSpec, Finding, Kind
from releaser.errors import AuditToolError

NAME = "commands"
TAIL_LINES = 20


def _tail(output: str | bytes | None) -> str:
    if isinstance(output, bytes):
        output = output.decode("utf-8", "replace")
    return "\n".join((output or "").rstrip().splitlines()[-TAIL_LINES:])


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended on its own just now
        os.killpg(process.pid, signal.SIGKILL)


def _run_one(spec: CommandSpec, cwd: Path) -> Finding | None:
    """Run one command; a Finding when it fails, None when it passes.

    The output goes to a temporary file, not a pipe: a daemon the command leaves behind may
    keep its stdout open for as long as it likes, and nothing here waits for that.
    """
    with tempfile.TemporaryFile() as sink:
        try:
            process = subprocess.Popen(
                spec.argv,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed as a whole
                env=without_secrets(),
            )
        except OSError as exc:
            raise AuditToolError(
                f"cannot run '{spec.display}': {exc.strerror or exc}",
                hint="install the command, or fix 'commands' under [tool.releaser.audit]",
            ) from exc
        try:
            process.wait(timeout=spec.timeout)
            summary = (
                None if process.returncode == 0 else f"exited with status {process.returncode}"
            )
        except subprocess.TimeoutExpired:
            summary = f"timed out after {spec.timeout:g} s and was stopped"
        finally:
            _kill_group(process)  # children left behind, or the whole command on a timeout
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        if summary is None:
            return None
        sink.seek(0)
        output = sink.read()
    return Finding(NAME, Kind.COMMAND, spec.display, _with_tail(summary, output))


def _with_tail(summary: str, output: str | bytes | None) -> str:
    tail = _tail(output)
    return f"{summary}\n{tail}" if tail else summary


def run_commands(commands: Sequence[CommandSpec], project_dir: Path) -> AuditorRun:
    """Run every command in order (all of them, so the report is complete)."""
    start = time.monotonic()
    findings: list[Finding] = []
    missing: list[str] = []
    for spec in commands:
        try:
            finding = _run_one(spec, project_dir)
        except AuditToolError as exc:
            missing.append(exc.message)
            continue
        if finding is not None:
            findings.append(finding)
    passed = len(commands) - len(findings) - len(missing)
    return AuditorRun(
        NAME,
        time.monotonic() - start,
        tuple(findings),
        unavailable="; ".join(missing) or None,
        detail=f"{passed} of {len(commands)} commands passed",
    )
