"""reStructuredText changelogs as python-semantic-release keeps them."""

from __future__ import annotations

from releaser.core.changelog_rst import DEFAULT_FLAG, has_release_rst, section_rst, update_rst

SECTION = """\
## 1.1.0 - 2026-01-02

### Features

- **cli:** add `--json` ([#12](https://h/o/r/issues/12)) ([abc1234](https://h/o/r/commit/abc1234))
"""


def test_section_in_rst() -> None:
    assert section_rst(SECTION, "v1.1.0") == (
        ".. _changelog-v1.1.0:\n\n"
        "1.1.0 - 2026-01-02\n==================\n\n"
        "Features\n--------\n\n"
        "* **cli:** add ``--json`` (`#12 <https://h/o/r/issues/12>`__) "
        "(`abc1234 <https://h/o/r/commit/abc1234>`__)\n"
    )


def test_new_changelog_starts_with_the_default_flag() -> None:
    text = update_rst("", SECTION, "1.1.0", "v1.1.0", "")
    assert text is not None
    assert text.startswith(
        f"=========\nCHANGELOG\n=========\n\n{DEFAULT_FLAG}\n\n.. _changelog-v1.1.0"
    )


def test_an_existing_release_is_not_added_twice() -> None:
    text = update_rst("", SECTION, "1.1.0", "v1.1.0", "")
    assert text is not None
    assert has_release_rst(text, "1.1.0")
    assert update_rst(text, SECTION, "1.1.0", "v1.1.0", "") == text


def test_without_the_flag_nothing_is_guessed() -> None:
    assert (
        update_rst("Changes\n=======\n\nv1.0.0\n------\n", SECTION, "1.1.0", "v1.1.0", "") is None
    )
