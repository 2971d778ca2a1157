"""Issue 9 items 4 and 11 through `releaser cut`: GitHub answers lost, GitHub rate-limiting.

Each test ends with the whole end state: one tag on origin, one published release with each
asset once, the files on the index (`assert_released_once`), and no contract violation.
"""

from __future__ import annotations

from tests.e2e.cut.conftest import REPOSITORY, Sample

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
