"""`init` and `history` recognise the tag formats a repository already uses."""

from __future__ import annotations

from releaser.core.tags import tag_formats


def test_tags_are_grouped_by_the_prefix_before_their_version() -> None:
    names = [
        "v1.0.0",
        "latest",
        "py3-2.0.0",
        "1.2.0",
        "v1.1.0rc1",
        "release/3.0.0-rc.1",
        "v1.0",
        "v2.0.0-bad!",
        "2023.01.05",
        "v1.1.0",
    ]
    assert tag_formats(names) == {
        "v{version}": ["v1.0.0", "v1.1.0rc1", "v1.1.0"],
        "py3-{version}": ["py3-2.0.0"],
        "{version}": ["1.2.0"],
        "release/{version}": ["release/3.0.0-rc.1"],
    }


def test_no_version_tags_no_formats() -> None:
    assert tag_formats([]) == {}
    assert tag_formats(["latest", "stable"]) == {}
