"""`releaser cut`: the whole release, planned first, then carried out step by step.

Every option can also be given as `RELEASER_<OPTION>` (RELEASER_DRY_RUN=1), so
the Action and CI pass settings without building command lines.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import replace
from pathlib import Path

import typer

from releaser.cli.app import ForceLevel, app, verbose_option


def _env(name: str) -> str:
    return f"RELEASER_{name}"


@app.command()
def cut(
    dry_run: bool = typer.Option(
        False, "--dry-run", envvar=_env("DRY_RUN"), help="Print the plan and notes; change nothing."
    ),
    as_json: bool = typer.Option(
        False, "--json", envvar=_env("JSON"), help="Print the plan / result as JSON on stdout."
    ),
    prerelease: str | None = typer.Option(
        None,
        "--prerelease",
        envvar=_env("PRERELEASE"),
        help="Pre-release phase: rc, beta or alpha.",
    ),
    force: ForceLevel | None = typer.Option(
        None,
        "--force",
        envvar=_env("FORCE"),
        help="Bump major, minor or patch whatever the commits say.",
    ),
    push: bool = typer.Option(
        True, "--push/--no-push", envvar=_env("PUSH"), help="Push the release commit and tag."
    ),
    github: bool = typer.Option(
        True, "--github/--no-github", envvar=_env("GITHUB"), help="Create the GitHub release."
    ),
    publish: bool = typer.Option(
        True, "--publish/--no-publish", envvar=_env("PUBLISH"), help="Upload to the package index."
    ),
    build: bool = typer.Option(
        True, "--build/--no-build", envvar=_env("BUILD"), help="Build and check the distributions."
    ),
    audit: bool = typer.Option(
        True, "--audit/--no-audit", envvar=_env("AUDIT"), help="Run the audit gate."
    ),
    draft: bool = typer.Option(
        False, "--draft", envvar=_env("DRAFT"), help="Leave the GitHub release as a draft."
    ),
    repository_url: str = typer.Option(
        "",
        "--repository-url",
        envvar=[_env("REPOSITORY_URL"), "TWINE_REPOSITORY_URL"],
        help="Package index upload URL (default PyPI).",
    ),
    advisory_db: Path | None = typer.Option(
        None,
        "--advisory-db",
        envvar=_env("ADVISORY_DB"),
        help="Offline OSV advisory folder for pip-audit.",
    ),
    allow_unavailable: bool = typer.Option(
        False,
        "--allow-unavailable",
        envvar=_env("ALLOW_UNAVAILABLE"),
        help="Let the gate pass when an auditor cannot run.",
    ),
    sarif: Path | None = typer.Option(
        None,
        "--sarif",
        envvar=_env("SARIF"),
        metavar="FILE",
        help="Write the audit gate's findings as SARIF 2.1.0 (GitHub code scanning).",
    ),
    unshallow: bool = typer.Option(
        False,
        "--unshallow",
        envvar=_env("UNSHALLOW"),
        help="Fetch the full history of a shallow clone.",
    ),
    log_format: str = typer.Option(
        "text",
        "--log-format",
        envvar=_env("LOG_FORMAT"),
        help="text or json (one object per event).",
    ),
    via_pr: bool = typer.Option(
        False,
        "--via-pr",
        envvar=_env("VIA_PR"),
        help="Release through a pull request (for protected branches); see README.",
    ),
    verbose: bool = verbose_option(_env("VERBOSE")),
    project: Path | None = typer.Option(
        None,
        "--project",
        envvar=_env("PROJECT"),
        help="The project folder (it must hold a pyproject.toml); default: the nearest one.",
    ),
    packages: list[str] = typer.Option(
        [],
        "--package",
        help="Release only this package of a workspace (repeatable); default: every package "
        "with changes.",
    ),
) -> None:
    """Cut a release: audit, stamp, changelog, build, commit, tag, push, GitHub release, publish."""
    from releaser.core.version import Bump
    from releaser.errors import ReleaserError, UsageError
    from releaser.extras import CUT_MODULES, require_release_tools
    from releaser.history.project import chosen_folder
    from releaser.release.cut import CutSettings, run_cut
    from releaser.release.plan import Switches
    from releaser.release.report import JsonReporter, TextReporter

    require_release_tools("cut", CUT_MODULES)
    if log_format not in ("text", "json"):
        raise UsageError(f"--log-format takes text or json, not {log_format!r}")
    reporter = JsonReporter() if log_format == "json" else TextReporter(verbose=verbose)
    settings = CutSettings(
        project=Path("."),
        packages=tuple(packages),
        dry_run=dry_run,
        prerelease=prerelease or None,
        force=None if force is None else Bump[force.name],
        switches=Switches(
            audit=audit, build=build, push=push, github=github, publish=publish, draft=draft
        ),
        repository_url=repository_url,
        advisory_db=advisory_db,
        allow_unavailable=allow_unavailable,
        unshallow=unshallow,
        via_pr=via_pr,
        sarif=sarif.absolute() if sarif else None,
    )
    started = time.perf_counter()
    try:
        settings = replace(settings, project=chosen_folder(project))  # exit 3 if not a project
        result = run_cut(settings, reporter, dict(os.environ))
    except ReleaserError as exc:
        if isinstance(reporter, JsonReporter):  # keep the log one JSON object per line
            reporter.error(exc)
            exc.logged = True
        raise
    from releaser.cli.cut_output import as_json as json_result
    from releaser.cli.cut_output import changed_anything, github_outputs, pull_request_text

    if as_json:
        import json

        print(json.dumps(json_result(result), indent=2))
    elif result.get("release_branch"):  # a release through a pull request
        print(pull_request_text(result), end="")
    elif dry_run and result.get("released"):
        print(f"release notes of {result['tag']} (dry run: nothing was changed)\n")
        print(result["plan"]["notes"], end="")
    elif result["released"] and not dry_run:
        seconds = time.perf_counter() - started
        lines = [
            f"released {result['tag']} in {seconds:.1f}s"
            if changed_anything(result)
            else f"{result['tag']} was already released: nothing left to do"
        ]
        lines += [f"  {k}: {result[k]}" for k in ("release_url", "package_url") if result.get(k)]
        print("\n".join(lines))
    github_outputs(result)
    if result.get("nothing_to_release"):
        print("nothing to release", file=sys.stderr)
