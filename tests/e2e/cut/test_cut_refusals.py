"""Bad input: `releaser cut` refuses with one clear line, its exit code, and changes nothing."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.e2e.cut.conftest import MODULE, CutRun, Sample, configure_identity, git

USAGE, CONFIG, REFUSED = 2, 3, 4


def _refused(
    sample: Sample,
    code: int,
    *args: str,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> CutRun:
    """Run cut expecting `code`; check one error line and that nothing changed."""
    before = sample.world(cwd)
    run = sample.cut(*args, expect=code, cwd=cwd, env=env)
    assert len(run.errors()) == 1, str(run)
    assert sample.world(cwd) == before
    return run


def test_dirty_work_tree(sample: Sample) -> None:
    init = sample.root / MODULE / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8") + "# wip\n", encoding="utf-8")
    run = _refused(sample, REFUSED, "--no-audit")
    assert f"uncommitted changes: {MODULE}/__init__.py" in run.errors()[0]
    # a file a release writes: maybe a killed run, and the hint says how to recover
    assert f"run `git checkout HEAD -- {MODULE}/__init__.py`, then run again" in run.stderr


def test_dirty_work_tree_outside_the_release_files(sample: Sample) -> None:
    greet = sample.root / MODULE / "greet.py"
    greet.write_text(greet.read_text(encoding="utf-8") + "# wip\n", encoding="utf-8")
    run = _refused(sample, REFUSED, "--no-audit")
    assert f"uncommitted changes: {MODULE}/greet.py" in run.errors()[0]
    assert "hint: commit or stash them" in run.stderr


def test_wrong_branch(sample: Sample) -> None:
    git(sample.root, "checkout", "-q", "-b", "feature/x")
    run = _refused(sample, REFUSED, "--no-audit")
    assert "'feature/x' is not a release branch (main, master)" in run.errors()[0]


def test_detached_head(sample: Sample) -> None:
    git(sample.root, "checkout", "-q", "--detach", "HEAD")
    run = _refused(sample, REFUSED, "--no-audit")
    assert "HEAD is detached" in run.errors()[0]


def test_shallow_clone(sample: Sample, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{sample.origin}", str(clone))
    configure_identity(clone)
    run = _refused(sample, REFUSED, "--no-audit", cwd=clone)
    assert "shallow clone" in run.errors()[0]
    assert "fetch-depth: 0" in run.stderr


def test_remote_moved_on(sample: Sample, tmp_path: Path) -> None:
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(sample.origin), str(other))
    configure_identity(other)
    (other / "NOTES.txt").write_text("from elsewhere\n", encoding="utf-8")
    git(other, "add", "NOTES.txt")
    git(other, "commit", "-q", "-m", "docs: a note from another clone")
    git(other, "push", "-q", "origin", "main")

    run = _refused(sample, REFUSED, "--no-audit")
    assert "'origin/main' has commits that HEAD does not have" in run.errors()[0]
    assert "git pull --rebase origin main" in run.stderr

    git(sample.root, "pull", "-q", "--rebase", "origin", "main")
    sample.cut("--no-audit")
    sample.assert_released_once("v0.2.0", "0.2.0")
    assert git(sample.origin, "show", "v0.2.0:NOTES.txt") == "from elsewhere"


def test_missing_github_token(sample: Sample) -> None:
    env = sample.env_without("GH_TOKEN", "GITHUB_TOKEN")
    run = _refused(sample, REFUSED, "--no-audit", env=env)
    assert run.errors() == ["error: no GitHub token: set GH_TOKEN or GITHUB_TOKEN"]
    assert sample.server.log == []


@pytest.mark.parametrize(
    "unset",
    [("TWINE_PASSWORD",), ("TWINE_USERNAME", "TWINE_PASSWORD")],
    ids=["no-password", "none"],
)
def test_missing_index_credentials(sample: Sample, unset: tuple[str, ...]) -> None:
    env = sample.env_without(*unset)
    run = _refused(sample, REFUSED, "--no-audit", env=env)
    assert "no package index credentials" in run.errors()[0]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('tag-fromat = "v{version}"\n', "tag-fromat"),
        ('branches = "main"\n', "branches"),
        ('tag-format = "release"\n', "tag-format"),
    ],
    ids=["unknown-key", "wrong-type", "bad-tag-format"],
)
def test_bad_config(sample: Sample, table: str, message: str) -> None:
    pyproject = sample.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + table, encoding="utf-8")
    git(sample.root, "commit", "-q", "-am", "build: configure releaser")
    run = _refused(sample, CONFIG, "--no-audit")
    assert message in run.errors()[0]


def test_bad_option_is_a_usage_error(sample: Sample) -> None:
    before = sample.world()
    run = sample.cut("--no-audit", "--force", "huge", expect=USAGE)
    assert "Invalid value for '--force'" in run.stderr
    assert "'huge' is not one of 'major', 'minor', 'patch'" in run.stderr
    assert sample.world() == before
    env = sample.env_without(RELEASER_GITHUB_WRITE_INTERVAL="soon")
    run = _refused(sample, USAGE, "--no-audit", env=env)
    assert "RELEASER_GITHUB_WRITE_INTERVAL" in run.errors()[0]


def test_nothing_to_release(sample: Sample) -> None:
    sample.cut("--no-audit")
    (sample.root / "NOTES.txt").write_text("notes\n", encoding="utf-8")
    git(sample.root, "add", "NOTES.txt")
    git(sample.root, "commit", "-q", "-m", "docs: add notes")
    git(sample.root, "push", "-q", "origin", "main")
    before = sample.world()
    run = sample.cut("--no-audit")
    assert "nothing to release" in run.stderr
    assert sample.world() == before


def test_stray_local_tag_of_the_next_version(sample: Sample) -> None:
    # v0.2.0 was tagged on a side branch that main never merged: HEAD cannot see it.
    git(sample.root, "checkout", "-q", "-b", "side", "v0.1.0")
    git(sample.root, "commit", "-q", "--allow-empty", "-m", "feat: an experiment")
    git(sample.root, "tag", "v0.2.0")
    git(sample.root, "checkout", "-q", "main")
    run = _refused(sample, REFUSED, "--no-audit")
    assert "the tag v0.2.0 exists already" in run.errors()[0]
    assert "git tag -d v0.2.0" in run.stderr


def test_tag_on_the_remote_but_not_fetched(sample: Sample, tmp_path: Path) -> None:
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(sample.origin), str(other))
    configure_identity(other)
    git(other, "tag", "v0.2.0")
    git(other, "push", "-q", "origin", "v0.2.0")
    run = _refused(sample, REFUSED, "--no-audit")
    assert "'origin' has the tag v0.2.0 already" in run.errors()[0]
    assert "git fetch origin --tags" in run.stderr
