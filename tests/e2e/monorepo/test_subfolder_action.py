"""The Action's `working-directory`: the package in that folder is what gets released."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.action.conftest import ADVISORY_DB, REPOSITORY, _job_env, warm_cache
from tests.e2e.cut.conftest import git
from tests.e2e.monorepo.conftest import MODULE, SUBDIR, make_subfolder_repo
from tests.support.action_runner import ActionRunner
from tests.support.github_contract import GitHubContract
from tests.support.github_server import DEFAULT_TOKEN, GitHubServer
from tests.support.package_index import LocalIndex


def test_the_action_releases_the_package_in_working_directory(
    tmp_path: Path, action_copy: Path, local_index: LocalIndex, github_contract: GitHubContract
) -> None:
    workspace, origin = make_subfolder_repo(tmp_path)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    warm_cache(action_copy, runner_temp / "releaser-venv")
    with GitHubServer(github_contract) as server:
        env = _job_env(tmp_path, server, local_index)
        runner = ActionRunner(action_copy, workspace, runner_temp, env, github_token=DEFAULT_TOKEN)
        run = runner.run(
            {
                "working-directory": SUBDIR,
                "repository-url": local_index.url,
                "advisory-db": str(ADVISORY_DB),
            }
        )
        assert run.ok, run.stderr
        assert (run.outputs["version"], run.outputs["tag"]) == ("0.2.0", "pkg-v0.2.0")
        [release] = server.releases(REPOSITORY)
        assert (release["tag_name"], release["draft"]) == ("pkg-v0.2.0", False)
    assert "pkg-v0.2.0" in git(origin, "tag", "--list")
    assert sorted(local_index.files()) == sorted(
        [f"{MODULE}-0.2.0.tar.gz", f"{MODULE}-0.2.0-py3-none-any.whl"]
    )
    stamped = git(workspace, "show", f"HEAD:{SUBDIR}/pyproject.toml")
    assert 'version = "0.2.0"' in stamped
    assert "greet people by name" in (workspace / SUBDIR / "CHANGELOG.md").read_text("utf-8")
    assert "## releaser: released pkg-v0.2.0" in run.summary
