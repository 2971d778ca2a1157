"""Lockstep versioning: every package of a workspace shares one version and one `v*` tag
(root `[tool.releaser] versioning = "lockstep"`), as pydantic-ai releases its packages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_cli_history import releaser
from tests.support.monorepo import PACKAGES, Repo, apply_commit, make_workspace, write_package

LOCKSTEP_ROOT = """\
[tool.uv.workspace]
members = ["packages/*", "cli"]
exclude = ["packages/scratch"]

[tool.releaser]
versioning = "lockstep"
"""


def _lockstep(root: Path, table: str = LOCKSTEP_ROOT) -> Repo:
    """The acme workspace with every package at 1.2.0 under the one tag v1.2.0, then a fix
    in acme, a feature in acme-http and a docs commit in the CLI."""
    repo = make_workspace(root, history=[], root_table=table)
    for spec in PACKAGES:
        write_package(repo, spec, "1.2.0")
    repo.commit("chore(release): 1.2.0")
    repo.tag("v1.2.0")
    apply_commit(repo, "fix(acme): keep the order of config keys", ("acme",))
    apply_commit(repo, "feat(http): retry idle connections once", ("acme-http",))
    apply_commit(repo, "docs(cli): usage examples", ("acme-cli",))
    return repo


@pytest.fixture(scope="module")
def lockstep(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return _lockstep(tmp_path_factory.mktemp("lockstep") / "acme")


@pytest.mark.parametrize(
    ("where", "args"),
    [(".", ()), ("packages/acme", ()), (".", ("--package", "acme-cli"))],
)
def test_next_is_the_one_shared_version_from_anywhere(
    lockstep: Repo, where: str, args: tuple[str, ...]
) -> None:
    run = releaser(lockstep.root / where, "next", *args)
    assert (run.code, run.out) == (0, "1.3.0\n"), run.err


def test_next_all_shows_every_package_at_the_shared_version(lockstep: Repo) -> None:
    run = releaser(lockstep.root, "next", "--all", "--json")
    assert run.code == 0, run.err
    rows = json.loads(run.out)["packages"]
    assert [r["name"] for r in rows] == [p.name for p in PACKAGES]
    assert {(r["current_tag"], r["version"], r["tag"]) for r in rows} == {
        ("v1.2.0", "1.3.0", "v1.3.0")
    }
    assert rows[0]["why"] == "minor: 1 feat, 1 fix in 3 commits since v1.2.0"


def test_one_changelog_and_notes_with_every_packages_commits(tmp_path: Path) -> None:
    repo = _lockstep(tmp_path / "acme")
    notes = releaser(repo.root, "notes")
    assert notes.code == 0, notes.err
    assert notes.out.startswith("## 1.3.0")
    assert "- **acme:** keep the order of config keys" in notes.out  # scopes name packages
    assert "- **http:** retry idle connections once" in notes.out
    repo.tag("v1.3.0")
    run = releaser(repo.root, "changelog")
    assert run.code == 0, run.err
    text = (repo.root / "CHANGELOG.md").read_text("utf-8")
    assert "## 1.3.0" in text
    assert not (repo.root / "packages/acme/CHANGELOG.md").exists()


def test_a_shared_tag_prefix_without_lockstep_names_the_setting(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "acme", history=[])
    for spec in PACKAGES:
        repo.append(f"{spec.folder}/pyproject.toml", '\n[tool.releaser]\ntag-format = "v{version}"')
    run = releaser(repo.root, "next", "--all")
    assert run.code == 3
    assert "the same tag prefix 'v'" in run.err
    assert 'versioning = "lockstep"' in run.err


def test_cut_of_a_lockstep_workspace_is_refused_until_it_is_supported(tmp_path: Path) -> None:
    repo = _lockstep(tmp_path / "acme")
    run = releaser(repo.root, "cut", "--dry-run", "--no-push", "--no-github", "--no-publish")
    assert run.code == 4, run.out + run.err
    assert "lockstep" in run.err
    assert repo.git("status", "--porcelain") == ""


def test_an_unknown_versioning_is_a_config_error(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "acme", history=[])
    repo.write("pyproject.toml", LOCKSTEP_ROOT.replace("lockstep", "linked"))
    run = releaser(repo.root, "next", "--all")
    assert run.code == 3
    assert "'versioning'" in run.err


def test_next_all_lists_a_root_project_too(tmp_path: Path) -> None:
    # pydantic-ai's root is itself a package (pydantic-ai) released with its members
    root = '[project]\nname = "acme-all"\nversion = "1.2.0"\n\n' + LOCKSTEP_ROOT
    repo = _lockstep(tmp_path / "acme", root)
    run = releaser(repo.root, "next", "--all", "--json")
    assert run.code == 0, run.err
    rows = json.loads(run.out)["packages"]
    assert [(r["name"], r["folder"]) for r in rows][:2] == [
        ("acme-all", "."),
        ("acme", "packages/acme"),
    ]
    assert {r["version"] for r in rows} == {"1.3.0"}
