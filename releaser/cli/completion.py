"""`releaser --show-completion` / `--install-completion`: click's shell completion scripts.

The script calls `releaser` back with `_RELEASER_COMPLETE=<shell>_complete`; click answers
from the command tree. Nothing here is imported unless one of the two options is given.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from click.shell_completion import get_completion_class

SHELLS = ("bash", "zsh", "fish", "powershell")
COMPLETE_VAR = "_RELEASER_COMPLETE"
_POWERSHELL = "releaser --show-completion powershell | Out-String | Invoke-Expression"
# shell -> where its script goes, the rc file that loads it ("" if none), the rc's lines
_BASH = ".bash_completions/releaser.sh"
_PLACES = {
    "bash": (
        ".bash_completions/releaser.sh",
        ".bashrc",
        ["source ~/.bash_completions/releaser.sh"],
    ),
    "zsh": (".zfunc/_releaser", ".zshrc", ["fpath+=~/.zfunc", "autoload -Uz compinit && compinit"]),
    "fish": (".config/fish/completions/releaser.fish", "", []),
}


def script(ctx: click.Context, shell: str) -> str:
    """The completion script for `shell` ("" means the current shell)."""
    shell = _shell(ctx, shell)
    complete = get_completion_class(shell)
    assert complete is not None  # click has each of SHELLS
    root = ctx.find_root().command
    return complete(root, {}, "releaser", COMPLETE_VAR).source()


def install(ctx: click.Context, shell: str) -> None:
    """Write the script where `shell` loads it from, and hook it into the shell's rc file."""
    shell = _shell(ctx, shell)
    if shell == "powershell":  # $PROFILE is PowerShell's to find
        click.echo(f"add this line to your PowerShell profile ($PROFILE):\n  {_POWERSHELL}")
        return
    home = Path.home()
    text = script(ctx, shell)
    place, rc, lines = _PLACES[shell]
    target = home / place
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    where = f"{shell} completion installed in {target}"
    if rc:
        _add_lines(home / rc, lines)
        where += f" (loaded from {home / rc})"
    click.echo(f"{where}; open a new shell to use it")


def _add_lines(rc: Path, lines: list[str]) -> None:
    """Append the `lines` that `rc` lacks."""
    text = rc.read_text(encoding="utf-8") if rc.exists() else ""
    missing = [line for line in lines if line not in text.splitlines()]
    if missing:
        separator = "" if not text or text.endswith("\n") else "\n"
        rc.write_text(text + separator + "\n".join(missing) + "\n", encoding="utf-8")


def _shell(ctx: click.Context, named: str) -> str:
    """`named`, or the shell releaser was started from (its parent process, then $SHELL)."""
    shell = named or _parent_shell() or Path(os.environ.get("SHELL", "")).name
    if shell in ("pwsh", "powershell.exe", "pwsh.exe"):
        shell = "powershell"
    if shell not in SHELLS:
        said = f"{shell!r} is not a shell releaser completes" if shell else "no shell found"
        raise click.BadParameter(
            f"{said}; name one of: {', '.join(SHELLS)}",
            ctx=ctx,
            param_hint="'--install-completion' / '--show-completion'",
        )
    return shell


def _parent_shell() -> str:
    """The parent process's name on Linux (/proc), "" elsewhere or when unknown."""
    if not sys.platform.startswith("linux"):
        return ""
    try:
        name = Path(f"/proc/{os.getppid()}/comm").read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    return name if name in SHELLS or name == "pwsh" else ""
