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

import click

from releaser.cli.app import FORCE_LEVELS, app, option, verbose_option


def _env(name: str) -> str:
    return f"RELEASER_{name}"


@app.command()
@option(
    "--dry-run",
    is_flag=True,
    envvar=_env("DRY_RUN"),
    help="Print the plan and notes; change nothing.",
)
@option(
    "--json",
    "as_json",
    is_flag=True,
    envvar=_env("JSON"),
    help="Print the plan / result as JSON on stdout.",
)
@option("--prerelease", envvar=_env("PRERELEASE"), help="Pre-release phase: rc, beta or alpha.")
@option(
    "--force",
    type=FORCE_LEVELS,
    envvar=_env("FORCE"),
    help="Bump major, minor or patch whatever the commits say.",
)
@option(
    "--push/--no-push", default=True, envvar=_env("PUSH"), help="Push the release commit and tag."
)
@option(
    "--github/--no-github", default=True, envvar=_env("GITHUB"), help="Create the GitHub release."
)
@option(
    "--publish/--no-publish",
    default=True,
    envvar=_env("PUBLISH"),
    help="Upload to the package index.",
)
@option(
    "--build/--no-build",
    default=True,
    envvar=_env("BUILD"),
    help="Build and check the distributions.",
)
@option("--audit/--no-audit", default=True, envvar=_env("AUDIT"), help="Run the audit gate.")
@option("--draft", is_flag=True, envvar=_env("DRAFT"), help="Leave the GitHub release as a draft.")
@option(
    "--repository-url",
    default="",
    show_default=False,
    envvar=[_env("REPOSITORY_URL"), "TWINE_REPOSITORY_URL"],
    help="Package index upload URL (default PyPI).",
)
@option(
    "--advisory-db",
    type=click.Path(path_type=Path),
    envvar=_env("ADVISORY_DB"),
    help="Offline OSV advisory folder for pip-audit.",
)
@option(
    "--allow-unavailable",
    is_flag=True,
    envvar=_env("ALLOW_UNAVAILABLE"),
    help="Let the gate pass when an auditor cannot run.",
)
@option(
    "--sarif",
    type=click.Path(path_type=Path),
    envvar=_env("SARIF"),
    metavar="FILE",
    help="Write the audit gate's findings as SARIF 2.1.0 (GitHub code scanning).",
)
@option(
    "--unshallow",
    is_flag=True,
    envvar=_env("UNSHALLOW"),
    help="Fetch the full history of a shallow clone.",
)
@option(
    "--log-format",
    default="text",
    envvar=_env("LOG_FORMAT"),
    help="text or json (one object per event).",
)
@option(
    "--via-pr",
    is_flag=True,
    envvar=_env("VIA_PR"),
    help="Release through a pull request (for protected branches); see README.",
)
@verbose_option(_env("VERBOSE"))
@option(
    "--project",
    type=click.Path(path_type=Path),
    envvar=_env("PROJECT"),
    help="The project folder (it must hold a pyproject.toml); default: the nearest one.",
)
@option(
    "--package",
    "packages",
    multiple=True,
    help="Release only this package of a workspace (repeatable); default: every package "
    "with changes.",
)
def cut(
    dry_run: bool,
    as_json: bool,
    prerelease: str | None,
    force: str | None,
    push: bool,
    github: bool,
    publish: bool,
    build: bool,
    audit: bool,
    draft: bool,
    repository_url: str,
    advisory_db: Path | None,
    allow_unavailable: bool,
    sarif: Path | None,
    unshallow: bool,
    log_format: str,
    via_pr: bool,
    verbose: bool,
    project: Path | None,
    packages: tuple[str, ...],
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
        force=None if force is None else Bump[force.upper()],
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
