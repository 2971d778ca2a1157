"""The `releaser` command: parse, call one function, map errors to exit codes.

Every exit code is listed in `releaser.errors.ExitCode` and in README.md.
"""

from __future__ import annotations

import os
import sys

from releaser.errors import ExitCode, ReleaserError


def report_error(error: ReleaserError) -> None:
    """Print an error as one sentence and a hint; as a workflow command in Actions."""
    if error.logged:
        return
    print(f"error: {error.message}", file=sys.stderr)
    if error.hint:
        print(f"hint: {error.hint}", file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        text = error.message + (f" ({error.hint})" if error.hint else "")
        print(f"::error title=releaser::{_escape_workflow(text)}", file=sys.stderr)


def _escape_workflow(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `releaser` console script."""
    import click

    from releaser.cli.app import app
    from releaser.cli.verbose import is_verbose

    _forgiving_streams()
    args = sys.argv[1:] if argv is None else argv
    try:
        code = app.main(
            args=args,
            prog_name="releaser",
            complete_var="_RELEASER_COMPLETE",
            standalone_mode=False,
        )
    except click.Abort:
        code = 130
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except ReleaserError as exc:
        if is_verbose():
            _print_traceback()
        report_error(exc)
        code = exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        code = 130
    except Exception as exc:  # a bug: say so, and show where with -v
        explained = _explained(exc)
        if is_verbose() or os.environ.get("RELEASER_DEBUG"):
            _print_traceback()
        if explained is not None:
            report_error(explained)
            code = explained.exit_code
        else:
            print(
                "error: releaser failed unexpectedly (a bug); run again with -v for the "
                "traceback and report it",
                file=sys.stderr,
            )
            code = ExitCode.INTERNAL
    sys.exit(int(code) if isinstance(code, int) else 0)


def _forgiving_streams() -> None:
    """Never fail on a character the console cannot show (cp1252 and a commit's emoji): write
    a replacement character instead. A user redirecting the notes wants the notes."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.errors or "strict") == "strict":
            reconfigure(errors="replace")


def _explained(exc: Exception) -> ReleaserError | None:
    """A known outside failure that escaped its service, as the error it stands for."""
    if type(exc).__module__.startswith("jinja2"):  # a broken changelog template (in `cut`)
        from pathlib import Path

        from releaser.changelog_files import template_error

        return template_error(exc, Path.cwd())
    return None


def _print_traceback() -> None:
    import traceback

    traceback.print_exc()
