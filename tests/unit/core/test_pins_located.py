"""Where `audit` points at a vulnerable pin (SARIF, --fix): the line, its text, whether hashed."""

from __future__ import annotations

import pytest

from releaser.core.pins import (
    Pin,
    PinError,
    fix_version,
    locate_in_pylock,
    locate_in_pyproject,
    locate_in_requirements,
    raise_to,
)


def test_a_requirement_line_is_reported_with_its_text() -> None:
    text = "# requests==1\n-r base.txt\nRequests==2.19.0  # pinned\n"
    assert locate_in_requirements(text, "requests") == Pin(
        3, "Requests==2.19.0  # pinned", "Requests==2.19.0", hashed=False
    )


def test_options_on_the_requirement_line_are_not_part_of_it() -> None:
    text = "idna==3.7\nrequests==2.19.0 --hash=sha256:00 --hash=sha256:11\n"
    assert locate_in_requirements(text, "requests") == Pin(
        2, "requests==2.19.0 --hash=sha256:00 --hash=sha256:11", "requests==2.19.0", hashed=True
    )


def test_every_pin_of_a_hash_locked_file_is_hashed() -> None:
    # pip-compile's layout: the hashes of each requirement on the lines after it
    text = (
        "idna==3.7 \\\n"
        "    --hash=sha256:00 \\\n"
        "    --hash=sha256:11\n"
        "    # via requests\n"
        "requests==2.19.0 \\\n"
        "    --hash=sha256:22\n"
    )
    pins = [locate_in_requirements(text, name) for name in ("idna", "requests")]
    assert [(pin.line, pin.hashed) if pin else None for pin in pins] == [(1, True), (5, True)]


def test_a_name_right_before_the_continuation_backslash() -> None:
    pin = locate_in_requirements("Acme-X\\\n    ==1.0\n", "acme-x")
    assert pin is not None
    assert pin.requirement == "Acme-X"


def test_pyproject_dependencies_and_extras_are_both_searched() -> None:
    text = (
        "[project]\n"
        'name = "x"\n'
        'dependencies = ["idna>=3"]\n'
        "[project.optional-dependencies]\n"
        'http = ["requests>=2"]\n'
    )
    assert locate_in_pyproject(text, "idna") == Pin(3, 'dependencies = ["idna>=3"]', "idna>=3")
    assert locate_in_pyproject(text, "requests") == Pin(5, 'http = ["requests>=2"]', "requests>=2")


def test_a_malformed_extras_table_is_skipped_not_fatal() -> None:
    listed = '[project]\nname = "x"\ndependencies = ["idna"]\noptional-dependencies = ["a"]\n'
    assert locate_in_pyproject(listed, "idna") == Pin(3, 'dependencies = ["idna"]', "idna")
    number = (
        '[project]\nname = "x"\ndependencies = ["idna"]\n[project.optional-dependencies]\nx = 1\n'
    )
    assert locate_in_pyproject(number, "idna") == Pin(3, 'dependencies = ["idna"]', "idna")


def test_a_pylock_entry_is_its_name_line() -> None:
    lock = '[[packages]]\nname = "idna"\n\n[[packages]]\n  name = "Requests"\nversion = "2"\n'
    assert locate_in_pylock(lock, "requests") == Pin(5, '  name = "Requests"', "Requests", True)


def test_a_fix_is_above_the_installed_version() -> None:
    # an advisory that calls the installed version fixed offers nothing to move to
    assert fix_version("2.19.0", [["2.19.0"]]) is None
    assert fix_version("2.19.0", []) is None


def test_raise_to_edits_the_clauses_and_keeps_the_spacing() -> None:
    assert raise_to("requests <3", "2.19.0", "2.20.0") == "requests <3,>=2.20.0"
    assert raise_to("requests[socks] <3", "2.19.0", "2.20.0") == "requests[socks] <3,>=2.20.0"
    assert raise_to("requests==2.19.0", "2.19.0", "2.20.0rc1") == "requests==2.20.0rc1"
    assert raise_to("requests==2.*", "2.19.0", "2.20.0") == "requests==2.*,>=2.20.0"
    marked = "requests; python_version > '3'"
    assert raise_to(marked, "2.19.0", "2.20.0") == "requests>=2.20.0; python_version > '3'"


@pytest.mark.parametrize(
    ("requirement", "message"),
    [
        ("pkg @ https://h/pkg.whl", "`pkg @ https://h/pkg.whl` is not a name with version clauses"),
        ("requests<2.20", "`requests<2.20` has bounds that exclude 2.20.0: widen them by hand"),
    ],
)
def test_raise_to_says_why_it_cannot(requirement: str, message: str) -> None:
    with pytest.raises(PinError) as caught:
        raise_to(requirement, "2.19.0", "2.20.0")
    assert str(caught.value) == message


def test_raise_to_refuses_a_rewrite_that_is_no_requirement() -> None:
    with pytest.raises(PinError) as caught:
        raise_to("requests==2.19.0 junk", "2.19.0", "2.20.0")
    assert str(caught.value).startswith("cannot rewrite `requests==2.19.0 junk`: ")
