"""`changelog` on a CHANGELOG.rst: which releases it adds, and where."""

from __future__ import annotations

from releaser.core.changelog_rst import (
    DEFAULT_FLAG,
    insert_release_rst,
    section_rst,
    update_changelog_rst,
    update_rst,
)


def release(version: str) -> tuple[str, str, str]:
    return (f"## {version}\n\n### Fixes\n\n- fix {version}\n", version, f"v{version}")


def section(version: str) -> str:
    title = version
    return (
        f".. _changelog-v{version}:\n\n{title}\n{'=' * len(title)}\n\n"
        f"Fixes\n-----\n\n* fix {version}\n"
    )


def test_a_new_changelog_gets_every_release_newest_first() -> None:
    text, added, older = update_changelog_rst(None, [release("1.1.0"), release("1.0.0")], "")
    assert (added, older) == (2, 0)
    assert text == (
        f"=========\nCHANGELOG\n=========\n\n{DEFAULT_FLAG}\n\n"
        f"{section('1.1.0')}\n{section('1.0.0')}"
    )


def test_only_releases_newer_than_the_newest_present_are_added() -> None:
    flag = ".. releases"
    start = f"Changes\n=======\n\n{flag}\n\n{section('1.1.0')}"
    releases = [release(v) for v in ("1.3.0", "1.2.0", "1.1.0", "1.0.0", "0.9.0")]
    text, added, older = update_changelog_rst(start, releases, flag)
    assert (added, older) == (2, 2)
    assert text == (
        f"Changes\n=======\n\n{flag}\n\n{section('1.3.0')}\n{section('1.2.0')}\n{section('1.1.0')}"
    )


def test_a_release_is_found_by_its_tag_too() -> None:
    start = f"{DEFAULT_FLAG}\n\nv1.0.0\n======\n"
    text, added, older = update_changelog_rst(start, [release("1.0.0")], "")
    assert (text, added, older) == (start, 0, 0)


def test_a_changelog_without_the_flag_is_left_to_the_user() -> None:
    assert update_changelog_rst("Changes\n=======\n", [release("1.0.0")], "") == (None, 0, 0)


def test_code_inside_a_link_text_is_plain_in_rst() -> None:
    markdown = "## 1.0.0\n\n- see [`--json` output](https://h/x) and `--all`\n"
    assert section_rst(markdown, "v1.0.0").endswith(
        "* see `--json output <https://h/x>`__ and ``--all``\n"
    )


def test_a_section_ending_in_a_capital_x_keeps_it() -> None:
    markdown = "## 1.0.0\n\n- support X\n"
    assert section_rst(markdown, "v1.0.0").endswith("* support X\n")
    text = insert_release_rst("", "* support X\n")
    assert text == f"=========\nCHANGELOG\n=========\n\n{DEFAULT_FLAG}\n\n* support X\n"


def test_a_new_changelog_starts_with_the_configured_flag() -> None:
    text = update_rst("", "## 1.0.0\n", "1.0.0", "v1.0.0", ".. releases")
    assert text == ".. releases\n\n.. _changelog-v1.0.0:\n\n1.0.0\n=====\n"


def test_a_changelog_ending_at_its_flag_ends_with_the_new_section() -> None:
    start = f"Title\n=====\n\n{DEFAULT_FLAG}\n"
    text, added, _ = update_changelog_rst(start, [release("1.0.0")], "")
    assert (text, added) == (f"Title\n=====\n\n{DEFAULT_FLAG}\n\n{section('1.0.0')}", 1)
