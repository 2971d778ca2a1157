"""The history service on repositories of several packages (real git, in-process)."""

from __future__ import annotations

from pathlib import Path

from releaser.config import load_config
from releaser.config.workspace import discover_packages, find_workspace
from releaser.history.changelog import changelog_text
from releaser.history.overview import next_for_packages
from releaser.history.project import open_project
from releaser.history.upcoming import next_release
from tests.support.monorepo import apply_commit, make_workspace


def _next(folder: Path, package: str | None = None) -> str | None:
    project = open_project(folder, load_config, package=package)
    found = next_release(project).version
    return found.semver if found else None


def test_discovery_follows_the_uv_members_in_order_less_the_excluded(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "ws")
    packages = discover_packages(repo.root)
    assert [(p.name, p.folder, p.tag_format) for p in packages] == [
        ("acme", "packages/acme", "acme-v{version}"),
        ("acme-http", "packages/acme-http", "acme-http-v{version}"),
        ("acme-cli", "cli", "acme-cli-v{version}"),
    ]


def test_releaser_packages_win_over_uv_members(tmp_path: Path) -> None:
    root = '[tool.uv.workspace]\nmembers = ["packages/*"]\n\n[tool.releaser]\npackages = ["cli"]\n'
    repo = make_workspace(tmp_path / "ws", root_table=root)
    assert [p.name for p in discover_packages(repo.root)] == ["acme-cli"]


def test_a_package_takes_the_root_defaults_under_its_own_settings(tmp_path: Path) -> None:
    root = (
        '[tool.uv.workspace]\nmembers = ["packages/*", "cli"]\nexclude = ["packages/scratch"]\n\n'
        '[tool.releaser]\ntag-format = "v{version}"\nshow-other-commits = true\n'
        'minor-types = ["feat", "docs"]\n'
    )
    repo = make_workspace(tmp_path / "ws", root_table=root)
    repo.append("cli/pyproject.toml", '\n[tool.releaser]\nminor-types = ["feat"]\n')
    workspace = find_workspace(repo.root)
    assert workspace is not None
    acme, cli = workspace.find("acme").config, workspace.find("acme-cli").config
    assert acme.show_other_commits  # shared
    assert acme.minor_types == ("feat", "docs")
    assert cli.minor_types == ("feat",)  # its own
    assert acme.tag_format == "acme-v{version}"  # the root's tag format is the root's own
    assert _next(repo.root / "cli") == "2.1.1"  # docs(cli) is no minor change for it
    assert _next(repo.root, "acme") == "1.1.0"


def test_commits_of_a_merged_branch_count_for_the_package_they_touch(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "ws", history=())
    repo.git("switch", "-q", "-c", "topic")
    apply_commit(repo, "feat(cli): a --quiet flag", ("acme-cli",))
    repo.git("switch", "-q", "main")
    apply_commit(repo, "docs: the root readme", ("-",))
    repo.git("merge", "-q", "--no-ff", "-m", "Merge branch 'topic'", "topic")
    found = {f.package.name: f for f in next_for_packages(repo.root)}
    assert found["acme-cli"].release.version is not None
    assert found["acme-cli"].release.version.semver == "2.2.0"
    assert found["acme"].release.version is None
    assert found["acme"].why == (
        "nothing to release: no commit of 0 commits since acme-v1.0.0 calls for a new version"
    )


def test_a_root_project_ignores_the_packages_and_counts_every_commit(tmp_path: Path) -> None:
    root = (
        '[project]\nname = "acme-all"\nversion = "1.0.0"\n\n'
        '[tool.uv.workspace]\nmembers = ["packages/*", "missing"]\n'  # broken: never read
    )
    repo = make_workspace(tmp_path / "ws", root_table=root, history=())
    repo.tag("v1.0.0")
    apply_commit(repo, "feat(acme): anything", ("acme",))
    assert _next(repo.root) == "1.1.0"


def test_the_root_listed_as_a_package_leaves_the_others_out(tmp_path: Path) -> None:
    root = (
        '[project]\nname = "acme-all"\nversion = "1.0.0"\n\n'
        '[tool.releaser]\npackages = [".", "packages/acme"]\n'
    )
    repo = make_workspace(tmp_path / "ws", root_table=root, history=())
    repo.tag("acme-all-v1.0.0")
    apply_commit(repo, "feat(acme): only the library", ("acme",))
    apply_commit(repo, "fix: the root readme", ("-",))
    assert _next(repo.root) == "1.0.1"
    assert _next(repo.root / "packages/acme") == "1.1.0"


def test_why_says_a_breaking_change_on_0x_moves_the_minor(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "ws", history=())
    apply_commit(repo, "feat(http)!: drop the sync client", ("acme-http",))
    found = {f.package.name: f for f in next_for_packages(repo.root, ["acme-http"])}
    assert list(found) == ["acme-http"]
    assert found["acme-http"].why == (
        "minor (major change on 0.x): 1 breaking in 1 commit since acme-http-v0.3.0"
    )


def test_a_merged_branch_lands_in_the_release_of_the_package_it_touches(tmp_path: Path) -> None:
    repo = make_workspace(tmp_path / "ws", history=())
    repo.git("switch", "-q", "-c", "topic")
    apply_commit(repo, "feat(cli): a --quiet flag", ("acme-cli",))
    apply_commit(repo, "fix(acme): a branch fix", ("acme",))
    repo.git("switch", "-q", "main")
    repo.append("cli/acme_cli/main.txt", "on main")  # another file: no conflict
    repo.commit("fix(cli): on main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge branch 'topic'", "topic")
    repo.tag("acme-cli-v2.2.0")
    apply_commit(repo, "fix(cli): after the release", ("acme-cli",))
    text = changelog_text(open_project(repo.root, load_config, package="acme-cli"))
    released = text.split("## 2.2.0")[1]
    assert "- a --quiet flag" in released
    assert "- on main" in released
    assert "branch fix" not in text  # acme's
    assert "after the release" not in text  # not released yet
