"""The Action's install step with an empty cache: the lock's own files, offline.

The lock's hashes are PyPI's, so only the real files match them. They are downloaded once,
with the network, by `python scripts/lock_action.py --download DIR` (pip checks every hash),
and the tests run the install step from that folder with no index at all. The folder is
RELEASER_ACTION_WHEELS. `.ci/run` downloads it and runs this folder as its own step (about a
minute: a real install of the whole toolchain); the plain `python -m pytest` leaves it out,
as it does tests/differential.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.action.conftest import ReleaseJob, _job_env, _sample_repository
from tests.support.action_runner import ActionRunner
from tests.support.github_contract import GitHubContract
from tests.support.github_server import DEFAULT_TOKEN, GitHubServer
from tests.support.package_index import LocalIndex

HERE = Path(__file__).parent
ROOT = Path(__file__).parents[4]
LOCK = ROOT / "action" / "requirements.lock"
STAMP = "lock-digest.txt"  # scripts/lock_action.py WHEELHOUSE_STAMP
DOWNLOAD = "python scripts/lock_action.py --download DIR, then RELEASER_ACTION_WHEELS=DIR"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Leave the folder out unless the command line names it or something in it."""
    named = any(
        path == HERE or HERE in path.parents
        for path in (Path(arg.split("::")[0]).resolve() for arg in config.args)
    )
    return None if named else True


@pytest.fixture(scope="session")
def wheelhouse() -> Path:
    """The locked files for this machine, made by `lock_action.py --download` for this lock."""
    import hashlib

    folder = os.environ.get("RELEASER_ACTION_WHEELS", "")
    if not folder or not Path(folder).is_dir():
        pytest.skip(f"the lock's files are not downloaded: {DOWNLOAD} (.ci/run does this)")
    stamp = Path(folder) / STAMP
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()[:16]
    if not stamp.exists() or stamp.read_text(encoding="utf-8").strip() != digest:
        pytest.skip(f"{folder} holds the files of another lock: {DOWNLOAD} again")
    return Path(folder)


@pytest.fixture
def cold_job(
    tmp_path: Path,
    action_copy: Path,
    local_index: LocalIndex,
    github_contract: GitHubContract,
    wheelhouse: Path,
) -> Iterator[ReleaseJob]:
    """A release job whose cache is empty: the install step must install from the lock."""
    workspace, origin = _sample_repository(tmp_path)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    with GitHubServer(github_contract) as server:
        env = _job_env(tmp_path, server, local_index)
        env["PIP_FIND_LINKS"] = str(wheelhouse)  # and PIP_NO_INDEX: nothing else is reachable
        runner = ActionRunner(action_copy, workspace, runner_temp, env, github_token=DEFAULT_TOKEN)
        yield ReleaseJob(workspace, origin, runner_temp, local_index, server, runner)
