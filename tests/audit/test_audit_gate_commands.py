"""Project commands through the gate: failures, timeouts, missing commands."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from releaser.audit.config import load_audit_config
from releaser.audit.gate import run_gate
from releaser.core.audit import GateReport, Outcome

from .conftest import TODAY, MakeProject

ONLY_COMMANDS = "pip-audit = false\nbandit = false\n"


def commands(*items: str) -> str:
    return ONLY_COMMANDS + f"commands = [{', '.join(items)}]\n"


def gate(project: Path, **kwargs: object) -> GateReport:
    return run_gate(project, load_audit_config(project), today=TODAY, **kwargs)  # type: ignore[arg-type]


def py(python: str, code: str) -> str:
    """A TOML string holding `python -c CODE` (shlex-quoted)."""
    return json.dumps(f"'{python}' -c '{code}'")


def test_passing_commands_pass(make_project: MakeProject, python: str) -> None:
    report = gate(make_project(commands(py(python, "print(1)"), py(python, "pass"))))
    assert report.passed
    assert report.results[0].detail == "2 of 2 commands passed"


def test_failing_command_fails_with_its_output(make_project: MakeProject, python: str) -> None:
    failing = py(python, 'print("3 failed, 1 passed"); raise SystemExit(1)')
    report = gate(make_project(commands(py(python, "pass"), failing)))
    assert not report.passed
    (finding,) = report.results[0].blocking
    assert finding.summary == "exited with status 1\n3 failed, 1 passed"
    assert report.results[0].detail == "1 of 2 commands passed"


def test_commands_run_in_order_in_the_project_dir(make_project: MakeProject, python: str) -> None:
    first = py(python, 'open("order.txt", "a").write("1")')
    second = py(python, 'open("order.txt", "a").write("2")')
    project = make_project(commands(first, second))
    assert gate(project).passed
    assert (project / "order.txt").read_text() == "12"


def test_hanging_command_is_stopped_by_its_timeout(make_project: MakeProject, python: str) -> None:
    # the command starts a grandchild that would outlive it: the whole group is killed
    code = (
        "import subprocess, sys, time; "
        'subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]); '
        'print("started", flush=True); time.sleep(60)'
    )
    hang = "{ run = " + py(python, code) + ", timeout = 1 }"
    project = make_project(commands(hang))
    start = time.monotonic()
    report = gate(project)
    assert time.monotonic() - start < 10
    assert not report.passed
    (finding,) = report.results[0].blocking
    assert finding.summary == "timed out after 1 s and was stopped\nstarted"


def test_missing_command_fails_closed(make_project: MakeProject) -> None:
    report = gate(make_project(commands('"no-such-command-releaser --version"')))
    assert not report.passed
    (result,) = report.results
    assert result.outcome is Outcome.UNAVAILABLE
    assert result.reason.startswith(
        "cannot run 'no-such-command-releaser --version': No such file or directory"
    )


def test_default_timeout_comes_from_command_timeout(make_project: MakeProject, python: str) -> None:
    project = make_project(
        commands(py(python, "import time; time.sleep(30)")) + "command-timeout = 1\n"
    )
    report = gate(project)
    assert report.results[0].blocking[0].summary.startswith("timed out after 1 s")


def test_commands_never_see_the_publishing_secrets(
    make_project: MakeProject, python: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWINE_PASSWORD", "s3cret-index-password")
    monkeypatch.setenv("GH_TOKEN", "s3cret-github-token")
    monkeypatch.setenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "s3cret-oidc-request")
    monkeypatch.setenv("RELEASER_VISIBLE", "yes")
    dump = py(python, 'import os; open("env.txt", "w").write(repr(sorted(os.environ)))')
    project = make_project(commands(dump))
    assert gate(project).passed
    seen = (project / "env.txt").read_text(encoding="utf-8")
    assert "RELEASER_VISIBLE" in seen  # the environment is passed on...
    for name in ("TWINE_PASSWORD", "GH_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"):
        assert name not in seen  # ...without the secrets


@pytest.mark.parametrize(
    ("then", "timeout", "finding"),
    [
        pytest.param('print("daemon started", flush=True)', 30, None, id="command-exits-at-once"),
        pytest.param(
            'print("started", flush=True); time.sleep(60)', 1,
            "timed out after 1 s and was stopped\nstarted", id="command-times-out",
        ),
    ],
)  # fmt: skip
def test_a_daemon_holding_the_output_does_not_hold_the_gate(
    make_project: MakeProject, python: str, then: str, timeout: int, finding: str | None
) -> None:
    # The command leaves a daemon, in a session of its own (so killing the command's group
    # misses it), that keeps the command's stdout open for 20 s; the command then exits at
    # once, or runs past its timeout.
    code = (
        "import subprocess, sys, time; "
        'subprocess.Popen([sys.executable, "-c", "import time; time.sleep(20)"], '
        f"start_new_session=True); {then}"
    )
    project = make_project(commands(f"{{ run = {py(python, code)}, timeout = {timeout} }}"))
    start = time.monotonic()
    report = gate(project)
    assert time.monotonic() - start < 10
    if finding is None:
        assert report.passed, report.results[0].blocking
    else:
        (blocking,) = report.results[0].blocking
        assert blocking.summary == finding
