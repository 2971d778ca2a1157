"""`--dry-run` in a half-finished release says exactly what the real run does (issue 9, item 14).

Each dry run is compared step by step with the real run that follows it:
"would" must become "done", "skipped" (with "skip: already done") must stay "skipped",
and "off" must stay "off". The dry runs change nothing anywhere.
"""

from __future__ import annotations

import json

from tests.e2e.cut.conftest import Sample

PARTIAL = 5
_REAL = {"would": "done", "skipped": "skipped", "off": "off"}


def _dry_statuses(sample: Sample) -> dict[str, str]:
    before = sample.world()
    run = sample.cut("--dry-run", "--no-audit", "--log-format", "json")
    assert sample.world() == before  # nothing changed anywhere
    events = [json.loads(line) for line in run.stderr.splitlines()]
    statuses = {}
    for event in events:
        if event["event"] == "step_finished" and event["step"] not in ("preflight", "audit"):
            statuses[event["step"]] = event["status"]
            if event["status"] == "skipped":
                assert event["detail"].startswith("skip: already done"), event
    return statuses


def _real_statuses(sample: Sample) -> dict[str, str]:
    run = sample.cut("--no-audit", "--json")
    steps = json.loads(run.stdout)["steps"]
    return {name: status for name, status in steps.items() if name != "audit"}


def test_dry_run_matches_the_run_that_finishes_the_release(sample: Sample) -> None:
    wrong = "not-the-password-42"
    sample.secrets.append(wrong)
    sample.cut("--no-audit", expect=PARTIAL, env=sample.env_without(TWINE_PASSWORD=wrong))

    # Pushed, drafted with all assets, nothing on the index.
    dry = _dry_statuses(sample)
    assert dry == {
        "stamp": "off", "changelog": "off", "commit": "off",
        "tag": "skipped", "build": "skipped", "check": "would", "push": "skipped",
        "github-draft": "skipped", "stage": "off", "publish": "would", "github-release": "would",
    }  # fmt: skip
    assert _real_statuses(sample) == {step: _REAL[status] for step, status in dry.items()}

    # Complete now: a dry run (and the real run) skip everything but the local check.
    dry = _dry_statuses(sample)
    assert {s for step, s in dry.items() if step != "check"} <= {"skipped", "off"}
    assert _real_statuses(sample) == {step: _REAL[status] for step, status in dry.items()}
    sample.assert_released_once("v0.2.0", "0.2.0")
