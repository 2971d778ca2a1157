"""The Action on a `pull_request` event: it previews (read-only) instead of refusing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.action.conftest import action_copy, warm_cache
from tests.e2e.preview.conftest import PR_NUMBER, PullRequestCheckout, git
from tests.support.action_runner import ActionRunner
from tests.support.github_contract import GitHubContract
from tests.support.github_server import DEFAULT_TOKEN, GitHubServer

__all__ = ["action_copy"]

_FOREIGN = ("RELEASER_", "TWINE_", "GH_", "GITHUB_", "PYPI_", "GIT_", "PIP_", "ACTIONS_")


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory: pytest.TempPathFactory, action_copy: Path) -> Path:
    """RUNNER_TEMP with releaser's environment restored, as from the cache (made once)."""
    temp = tmp_path_factory.mktemp("runner-temp")
    warm_cache(action_copy, temp / "releaser-venv")
    return temp


@pytest.fixture
def github(github_contract: GitHubContract) -> Iterator[GitHubServer]:
    with GitHubServer(github_contract) as server:
        yield server


def _runner(
    pr: PullRequestCheckout,
    action: Path,
    temp: Path,
    github: GitHubServer,
    *,
    fork: bool,
    token: str,
) -> ActionRunner:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_FOREIGN)}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GITHUB_REPOSITORY="octo-org/demo",
        GITHUB_API_URL=github.api_url,
        GITHUB_EVENT_NAME="pull_request",
        GITHUB_EVENT_PATH=str(pr.event(title="feat: widgets", fork=fork)),
        GITHUB_BASE_REF="main",
        GITHUB_HEAD_REF="feature",
        PIP_CONFIG_FILE=os.devnull,
    )
    return ActionRunner(action, pr.clone, temp, env, github_token=token)


def test_on_a_pull_request_the_action_previews_and_keeps_one_comment(
    pull_request: PullRequestCheckout,
    action_copy: Path,
    runner_temp: Path,
    github: GitHubServer,
) -> None:
    runner = _runner(
        pull_request, action_copy, runner_temp, github, fork=False, token=DEFAULT_TOKEN
    )
    refs = git(pull_request.origin, "for-each-ref")

    first = runner.run({"comment": "true"})
    second = runner.run({"comment": "true"})

    assert first.ok, first.stderr
    assert second.ok, second.stderr
    assert "Cut the release" in first.skipped
    assert first.outputs["released"] == "false"
    assert "releases **1.1.0** (from 1.0.0)" in first.summary
    assert "comment updated" in second.summary or "comment unchanged" in second.summary
    assert len(github.issue_comments.of(PR_NUMBER)) == 1
    assert github.releases() == []
    assert git(pull_request.origin, "for-each-ref") == refs  # nothing pushed or tagged
    assert DEFAULT_TOKEN not in first.stderr + first.summary


def test_a_pull_request_from_a_fork_gets_its_preview_without_a_comment(
    pull_request: PullRequestCheckout,
    action_copy: Path,
    runner_temp: Path,
    github: GitHubServer,
) -> None:
    runner = _runner(pull_request, action_copy, runner_temp, github, fork=True, token="")

    run = runner.run({"comment": "true"})

    assert run.ok, run.stderr
    assert "releases **1.1.0**" in run.summary
    assert "comment skipped: this pull request comes from the fork someone/demo" in run.summary
    assert github.log == []
