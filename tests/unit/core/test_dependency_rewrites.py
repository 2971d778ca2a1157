"""`cut` in a workspace: which requirements on a released package are rewritten, and how."""

from __future__ import annotations

from releaser.core.dependencies import DependencyChange, update_dependencies

PYPROJECT = """\
[project]
name = "acme-cli"
dependencies = [
    "requests>=2",
    "acme-core===1.2.0",
    "not a requirement!",
    "acme-io[fast,json]>=1,<2",
]
"""


def test_each_released_package_is_rewritten_and_reported() -> None:
    text, changes = update_dependencies(PYPROJECT, {"acme-core": "1.3.0", "acme-io": "2.0.0"})
    assert text == PYPROJECT.replace('"acme-core===1.2.0"', '"acme-core==1.3.0"').replace(
        '"acme-io[fast,json]>=1,<2"', '"acme-io[fast,json]>=2.0.0,<3"'
    )
    assert changes == (
        DependencyChange("acme-core", "acme-core===1.2.0", "acme-core==1.3.0", "1.3.0"),
        DependencyChange(
            "acme-io", "acme-io[fast,json]>=1,<2", "acme-io[fast,json]>=2.0.0,<3", "2.0.0"
        ),
    )
