"""Issue 9 items 4 and 11 through `releaser cut`: GitHub answers lost, GitHub rate-limiting.

Each test ends with the whole end state: one tag on origin, one published release with each
asset once, the files on the index (`assert_released_once`), and no contract violation.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.e2e.cut.conftest import (
    CUT_TIMEOUT,
    REPOSITORY,
    CutRun,
    Sample,
    configure_identity,
    git,
)

PARTIAL = 5


def test_create_release_landed_but_answered_502_gives_one_release(sample: Sample) -> None:
    sample.server.fail_after_landing("POST", r"/releases$", 502)
    sample.cut("--no-audit")
    sample.assert_released_once("v0.2.0", "0.2.0")
    assert [e.status for e in sample.server.requests("POST", r"/releases$")] == [502]


def test_stray_drafts_next_to_the_release_are_tidied_or_named(sample: Sample) -> None:
    # Retried POSTs of an earlier run left drafts for the tag next to the published release:
    # an empty exact duplicate, and one someone edited. Reruns used to fail with 422.
    sample.cut("--no-audit")
    [published] = sample.server.releases(REPOSITORY)
    sample.server.seed_release("v0.2.0", draft=True, body=published["body"])
    edited = sample.server.seed_release("v0.2.0", draft=True, body="edited by hand")

    rerun = sample.cut("--no-audit")
    assert "deleted 1 empty duplicate draft(s) for v0.2.0" in rerun.stderr
    assert f"left alone; delete them on GitHub if they are strays: {edited['html_url']}" in (
        rerun.stderr
    )
    releases = sample.server.releases(REPOSITORY)
    assert [r["id"] for r in releases] == [published["id"], edited["id"]]
    assert len(releases[0]["assets"]) == 3
    assert all(e.status < 400 for e in sample.server.log)


def test_short_rate_limit_is_waited_out(sample: Sample) -> None:
    sample.server.rate_limit_next("POST", r"/releases$", status=403, retry_after=1)
    sample.cut("--no-audit")
    sample.assert_released_once("v0.2.0", "0.2.0")
    assert [e.status for e in sample.server.requests("POST", r"/releases$")] == [403, 201]


def test_long_rate_limit_is_reported_as_a_rate_limit(sample: Sample) -> None:
    sample.server.rate_limit_next("POST", r"/releases$", status=429, retry_after=120)
    env = sample.env_without(RELEASER_GITHUB_RATE_LIMIT_WAIT="5")
    run = sample.cut("--no-audit", expect=PARTIAL, env=env)
    assert "secondary rate limit" in run.errors()[0]
    assert "wait 120 s, longer than the 5 s" in run.errors()[0]
    assert "contents: write" not in run.stderr
    assert sample.server.releases(REPOSITORY) == []

    sample.cut("--no-audit")  # the limit has passed
    sample.assert_released_once("v0.2.0", "0.2.0")


def test_a_create_that_stalls_past_the_timeout_gives_one_release(sample: Sample) -> None:
    # The POST lands, its answer comes after the client gave up: no second release.
    sample.server.stall_next("POST", r"/releases$", seconds=20)
    sample.cut("--no-audit", env=sample.env_without(RELEASER_GITHUB_TIMEOUT="2"))
    sample.assert_released_once("v0.2.0", "0.2.0")  # one release, though the answer was lost


def test_two_resumes_at_once_give_one_release(sample: Sample, tmp_path: Path) -> None:
    # The release commit and tag are pushed, GitHub was down: two reruns start together.
    sample.server.fail_next("GET", r"/releases$", 503, times=50)
    sample.cut("--no-audit", expect=PARTIAL)
    sample.server.clear_faults()
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(sample.origin), str(other))
    configure_identity(other)
    # one run reuses its build, the other builds: under load they arrive far apart
    sample.server.hold_together("POST", r"/releases$", parties=2, timeout=CUT_TIMEOUT)
    outs = [tmp_path / "a.out", tmp_path / "b.out"]
    procs = []
    for root, out in zip((sample.root, other), outs, strict=True):
        with out.open("w") as stream:
            command = sample.command("--no-audit")
            procs.append(
                subprocess.Popen(command, cwd=root, env=sample.env, stdout=stream, stderr=stream)
            )
    codes = [proc.wait(timeout=CUT_TIMEOUT) for proc in procs]
    for code, out in zip(codes, outs, strict=True):
        sample.record(CutRun(("--no-audit",), code, "", out.read_text()))
    assert [e.status for e in sample.server.requests("POST", r"/releases$")] == [201, 201]
    assert len([e for e in sample.server.requests("DELETE") if e.status == 204]) == 1
    # The first to land its SHA256SUMS owns the release; the other stops before uploading
    # anything of its own, and its rerun finishes with the owner's bytes.
    assert sorted(codes) in ([0, 0], [0, PARTIAL]), [o.read_text() for o in outs]
    for root, code in zip((sample.root, other), codes, strict=True):
        if code != 0:
            assert code == PARTIAL
            sample.cut("--no-audit", cwd=root)
    sample.assert_released_once("v0.2.0", "0.2.0")
    (release,) = sample.server.releases(REPOSITORY)
    for name in sample.index.files():
        on_index = (sample.index.package_dir / name).read_bytes()
        assert sample.server.uploads[(release["id"], name)] == on_index
