"""Widening a workspace package's requirement on another one that was just released."""

from __future__ import annotations

import sys

import pytest
from packaging.requirements import Requirement

from releaser.core.dependencies import update_dependencies, widened

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPROJECT = """\
[project]
name = "acme-cli"
version = "0.3.0"
dependencies = [
    "acme-core>=1.0,<2",  # the library
    'rich>=13',
]

[project.optional-dependencies]
fast = ["acme_core[speed]>=1.1,<2; python_version >= '3.11'"]
"""


@pytest.mark.parametrize(
    ("written", "version", "expected"),
    [
        ("acme-core>=1.0,<2", "1.4.0", None),  # still fits
        ("acme-core>=1.0,<2", "2.0.0", "acme-core>=2.0.0,<3"),
        ("acme-core==1.2.0", "1.3.0", "acme-core==1.3.0"),
        ("acme-core~=0.3.0", "0.4.0", "acme-core>=0.4.0,<0.5"),  # below 1.0 a minor breaks
        ("acme-core>=1", "2.0.0rc1", None),  # a pre-release that the range lets in
        ("acme-core[speed]>=1,<2; os_name == 'posix'", "2.1.0",
         "acme-core[speed]>=2.1.0,<3; os_name == 'posix'"),
    ],
)  # fmt: skip
def test_widened(written: str, version: str, expected: str | None) -> None:
    assert widened(Requirement(written), version) == expected


def test_update_dependencies_rewrites_only_the_excluding_requirements() -> None:
    text, changes = update_dependencies(PYPROJECT, {"acme-core": "2.0.0", "other": "9.0.0"})
    assert '"acme-core>=2.0.0,<3",  # the library' in text  # comment and quotes kept
    assert "'rich>=13'" in text
    optional = tomllib.loads(text)["project"]["optional-dependencies"]["fast"]
    assert optional == ["acme_core[speed]>=2.0.0,<3; python_version >= '3.11'"]
    assert [(c.name, c.old, c.new) for c in changes] == [
        ("acme-core", "acme-core>=1.0,<2", "acme-core>=2.0.0,<3"),
        (
            "acme-core",
            "acme_core[speed]>=1.1,<2; python_version >= '3.11'",
            "acme_core[speed]>=2.0.0,<3; python_version >= '3.11'",
        ),
    ]


def test_nothing_to_do_leaves_the_text_alone() -> None:
    assert update_dependencies(PYPROJECT, {"acme-core": "1.9.0"}) == (PYPROJECT, ())


GROUPS = """\
[project]
name = "acme-cli"
version = "0.3.0"
dependencies = ["acme-core>=1.0,<2"]

[dependency-groups]
test = ["acme-core[testing]>=1.0,<2", "pytest>=8"]
dev = [{ include-group = "test" }, "acme-core==1.2.0"]
"""


def test_dependency_groups_are_rewritten_by_the_same_rule() -> None:
    text, changes = update_dependencies(GROUPS, {"acme-core": "2.0.0"})
    groups = tomllib.loads(text)["dependency-groups"]
    assert groups["test"] == ["acme-core[testing]>=2.0.0,<3", "pytest>=8"]
    assert groups["dev"] == [{"include-group": "test"}, "acme-core==2.0.0"]
    assert [(c.new, c.published) for c in changes] == [
        ("acme-core>=2.0.0,<3", True),
        ("acme-core[testing]>=2.0.0,<3", False),  # a group is not in the published metadata
        ("acme-core==2.0.0", False),
    ]


def test_an_optional_dependency_is_published() -> None:
    _, changes = update_dependencies(PYPROJECT, {"acme-core": "2.0.0"})
    assert all(c.published for c in changes)


def test_groups_only_leaves_the_published_requirements() -> None:
    text, changes = update_dependencies(GROUPS, {"acme-core": "2.0.0"}, groups_only=True)
    assert tomllib.loads(text)["project"]["dependencies"] == ["acme-core>=1.0,<2"]
    assert [c.new for c in changes] == ["acme-core[testing]>=2.0.0,<3", "acme-core==2.0.0"]
