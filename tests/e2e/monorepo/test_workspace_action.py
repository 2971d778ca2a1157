"""The Action at a workspace root: every changed package is released, and the outputs say which.

`version` and `tag` hold one value only when the run releases one version (one package,
or packages sharing it); `versions` (package -> version) and `tags` are JSON, always.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.action.conftest import REPOSITORY, _job_env, warm_cache
from tests.e2e.cut.conftest import git
from tests.e2e.monorepo.conftest import NEXT_TAGS, make_release_workspace
from tests.support.action_runner import ActionRunner
from tests.support.github_contract import GitHubContract
from tests.support.github_server import DEFAULT_TOKEN, GitHubServer
from tests.support.package_index import LocalIndex

VERSIONS = {name: tag.rpartition("-v")[2] for name, tag in NEXT_TAGS.items()}


def test_the_action_at_a_workspace_root_releases_every_changed_package(
    tmp_path: Path, action_copy: Path, local_index: LocalIndex, github_contract: GitHubContract
) -> None:
    workspace, origin = make_release_workspace(tmp_path)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    warm_cache(action_copy, runner_temp / "releaser-venv")
    inputs = {"repository-url": local_index.url, "extra-args": "--no-audit"}
    with GitHubServer(github_contract) as server:
        env = _job_env(tmp_path, server, local_index)
        runner = ActionRunner(action_copy, workspace, runner_temp, env, github_token=DEFAULT_TOKEN)

        # One package (a dry run): its version and tag, and the JSON outputs.
        one = runner.run({**inputs, "dry-run": "true", "extra-args": "--no-audit --package acme"})
        assert one.ok, one.stderr
        assert (one.outputs["released"], one.outputs["version"]) == ("false", "1.1.0")
        assert one.outputs["tag"] == NEXT_TAGS["acme"]
        assert json.loads(one.outputs["versions"]) == {"acme": "1.1.0"}
        assert json.loads(one.outputs["tags"]) == [NEXT_TAGS["acme"]]

        # Every changed package: several versions, so only the JSON outputs name them.
        run = runner.run(inputs, timeout=900)
        assert run.ok, run.stderr
        assert run.outputs["released"] == "true"
        assert (run.outputs["version"], run.outputs["tag"], run.outputs["release-url"]) == (
            "",
            "",
            "",
        )
        assert json.loads(run.outputs["versions"]) == VERSIONS
        assert json.loads(run.outputs["tags"]) == list(NEXT_TAGS.values())
        releases = {r["tag_name"]: r["draft"] for r in server.releases(REPOSITORY)}
        assert releases == dict.fromkeys(NEXT_TAGS.values(), False)
    assert set(NEXT_TAGS.values()) <= set(git(origin, "tag", "--list").split())
    assert len(local_index.files()) == 2 * len(NEXT_TAGS)
    for tag in NEXT_TAGS.values():
        assert tag in run.summary
