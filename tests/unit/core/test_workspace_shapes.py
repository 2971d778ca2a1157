"""Workspace checks a user meets: dependency tables of unexpected shapes are skipped, not a
crash; a requirement also in a dependency group still calls for a release; tag prefixes
that read as another package's version are refused, unless all packages share one tag."""

from __future__ import annotations

import pytest

from releaser.core.dependencies import update_dependencies
from releaser.core.packages import Package, check_packages

CORE = {"acme-core": "2.0.0"}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('project = "acme"\n[dependency-groups]\ndev = ["rich>=13"]\n', id="project"),
        pytest.param(
            '[project]\noptional-dependencies = ["x"]\ndependencies = ["rich>=13"]\n',
            id="extras",
        ),
        pytest.param('dependency-groups = ["x"]\n[project]\ndependencies = []\n', id="groups"),
    ],
)
def test_a_table_of_the_wrong_shape_is_skipped(text: str) -> None:
    assert update_dependencies(text, CORE) == (text, ())


def test_requirements_on_other_packages_stay_as_written() -> None:
    text = '[project]\ndependencies = ["rich>=13", "acme-core>=1,<2"]\n'
    done, changes = update_dependencies(text, CORE)
    assert done == '[project]\ndependencies = ["rich>=13", "acme-core>=2.0.0,<3"]\n'
    assert [c.name for c in changes] == ["acme-core"]


def test_a_requirement_also_in_a_dependency_group_is_published() -> None:
    text = (
        '[project]\ndependencies = ["acme-core==1.0.0"]\n'
        '[dependency-groups]\ndev = ["acme-core==1.0.0"]\n'
    )
    done, changes = update_dependencies(text, CORE)
    assert done == text.replace("1.0.0", "2.0.0")
    assert [(c.old, c.new, c.published) for c in changes] == [
        ("acme-core==1.0.0", "acme-core==2.0.0", True)
    ]


def _packages(*prefixes: str) -> list[Package]:
    return [Package(f"p{i}", f"p{i}", f"{p}{{version}}") for i, p in enumerate(prefixes)]


def test_a_tag_prefix_followed_by_a_digit_in_another_is_refused() -> None:
    (problem,) = check_packages(_packages("app-v", "app-v2-"))
    assert "the tag prefix 'app-v' of p0 is the start of" in problem.message


def test_lockstep_packages_share_their_tags_without_a_problem() -> None:
    assert check_packages(_packages("v", "v"), own_tags=False) == []
    assert len(check_packages(_packages("v", "v"))) == 1
