"""Every command's --help in an 80-column terminal: nothing cut, nothing swallowed."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest

from releaser.cli.app import COMMAND_MODULES, app

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
    """The command's options, read from the app."""
    command = app.get_command(click.Context(app), name)
    assert command is not None
    return list(command.params)


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


def _completion(shell: str, words: str) -> list[str]:
    """What `releaser` answers the completion script of `shell` for the last of `words`."""
    env = {**os.environ, "_RELEASER_COMPLETE": f"{shell}_complete", "COMP_WORDS": words}
    # fish's script passes the word being completed, the others its index
    last = words.split()[-1] if shell == "fish" else str(len(words.split()) - 1)
    env.update(COMP_CWORD=last)
    done = subprocess.run(
        [sys.executable, "-m", "releaser"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _bash(script: str, home: Path) -> subprocess.CompletedProcess[str]:
    """`script` in a bash whose `releaser` is this tree's, with `home` as HOME."""
    prelude = f'releaser() {{ {shlex.quote(sys.executable)} -m releaser "$@"; }}\n'
    return subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", prelude + script],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(home), "SHELL": "/bin/bash"},
        timeout=120,
        check=False,
    )


_COMPLETE = """
COMP_WORDS=(releaser {words}); COMP_CWORD={cword}
_releaser_completion releaser
printf '%s\\n' "${{COMPREPLY[@]}}"
"""


def test_bash_completion_completes_commands_and_options(tmp_path: Path) -> None:
    assert "--install-completion" in _help()
    assert "--show-completion" in _help()
    source = 'eval "$(releaser --show-completion bash)"\n'
    commands = _bash(source + _COMPLETE.format(words="cu", cword=1), tmp_path)
    assert commands.stdout.split() == ["cut"], commands.stderr
    options = _bash(source + _COMPLETE.format(words="cut --dry", cword=2), tmp_path)
    assert options.stdout.split() == ["--dry-run"], options.stderr
    everything = _bash(source + _COMPLETE.format(words="''", cword=1), tmp_path)
    assert set(COMMANDS) <= set(everything.stdout.split()), everything.stderr


def test_install_completion_writes_the_script_once_and_it_completes(tmp_path: Path) -> None:
    for _ in range(2):  # a second install changes nothing
        done = _bash("releaser --install-completion", tmp_path)
        assert done.returncode == 0, done.stderr
        assert "bash completion installed" in done.stdout
    bashrc = (tmp_path / ".bashrc").read_text(encoding="utf-8")
    assert bashrc.count("releaser") == 1
    sourced = _bash(". ~/.bashrc\n" + _COMPLETE.format(words="next --pre", cword=2), tmp_path)
    assert sourced.stdout.split() == ["--prerelease"], sourced.stderr


@pytest.mark.parametrize(
    ("shell", "name"), [("zsh", "_releaser"), ("fish", "releaser.fish"), ("powershell", "")]
)
def test_zsh_fish_and_powershell_get_their_script_and_answers(
    tmp_path: Path, shell: str, name: str
) -> None:
    script = _bash(f"releaser --show-completion {shell}", tmp_path)
    assert script.returncode == 0, script.stderr
    assert "_RELEASER_COMPLETE" in script.stdout
    assert f"{shell}_complete" in script.stdout
    answer = _completion(shell, "releaser cut --no-pu")
    assert any("--no-push" in line for line in answer), answer
    installed = _bash(f"releaser --install-completion {shell}", tmp_path)
    if shell == "powershell":  # the profile is PowerShell's to find: say what to add
        assert installed.returncode == 0, installed.stderr
        assert "releaser --show-completion powershell | Out-String | Invoke-Expression" in (
            installed.stdout
        )
    else:
        assert installed.returncode == 0, installed.stderr
        assert list(tmp_path.rglob(name)), installed.stdout


def test_an_unknown_shell_is_a_usage_error(tmp_path: Path) -> None:
    done = _bash("releaser --show-completion tcsh", tmp_path)
    assert done.returncode == 2
    assert "tcsh" in done.stderr
    assert "bash" in done.stderr
