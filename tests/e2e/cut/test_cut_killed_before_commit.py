"""A `releaser cut` killed before its commit: the next run recovers by itself (issue 9, item 5).

The kill point is an event: the work tree's `post-index-change` hook fires when
`git add` has staged the release files (a new CHANGELOG.md among them); it signals
the test and waits, and the test SIGKILLs the whole run there.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import time

import pytest

from tests.e2e.cut.conftest import CUT_TIMEOUT, MODULE, CutRun, Sample, git

REFUSED = 4
RELEASE_FILES = sorted(["CHANGELOG.md", "pyproject.toml", f"{MODULE}/__init__.py"])

# Fires on every index write; holds only the one that has staged the new CHANGELOG.md.
HOLD_AFTER_ADD_HOOK = """\
#!/bin/sh
dir=$(git rev-parse --absolute-git-dir) || exit 0
if [ ! -f "$dir/held" ] && git ls-files --error-unmatch CHANGELOG.md >/dev/null 2>&1; then
    touch "$dir/held"
    i=0
    while [ $i -lt 2400 ]; do sleep 0.05; i=$((i+1)); done
fi
exit 0
"""


def _kill_after_git_add(sample: Sample) -> None:
    git_dir = sample.root / ".git"
    hook = git_dir / "hooks" / "post-index-change"
    hook.write_text(HOLD_AFTER_ADD_HOOK, encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    out = sample.root.parent / "killed.out"
    with out.open("w") as stream:
        proc = subprocess.Popen(
            sample.command("--no-audit"), cwd=sample.root, env=sample.env,
            stdout=stream, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + CUT_TIMEOUT
        while not (git_dir / "held").exists():
            assert proc.poll() is None, out.read_text()
            assert time.monotonic() < deadline, "the release files were never staged"
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)  # releaser, its git add and the hook
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    hook.unlink()
    sample.record(CutRun(("--no-audit",), proc.returncode, "", out.read_text()))


@pytest.mark.parametrize("state", ["staged", "not-staged", "edited-after"])
def test_killed_before_the_commit(sample: Sample, state: str) -> None:
    before = git(sample.root, "rev-parse", "HEAD")
    _kill_after_git_add(sample)

    # Half-written: stamped files and the new changelog, staged, no commit, nothing pushed.
    assert git(sample.root, "rev-parse", "HEAD") == before
    status = git(sample.root, "status", "--porcelain").splitlines()
    assert sorted(line[3:] for line in status) == RELEASE_FILES
    assert "A  CHANGELOG.md" in status
    assert sample.remote_tags() == ["v0.1.0"]
    if state == "not-staged":  # as if killed just before `git add`
        git(sample.root, "reset", "-q")
    if state == "edited-after":
        with (sample.root / "CHANGELOG.md").open("a", encoding="utf-8") as handle:
            handle.write("\nA note of mine.\n")

    if state != "edited-after":  # item 14: the dry run shows the plan, changing nothing
        before_dry = sample.world()
        dry = sample.cut("--dry-run", "--no-audit")
        assert "the real run restores them first" in dry.stderr
        plan = dry.stdout + dry.stderr
        for step in ("stamp", "changelog", "commit", "tag", "build", "push"):
            assert re.search(rf"{step}\s+would", plan), plan
        assert "0.1.0 -> 0.2.0" in plan or "0.2.0" in plan
        assert sample.world() == before_dry  # the half-written files are left as they were
    else:
        dry = sample.cut("--dry-run", "--no-audit", expect=REFUSED)
        assert "CHANGELOG.md changed since" in dry.errors()[0]

    if state == "edited-after":
        run = sample.cut("--no-audit", expect=REFUSED)
        assert "CHANGELOG.md changed since" in run.errors()[0]
        (hint,) = [line for line in run.stderr.splitlines() if line.startswith("hint: ")]
        command = hint.split("`")[1]  # the one command that works
        subprocess.run(command, shell=True, cwd=sample.root, check=True)
        assert git(sample.root, "status", "--porcelain", "--untracked-files=all") == ""

    rerun = sample.cut("--no-audit")
    if state != "edited-after":
        assert "left half-written by a killed `releaser cut`" in rerun.stderr
    sample.assert_released_once("v0.2.0", "0.2.0")
    head = git(sample.root, "rev-parse", "HEAD")
    assert git(sample.root, "rev-parse", "HEAD~1") == before
    assert git(sample.origin, "rev-parse", "main") == head
    changed = git(sample.root, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == RELEASE_FILES  # the changelog is in the release commit
    changelog = git(sample.root, "show", "HEAD:CHANGELOG.md")
    assert "greet people by name" in changelog
    assert changelog.count("0.2.0") == 1 + changelog.count("v0.1.0...v0.2.0")
    assert "A note of mine" not in changelog
    assert git(sample.root, "status", "--porcelain", "--untracked-files=all") == ""
    assert not list((sample.root / ".git").glob("releaser-*.json"))
