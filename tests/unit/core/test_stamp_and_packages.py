"""Small refusals a user reads: the uv.lock stamp's error, a folder with no package."""

from __future__ import annotations

import pytest

from releaser.core.packages import Package, check_packages, package_at
from releaser.core.stamp import (
    StampError,
    VersionFile,
    stamp_file,
    stamp_lines,
    stamp_pyproject,
    stamp_uv_lock,
)

LOCK = (
    '[[package]]\nname = "click"\nversion = "8.1.0"\n'
    'source = { registry = "https://pypi.org/simple" }\n'
)


def test_a_lock_without_the_project_names_it_in_the_error() -> None:
    with pytest.raises(StampError) as caught:
        stamp_uv_lock(LOCK, "acme", "1.0.0")
    assert str(caught.value) == "uv.lock has no entry for the project 'acme' itself"


def test_no_package_lives_in_an_unknown_folder() -> None:
    packages = [Package("acme", ".", "v{version}"), Package("lib", "lib", "lib-v{version}")]
    assert package_at(packages, "lib") == packages[1]
    assert package_at(packages, "docs") is None


def test_every_problem_of_a_bad_set_with_what_to_do() -> None:
    packages = [
        Package("a", "libs", "a{version}"),
        Package("a", "libs/b", "rel-{version}"),
        Package("c", "y", "rel-{version}"),
        Package("a1", "z", "a1{version}"),
    ]
    assert [(p.message, p.hint) for p in check_packages(packages)] == [
        ("two packages are named a: libs and libs/b", "give each package its own [project] name"),
        (
            "package folders overlap: libs (a) and libs/b (a)",
            "list folders that do not hold one another",
        ),
        (
            "the tag prefix 'a' of a is the start of 'a1' (a1), so a tag could be read as either's",
            "change the tag-format of a or a1 so that neither prefix starts the other, "
            "e.g. end each with '-v'",
        ),
        (
            "a and c have the same tag prefix 'rel-', so their tags would be taken for each "
            "other's",
            'give each package its own tag-format, e.g. "{name}-v{version}"; or, to release '
            'all packages together under one version and tag, add versioning = "lockstep" to '
            "[tool.releaser] in the root pyproject.toml",
        ),
    ]


def test_a_bad_line_regex_is_named_in_the_error() -> None:
    with pytest.raises(StampError) as caught:
        stamp_lines("version = 1.0.0\n", "version (", "1.0.0", "1.1.0")
    assert str(caught.value).startswith("'version (' is not a regex: missing ), unterminated")


def test_each_kind_of_version_file_entry_is_stamped() -> None:
    def stamp(text: str, entry: str, tag: str = "v1.3.0") -> str:
        return stamp_file(text, VersionFile.parse(entry), new="1.3.0", old="1.2.0", tag=tag)

    assert stamp("1.2.0\n", "VERSION") == "1.3.0\n"
    cfg = "[metadata]\nversion = '1.2.0'\n"
    assert stamp(cfg, "setup.cfg:metadata.version") == "[metadata]\nversion = '1.3.0'\n"
    assert stamp('VERSION = "v1.2.0"\n', "v.py:VERSION:tf") == 'VERSION = "v1.3.0"\n'
    assert stamp('V = "1.2.0-x"\n', "v.py:V:tf", tag="1.3.0-x") == 'V = "1.3.0-x"\n'


def test_an_empty_line_regex_selects_every_line() -> None:
    assert VersionFile.parse("CHANGES.txt://") == VersionFile("CHANGES.txt", regex="")


def test_a_pyproject_without_a_version_is_explained() -> None:
    with pytest.raises(StampError) as caught:
        stamp_pyproject('[project]\nname = "x"\n', "1.0.0")
    assert str(caught.value) == "pyproject.toml has no [project].version to stamp"
