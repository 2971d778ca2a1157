"""`stage-index`: the release goes to a staging index first, is installed from there into a
fresh venv and smoke-tested; only a release that passes reaches the real index."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.cut.conftest import CUT_TIMEOUT, MODULE, Sample, commit_file, git
from tests.support.package_index import LocalIndex, running_index


@pytest.fixture
def staging(tmp_path: Path, sample: Sample) -> Iterator[LocalIndex]:
    """A second pypiserver as the staging index, configured in the sample's pyproject.toml."""
    with running_index() as index:
        pyproject = sample.root / "pyproject.toml"
        text = pyproject.read_text(encoding="utf-8")
        text = text.replace("[tool.releaser]\n", f'[tool.releaser]\nstage-index = "{index.url}"\n')
        commit_file(sample.root, "pyproject.toml", text, "build: stage releases first")
        git(sample.root, "push", "-q", "origin", "main")
        sample.env.update(RELEASER_STAGE_USERNAME=index.username)
        sample.env.update(RELEASER_STAGE_PASSWORD=index.password)
        yield index


def _release_files(index: LocalIndex, version: str) -> list[str]:
    return sorted(name for name in index.files() if f"-{version}" in name)


def test_a_release_that_passes_its_smoke_test_reaches_the_real_index(
    sample: Sample, staging: LocalIndex
) -> None:
    run = sample.cut("--json")

    result = json.loads(run.stdout)
    assert result["steps"]["stage"] == "done"
    assert "installed from" in run.stderr
    expected = [f"{MODULE}-0.2.0-py3-none-any.whl", f"{MODULE}-0.2.0.tar.gz"]
    assert _release_files(staging, "0.2.0") == expected
    assert _release_files(sample.index, "0.2.0") == expected
    sample.assert_released_once("v0.2.0", "0.2.0")


def test_a_wheel_that_leaves_out_a_module_never_reaches_the_real_index(
    sample: Sample, staging: LocalIndex
) -> None:
    # The source tree imports fine; the wheel lacks the top-level helper module.
    commit_file(sample.root, "releaser_sample_helpers.py", "HELP = 1\n", "chore: add helpers")
    init = sample.root / MODULE / "__init__.py"
    text = init.read_text(encoding="utf-8") + "import releaser_sample_helpers  # noqa\n"
    commit_file(sample.root, f"{MODULE}/__init__.py", text, "fix: use the helpers")
    git(sample.root, "push", "-q", "origin", "main")

    # Not through sample.cut: the smoke test's own traceback is rightly in the output.
    run = subprocess.run(
        sample.command(), cwd=sample.root, env=sample.env, capture_output=True, text=True,
        timeout=CUT_TIMEOUT, check=False,
    )  # fmt: skip

    assert run.returncode == 4, run.stderr
    assert "the smoke test `python -c 'import releaser_sample'` failed" in run.stderr
    assert "No module named 'releaser_sample_helpers'" in run.stderr
    assert "nothing was uploaded to" in run.stderr
    assert "stays a draft" in run.stderr
    assert len(_release_files(staging, "0.2.0")) == 2
    assert _release_files(sample.index, "0.2.0") == []
    releases = sample.server.releases("octo-org/demo")
    assert [(r["tag_name"], r["draft"]) for r in releases] == [("v0.2.0", True)]
    for secret in (staging.password, sample.index.password, sample.server.token):
        assert secret not in run.stdout + run.stderr


def test_a_rerun_resumes_per_index_after_the_real_upload_failed(
    sample: Sample, staging: LocalIndex
) -> None:
    sample.cut(expect=5, env=sample.env_without(TWINE_PASSWORD="wrong"))  # the real index: 403
    assert len(_release_files(staging, "0.2.0")) == 2
    assert _release_files(sample.index, "0.2.0") == []
    staged = staging.files()

    run = sample.cut("--json")

    steps = json.loads(run.stdout)["steps"]
    assert (steps["stage"], steps["publish"]) == ("done", "done")
    assert "0 uploaded, 2 already there" in run.stderr  # staging: nothing sent twice
    assert staging.files() == staged
    sample.assert_released_once("v0.2.0", "0.2.0")
