"""The plan of a workspace release, seen through `cut --dry-run --json` (nothing is built).

Which packages are released and why: their own commits, or a requirement on a package
released at a version it excludes (then a patch release that says so); `--package`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.cut.conftest import Sample, git
from tests.e2e.monorepo.conftest import NEXT_TAGS, WORKSPACE_ROOT
from tests.support.monorepo import make_workspace

USAGE = 2


def _plan(workspace: Sample, *args: str, cwd: Path | None = None) -> dict[str, Any]:
    before = git(workspace.root, "status", "--porcelain")
    run = workspace.cut("--dry-run", "--no-audit", "--json", *args, cwd=cwd)
    assert git(workspace.root, "status", "--porcelain") == before  # a dry run writes nothing
    return dict(json.loads(run.stdout))


def test_dry_run_shows_every_package_and_every_step(workspace: Sample) -> None:
    result = _plan(workspace)
    plan = result["plan"]
    assert [p["tag"] for p in plan["packages"]] == list(NEXT_TAGS.values())
    steps = [(s["name"], s.get("package", "")) for s in plan["steps"] if s["enabled"]]
    assert steps.count(("commit", "")) == 1
    assert steps.count(("push", "")) == 1
    for name in NEXT_TAGS:
        for step in ("tag", "build", "check", "github-draft", "publish", "github-release"):
            assert (step, name) in steps
    push = next(s for s in plan["steps"] if s["name"] == "push")
    assert all(tag in push["summary"] for tag in NEXT_TAGS.values())


def test_package_limits_the_run(workspace: Sample) -> None:
    plan = _plan(workspace, "--package", "acme-http")["plan"]
    assert [p["tag"] for p in plan["packages"]] == [NEXT_TAGS["acme-http"]]
    # from inside a package's folder, that package alone
    inside = _plan(workspace, cwd=workspace.root / "cli")["plan"]
    assert [p["tag"] for p in inside["packages"]] == [NEXT_TAGS["acme-cli"]]


def test_an_unknown_package_is_a_usage_error(workspace: Sample) -> None:
    run = workspace.cut("--dry-run", "--package", "acme-nope", expect=USAGE)
    assert "no package named 'acme-nope'" in run.errors()[0]


PINNED_HTTP = """\
[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "acme-http"
version = "0.3.0"
description = "The acme-http package of the acme workspace."
license = "MIT"
requires-python = ">=3.10"
dependencies = ["acme>=1.0,<1.1"]

[tool.setuptools.packages.find]
include = ["acme_http*"]
"""


@pytest.fixture
def pinned(workspace: Sample, tmp_path: Path) -> Sample:
    """Only `acme` has a feature; `acme-http` requires acme<1.1, so it must follow."""
    make_workspace(
        tmp_path / "pinned",
        history=[("feat(acme): a new setting", ("acme",))],
        root_table=WORKSPACE_ROOT,
        extra={"packages/acme-http/pyproject.toml": PINNED_HTTP},
    )
    workspace.root = tmp_path / "pinned"
    return workspace


def test_a_dependent_whose_requirement_excludes_the_release_gets_a_patch_release(
    pinned: Sample,
) -> None:
    plan = _plan(pinned, "--no-push")["plan"]
    packages = {p["name"]: p for p in plan["packages"]}
    assert sorted(packages) == ["acme", "acme-http"]  # acme-cli requires acme-http>=0.3
    assert packages["acme"]["version"] == "1.1.0"
    http = packages["acme-http"]
    assert http["version"] == "0.3.1"  # a patch release: nothing of its own changed
    assert (
        "require `acme>=1.1.0,<2` (was `acme>=1.0,<1.1`): acme 1.1.0 was released"
        in (http["notes"])
    )
    assert "packages/acme-http/pyproject.toml" in http["files"]
