"""The typer application every command module registers on.

Command modules import only what `--help` needs; heavy libraries are
imported inside the command functions, so start-up stays fast.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import typer

from releaser.cli.verbose import set_verbose

# The version of every JSON document the commands print (`schema`). Fields are only added;
# it goes up when one changes meaning or goes away. README.md, "JSON outputs", lists them.
JSON_SCHEMA = 1


class ForceLevel(str, Enum):
    """`--force`: bump this much whatever the commits say."""

    MAJOR = "major"
    MINOR = "minor"
    PATCH = "patch"


app = typer.Typer(
    name="releaser",
    help="Release automation for Python packages: Conventional Commits in, a release out.",
    no_args_is_help=True,
    # click's plain help: it wraps at the terminal's width without cutting option or variable
    # names, and shows [tool.releaser] as written (rich markup would swallow it).
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,  # a local may hold a token
    # typer imports its completion modules whether or not this is on: it costs nothing
    # measurable at start-up (bench/completion.py)
    add_completion=True,
)


def verbose_option(envvar: str | None = None) -> Any:  # noqa: ANN401 - typer.Option's own type
    """`-v/--verbose`, which every command takes: the git commands run, and tracebacks."""
    return typer.Option(
        False,
        "-v",
        "--verbose",
        help="Show the git commands run, and the traceback of any error.",
        callback=set_verbose,
        is_eager=True,
        envvar=envvar,
    )


def _show_version(value: bool) -> None:
    if value:
        from releaser import __version__

        print(f"releaser {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        help="Show releaser's version and exit.",
        callback=_show_version,
        is_eager=True,
    ),
    verbose: bool = verbose_option(),
) -> None:
    """Release automation for Python packages: Conventional Commits in, a release out."""
