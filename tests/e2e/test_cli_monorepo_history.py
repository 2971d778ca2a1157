"""`next`, `changelog` and `notes` in a uv workspace of three packages (tests/support/monorepo)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_cli_history import releaser
from tests.support.monorepo import EXPECTED_NEXT, PACKAGES, Repo, apply_commit, make_workspace


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """The workspace after HISTORY; the tests here only read it."""
    return make_workspace(tmp_path_factory.mktemp("ws") / "acme")


def test_next_all_lists_every_package_with_its_versions_and_why(workspace: Repo) -> None:
    run = releaser(workspace.root, "next", "--all")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert [line.split()[0] for line in lines] == [p.name for p in PACKAGES]
    for line in lines:
        name, current, arrow, new, *_ = line.split()
        assert (current, arrow, new) == (EXPECTED_NEXT[name][0], "->", EXPECTED_NEXT[name][1])
    assert "minor: 1 feat, 1 fix in 2 commits since acme-v1.0.1" in lines[0]
    assert "patch: 1 fix in 2 commits since acme-cli-v2.1.0" in lines[2]


def test_next_all_json(workspace: Repo) -> None:
    run = releaser(workspace.root, "next", "--all", "--json")
    assert run.code == 0, run.err
    rows = json.loads(run.out)["packages"]
    found = {r["name"]: (r["current"], r["version"]) for r in rows}
    assert found == EXPECTED_NEXT
    http = rows[1]
    assert (http["folder"], http["tag"], http["current_tag"]) == (
        "packages/acme-http",
        "acme-http-v0.4.0",
        "acme-http-v0.3.0",
    )
    assert http["commits"] == 4  # its own three and the one shared by all; not the ci commit
    assert http["why"].startswith("minor: 2 feat, 1 fix")


@pytest.mark.parametrize("where", ["packages/acme", "packages/acme/acme"])
def test_next_inside_a_package_folder_is_that_package(workspace: Repo, where: str) -> None:
    run = releaser(workspace.root / where, "next")
    assert (run.code, run.out) == (0, "1.1.0\n"), run.err


@pytest.mark.parametrize("name", ["acme-cli", "cli", "ACME_CLI"])
def test_next_package_by_name_or_folder(workspace: Repo, name: str) -> None:
    run = releaser(workspace.root, "next", "--package", name)
    assert (run.code, run.out) == (0, "2.1.1\n"), run.err


def test_an_unknown_package_is_a_usage_error_naming_the_packages(workspace: Repo) -> None:
    run = releaser(workspace.root, "next", "--package", "acme-core")
    assert run.code == 2
    assert "no package named 'acme-core'" in run.err
    assert "acme, acme-http, acme-cli" in run.err


def test_notes_show_a_shared_commit_in_each_package_with_its_scope_when_foreign(
    workspace: Repo,
) -> None:
    acme = releaser(workspace.root, "notes", "--package", "acme")
    http = releaser(workspace.root, "notes", "--package", "acme-http")
    cli = releaser(workspace.root, "notes", "--package", "acme-cli")
    assert (acme.code, http.code, cli.code) == (0, 0, 0), acme.err + http.err + cli.err
    assert "- a timeout setting the http client shares" in acme.out  # its own scope: hidden
    assert "- **acme:** a timeout setting the http client shares" in http.out
    assert "- retry idle connections once" in http.out  # `http` names acme-http
    for out in (acme.out, http.out, cli.out):
        assert "pin the wire format in every package" in out
        assert "Python 3.13" not in out  # touches no package
    assert "retry" not in acme.out
    assert "keep the order" not in acme.out  # released in acme-v1.0.1


def test_changelog_of_each_package_goes_to_its_folder(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "acme")
    repo.tag("acme-v1.1.0")
    repo.tag("acme-http-v0.4.0")
    for name in ("acme", "acme-http", "acme-cli"):
        run = releaser(repo.root, "changelog", "--package", name)
        assert run.code == 0, run.err
    assert not (repo.root / "CHANGELOG.md").exists()
    acme = (repo.root / "packages/acme/CHANGELOG.md").read_text(encoding="utf-8")
    http = (repo.root / "packages/acme-http/CHANGELOG.md").read_text(encoding="utf-8")
    cli = (repo.root / "cli/CHANGELOG.md").read_text(encoding="utf-8")
    headings = [line.split(" - ")[0] for line in acme.splitlines() if line.startswith("## ")]
    assert headings == ["## 1.1.0", "## 1.0.1", "## 1.0.0"]
    assert "- a timeout setting the http client shares" in acme
    assert "- **acme:** a timeout setting the http client shares" in http
    assert "pin the wire format" in acme
    assert "pin the wire format" in http
    assert "## 0.4.0" in http
    assert "## 1.1.0" not in http  # acme's tags are not its own
    assert "## 2.1.0" in cli
    assert "## 2.1.1" not in cli  # nothing released since


def test_tags_of_a_longer_name_never_count_for_a_shorter_one(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "acme")
    repo.tag("acme-http-v9.0.0")
    repo.tag("acme-cli-v7.0.0")
    run = releaser(repo.root, "next", "--all", "--json")
    rows = {r["name"]: r for r in json.loads(run.out)["packages"]}
    assert (rows["acme"]["current_tag"], rows["acme"]["version"]) == ("acme-v1.0.1", "1.1.0")
    assert rows["acme-http"]["current_tag"] == "acme-http-v9.0.0"


def test_extra_paths_count_for_the_package_that_declares_them(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "acme")
    repo.append("cli/pyproject.toml", '\n[tool.releaser]\npaths = ["shared/wire/"]')
    apply_commit(repo, "build(cli): count the shared wire folder", ())
    repo.append("shared/wire/format.txt", "v2")
    apply_commit(repo, "feat!: wire format 2", ())
    run = releaser(repo.root, "next", "--all", "--json")
    assert run.code == 0, run.err
    rows = {r["name"]: r for r in json.loads(run.out)["packages"]}
    assert rows["acme-cli"]["version"] == "3.0.0"  # breaking, through shared/wire/
    assert (rows["acme"]["version"], rows["acme-http"]["version"]) == ("1.1.0", "0.4.0")


def test_notes_of_a_released_version_of_one_package(workspace: Repo) -> None:
    run = releaser(workspace.root, "notes", "1.0.1", "--package", "acme")
    assert run.code == 0, run.err
    assert run.out.startswith("## 1.0.1")
    assert "- keep the order of config keys" in run.out
    missing = releaser(workspace.root, "notes", "0.3.0", "--package", "acme")
    assert missing.code == 4  # acme-http's version, not acme's
    assert "no release 0.3.0" in missing.err
