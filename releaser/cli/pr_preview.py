"""`releaser preview`: what merging this pull request would release (read-only)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from releaser.cli.app import JSON_SCHEMA, app, option, verbose_option
from releaser.errors import LintError

if TYPE_CHECKING:
    from releaser.config import Config


@app.command("preview")
@option(
    "--base",
    help="The branch the pull request merges into (default: origin/$GITHUB_BASE_REF).",
)
@option("--title", help="The pull request's title (default: from the Actions event).")
@option(
    "--comment",
    is_flag=True,
    envvar="RELEASER_PREVIEW_COMMENT",
    help="Keep one comment on the pull request with the preview (needs "
    "`pull-requests: write`; skipped for forks).",
)
@option(
    "--merge",
    default="merge",
    envvar="RELEASER_PREVIEW_MERGE",
    help="How the pull request will be merged: merge (also rebase) or squash (the title "
    "becomes the one commit's message; only the title is linted).",
)
@option("--json", "as_json", is_flag=True, help="Print the preview as JSON.")
@option(
    "--project",
    type=click.Path(path_type=Path),
    envvar="RELEASER_PROJECT",
    help="The project folder.",
)
@verbose_option()
def preview_command(
    base: str | None,
    title: str | None,
    comment: bool,
    merge: str,
    as_json: bool,
    project: Path | None,
    verbose: bool,
) -> None:
    """Preview the release merging this pull request would make, and lint its commits and title.

    Works on a detached HEAD (a pull request's checkout); changes nothing. The preview goes
    to stdout and to the job summary ($GITHUB_STEP_SUMMARY). Exit 6 when a commit or the
    title is not a valid Conventional Commit.
    """
    from releaser.pr_preview.event import pull_request_from_env
    from releaser.pr_preview.merge import preview_merge
    from releaser.pr_preview.report import MARKER, markdown, preview_json

    pull = pull_request_from_env(os.environ)
    preview = preview_merge(
        project,
        _load,
        base=base,
        base_branch=pull.base_branch,
        title=title if title is not None else pull.title,
        merge=merge,
    )
    notes: tuple[str, ...] = ()
    if comment:
        from releaser.pr_preview.comment import keep_comment

        notes = (keep_comment(os.environ, pull, MARKER, markdown(preview)),)
    for note in (*preview.notices, *notes):
        print(f"note: {note}", file=sys.stderr)
    text = markdown(preview, notes=notes)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(text)
    if as_json:
        import json

        print(json.dumps(preview_json(preview, JSON_SCHEMA, notes=notes), indent=2))
    else:
        print(text, end="")
    if preview.lint_failures:
        raise LintError(
            f"{preview.lint_failures} message(s) of this pull request are not valid "
            "Conventional Commits",
            hint="fix the title, or reword the commits (`git rebase -i`); "
            "the format is `type(scope)!: description`",
        )


def _load(root: Path) -> Config:
    from releaser.config import load_config

    return load_config(root)
