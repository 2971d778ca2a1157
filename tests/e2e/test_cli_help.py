"""Every command's --help in an 80-column terminal: nothing cut, nothing swallowed."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
import typer

from releaser.cli import COMMAND_MODULES, register_commands
from releaser.cli.app import app

COMMANDS = sorted(COMMAND_MODULES)


def _help(*args: str) -> str:
    env = {**os.environ, "COLUMNS": "80", "TERM": "xterm-256color"}
    done = subprocess.run(
        [sys.executable, "-m", "releaser", *args, "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _params(name: str) -> list[Any]:
    """The command's options, read from the app (typer may bundle its own click)."""
    register_commands([name])
    group = typer.main.get_command(app)
    return list(group.commands[name].params)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", COMMANDS)
def test_help_fits_80_columns_and_names_every_option_whole(name: str) -> None:
    text = _help(name)
    too_wide = [line for line in text.splitlines() if len(line) > 80]
    assert too_wide == []
    assert "…" not in text
    flat = " ".join(text.split())
    for param in _params(name):
        for flag in [*param.opts, *param.secondary_opts]:
            assert flag in text.split() or flag in flat, f"{flag} is missing or cut"
        envvar = getattr(param, "envvar", None)
        for variable in [envvar] if isinstance(envvar, str) else envvar or []:
            assert variable in flat, f"{variable} is missing or cut"


def test_the_top_level_help_lists_every_command() -> None:
    text = _help()
    assert all(len(line) <= 80 for line in text.splitlines())
    for name in COMMANDS:
        assert name in text.split()


def test_square_brackets_in_help_are_shown_as_written() -> None:
    text = " ".join(_help("init").split())
    assert "Replace [tool.releaser] and the release workflow" in text
    assert "write [tool.releaser], the release workflow" in text


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )


def test_shell_completion_is_offered_and_completes_commands_and_options() -> None:
    assert "--install-completion" in _help()
    # typer finds the shell among the ancestors (shellingham): run it from bash, as a user does
    shell = ["bash", "-c", '"$@"; exit $?', "bash", sys.executable, "-m", "releaser"]
    script = subprocess.run(
        [*shell, "--show-completion"], capture_output=True, text=True, timeout=60, check=False
    )
    assert script.returncode == 0, script.stderr
    assert "_RELEASER_COMPLETE=complete_bash" in script.stdout
    words = {"_RELEASER_COMPLETE": "complete_bash", "COMP_WORDS": "releaser cu", "COMP_CWORD": "1"}
    assert _run("-m", "releaser", **words).stdout.split() == ["cut"]
    words.update(COMP_WORDS="releaser cut --dry", COMP_CWORD="2")
    assert _run("-m", "releaser", **words).stdout.split() == ["--dry-run"]
