"""`init` and `history` recognise the tag formats a repository already uses."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releaser.config import Config
from releaser.core.tags import follows_format, tag_formats
from releaser.errors import ConfigError
from releaser.history.project import settle_tag_format


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


_NAMES = st.sampled_from(
    [
        "v1.0.0",
        "v1.1.0rc1",
        "v1.0",
        "v2.0.0-bad!",
        "vv1.0.0",
        "v01.2.3",
        "py3-2.0.0",
        "1.2.0",
        "2023.01.05",
        "release/3.0.0-rc.1",
        "pkg-v1.0.0",
        "latest",
        "",
    ]
)
_FORMATS = st.sampled_from(
    [
        "v{version}",
        "{version}",
        "py3-{version}",
        "release/{version}",
        "pkg-v{version}",
        "v{version}-x",
    ]
)


@given(st.lists(_NAMES, max_size=8), _FORMATS)
def test_a_format_is_known_followed_without_reading_every_tag(names: list[str], fmt: str) -> None:
    assert follows_format(names, fmt) == (fmt in tag_formats(names))


def test_the_tag_format_in_use_is_kept_and_a_lone_other_one_taken_when_none_follows_it() -> None:
    config = Config()
    assert settle_tag_format(["latest", "v1.0.0", "2.0.0"], config) == (config, ())
    settled, notices = settle_tag_format(["latest", "2.0.0", "v1.0"], config)
    assert settled.tag_format == "{version}"
    assert len(notices) == 1
    assert "2.0.0" in notices[0]
    with pytest.raises(ConfigError, match="these tags name versions"):
        settle_tag_format(["2.0.0", "pkg-1.0.0"], config)
    claimed = replace(config, claimed_tag_formats=("v{version}",))
    assert settle_tag_format(["v1.0.0"], claimed) == (claimed, ())
