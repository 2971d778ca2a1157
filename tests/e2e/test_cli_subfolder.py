"""One package in a subfolder: its pyproject.toml is the configuration, git lives above it."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_cli_history import releaser
from tests.support.monorepo import make_subfolder_project


def test_next_with_project_reads_the_subfolder_settings_and_its_commits(tmp_path: Path) -> None:
    repo = make_subfolder_project(tmp_path / "repo")
    run = releaser(repo.root, "next", "--project", "py")
    assert (run.code, run.out) == (0, "1.0.1\n"), run.err


def test_next_from_inside_the_subfolder_is_the_same_as_project(tmp_path: Path) -> None:
    repo = make_subfolder_project(tmp_path / "repo")
    (repo.root / "py" / "acme_py").mkdir(exist_ok=True)
    run = releaser(repo.root / "py" / "acme_py", "next", "--json")
    assert run.code == 0, run.err
    assert '"version": "1.0.1"' in run.out
    assert '"tag": "py-v1.0.1"' in run.out
    assert '"commits": 1' in run.out  # only the commit that touched py/


def test_the_root_project_is_unchanged(tmp_path: Path) -> None:
    repo = make_subfolder_project(tmp_path / "repo")
    run = releaser(repo.root, "next")
    assert (run.code, run.out) == (0, "0.1.0\n"), run.err


def test_changelog_from_the_subfolder_writes_the_subfolder_changelog(tmp_path: Path) -> None:
    repo = make_subfolder_project(tmp_path / "repo")
    run = releaser(repo.root / "py", "changelog")
    assert run.code == 0, run.err
    assert "wrote CHANGELOG.md: 1 releases" in run.err
    assert not (repo.root / "CHANGELOG.md").exists()
    text = (repo.root / "py" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## 1.0.0" in text
    assert "- the python client" in text  # the scope names the project itself
    assert "the site" not in text  # a root commit before the first py tag


def test_notes_with_project_lists_only_the_subfolder_commits(tmp_path: Path) -> None:
    repo = make_subfolder_project(tmp_path / "repo")
    run = releaser(repo.root, "notes", "--project", "py")
    assert run.code == 0, run.err
    assert "retry once" in run.out
    assert "news page" not in run.out


def test_next_all_without_packages_is_a_usage_error(tmp_path: Path) -> None:
    repo = make_subfolder_project(tmp_path / "repo")
    run = releaser(repo.root, "next", "--all")
    assert run.code == 2
    assert "this repository lists no packages" in run.err
    assert "[tool.uv.workspace] members" in run.err
