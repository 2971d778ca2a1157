"""`releaser cut --dry-run`: the plan and the notes, and nothing changed anywhere."""

from __future__ import annotations

import json

from tests.e2e.cut.conftest import Sample, git


def test_dry_run_changes_nothing_anywhere(sample: Sample) -> None:
    before = sample.world()
    run = sample.cut("--dry-run")  # the audit gate runs too: it writes nothing

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


def test_dynamic_version_stamps_only_the_configured_version_files(sample: Sample) -> None:
    pyproject = sample.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8").replace(
        'version = "0.1.0"', 'dynamic = ["version"]'
    )
    text = text.replace("[tool.releaser]\n", '[tool.releaser]\nversion-files = ["VERSION.txt"]\n')
    pyproject.write_text(text, encoding="utf-8")
    (sample.root / "VERSION.txt").write_text("0.1.0\n", encoding="utf-8")
    git(sample.root, "add", "-A")
    git(sample.root, "commit", "-q", "-m", "build: the version lives in VERSION.txt")

    run = sample.cut("--dry-run", "--json", "--no-audit")
    # [project].version and __version__ are left to the dynamic source; VERSION.txt is written
    assert sorted(json.loads(run.stdout)["plan"]["files"]) == ["CHANGELOG.md", "VERSION.txt"]
