"""`releaser cut --dry-run`: the plan and the notes, and nothing changed anywhere."""

from __future__ import annotations

import json

from tests.e2e.cut.conftest import Sample


def test_dry_run_changes_nothing_anywhere(sample: Sample) -> None:
    before = sample.world()
    run = sample.cut("--dry-run")  # the audit gate is on but does not run in a dry run

    assert sample.world() == before
    assert all(e.method == "GET" for e in sample.server.log)
    assert "release notes of v0.2.0 (dry run: nothing was changed)" in run.stdout
    assert "greet people by name" in run.stdout
    for step in ("stamp", "changelog", "build", "commit", "tag", "push", "publish"):
        assert any(line.startswith(f"~ {step} ") for line in run.stderr.splitlines()), step

    # The same through the environment, as the Action passes it.
    env = sample.env_without(RELEASER_DRY_RUN="1", RELEASER_JSON="1")
    run = sample.cut(env=env)
    assert json.loads(run.stdout)["dry_run"] is True
    assert sample.world() == before


def test_dry_run_json_shows_the_plan(sample: Sample) -> None:
    before = sample.world()
    run = sample.cut("--dry-run", "--json", "--no-github", "--no-audit")
    result = json.loads(run.stdout)

    assert sample.world() == before
    assert result["dry_run"] is True
    assert result["version"] == "0.2.0"
    assert result["pep440"] == "0.2.0"
    assert result["tag"] == "v0.2.0"
    plan = result["plan"]
    assert plan["previous_tag"] == "v0.1.0"
    assert plan["branch"] == "main"
    assert sorted(plan["files"]) == sorted(
        ["pyproject.toml", "releaser_sample/__init__.py", "CHANGELOG.md"]
    )
    assert "greet people by name" in plan["notes"]
    steps = {s["name"]: s for s in plan["steps"]}
    assert steps["github-draft"]["enabled"] is False
    assert steps["github-draft"]["off_reason"] == "turned off"
    assert steps["audit"]["enabled"] is False
    assert steps["publish"]["enabled"] is True
    assert sample.index.url in steps["publish"]["summary"]


def test_dry_run_json_log_events(sample: Sample) -> None:
    run = sample.cut("--dry-run", "--no-audit", "--log-format", "json")
    events = [json.loads(line) for line in run.stderr.splitlines()]
    assert {e["event"] for e in events} == {"step_finished"}
    statuses = {e["step"]: e["status"] for e in events}
    assert statuses["stamp"] == "would"
    assert statuses["audit"] == "off"
