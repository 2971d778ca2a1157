"""Locating a dependency's pin, and the smallest edit to a fixed version (pure functions)."""

from __future__ import annotations

import pytest

from releaser.core.pins import (
    PinError,
    fix_version,
    locate_in_pylock,
    locate_in_pyproject,
    locate_in_requirements,
    raise_to,
)


@pytest.mark.parametrize(
    ("requirement", "raised"),
    [
        ("requests==2.19.0", "requests==2.20.0"),
        ("requests===2.19.0", "requests==2.20.0"),
        ("requests>=2", "requests>=2.20.0"),
        ("requests >= 2, < 3", "requests >= 2.20.0, < 3"),
        ("requests~=2.19.0", "requests~=2.20.0"),
        ("requests", "requests>=2.20.0"),
        ("requests<3", "requests<3,>=2.20.0"),
        (
            "requests[socks]==2.19.0 ; python_version>'3'",
            "requests[socks]==2.20.0 ; python_version>'3'",
        ),
        ("requests!=2.19.1,>2.0", "requests!=2.19.1,>=2.20.0"),
    ],
)
def test_raise_to_changes_only_the_bounds_that_must_move(requirement: str, raised: str) -> None:
    assert raise_to(requirement, "2.19.0", "2.20.0") == raised


@pytest.mark.parametrize(
    "requirement", ["requests<2.20", "requests!=2.20.0", "requests @ https://x/r.whl"]
)
def test_raise_to_refuses_what_would_still_exclude_the_fix(requirement: str) -> None:
    with pytest.raises(PinError):
        raise_to(requirement, "2.19.0", "2.20.0")


def test_fix_version_is_the_nearest_fix_covering_every_advisory() -> None:
    assert fix_version("2.19.0", [["2.20.0"], ["1.9", "2.21.1", "3.0"]]) == "2.21.1"
    assert fix_version("2.19.0", [["2.20.0"], []]) is None
    assert fix_version("2.19.0", [["2.18"]]) is None
    assert fix_version("not a version", [["1"]]) is None


def test_locate_in_requirements_skips_comments_options_and_other_names() -> None:
    text = "# requests==1\n-r base.txt\nrequests-oauthlib==1.0\nRequests==2.19.0  # pinned\n"
    pin = locate_in_requirements(text, "requests")
    assert pin is not None
    assert (pin.line, pin.requirement, pin.hashed) == (4, "Requests==2.19.0", False)
    hashed = locate_in_requirements("requests==2.19.0 \\\n  --hash=sha256:00\n", "requests")
    assert hashed is not None
    assert hashed.hashed
    assert locate_in_requirements(text, "idna") is None


def test_locate_in_pyproject_and_pylock() -> None:
    text = '[project]\nname = "x"\ndependencies = [\n  "idna",\n  \'requests>=2\',\n]\n'
    pin = locate_in_pyproject(text, "Requests")
    assert pin is not None
    assert (pin.line, pin.requirement) == (5, "requests>=2")
    with pytest.raises(PinError, match="not valid TOML"):
        locate_in_pyproject("[project", "requests")
    lock = '[[packages]]\nname = "idna"\n\n[[packages]]\nname = "requests"\nversion = "2.19.0"\n'
    found = locate_in_pylock(lock, "requests")
    assert found is not None
    assert (found.line, found.hashed) == (5, True)
