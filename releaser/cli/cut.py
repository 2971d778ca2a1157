"""`releaser cut`: the whole release, planned first, then carried out step by step.

Every option can also be given as `RELEASER_<OPTION>` (RELEASER_DRY_RUN=1), so
the Action and CI pass settings without building command lines.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

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
    project: Path = typer.Option(
        Path("."), "--project", envvar=_env("PROJECT"), help="The project folder."
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
    from releaser.release.cut import CutSettings, run_cut
    from releaser.release.plan import Switches
    from releaser.release.report import JsonReporter, TextReporter

    require_release_tools("cut", CUT_MODULES)
    if log_format not in ("text", "json"):
        raise UsageError(f"--log-format takes text or json, not {log_format!r}")
    reporter = JsonReporter() if log_format == "json" else TextReporter(verbose=verbose)
    settings = CutSettings(
        project=project,
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
        result = run_cut(settings, reporter, dict(os.environ))
    except ReleaserError as exc:
        if isinstance(reporter, JsonReporter):  # keep the log one JSON object per line
            reporter.error(exc)
            exc.logged = True
        raise
    if as_json:
        import json

        print(json.dumps(_as_json(result), indent=2))
    elif result.get("release_branch"):  # a release through a pull request
        print(_pull_request_text(result), end="")
    elif dry_run and result.get("released"):
        print(f"release notes of {result['tag']} (dry run: nothing was changed)\n")
        print(result["plan"]["notes"], end="")
    elif result["released"] and not dry_run:
        seconds = time.perf_counter() - started
        lines = [
            f"released {result['tag']} in {seconds:.1f}s"
            if _changed_anything(result)
            else f"{result['tag']} was already released: nothing left to do"
        ]
        lines += [f"  {k}: {result[k]}" for k in ("release_url", "package_url") if result.get(k)]
        print("\n".join(lines))
    _github_outputs(result)
    if result.get("nothing_to_release"):
        print("nothing to release", file=sys.stderr)


def _as_json(result: dict[str, object]) -> dict[str, object]:
    """The result as `--json` prints it: `released` only when this run made (or finished) the
    release, `release_due` when there was one to make; see README.md, "JSON outputs"."""
    from releaser.cli.app import JSON_SCHEMA

    released = bool(result.get("released")) and not result.get("dry_run")
    due = bool(result.get("released") or result.get("release_due"))
    return {"schema": JSON_SCHEMA, **result, "released": released, "release_due": due}


def _pull_request_text(result: dict[str, Any]) -> str:
    """What a release-PR run did, for the terminal (stdout)."""
    pull = result.get("pull_request")
    if not isinstance(pull, dict):  # a dry run
        notes = result["plan"]["notes"]
        return (
            f"release notes of {result['tag']}, for the pull request from "
            f"{result['release_branch']} (dry run: nothing was changed)\n\n{notes}"
        )
    return (
        f"{pull['action']} pull request #{pull['number']} for {result['tag']}: {pull['url']}\n"
        f"  merge it, and the next `releaser cut` on its base finishes the release\n"
    )


def _changed_anything(result: dict[str, object]) -> bool:
    """False when a rerun found every step of the release already done."""
    steps = result.get("steps")
    if not isinstance(steps, dict):
        return True
    return any(
        status == "done" for name, status in steps.items() if name.split(":")[0] not in _CHECKS
    )


_CHECKS = ("audit", "check")  # steps that look, and change nothing a user would see


def _github_outputs(result: dict[str, object]) -> None:
    """Step outputs for the Action: released, version, tag, release-url."""
    path = os.environ.get("GITHUB_OUTPUT")
    if not path:
        return
    pull = result.get("pull_request")
    values = {
        "released": "true" if result.get("released") and not result.get("dry_run") else "false",
        "version": result.get("version") or "",
        "tag": result.get("tag") or "",
        "release-url": result.get("release_url") or "",
        "pull-request-url": pull.get("url") or "" if isinstance(pull, dict) else "",
    }
    with open(path, "a", encoding="utf-8") as handle:
        handle.writelines(f"{key}={value}\n" for key, value in values.items())
