"""The Markdown (job summary, sticky comment, terminal) and the JSON of a merge preview."""

from __future__ import annotations

from typing import Any

from releaser.core.lint import LintResult
from releaser.pr_preview.merge import MergePreview

# Hidden in the comment: how the next run finds the comment it keeps up to date.
MARKER = "<!-- releaser:pull-request-preview -->"
_SHOWN = 120


def markdown(preview: MergePreview, *, notes: tuple[str, ...] = ()) -> str:
    """The preview as Markdown, starting with the hidden marker."""
    lines = [MARKER, "### Release preview", ""]
    merging = "Squash-merging" if preview.merge == "squash" else "Merging"
    if preview.version is not None:
        was = f" (from {preview.current})" if preview.current else ""
        lines.append(
            f"{merging} this pull request into `{preview.base}` releases "
            f"**{preview.version}**{was}: a {preview.bump.label} bump, tag `{preview.tag}`."
        )
    else:
        lines.append(
            f"{merging} this pull request into `{preview.base}` releases nothing: "
            "no commit calls for a new version."
        )
    lines += ["", *_lint_lines(preview)]
    squash = _squash_line(preview)
    if squash:
        lines += ["", squash]
    if preview.notes:
        lines += ["", "<details><summary>Release notes</summary>", "", preview.notes.strip()]
        lines += ["", "</details>"]
    for text in (*preview.notices, *notes):
        lines += ["", f"> {text}"]
    return "\n".join(lines) + "\n"


def _lint_lines(preview: MergePreview) -> list[str]:
    rows = [(c.sha[:7], c.result) for c in preview.commits]
    if preview.title_lint is not None:
        rows.append(("title", preview.title_lint))
    if not rows:
        return ["No commits to lint."]
    failed = preview.lint_failures
    counted = 1 if preview.merge == "squash" else len(rows)
    verdict = (
        f"All {counted} messages are valid Conventional Commits."
        if not failed
        else f"**{failed} of {counted} messages are not valid Conventional Commits.**"
    )
    if preview.merge == "squash":
        verdict += " A squash merge keeps only the title; the commits are shown for reference."
    table = ["| | message | result |", "|---|---|---|"]
    table += [f"| {where} | {_cell(r.message)} | {_verdict(r)} |" for where, r in rows]
    return [verdict, "", *table]


def _squash_line(preview: MergePreview) -> str | None:
    title = preview.title_lint
    if title is None or not title.valid or preview.merge == "squash":
        return None
    effect = "bumps nothing" if title.bump.label == "none" else f"is a {title.bump.label} bump"
    return f"Squash-merged with the title as its message, the change {effect}."


def _verdict(result: LintResult) -> str:
    if result.valid:
        return f"ok ({result.bump.label})"
    errors = [v.message for v in result.violations if v.severity == "error"]
    return "not valid: " + _cell("; ".join(errors))


def _cell(text: str) -> str:
    header = text.partition("\n")[0]
    if len(header) > _SHOWN:
        header = header[: _SHOWN - 1] + "\u2026"
    return header.replace("|", "\\|").replace("<", "&lt;").replace("`", "'")


def preview_json(
    preview: MergePreview, schema: int, *, notes: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The preview as the JSON document `releaser preview --json` prints."""
    return {
        "schema": schema,
        "base": preview.base,
        "merge": preview.merge,
        "head": preview.head,
        "current": preview.current,
        "version": preview.version,
        "tag": preview.tag,
        "bump": preview.bump.label,
        "notes": preview.notes,
        "commits": [{"sha": c.sha, **_lint_json(c.result)} for c in preview.commits],
        "title": None
        if preview.title_lint is None
        else {"text": preview.title, **_lint_json(preview.title_lint)},
        "lint_failures": preview.lint_failures,
        "notices": [*preview.notices, *notes],
    }


def _lint_json(result: LintResult) -> dict[str, Any]:
    return {
        "valid": result.valid,
        "bump": result.bump.label,
        "subject": result.message.partition("\n")[0][:400],
        "errors": [v.message for v in result.violations if v.severity == "error"],
    }
