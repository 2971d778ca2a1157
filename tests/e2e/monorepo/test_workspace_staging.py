"""`stage-index` in a workspace: each package goes to the staging index first, is installed
from there and smoke-tested, and only then reaches the real index."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cut.conftest import Sample, git
from tests.e2e.monorepo.conftest import NEXT_TAGS
from tests.support.package_index import running_index


def test_each_package_is_staged_and_smoke_tested_before_the_real_index(
    tmp_path: Path, workspace: Sample
) -> None:
    with running_index() as staging:
        pyproject = workspace.root / "pyproject.toml"
        text = pyproject.read_text("utf-8").replace(
            "[tool.releaser]\n", f'[tool.releaser]\nstage-index = "{staging.url}"\n'
        )
        pyproject.write_text(text, encoding="utf-8")
        git(workspace.root, "commit", "-qam", "build: stage releases first")
        git(workspace.root, "push", "-q", "origin", "main")
        workspace.env.update(
            RELEASER_STAGE_USERNAME=staging.username, RELEASER_STAGE_PASSWORD=staging.password
        )
        workspace.secrets.append(staging.password)

        dry = json.loads(workspace.cut("--dry-run", "--no-audit", "--json").stdout)
        stages = [s for s in dry["plan"]["steps"] if s["name"] == "stage"]
        assert [s["package"] for s in stages if s["enabled"]] == list(NEXT_TAGS)
        assert all(staging.url in s["summary"] for s in stages)

        run = workspace.cut("--no-audit", "--package", "acme", "--json")
        assert json.loads(run.stdout)["steps"]["stage:acme"] == "done"
        assert "`python -c" in run.stderr or "installed from" in run.stderr
        expected = ["acme-1.1.0-py3-none-any.whl", "acme-1.1.0.tar.gz"]
        assert sorted(staging.files()) == expected
        assert sorted(workspace.index.files()) == expected
