"""The push, as remotes really fail it: a hook refuses, the connection drops, another run wins.

Issue 9, items 6, 7 and 12. The remote is a bare repository whose server-side hooks play
the part of GitHub's branch protection, a dying connection, and a concurrent release.
"""

from __future__ import annotations

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
    configure_identity,
    git,
)

REFUSED, PARTIAL = 4, 5

PROTECTED_HOOK = """\
#!/bin/sh
echo "GH006: Protected branch update failed for refs/heads/main." >&2
echo "Changes must be made through a pull request. See \
https://x-access-token:ghs_leakedToken0042@github.com/octo-org/demo/rules" >&2
exit 1
"""

# The refs are updated; then the connection drops before the client hears back (and, with
# `unreachable`, the remote stays out of reach until the test brings it back).
DROP_CONNECTION_HOOK = """\
#!/bin/sh
if [ -f "$GIT_DIR/drop-once" ]; then
    rm -f "$GIT_DIR/drop-once"
    dir=$(cd "$GIT_DIR" && pwd)
    if [ -f "$dir/unreachable" ]; then cd / && mv "$dir" "$dir.away"; fi
    kill -9 $PPID
fi
"""

# Holds one push (before the refs are updated) until the test creates `go`.
HOLD_ONCE_HOOK = """\
#!/bin/sh
if [ -f "$GIT_DIR/hold-once" ]; then
    rm -f "$GIT_DIR/hold-once"
    touch "$GIT_DIR/held"
    i=0
    while [ ! -f "$GIT_DIR/go" ] && [ $i -lt 2400 ]; do sleep 0.05; i=$((i+1)); done
fi
exit 0
"""


def _hook(sample: Sample, name: str, text: str) -> None:
    hook = sample.origin / "hooks" / name
    hook.write_text(text, encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)


def _untouched_since(sample: Sample, before: dict[str, Any]) -> None:
    """The remote, GitHub and the index are as they were; HEAD and tags too."""
    world = sample.world()
    for key in ("remote", "github_releases", "github_writes", "index"):
        assert world[key] == before[key], key
    repo, was = world["repository"], before["repository"]
    assert (repo["head"], repo["refs"], repo["index"]) == (was["head"], was["refs"], was["index"])
    assert repo["status"] == was["status"]


def test_protected_branch_refusal_is_quoted_with_the_fitting_hint(sample: Sample) -> None:
    _hook(sample, "pre-receive", PROTECTED_HOOK)
    sample.secrets.append("ghs_leakedToken0042")
    before = sample.world()

    run = sample.cut("--no-audit", expect=REFUSED)
    assert "GH006: Protected branch update failed for refs/heads/main." in run.stderr
    assert "https://***@github.com/octo-org/demo/rules" in run.stderr
    assert "pre-receive hook declined" in run.errors()[0]
    (hint,) = [line for line in run.stderr.splitlines() if line.startswith("hint: ")]
    assert "protected branch" in hint
    assert "token" in hint
    assert "pull request" in hint
    assert "git pull --rebase" not in run.stderr
    _untouched_since(sample, before)


def test_a_push_that_landed_is_seen_as_landed(sample: Sample) -> None:
    _hook(sample, "post-receive", DROP_CONNECTION_HOOK)
    (sample.origin / "drop-once").touch()

    run = sample.cut("--no-audit")  # git push fails, but origin has both refs: carry on
    assert "origin has main and v0.2.0, although git said:" in run.stderr
    head = git(sample.root, "rev-parse", "HEAD")
    assert git(sample.origin, "rev-parse", "main") == head
    sample.assert_released_once("v0.2.0", "0.2.0")


def test_a_push_that_may_have_landed_is_never_undone(sample: Sample) -> None:
    _hook(sample, "post-receive", DROP_CONNECTION_HOOK)
    (sample.origin / "drop-once").touch()
    (sample.origin / "unreachable").touch()

    run = sample.cut("--no-audit", expect=PARTIAL)
    assert "nothing was published" not in run.stderr
    assert "'origin' may have the release commit or tag v0.2.0, so nothing was undone" in (
        run.stderr
    )
    head = git(sample.root, "rev-parse", "HEAD")
    assert git(sample.root, "log", "-1", "--format=%s") == "chore(release): 0.2.0"
    assert git(sample.root, "rev-parse", "v0.2.0^{commit}") == head
    assert git(sample.root, "status", "--porcelain") == ""
    assert sample.server.releases(REPOSITORY) == []
    assert sample.index.files() == {}
    away = sample.origin.with_name(sample.origin.name + ".away")
    assert git(away, "rev-parse", "main") == head  # it had landed
    assert git(away, "rev-parse", "v0.2.0^{commit}") == head

    away.rename(sample.origin)  # the network is back
    (sample.origin / "unreachable").unlink()
    rerun = sample.cut("--no-audit")
    assert "= push" in rerun.stderr  # skipped: origin has both already
    assert "reusing 2 files built from" in rerun.stderr  # the same bytes as the first run's
    assert git(sample.root, "rev-parse", "HEAD") == head
    sample.assert_released_once("v0.2.0", "0.2.0")


def _start_held_loser(sample: Sample, tmp_path: Path) -> tuple[Path, Path, subprocess.Popen[bytes]]:
    """Clone a second work tree (the loser), start its cut, and wait until the origin's hook
    holds its push; return the clone, the file with its output, and the process."""
    loser = tmp_path / "loser"
    git(tmp_path, "clone", "-q", str(sample.origin), str(loser))
    configure_identity(loser)
    _hook(sample, "pre-receive", HOLD_ONCE_HOOK)
    (sample.origin / "hold-once").touch()
    out = tmp_path / "loser.out"
    with out.open("w") as stream:
        proc = subprocess.Popen(
            sample.command("--no-audit"), cwd=loser, env=sample.env,
            stdout=stream, stderr=subprocess.STDOUT,
        )  # fmt: skip
    deadline = time.monotonic() + CUT_TIMEOUT
    while not (sample.origin / "held").exists():
        assert proc.poll() is None, out.read_text()
        assert time.monotonic() < deadline, "the loser never pushed"
        time.sleep(0.05)
    return loser, out, proc


@pytest.mark.parametrize("winner", ["complete", "not-announced"])
def test_the_loser_of_two_cuts_converges(sample: Sample, tmp_path: Path, winner: str) -> None:
    loser, out, proc = _start_held_loser(sample, tmp_path)
    try:
        # The winner releases while the loser's push waits at the remote.
        if winner == "not-announced":
            sample.server.fail_next("PATCH", r"/releases/\d+$", 500, times=50)
            sample.cut("--no-audit", expect=PARTIAL)
            sample.server.clear_faults()
        else:
            sample.cut("--no-audit")
    finally:
        (sample.origin / "go").touch()
        code = proc.wait(timeout=CUT_TIMEOUT)
    first = CutRun(("--no-audit",), code, "", out.read_text())
    sample.record(first)
    assert code == REFUSED, str(first)
    assert "another release of 0.2.0 was pushed meanwhile" in first.stderr
    assert "delete" not in first.stderr  # never advice to delete anything published
    winner_head = git(sample.root, "rev-parse", "HEAD")
    assert git(sample.origin, "rev-parse", "v0.2.0^{commit}") == winner_head
    index_before = sample.index.files()
    published = {n: (sample.index.package_dir / n).read_bytes() for n in index_before}
    assert len(published) == 2

    git(loser, "pull", "-q", "--rebase", "origin", "main")  # as the hint says
    writes_before = [e for e in sample.server.log if e.method != "GET"]
    rerun = sample.cut("--no-audit", cwd=loser)
    assert "reusing the 2 files already on the index" in rerun.stderr
    writes = [e for e in sample.server.log if e.method != "GET"][len(writes_before) :]
    if winner == "complete":
        assert writes == []  # nothing to do: the release is complete
    else:
        assert [(e.method, e.status) for e in writes] == [("PATCH", 200)]  # announced now
    assert sample.index.files() == index_before  # nothing uploaded again
    sample.assert_released_once("v0.2.0", "0.2.0")
    (release,) = sample.server.releases(REPOSITORY)
    for name, data in published.items():  # GitHub has the very bytes the index has
        assert sample.server.uploads[(release["id"], name)] == data
    assert git(loser, "rev-parse", "HEAD") == winner_head
    assert git(loser, "status", "--porcelain") == ""
    assert sorted((loser / "dist" / "0.2.0").iterdir()) == sorted(
        loser / "dist" / "0.2.0" / n for n in [*published, "SHA256SUMS", ".built-from"]
    )
    assert MODULE in next(iter(published))


def test_the_loser_publishes_the_bytes_of_the_winners_draft(sample: Sample, tmp_path: Path) -> None:
    """Item 7, draft case: the winner is killed after its uploads to the GitHub draft, before
    the index upload. The loser's files differ (builds are not reproducible), so it must
    publish the draft's bytes, which the draft's SHA256SUMS says come from the tagged commit.
    """
    loser, out, proc = _start_held_loser(sample, tmp_path)
    try:
        # The winner is killed while its last upload (the wheel) lands on the draft.
        sample.server.hold("POST", "/assets", name=f"{MODULE}-0.2.0-py3-none-any.whl")
        winner = subprocess.Popen(
            sample.command("--no-audit"), cwd=sample.root, env=sample.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert sample.server.arrived.wait(CUT_TIMEOUT)
        winner.kill()
        winner.wait(timeout=CUT_TIMEOUT)
        sample.server.release()
    finally:
        (sample.origin / "go").touch()
        code = proc.wait(timeout=CUT_TIMEOUT)
    sample.record(CutRun(("--no-audit",), code, "", out.read_text()))
    assert code == REFUSED, out.read_text()
    assert sample.index.files() == {}  # the winner never reached the index
    deadline = time.monotonic() + CUT_TIMEOUT
    while len(sample.server.releases(REPOSITORY)[0]["assets"]) < 3:  # the held upload lands
        assert time.monotonic() < deadline
        time.sleep(0.05)
    (draft,) = sample.server.releases(REPOSITORY)
    assert draft["draft"] is True
    on_draft = {a["name"]: sample.server.uploads[(draft["id"], a["name"])] for a in draft["assets"]}

    git(loser, "pull", "-q", "--rebase", "origin", "main")
    # The loser's build differs from the winner's, as two real builds made apart do: here
    # by the timestamps it writes (flit-core takes them from SOURCE_DATE_EPOCH).
    later = sample.env_without(SOURCE_DATE_EPOCH="1000000000")
    rerun = sample.cut("--no-audit", cwd=loser, env=later)
    assert "reusing the 2 files of the GitHub release" in rerun.stderr, str(rerun)
    sample.assert_released_once("v0.2.0", "0.2.0")
    (release,) = sample.server.releases(REPOSITORY)
    assert release["id"] == draft["id"]
    for name, data in on_draft.items():  # GitHub kept its bytes; the index has the same
        assert sample.server.uploads[(release["id"], name)] == data
        if name != "SHA256SUMS":
            assert (sample.index.package_dir / name).read_bytes() == data
    winner_head = git(sample.root, "rev-parse", "HEAD")
    assert f"# built from commit {winner_head}" in on_draft["SHA256SUMS"].decode()
    assert git(loser, "rev-parse", "HEAD") == winner_head
    assert git(loser, "status", "--porcelain") == ""
