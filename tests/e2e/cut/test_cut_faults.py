"""Fault injection: each step fails in turn; the world stays consistent; a rerun finishes.

After every fault a second `releaser cut` must end with exactly one tag, one
GitHub release and one upload per file (`Sample.assert_released_once`).
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.cut.conftest import (
    CUT_TIMEOUT,
    MODULE,
    REPOSITORY,
    CutRun,
    Sample,
    commit_file,
    git,
)

REFUSED, PARTIAL = 4, 5

REJECT_ONCE_HOOK = """\
#!/bin/sh
# Refuse one push, then let pushes through (a protected-branch policy changed meanwhile).
if [ -f "$GIT_DIR/reject-once" ]; then
    rm -f "$GIT_DIR/reject-once"
    echo "push declined by policy" >&2
    exit 1
fi
exit 0
"""


BUILD_OUTPUT = ("dist/", "build/", f"{MODULE}.egg-info/")


def _without_dist(world: dict[str, Any]) -> dict[str, Any]:
    """The world minus the (git-ignored) build output a failed run may leave.

    dist/ is kept on purpose (a rerun reuses the very same files); build/ and
    *.egg-info/ are setuptools' droppings from building in the source tree.
    """
    repo = dict(world["repository"])
    repo["files"] = {k: v for k, v in repo["files"].items() if not k.startswith(BUILD_OUTPUT)}
    return {**world, "repository": repo}


def _nothing_published(sample: Sample) -> None:
    assert sample.server.releases(REPOSITORY) == []
    assert sample.index.files() == {}


def test_push_rejected_undoes_the_local_release(sample: Sample) -> None:
    hook = sample.origin / "hooks" / "pre-receive"
    hook.write_text(REJECT_ONCE_HOOK, encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    (sample.origin / "reject-once").touch()
    before = sample.world()

    run = sample.cut("--no-audit", expect=REFUSED)
    assert "push failed" in run.errors()[0]
    assert "local release commit and tag were undone" in run.errors()[0]
    assert "the remote said:\n  push declined by policy" in run.stderr  # its own words
    assert "hint: the remote's hook refused the push: do what its message says" in run.stderr
    assert _without_dist(sample.world()) == _without_dist(before)  # HEAD, tags, files, remote
    _nothing_published(sample)

    git(sample.root, "pull", "-q", "--rebase", "origin", "main")
    sample.cut("--no-audit")
    sample.assert_released_once("v0.2.0", "0.2.0")


@pytest.mark.parametrize(
    ("status", "times", "expected"),
    [
        (500, 50, "HTTP 500"),  # lasting: outlives the adapter's retries
        (401, 1, "HTTP 401"),
        (422, 1, "HTTP 422"),
    ],
    ids=["500-lasting", "401", "422"],
)
def test_github_refuses_the_release(sample: Sample, status: int, times: int, expected: str) -> None:
    sample.server.fail_next("POST", r"/releases$", status, times=times)

    run = sample.cut("--no-audit", expect=PARTIAL)
    assert expected in run.errors()[0]
    (hint,) = [line for line in run.stderr.splitlines() if line.startswith("hint: ")]
    assert "releaser cut" in hint
    assert "without repeating what is done" in hint  # the way out of a partial release
    # Pushed (the tag is public), nothing announced, nothing uploaded.
    assert sample.remote_tags() == ["v0.1.0", "v0.2.0"]
    assert git(sample.root, "log", "-1", "--format=%s") == "chore(release): 0.2.0"
    _nothing_published(sample)
    if status == 401:
        assert "GH_TOKEN" in run.stderr

    sample.server.clear_faults()  # a lasting outage ends
    rerun = sample.cut("--no-audit")
    assert "HEAD is the release commit of 0.2.0" in rerun.stderr
    sample.assert_released_once("v0.2.0", "0.2.0")
    assert sample.server.violations == []


def test_asset_upload_fails_part_way(sample: Sample) -> None:
    # SHA256SUMS and the sdist land, then the wheel's upload fails for good: a draft is left.
    wheel = f"{MODULE}-0.2.0-py3-none-any.whl"
    sample.server.fail_uploads_of(wheel, 500, times=50)

    run = sample.cut("--no-audit", expect=PARTIAL)
    assert f"uploading {wheel}" in run.errors()[0]
    assert "HTTP 500" in run.errors()[0]
    (draft,) = sample.server.releases(REPOSITORY)
    assert draft["draft"] is True  # nothing announced
    assert [a["name"] for a in draft["assets"]] == ["SHA256SUMS", f"{MODULE}-0.2.0.tar.gz"]
    assert sample.index.files() == {}

    sample.server.fail_uploads_of(wheel, 500, times=0)
    sample.cut("--no-audit")
    sample.assert_released_once("v0.2.0", "0.2.0")  # the sdist was not uploaded twice


def test_index_refuses_the_upload(sample: Sample) -> None:
    wrong = "not-the-password-42"
    sample.secrets.append(wrong)
    env = sample.env_without(TWINE_PASSWORD=wrong)

    run = sample.cut("--no-audit", "--log-format", "json", expect=PARTIAL, env=env)
    # with JSON logs, every line on stderr is one JSON object, the final error included
    events = [json.loads(line) for line in run.stderr.splitlines()]
    (error,) = [e for e in events if e["event"] == "error"]
    assert "publish failed" in error["error"]
    assert error["exit_code"] == PARTIAL
    (failed,) = [e for e in events if e["event"] == "step_failed"]
    assert failed["step"] == "publish"
    assert failed["exit_code"] == PARTIAL
    assert "refused the credentials" in failed["error"]
    assert sample.index.files() == {}
    (draft,) = sample.server.releases(REPOSITORY)
    assert draft["draft"] is True  # the release is not announced without the package
    assert len(draft["assets"]) == 3

    sample.cut("--no-audit")
    sample.assert_released_once("v0.2.0", "0.2.0")


@pytest.mark.setuptools_sample  # setuptools' own behaviour is part of the test
def test_build_failure_changes_nothing(sample: Sample) -> None:
    pyproject = sample.root / "pyproject.toml"
    good = pyproject.read_text(encoding="utf-8")
    broken = good.replace(
        'requires-python = ">=3.10"',
        'requires-python = ">=3.10"\ndependencies = ["not a valid requirement!!"]',
    )
    assert broken != good
    pyproject.write_text(broken, encoding="utf-8")
    git(sample.root, "commit", "-q", "-am", "build: depend on something")
    git(sample.root, "push", "-q", "origin", "main")
    before = sample.world()

    run = sample.cut("--no-audit", expect=REFUSED)
    assert "build failed" in run.errors()[0]
    assert "nothing was changed" in run.errors()[0]
    assert _without_dist(sample.world()) == _without_dist(before)
    assert git(sample.root, "tag", "--list", "v0.2.0") == ""

    pyproject.write_text(good, encoding="utf-8")
    git(sample.root, "commit", "-q", "-am", "fix: a valid dependency list")
    git(sample.root, "push", "-q", "origin", "main")
    sample.cut("--no-audit")
    sample.assert_released_once("v0.2.0", "0.2.0")


def test_killed_between_tag_and_publish_resumes(sample: Sample) -> None:
    server = sample.server
    server.hold("POST", f"/repos/{REPOSITORY}/releases")
    sample.cut_killed_when(server.arrived, "--no-audit")  # when it creates the release

    # The release commit and tag are on the remote; nothing is announced or uploaded.
    head = git(sample.root, "rev-parse", "HEAD")
    assert git(sample.origin, "rev-parse", "v0.2.0^{commit}") == head
    assert sample.index.files() == {}
    # The held request still lands after the client died: a draft without assets.
    server.release()
    deadline = time.monotonic() + CUT_TIMEOUT  # a bound for a loaded machine, not a wait
    while not server.requests("POST", r"/releases$") and time.monotonic() < deadline:
        time.sleep(0.02)
    (draft,) = server.releases(REPOSITORY)
    assert draft["draft"] is True
    assert draft["assets"] == []

    rerun = sample.cut("--no-audit", "--json")
    assert git(sample.root, "rev-parse", "HEAD") == head  # no second bump
    assert '"resume": true' in rerun.stdout
    assert git(sample.root, "tag", "--list", "v0.2.*") == "v0.2.0"
    sample.assert_released_once("v0.2.0", "0.2.0")
    assert [r["id"] for r in server.releases(REPOSITORY)] == [draft["id"]]
    assert f"{MODULE}-0.2.0.tar.gz" in sample.index.files()


# A setup.py that says when the build runs it, then waits for Ctrl-C (or for the test to go).
HELD_BUILD = """\
import os, pathlib, time
from setuptools import setup

gate = os.environ.get("SAMPLE_BUILD_GATE")
if gate:
    pathlib.Path(gate).write_text("building", encoding="utf-8")
    while pathlib.Path(gate).exists():
        time.sleep(0.05)
setup()
"""


def _as_from_a_terminal() -> None:
    """Start as a shell in a terminal starts a command: Ctrl-C neither blocked nor ignored.

    What a test process inherited from earlier tests (a blocked or ignored SIGINT) must not
    decide whether releaser sees the Ctrl-C.
    """
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _group_signals(pgid: int) -> str:
    """The processes still in the group, with their blocked and ignored signal masks."""
    lines = []
    for proc_stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(proc_stat.read_text().rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            status = (proc_stat.parent / "status").read_text()
            cmd = (proc_stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()[:160]
        except (OSError, ValueError, IndexError):
            continue
        masks = [line for line in status.splitlines() if line.startswith(("SigBlk", "SigIgn"))]
        lines.append(f"{proc_stat.parent.name} {cmd} {' '.join(masks)}")
    return "\n".join(lines) or "(none left)"


@pytest.mark.setuptools_sample  # setuptools' own behaviour is part of the test
def test_interrupted_build_leaves_nothing_behind(sample: Sample, tmp_path: Path) -> None:
    commit_file(sample.root, "setup.py", HELD_BUILD, "build: a setup.py the test can hold")
    git(sample.root, "push", "-q", "origin", "main")
    gate = tmp_path / "build-started"
    before = sample.world()
    env = {**sample.env, "SAMPLE_BUILD_GATE": str(gate)}
    proc = subprocess.Popen(
        sample.command("--no-audit"), cwd=sample.root, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=_as_from_a_terminal,
    )  # fmt: skip
    try:
        # The event: the build backend runs the project's setup.py. Then Ctrl-C, which a
        # terminal sends to the whole foreground process group.
        while not gate.exists():
            assert proc.poll() is None, "releaser ended before the build started"
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=CUT_TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"releaser did not stop after Ctrl-C:\n{_group_signals(proc.pid)}")
    finally:
        gate.unlink(missing_ok=True)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    sample.record(CutRun(("--no-audit",), proc.returncode, out, err))
    assert proc.returncode == 130, err
    assert _without_dist(sample.world()) == _without_dist(before)  # stamped files restored

    sample.cut("--no-audit")
    sample.assert_released_once("v0.2.0", "0.2.0")
