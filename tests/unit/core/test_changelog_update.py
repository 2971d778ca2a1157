"""Update mode and release notes on changelogs written by hand, byte for byte.

What is not releaser's stays as it was, to the last space; a release already in the file under
another spelling of its version is not added twice; the notes are a section as it stands.
"""

from __future__ import annotations

import hashlib

import pytest

from releaser.core.changelog import (
    MARKER,
    ReleaseSection,
    RenderOptions,
    extract_release,
    insert_release,
    newest_release,
    update_changelog,
)
from releaser.core.history import RawCommit, analyse
from releaser.core.version import Version

SECTION = "## 2.0.0 - y\n\n- b\n"


def _release(version: str) -> ReleaseSection:
    message = f"feat: for {version}"
    raw = RawCommit(hashlib.sha1(message.encode()).hexdigest(), (), "", message)
    return ReleaseSection(version, f"v{version}", None, "2024-05-01", analyse([raw]))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(
            f"# Changes\n\n{MARKER}\nX11 is no longer supported.\n",
            f"# Changes\n\n{MARKER}\n\n{SECTION}\nX11 is no longer supported.\n",
            id="text-after-the-marker",
        ),
        pytest.param(
            f"# Changes\n\n{MARKER}\n    indented text\n",
            f"# Changes\n\n{MARKER}\n\n{SECTION}\n    indented text\n",
            id="code-after-the-marker",
        ),
        pytest.param(
            f"# Changes\n\n{MARKER}\n\n## 1.0.0\n\nWe write `{MARKER}` at the top.\n",
            f"# Changes\n\n{MARKER}\n\n{SECTION}\n## 1.0.0\n\nWe write `{MARKER}` at the top.\n",
            id="marker-quoted-below",
        ),
        pytest.param(
            "# Changes\n\nBuilt for Mac OS X\n",
            f"# Changes\n\nBuilt for Mac OS X\n\n{MARKER}\n\n{SECTION}",
            id="no-release-ends-in-x",
        ),
        pytest.param(
            "# Changes\n\n    $ make  \n",
            f"# Changes\n\n    $ make  \n\n{MARKER}\n\n{SECTION}",
            id="no-release-ends-in-spaces",
        ),
    ],
)
def test_a_hand_written_changelog_keeps_its_text(old: str, new: str) -> None:
    assert insert_release(old, SECTION, "# Changelog") == new


def test_a_changelog_with_no_release_yet_gets_every_release() -> None:
    hand_made = "# Changes\n\nNothing released yet.\n"
    assert newest_release(hand_made) is None
    text, added, older = update_changelog(
        hand_made, [_release("1.1.0"), _release("1.0.0")], RenderOptions({})
    )
    assert (added, older) == (2, 0)
    assert text.index("## 1.1.0") < text.index("## 1.0.0")
    assert text.startswith(hand_made)


def test_a_release_the_file_has_under_its_pep_440_spelling_is_not_added_again() -> None:
    hand_made = f"# Changes\n\n{MARKER}\n\n## 1.0.0rc1 - 2024-04-01\n\n- by hand\n"
    assert newest_release(hand_made) == Version.parse("1.0.0-rc.1")
    text, added, older = update_changelog(
        hand_made, [_release("1.0.0"), _release("1.0.0-rc.1")], RenderOptions({})
    )
    assert (added, older) == (1, 1)
    assert text.count("## 1.0.0") == 2  # 1.0.0 and the file's own 1.0.0rc1
    assert "1.0.0-rc.1" not in text


@pytest.mark.parametrize(
    "last_line",
    [
        pytest.param("- dropped Mac OS X", id="ends-in-x"),
        pytest.param("    $ pip install widgets  ", id="ends-in-spaces"),
    ],
)
def test_the_notes_are_the_section_as_it_stands(last_line: str) -> None:
    section = f"## 1.1.0 - 2024-05-01\n\n{last_line}\n"
    changelog = f"# Changes\n\n{section}\n\n## 1.0.0\n\n- first\n"
    assert extract_release(changelog, "1.1.0") == section
    assert extract_release(f"# Changes\n\n{section}", "1.1.0") == section
