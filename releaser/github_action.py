"""The GitHub Action's job summary: release notes, steps, audit table, or the error and its hint.

`action.yml` runs `releaser cut --json` with its stdout in a file and its
stderr copied to a log, then calls

    python -m releaser.github_action summary --result R --log L --exit-code N [--audit-report A]

and appends the Markdown to $GITHUB_STEP_SUMMARY. Only the standard library is
imported here, so the summary works even when releaser itself failed to start.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

_EXIT_MEANINGS = {
    1: "an unexpected error (a bug in releaser)",
    2: "a usage error",
    3: "invalid configuration",
    4: "refused before changing anything",
    5: "failed part-way; run the workflow again to resume",
}


def _read_json(path: Path | None) -> dict[str, Any] | None:
    if path is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "null")
    except (ValueError, OSError):
        return None
    return data if isinstance(data, dict) else None


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text or "").split()).replace("|", "\\|")


def _title(result: dict[str, Any] | None, exit_code: int) -> str:
    if exit_code != 0:
        meaning = _EXIT_MEANINGS.get(exit_code, "failed")
        return f"## releaser: failed (exit {exit_code}: {meaning})"
    if result is None:
        return "## releaser: finished (no result was reported)"
    if result.get("nothing_to_release"):
        return "## releaser: nothing to release"
    if result.get("dry_run"):
        return f"## releaser: dry run of {result.get('tag', '')} (nothing was changed)"
    pull = result.get("pull_request")
    if isinstance(pull, dict):
        return f"## releaser: {pull.get('action')} the release pull request of {result.get('tag')}"
    return f"## releaser: released {result.get('tag', '')}"


def _links(result: dict[str, Any]) -> list[str]:
    lines = []
    pull = result.get("pull_request")
    if isinstance(pull, dict):
        lines.append(f"- Pull request: #{pull.get('number')} {pull.get('url')}")
        lines.append(
            "- Merge it (any strategy); the next run on its base branch tags the merge and "
            "publishes the release"
        )
    if result.get("ci_note"):
        lines.append(f"\n> **Note:** {_cell(result['ci_note'])}")
    if result.get("release_url"):
        lines.append(f"- GitHub release: {result['release_url']}")
    if result.get("package_url"):
        lines.append(f"- Package: {result['package_url']}")
    if result.get("uploaded"):
        lines.append(f"- Uploaded: {', '.join(map(str, result['uploaded']))}")
    return lines


def _steps(result: dict[str, Any]) -> list[str]:
    statuses = result.get("steps")
    if isinstance(statuses, dict) and statuses:
        rows = [f"| {_cell(name)} | {_cell(status)} |" for name, status in statuses.items()]
    else:
        planned = (result.get("plan") or {}).get("steps") or []
        rows = [
            f"| {_cell(s.get('name'))} | "
            f"{'would run' if s.get('enabled') else _cell('off: ' + (s.get('off_reason') or ''))} |"
            for s in planned
            if isinstance(s, dict)
        ]
    return ["### Steps", "", "| step | status |", "|---|---|", *rows] if rows else []


def audit_table(report: dict[str, Any]) -> list[str]:
    """The audit gate report (schema 1, `releaser audit --json`) as Markdown tables."""
    verdict = "passed" if report.get("passed") else "FAILED"
    lines = [f"### Audit gate: {verdict}", "", "| auditor | result | time | detail |"]
    lines.append("|---|---|---|---|")
    findings: list[str] = []
    for auditor in report.get("auditors", []):
        detail = auditor.get("reason") or auditor.get("detail") or ""
        seconds = auditor.get("seconds") or 0
        lines.append(
            f"| {_cell(auditor.get('name'))} | {_cell(auditor.get('result'))} "
            f"| {float(seconds):.2f}s | {_cell(detail)} |"
        )
        for f in auditor.get("findings", []):
            where = f.get("package") or f.get("file") or ""
            if f.get("installed_version"):
                where = f"{where} {f['installed_version']}"
            summary = (f.get("summary") or "").splitlines()[:1]
            findings.append(
                f"| {_cell(f.get('id'))} | {_cell(auditor.get('name'))} | {_cell(where)} "
                f"| {_cell(f.get('severity') or '')} | {_cell(f.get('disposition'))} "
                f"| {_cell(summary[0] if summary else '')} |"
            )
    if findings:
        lines += ["", "| finding | auditor | package / file | severity | status | summary |"]
        lines += ["|---|---|---|---|---|---|", *findings]
    lines += [f"\n> **{_cell(w)}**" for w in report.get("warnings", [])]
    return lines


def _error_lines(log_text: str) -> list[str]:
    """The `error:` and `hint:` lines the CLI printed, quoted."""
    picked = [
        line.strip() for line in log_text.splitlines() if line.startswith(("error:", "hint:"))
    ]
    return ["### Error", "", *[f"> {line}  " for line in picked]] if picked else []


def render_summary(
    result: dict[str, Any] | None,
    log_text: str,
    exit_code: int,
    audit: dict[str, Any] | None = None,
) -> str:
    """The job summary in Markdown."""
    lines = [_title(result, exit_code), ""]
    if exit_code != 0:
        lines += [*_error_lines(log_text), ""]
    if result and not result.get("nothing_to_release"):
        lines += [*_links(result), ""]
        notes = (result.get("plan") or {}).get("notes")
        if notes:
            lines += ["### Release notes", "", str(notes).strip(), ""]
        lines += [*_steps(result), ""]
    if audit is not None:
        lines += [*audit_table(audit), ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """`python -m releaser.github_action summary ...`: print the job summary to stdout."""
    parser = argparse.ArgumentParser(prog="python -m releaser.github_action")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="Render the job summary (Markdown).")
    summary.add_argument("--result", type=Path, help="stdout of `releaser cut --json`")
    summary.add_argument("--log", type=Path, help="stderr of `releaser cut`")
    summary.add_argument("--exit-code", type=int, default=0)
    summary.add_argument("--audit-report", type=Path, help="the audit gate's JSON report")
    args = parser.parse_args(argv)
    log_text = ""
    if args.log is not None and args.log.is_file():
        log_text = args.log.read_text(encoding="utf-8", errors="replace")
    audit_path = args.audit_report if args.audit_report and str(args.audit_report) else None
    text = render_summary(_read_json(args.result), log_text, args.exit_code, _read_json(audit_path))
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
