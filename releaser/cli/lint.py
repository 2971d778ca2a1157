"""`releaser lint`: check commit messages (the commit-msg hook and pull-request CI).

Start-up matters here: the hook runs on every commit, so this module imports
only the parser and the configuration reader.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from releaser.cli.app import JSON_SCHEMA, app, option, verbose_option
from releaser.errors import LintError, UsageError

if TYPE_CHECKING:
    from releaser.core.lint import LintResult


@app.command()
@option(
    "--message-file",
    type=click.Path(path_type=Path),
    help="A commit message file (what git passes to a commit-msg hook).",
)
@option("--from", "from_ref", help="Lint the commits after this ref...")
@option("--to", "to_ref", help="...up to this ref (default HEAD).")
@option("--json", "as_json", is_flag=True, help="Print one JSON object per message.")
@option("--project", type=click.Path(path_type=Path), default=Path("."), help="The project folder.")
@verbose_option()
def lint(
    message_file: Path | None,
    from_ref: str | None,
    to_ref: str | None,
    as_json: bool,
    project: Path,
    verbose: bool,
) -> None:
    """Check commit messages: a file, standard input, or a range of commits."""
    from releaser.config import load_config
    from releaser.core.lint import LintRules, lint_message

    config = load_config(project)
    rules = LintRules(config.types, config.max_header_length, config.bump_rules)
    results: list[tuple[str | None, LintResult]] = []
    if from_ref is not None or to_ref is not None:
        if message_file is not None:
            raise UsageError("give either --message-file or --from/--to, not both")
        range_rules = LintRules(
            config.types, config.max_header_length, config.bump_rules, allow_autosquash=False
        )
        for sha, message in _range_messages(project, from_ref, to_ref or "HEAD"):
            results.append((sha, lint_message(message, range_rules)))
        if not results:
            start = f"after {from_ref} " if from_ref else ""
            print(
                f"no commits found {start}up to {to_ref or 'HEAD'}: nothing to lint",
                file=sys.stderr,
            )
            return
    else:
        text = _hook_message(project, message_file)
        if not text:  # git aborts an empty commit itself; let it say so
            return
        results.append((None, lint_message(text, rules)))
    failed = [r for _, r in results if not r.valid]
    for where, result in results:
        if as_json:
            import json

            print(json.dumps(_as_json(where, result)))
        else:
            _print_result(
                where[:7] if where else "message", result, quiet_when_valid=len(results) > 1
            )
    if failed:
        raise LintError(
            f"{len(failed)} of {len(results)} commit message(s) are not valid Conventional Commits"
            if len(results) > 1
            else "the commit message is not a valid Conventional Commit",
            hint="the format is `type(scope)!: description`, see https://www.conventionalcommits.org",
        )


def _hook_message(project: Path, message_file: Path | None) -> str:
    """The message from a file or stdin, cleaned as git will clean it."""
    from releaser.core.commits import clean_message
    from releaser.history.messages import comment_string

    if message_file is not None:
        try:
            raw = message_file.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise UsageError(f"cannot read {message_file}: {exc.strerror}") from None
    else:
        raw = sys.stdin.read()
    return clean_message(raw, comment_string(project, raw))


def _range_messages(project: Path, from_ref: str | None, to_ref: str) -> list[tuple[str, str]]:
    from releaser.history.messages import commit_messages

    return commit_messages(project, from_ref, to_ref)


_SHOWN = 120  # characters of a line shown at most: a 100 KB header is not echoed whole


def _clip(text: str, limit: int = _SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _as_json(sha: str | None, result: LintResult) -> dict[str, Any]:
    commit = result.commit
    return {
        "schema": JSON_SCHEMA,
        "sha": sha,
        "valid": result.valid,
        "kind": result.kind,
        "type": commit.type if commit else None,
        "scope": commit.scope if commit else None,
        "subject": _clip(commit.description if commit else result.message.partition("\n")[0]),
        "breaking": commit.breaking if commit else False,
        "bump": result.bump.label,
        "errors": [
            {"message": _clip(v.message, 400), "line": v.line, "column": v.column}
            for v in result.violations
            if v.severity == "error"
        ],
        "warnings": [_clip(v.message, 400) for v in result.violations if v.severity == "warning"],
        "example": _clip(result.example) if result.example else None,
    }


def _print_result(where: str, result: LintResult, *, quiet_when_valid: bool) -> None:
    lines = result.message.split("\n")
    if result.valid and not result.violations:
        if not quiet_when_valid:
            commit = result.commit
            what = f"{commit.type}, bump: {result.bump.label}" if commit else result.kind
            print(f"ok: {what}", file=sys.stderr)
        return
    for violation in result.violations:
        print(f"{where}: {violation.severity}: {_clip(violation.message, 400)}", file=sys.stderr)
        text = lines[violation.line - 1] if violation.line - 1 < len(lines) else ""
        text, column = _window(text, violation.column)
        gutter = f"{violation.line:>4} | "
        print(f"{gutter}{text}", file=sys.stderr)
        print(" " * (len(gutter) - 2) + "| " + " " * column + "^", file=sys.stderr)
    if result.example:
        print(f"  example: {_clip(result.example)}", file=sys.stderr)


def _window(line: str, column: int) -> tuple[str, int]:
    """At most `_SHOWN` characters of `line` around `column`, and the column within them."""
    if len(line) <= _SHOWN:
        return line, column
    start = max(0, min(column - _SHOWN // 2, len(line) - _SHOWN))
    shown = line[start : start + _SHOWN]
    prefix = "\u2026" if start else ""
    suffix = "\u2026" if start + _SHOWN < len(line) else ""
    return prefix + shown + suffix, column - start + len(prefix)
