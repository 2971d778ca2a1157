"""One package in a subfolder: its folder is the configuration, the root is only where git lives."""

from __future__ import annotations

import json
import sys

from tests.e2e.cut.conftest import AUDIT_DB, REPOSITORY, Sample, git
from tests.e2e.monorepo.conftest import MODULE, SUBDIR

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

RELEASE_FILES = sorted(
    [f"{SUBDIR}/CHANGELOG.md", f"{SUBDIR}/{MODULE}/__init__.py", f"{SUBDIR}/pyproject.toml"]
)


def test_cut_project_releases_the_subfolder_package(subfolder: Sample) -> None:
    run = subfolder.cut("--project", SUBDIR, "--advisory-db", str(AUDIT_DB))
    assert "released pkg-v0.2.0" in run.stdout, str(run)

    # One release commit that touches only the package's files, with its tag format.
    changed = git(subfolder.root, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == RELEASE_FILES
    pyproject = tomllib.loads(git(subfolder.root, "show", f"HEAD:{SUBDIR}/pyproject.toml"))
    assert pyproject["project"]["version"] == "0.2.0"
    assert "greet people by name" in (subfolder.root / SUBDIR / "CHANGELOG.md").read_text()
    assert not (subfolder.root / "CHANGELOG.md").exists()
    assert git(subfolder.origin, "rev-parse", "pkg-v0.2.0^{commit}") == git(
        subfolder.root, "rev-parse", "HEAD"
    )

    # Built from the package folder, into its own dist/, released and uploaded.
    assert (subfolder.root / SUBDIR / "dist" / "0.2.0" / "SHA256SUMS").is_file()
    subfolder.assert_released_once("pkg-v0.2.0", "0.2.0")
    (release,) = subfolder.server.releases(REPOSITORY)
    assert "greet people by name" in release["body"]
    assert git(subfolder.root, "status", "--porcelain") == ""


def test_cut_from_inside_the_folder_plans_that_package(subfolder: Sample) -> None:
    run = subfolder.cut("--dry-run", "--no-audit", "--json", cwd=subfolder.root / SUBDIR)
    plan = json.loads(run.stdout)["plan"]
    assert plan["tag"] == "pkg-v0.2.0"
    assert plan["previous_tag"] == "pkg-v0.1.0"
    assert sorted(plan["files"]) == RELEASE_FILES
    steps = {s["name"]: s["summary"] for s in plan["steps"]}
    assert f"{SUBDIR}/dist/0.2.0/" in steps["build"]
    assert git(subfolder.root, "status", "--porcelain") == ""


def test_commits_outside_the_folder_do_not_count(subfolder: Sample) -> None:
    git(subfolder.root, "tag", "-a", "pkg-v0.2.0", "-m", "Release 0.2.0")  # as if released
    (subfolder.root / "README.md").write_text("# More about the repository\n", "utf-8")
    git(subfolder.root, "commit", "-qam", "feat: a better repository README")
    run = subfolder.cut("--project", SUBDIR, "--dry-run", "--no-push", "--json")
    assert json.loads(run.stdout)["release_due"] is False
    assert "nothing to release" in run.stderr


def test_via_pr_audits_the_package_folder_as_a_direct_cut_does(subfolder: Sample) -> None:
    run = subfolder.cut(
        "--project", SUBDIR, "--via-pr", "--dry-run", "--json", "--advisory-db", str(AUDIT_DB)
    )
    assert json.loads(run.stdout)["release_branch"] == f"releaser/release-main-{SUBDIR}"
    (audit,) = [line for line in run.stderr.splitlines() if line.split()[1:2] == ["audit"]]
    assert "passed" in audit, str(run)
    assert git(subfolder.root, "status", "--porcelain") == ""


def test_project_naming_a_folder_without_pyproject_is_a_config_error(subfolder: Sample) -> None:
    (subfolder.root / "docs").mkdir()
    before = subfolder.world()
    run = subfolder.cut("--project", "docs", "--dry-run", "--no-audit", expect=3)
    assert "has no pyproject.toml, so it is no project" in run.errors()[0]
    assert subfolder.world() == before
