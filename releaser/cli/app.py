"""The click group every command module registers on, and the options they share.

Command modules import only what `--help` needs; heavy libraries are imported inside the
command functions, so start-up stays fast. The group imports a command's module only when
that command is invoked (all of them for --help, completion or a typo): the commit-msg hook
starts `releaser lint` on every commit.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

import click

from releaser.cli.verbose import set_verbose

# The version of every JSON document the commands print (`schema`). Fields are only added;
# it goes up when one changes meaning or goes away. README.md, "JSON outputs", lists them.
JSON_SCHEMA = 1

# `--force`: bump this much whatever the commits say.
FORCE_LEVELS = click.Choice(["major", "minor", "patch"])

# Which module registers each command, in the order `releaser --help` lists them.
COMMAND_MODULES = {
    "audit": "audit",
    "cut": "cut",
    "next": "history",
    "changelog": "history",
    "notes": "history",
    "init": "init",
    "lint": "lint",
    "preview": "pr_preview",
}

_F = TypeVar("_F", bound=Callable[..., Any])


class _LazyGroup(click.Group):
    """Imports a command's module when the command is looked up; lists in a fixed order."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        modules = (
            [COMMAND_MODULES[cmd_name]]
            if cmd_name in COMMAND_MODULES
            else sorted(set(COMMAND_MODULES.values()))  # a typo: every name, for "did you mean"
        )
        for module in modules:
            importlib.import_module(f"releaser.cli.{module}")
        return self.commands.get(cmd_name)


def option(*decls: str, **kwargs: Any) -> Callable[[_F], _F]:  # noqa: ANN401 - click.option's
    """click.option showing its default and its environment variable in the help."""
    kwargs.setdefault("show_default", True)
    kwargs.setdefault("show_envvar", True)
    return click.option(*decls, **kwargs)


def _verbose(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    return set_verbose(value)


def verbose_option(envvar: str | None = None) -> Callable[[_F], _F]:
    """`-v/--verbose`, which every command takes: the git commands run, and tracebacks."""
    return option(
        "-v",
        "--verbose",
        is_flag=True,
        default=False,
        help="Show the git commands run, and the traceback of any error.",
        callback=_verbose,
        is_eager=True,
        envvar=envvar,
    )


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        from releaser import __version__

        click.echo(f"releaser {__version__}")
        ctx.exit()


def _completion(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    from releaser.cli.completion import install, script

    if param.name == "install_completion":
        install(ctx, value)
    else:
        click.echo(script(ctx, value), nl=False)
    ctx.exit()


@click.group(
    cls=_LazyGroup,
    name="releaser",
    no_args_is_help=True,
    help="Release automation for Python packages: Conventional Commits in, a release out.",
)
@option(
    "--version",
    is_flag=True,
    help="Show releaser's version and exit.",
    callback=_show_version,
    is_eager=True,
    expose_value=False,
)
@verbose_option()
@option(
    "--install-completion",
    is_flag=False,
    flag_value="",
    default=None,
    show_default=False,
    metavar="[SHELL]",
    help="Install completion for SHELL (bash, zsh, fish; default: the current shell).",
    callback=_completion,
    is_eager=True,
    expose_value=False,
)
@option(
    "--show-completion",
    is_flag=False,
    flag_value="",
    default=None,
    show_default=False,
    metavar="[SHELL]",
    help="Print the completion script for SHELL (bash, zsh, fish, powershell; default: the "
    "current shell).",
    callback=_completion,
    is_eager=True,
    expose_value=False,
)
def app(verbose: bool) -> None:
    """Release automation for Python packages: Conventional Commits in, a release out."""
