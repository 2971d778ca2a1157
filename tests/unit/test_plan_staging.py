"""The staging step in the pure release plan, and who may upload to the staging index."""

from __future__ import annotations

import pytest

from releaser.adapters.package_index import Credentials
from releaser.adapters.staging import default_command
from releaser.core.version import Version
from releaser.errors import RefusedError
from releaser.release.plan import Facts, StepName, Switches, make_plan
from releaser.release.staging import stage_credentials


def _facts(stage_url: str = "https://test.pypi.org/legacy/") -> Facts:
    return Facts(
        version=Version(1, 2, 0),
        tag="v1.2.0",
        previous_tag="v1.1.0",
        resume=False,
        branch="main",
        remote="origin",
        notes="",
        edits=(),
        stamp_skipped="",
        commit_message="chore(release): 1.2.0",
        repository="octo/demo",
        index_url="https://upload.pypi.org/legacy/",
        project_name="demo-pkg",
        dist_dir="dist",
        stage_url=stage_url,
        stage_check="python -c 'import demo_pkg'",
    )


def test_the_stage_step_runs_after_the_draft_and_before_the_real_upload() -> None:
    plan = make_plan(_facts(), Switches())

    names = [s.name for s in plan.steps]
    assert names.index(StepName.GITHUB_DRAFT) < names.index(StepName.STAGE)
    assert names.index(StepName.STAGE) == names.index(StepName.PUBLISH) - 1
    stage = plan.step(StepName.STAGE)
    assert stage.enabled
    assert "install demo-pkg==1.2.0" in stage.summary
    assert "`python -c 'import demo_pkg'`" in stage.summary
    assert plan.as_json()["stage_url"] == "https://test.pypi.org/legacy/"


@pytest.mark.parametrize(
    ("stage_url", "switches", "reason"),
    [
        ("", Switches(), "no stage-index"),
        ("https://test.pypi.org/legacy/", Switches(publish=False), "no publish"),
        ("https://test.pypi.org/legacy/", Switches(build=False), "needs build"),
        ("https://test.pypi.org/legacy/", Switches(push=False), "needs push"),
    ],
)
def test_the_stage_step_is_off_and_says_why(
    stage_url: str, switches: Switches, reason: str
) -> None:
    stage = make_plan(_facts(stage_url), switches).step(StepName.STAGE)

    assert not stage.enabled
    assert stage.off_reason == reason


def test_the_default_smoke_test_imports_the_package() -> None:
    assert default_command("Demo-Pkg") == "python -c 'import demo_pkg'"


def test_the_real_indexs_credentials_never_go_to_the_staging_index() -> None:
    env = {"TWINE_USERNAME": "me", "TWINE_PASSWORD": "real-secret", "PYPI_TOKEN": "pypi-x"}

    with pytest.raises(RefusedError, match="no credentials for the staging index") as raised:
        stage_credentials("https://test.pypi.org/legacy/", env)

    assert "RELEASER_STAGE_PASSWORD" in (raised.value.hint or "")


def test_the_staging_token_is_used_as_an_api_token() -> None:
    found = stage_credentials("https://test.pypi.org/legacy/", {"RELEASER_STAGE_PASSWORD": "t"})

    assert found == Credentials("__token__", "t")
