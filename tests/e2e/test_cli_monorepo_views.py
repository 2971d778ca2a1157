"""Views of a monorepo as a user meets them: `preview` of one package, `--project` on a folder
that is no project, and the commands run at a virtual workspace root."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_cli_history import releaser
from tests.support.monorepo import Repo, apply_commit, make_subfolder_project, make_workspace


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """The workspace after HISTORY; the tests here only read it."""
    return make_workspace(tmp_path_factory.mktemp("views") / "acme")


def test_preview_notes_of_a_package_hide_its_own_scope(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "acme")
    repo.git("checkout", "-q", "--detach")
    apply_commit(repo, "feat(acme): a retry budget", ("acme",))  # the pull request
    done = subprocess.run(
        [sys.executable, "-m", "releaser", "preview", "--base", "main", "--json"],
        cwd=repo.root / "packages/acme", capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    notes = json.loads(done.stdout)["notes"]
    assert "- a retry budget" in notes
    assert "**acme:**" not in notes  # the package's own scope, as its changelog shows it


@pytest.mark.parametrize("command", ["next", "notes", "changelog"])
def test_project_on_a_folder_without_pyproject_is_a_config_error(
    tmp_path: Path, command: str
) -> None:
    repo = make_subfolder_project(tmp_path / "repo")
    run = releaser(repo.root, command, "--project", "site")
    assert run.code == 3, run.out + run.err
    assert "site has no pyproject.toml" in run.err
    assert "--project" in run.err
    assert not (repo.root / "CHANGELOG.md").exists()


def test_project_on_a_missing_folder_is_a_config_error(tmp_path: Path) -> None:
    repo = make_subfolder_project(tmp_path / "repo")
    run = releaser(repo.root, "next", "--project", "pyy")
    assert run.code == 3, run.out + run.err
    assert "pyy" in run.err


def test_the_actions_working_directory_without_pyproject_stops_the_preview(tmp_path: Path) -> None:
    repo = make_subfolder_project(tmp_path / "repo")
    # action.yml runs `releaser preview` in working-directory with RELEASER_PROJECT=.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_"))}
    done = subprocess.run(
        [sys.executable, "-m", "releaser", "preview", "--base", "main"],
        cwd=repo.root / "site", env={**env, "RELEASER_PROJECT": "."},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 3, done.stdout + done.stderr
    assert f"{repo.root / 'site'} has no pyproject.toml" in done.stderr


def test_next_at_the_virtual_root_is_next_all(workspace: Repo) -> None:
    every = releaser(workspace.root, "next", "--all")
    run = releaser(workspace.root, "next")
    assert (run.code, run.out) == (0, every.out), run.err
    assert "the top folder is no package" in run.err
    as_json = releaser(workspace.root, "next", "--json")
    assert as_json.code == 0, as_json.err
    assert json.loads(as_json.out) == json.loads(
        releaser(workspace.root, "next", "--all", "--json").out
    )


def test_changelog_at_the_virtual_root_writes_every_packages_own(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "acme")
    repo.tag("acme-v1.1.0")
    run = releaser(repo.root, "changelog")
    assert run.code == 0, run.err
    assert not (repo.root / "CHANGELOG.md").exists()
    for folder in ("packages/acme", "packages/acme-http", "cli"):
        assert f"{folder}/CHANGELOG.md" in run.err
        assert (repo.root / folder / "CHANGELOG.md").is_file()
    acme = (repo.root / "packages/acme/CHANGELOG.md").read_text("utf-8")
    assert "## 1.1.0" in acme
    assert "## 0.4.0" not in acme


def test_changelog_stdout_at_the_virtual_root_asks_for_one_package(workspace: Repo) -> None:
    run = releaser(workspace.root, "changelog", "--stdout")
    assert run.code == 2
    assert "--package" in run.err
    assert "acme, acme-http, acme-cli" in run.err


def test_notes_at_the_virtual_root_ask_for_one_package(workspace: Repo) -> None:
    run = releaser(workspace.root, "notes")
    assert run.code == 2
    assert "release notes are per package" in run.err
    assert "--package" in run.err
    assert "acme, acme-http, acme-cli" in run.err


def test_notes_of_a_package_tag_at_the_virtual_root(workspace: Repo) -> None:
    run = releaser(workspace.root, "notes", "acme-v1.0.1")  # the tag says which package
    assert run.code == 0, run.err
    assert run.out.startswith("## 1.0.1")
    assert "- keep the order of config keys" in run.out


def test_a_new_package_without_tags_is_released_beside_tagged_ones(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "acme", history=[])
    repo.write(
        "packages/acme-db/pyproject.toml", '[project]\nname = "acme-db"\nversion = "0.1.0"\n'
    )
    repo.commit("feat(db): a database package")
    run = releaser(
        repo.root, "cut", "--dry-run", "--json", "--no-push", "--no-github", "--no-publish",
        "--no-build", "--no-audit",
    )  # fmt: skip
    assert run.code == 0, run.err
    packages = json.loads(run.out)["plan"]["packages"]
    assert [(p["name"], p["tag"]) for p in packages] == [("acme-db", "acme-db-v0.1.0")]


def test_a_package_whose_tags_follow_another_format_is_told_which(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "acme", history=[])
    repo.write(
        "packages/acme-db/pyproject.toml", '[project]\nname = "acme-db"\nversion = "0.1.0"\n'
    )
    repo.commit("feat(db): a database package")
    repo.tag("db==0.1.0")  # as langgraph tags its packages
    run = releaser(repo.root, "next", "--package", "acme-db")
    assert run.code == 3
    assert 'add tag-format = "db=={version}"' in run.err
    assert "acme-v" not in run.err  # the other packages' tags are theirs


def test_project_on_the_repository_top_folder_needs_no_pyproject(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "acme", history=[])  # a virtual root... without its file
    (repo.root / "pyproject.toml").unlink()
    run = releaser(tmp_path, "next", "--project", str(repo.root))
    assert "has no pyproject.toml" not in run.err  # nothing to fall back to: it is the top
