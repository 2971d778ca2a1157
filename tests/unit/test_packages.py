"""The pure package model: pathspecs, scopes, and the checks of a set of packages."""

from __future__ import annotations

import pytest

from releaser.core.packages import (
    Package,
    check_packages,
    default_tag_format,
    normalize_name,
    package_at,
    pathspecs,
)


def pkg(name: str, folder: str, tag_format: str | None = None, *paths: str) -> Package:
    return Package(name, folder, tag_format or default_tag_format(name), paths)


def test_the_default_tag_format_is_the_normalized_distribution_name() -> None:
    assert default_tag_format("Acme_Core") == "acme-core-v{version}"
    assert normalize_name("acme.core__x") == "acme-core-x"
    assert pkg("acme-core", "packages/core").tag_prefix == "acme-core-v"


def test_pathspecs_name_the_folder_and_the_extra_paths_from_the_top() -> None:
    one = pkg("acme", "py", None, "shared/protocol/")
    assert pathspecs(one) == (":(top,literal)py", ":(top)shared/protocol/")


def test_the_top_folder_package_leaves_out_the_other_packages() -> None:
    top, lib = pkg("app", "."), pkg("lib", "packages/lib")
    assert pathspecs(top, [lib, top]) == (":(top)", ":(top,literal,exclude)packages/lib")


def test_scopes_naming_a_package() -> None:
    http = pkg("acme-http", "packages/http")
    assert http.scope_names == {"acme-http", "http"}
    assert "acme" not in http.scope_names
    assert pkg("acme-cli", "cli").scope_names == {"acme-cli", "cli"}


def test_a_good_set_has_no_problem() -> None:
    # `acme-v` starts neither `acme-http-v` nor `acme-cli-v`: tags are told apart exactly
    packages = [
        pkg("acme", "packages/acme"),
        pkg("acme-http", "packages/acme-http"),
        pkg("acme-cli", "cli"),
    ]
    assert check_packages(packages) == []
    assert package_at(packages, "cli") == packages[2]


@pytest.mark.parametrize(
    ("packages", "words"),
    [
        (
            [pkg("a", "libs"), pkg("b", "libs/b")],
            "package folders overlap: libs (a) and libs/b (b)",
        ),
        ([pkg("a", "x"), pkg("a", "y")], "two packages are named a"),
        (
            [pkg("a", "x", "rel-{version}"), pkg("b", "y", "rel-{version}")],
            "same tag prefix 'rel-'",
        ),
        (
            [pkg("a", "x", "a{version}"), pkg("a1", "y", "a1{version}")],
            "the tag prefix 'a' of a is the start of 'a1' (a1)",
        ),
    ],
)
def test_each_problem_is_named(packages: list[Package], words: str) -> None:
    problems = check_packages(packages)
    assert any(words in p.message for p in problems), problems
    assert all(p.hint for p in problems)


def test_the_top_folder_overlaps_no_package() -> None:
    assert check_packages([pkg("app", "."), pkg("lib", "lib")]) == []


def test_a_prefix_starting_another_is_fine_when_no_tag_reads_as_both() -> None:
    # langgraph's tags: `0.2.60` for langgraph, `cli==0.1.5`, `checkpoint==2.0.1` for the others;
    # a version starts with a digit, so `cli==0.1.5` can never be a `{version}` tag
    packages = [
        pkg("langgraph", "libs/langgraph", "{version}"),
        pkg("langgraph-cli", "libs/cli", "cli=={version}"),
        pkg("acme", "x", "v{version}"),
        pkg("acme-http", "y", "v-http-{version}"),
    ]
    assert check_packages(packages) == []
