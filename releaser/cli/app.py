"""The typer application every command module registers on.

Command modules import only what `--help` needs; heavy libraries are
imported inside the command functions, so start-up stays fast.
"""

from __future__ import annotations

from enum import Enum

import typer


class ForceLevel(str, Enum):
    """`--force`: bump this much whatever the commits say."""

    MAJOR = "major"
    MINOR = "minor"
    PATCH = "patch"


app = typer.Typer(
    name="releaser",
    help="Release automation for Python packages: Conventional Commits in, a release out.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # a local may hold a token
    add_completion=False,
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
) -> None:
    """Release automation for Python packages: Conventional Commits in, a release out."""
