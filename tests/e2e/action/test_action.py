"""action.yml's steps, run as the runner runs them, against local git, index and GitHub servers."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.e2e.action.conftest import ADVISORY_DB, REPOSITORY, ReleaseJob, git
from tests.support.github_server import DEFAULT_TOKEN


def test_the_action_releases(release_job: ReleaseJob) -> None:
    run = release_job.runner.run(
        {"repository-url": release_job.index.url, "advisory-db": str(ADVISORY_DB)}
    )
    assert run.ok, run.stderr
    # a warm cache: the install step only checks the key, and installs nothing
    install = next(s for s in run.steps if s.name == "Install releaser")
    assert "restored from the cache: releaser-venv-Linux-X64-py" in install.stdout
    assert "Restore releaser's environment" in run.skipped  # actions/cache, simulated
    print(f"the install step with a warm cache took {install.seconds:.2f} s")  # pytest -s
    # the install step put the action's own copy of releaser into the job's venv
    venv = release_job.runner_temp / "releaser-venv"
    probe = "import releaser; print(releaser.__file__)"
    where = subprocess.run(
        [venv / "bin" / "python", "-I", "-c", probe],
        cwd=venv,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(venv)), where
    assert run.outputs == {
        "released": "true",
        "version": "0.2.0",
        "tag": "v0.2.0",
        "release-url": run.outputs["release-url"],
        "pull-request-url": "",
        "versions": '{"releaser-sample":"0.2.0"}',
        "tags": '["v0.2.0"]',
    }
    assert run.outputs["release-url"].endswith("/releases/tag/v0.2.0")
    # the world changed as a release changes it
    assert "v0.2.0" in git(release_job.origin, "tag", "--list")
    assert any(f.startswith("releaser_sample-0.2.0") for f in release_job.index.files())
    [release] = release_job.github.releases()
    assert (release["tag_name"], release["draft"]) == ("v0.2.0", False)
    assert release_job.github.violations == []
    # the job summary has the release and its notes
    assert "## releaser: released v0.2.0" in run.summary
    assert "### Release notes" in run.summary
    assert "add a widget" in run.summary
    assert run.outputs["release-url"] in run.summary
    # tokens were masked, and never printed otherwise
    assert f"::add-mask::{DEFAULT_TOKEN}" in run.steps[-1].stdout
    everything = run.summary + "".join(
        s.stderr + s.stdout.replace(f"::add-mask::{DEFAULT_TOKEN}", "") for s in run.steps
    )
    assert DEFAULT_TOKEN not in everything
    assert release_job.index.password not in everything


def test_mode_pr_opens_the_release_pull_request(release_job: ReleaseJob) -> None:
    release_job.github.attach_origin(REPOSITORY, release_job.origin)
    run = release_job.runner.run({"mode": "pr", "extra-args": "--no-audit"})
    assert run.ok, run.stderr
    assert run.outputs["released"] == "false"
    assert run.outputs["tag"] == "v0.2.0"
    [pull] = release_job.github.pulls(REPOSITORY)
    assert run.outputs["pull-request-url"] == pull["html_url"]
    assert "v0.2.0" not in git(release_job.origin, "tag", "--list")
    assert "## releaser: opened the release pull request of v0.2.0" in run.summary
    assert "add a widget" in run.summary
    # the job's own token was used: the summary says CI will not run on the pull request
    assert "GitHub App token or a fine-grained personal access token" in run.summary
    other = release_job.runner.run(
        {"mode": "pr", "extra-args": "--no-audit", "github-token": DEFAULT_TOKEN + "-app"}
    )
    assert not other.ok  # the server knows only the job's token: the point is the summary
    assert "GitHub App token" not in other.summary


def test_an_unknown_mode_is_refused_before_anything_runs(release_job: ReleaseJob) -> None:
    run = release_job.runner.run({"mode": "pull-request", "extra-args": "--no-audit"})
    assert not run.ok
    cut = run.steps[-1]
    assert cut.returncode == 2
    assert "the input `mode` must be `push` or `pr`" in cut.stderr
    assert "v0.2.0" not in git(release_job.origin, "tag", "--list")
    assert release_job.github.pulls(REPOSITORY) == []
    assert release_job.index.files() == {}


def test_nothing_to_release_sets_released_false(release_job: ReleaseJob) -> None:
    git(release_job.workspace, "commit", "-q", "--allow-empty", "-m", "docs: nothing to ship")
    git(release_job.workspace, "tag", "-a", "v0.2.0", "-m", "v0.2.0", "HEAD~1")
    run = release_job.runner.run({"advisory-db": str(ADVISORY_DB)})
    assert run.ok, run.stderr
    assert run.outputs["released"] == "false"
    assert "## releaser: nothing to release" in run.summary


def test_dry_run_changes_nothing_and_shows_the_notes(release_job: ReleaseJob) -> None:
    run = release_job.runner.run(
        {"dry-run": "true", "repository-url": release_job.index.url, "extra-args": "--no-audit"}
    )
    assert run.ok, run.stderr
    assert run.outputs["released"] == "false"
    assert run.outputs["tag"] == "v0.2.0"
    assert "dry run of v0.2.0" in run.summary
    assert "add a widget" in run.summary
    assert "v0.2.0" not in git(release_job.origin, "tag", "--list")
    assert release_job.index.files() == {}


def test_a_shallow_checkout_fails_with_the_fetch_depth_hint(release_job: ReleaseJob) -> None:
    shallow = release_job.workspace.parent / "shallow"
    git(release_job.workspace.parent, "clone", "-q", "--depth", "1",
        f"file://{release_job.origin}", str(shallow))  # fmt: skip
    for key, value in (("user.name", "Release Bot"), ("user.email", "bot@example.invalid")):
        git(shallow, "config", key, value)
    run = release_job.runner.run({"working-directory": "../shallow"})
    assert not run.ok
    cut = run.steps[-1]
    assert cut.returncode == 4
    assert "::error title=releaser::" in cut.stderr
    assert "fetch-depth: 0" in cut.stderr
    assert "failed (exit 4" in run.summary
    assert "fetch-depth: 0" in run.summary
    assert run.outputs == {
        "released": "false",
        "version": "",
        "tag": "",
        "release-url": "",
        "pull-request-url": "",
        "versions": "{}",
        "tags": "[]",
    }


def test_a_dry_run_on_a_second_line_of_extra_args_stays_a_dry_run(release_job: ReleaseJob) -> None:
    # a YAML block scalar (`extra-args: |`) gives one option per line
    run = release_job.runner.run(
        {"repository-url": release_job.index.url, "extra-args": "--no-audit\n--dry-run\n"}
    )
    assert run.ok, run.stderr
    assert run.outputs["released"] == "false"
    assert "dry run of v0.2.0" in run.summary
    assert "v0.2.0" not in git(release_job.origin, "tag", "--list")
    assert release_job.index.files() == {}


# The runner's Python as Debian and Ubuntu ship it without python3-venv: `-m venv` fails.
_PYTHON_WITHOUT_VENV = """\
#!/bin/sh
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  echo "The virtual environment was not created successfully because ensurepip is not" >&2
  echo "available.  On Debian/Ubuntu systems, you need to install the python3-venv" >&2
  echo "package using the following command." >&2
  exit 1
fi
exec {python} "$@"
"""


@pytest.mark.cold_cache
def test_outputs_are_set_when_the_install_fails(release_job: ReleaseJob) -> None:
    # nothing restored, and the venv cannot be made: the install step fails before releaser
    # ever runs (a file where the venv goes is removed first, as stale)
    venv = release_job.runner_temp / "releaser-venv"
    venv.write_text("not a folder", encoding="utf-8")
    tools = release_job.runner_temp / "python-without-venv"
    tools.mkdir()
    for name in ("python3", "python"):
        (tools / name).write_text(_PYTHON_WITHOUT_VENV.format(python=sys.executable), "utf-8")
        (tools / name).chmod(0o755)
    env = release_job.runner.env
    env["PATH"] = os.pathsep.join([str(tools), env.get("PATH", "")])
    run = release_job.runner.run({"dry-run": "true"})
    assert not run.ok
    install = next(s for s in run.steps if s.name == "Install releaser")
    assert install.returncode != 0
    assert "ensurepip is not" in install.stderr
    assert not venv.exists()
    assert run.outputs == {
        "released": "false",
        "version": "",
        "tag": "",
        "release-url": "",
        "pull-request-url": "",
        "versions": "{}",
        "tags": "[]",
    }


def test_extra_args_are_split_without_a_shell(release_job: ReleaseJob) -> None:
    run = release_job.runner.run({"extra-args": "  --dry-run\t--no-audit   --no-publish "})
    assert run.ok, run.stderr
    assert run.outputs["tag"] == "v0.2.0"
    assert "| audit | off" in run.summary
    marker = release_job.runner_temp / "pwned"
    run = release_job.runner.run({"extra-args": f"--dry-run $(touch {marker}) `touch {marker}`"})
    assert not run.ok  # the words reach releaser as literal (unexpected) arguments
    assert run.steps[-1].returncode != 0
    assert not marker.exists()


def test_the_summary_has_the_audit_table(release_job: ReleaseJob) -> None:
    run = release_job.runner.run({"dry-run": "true", "advisory-db": str(ADVISORY_DB)})
    assert run.ok, run.stderr
    assert "### Audit gate: passed" in run.summary
    assert "| bandit |" in run.summary
