"""The changelog's revert entries and where a new release goes, byte for byte.

A revert is listed like any entry: its trailing `(#5)` is linked, not repeated, and a custom
template sees the same fields. `insert_release` is pinned for each shape a changelog can have.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from releaser.config import DEFAULT_SECTIONS
from releaser.core.changelog import (
    MARKER,
    ReleaseSection,
    RenderOptions,
    RepoLinks,
    insert_release,
    render_release,
)
from releaser.core.history import RawCommit, analyse

URL = "https://github.com/octo/widgets"


def _sha(label: str) -> str:
    return hashlib.sha1(label.encode()).hexdigest()


REVERT = f'Revert "feat(api): old idea (#5)"\n\nThis reverts commit {_sha("old")}.\n\nRefs #9'
REVERT_SHA = _sha(REVERT)


def _section() -> ReleaseSection:
    raws = [RawCommit(_sha(m), (_sha(m + "^"),), "", m) for m in (REVERT, "feat: new")]
    return ReleaseSection("2.0.0", "v2.0.0", "v1.0.0", "2024-03-01", analyse(raws))


def _reverts(markdown: str) -> list[str]:
    return markdown.split("### Reverts\n\n", 1)[1].splitlines()


def test_a_revert_is_listed_with_its_references_linked_once() -> None:
    linked = render_release(_section(), RenderOptions(DEFAULT_SECTIONS, links=RepoLinks(URL)))
    assert _reverts(linked) == [
        f"- feat(api): old idea ([#5]({URL}/issues/5)) ([#9]({URL}/issues/9)) "
        f"([{REVERT_SHA[:7]}]({URL}/commit/{REVERT_SHA}))"
    ]
    plain = render_release(_section(), RenderOptions(DEFAULT_SECTIONS))
    assert _reverts(plain) == [f"- feat(api): old idea (#5) (#9) ({REVERT_SHA[:7]})"]


def test_a_custom_template_sees_every_field_of_a_revert(tmp_path: Path) -> None:
    (tmp_path / "release.md.j2").write_text(
        "{% for e in release.reverts %}{{ e.scope }}|{{ e.description }}|{{ e.sha }}|"
        "{{ e.short_sha }}|{{ e.url }}|"
        "{% for r in e.references %}{{ r.number }}={{ r.url }};{% endfor %}\n{% endfor %}",
        encoding="utf-8",
    )
    options = RenderOptions(DEFAULT_SECTIONS, links=RepoLinks(URL), template_dir=tmp_path)
    assert render_release(_section(), options) == (
        f"None|feat(api): old idea|{REVERT_SHA}|{REVERT_SHA[:7]}|{URL}/commit/{REVERT_SHA}|"
        f"5={URL}/issues/5;9={URL}/issues/9;\n"
    )


HEADER = "# Changelog"
SECTION = "\n\n## 2.0.0 - y\n\n- b\n\n\n"  # surrounding blank lines are not kept
NEW = "## 2.0.0 - y\n\n- b\n"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("", f"{HEADER}\n\n{MARKER}\n\n{NEW}", id="empty"),
        pytest.param(" \n\n", f"{HEADER}\n\n{MARKER}\n\n{NEW}", id="blank"),
        pytest.param(
            f"{HEADER}\n\nintro\n\n{MARKER}\n\n## 1.0.0 - x\n\n- a\n",
            f"{HEADER}\n\nintro\n\n{MARKER}\n\n{NEW}\n## 1.0.0 - x\n\n- a\n",
            id="marker",
        ),
        pytest.param(
            f"{HEADER}\n\n{MARKER}\n\n\n\n## 1.0.0\n",
            f"{HEADER}\n\n{MARKER}\n\n{NEW}\n## 1.0.0\n",
            id="marker-then-blank-lines",
        ),
        pytest.param(f"{HEADER}\n\n{MARKER}\n", f"{HEADER}\n\n{MARKER}\n\n{NEW}", id="marker-last"),
        pytest.param(f"{HEADER}\n{MARKER}", f"{HEADER}\n{MARKER}\n\n{NEW}", id="marker-no-newline"),
        pytest.param(
            f"{HEADER}\n\nintro\n\n## 1.0.0 - x\n",
            f"{HEADER}\n\nintro\n\n{MARKER}\n\n{NEW}\n## 1.0.0 - x\n",
            id="no-marker",
        ),
        pytest.param(
            f"{HEADER}\n\nintro\n\n\n",
            f"{HEADER}\n\nintro\n\n{MARKER}\n\n{NEW}",
            id="no-marker-no-release",
        ),
    ],
)
def test_where_a_new_release_goes(old: str, new: str) -> None:
    assert insert_release(old, SECTION, HEADER) == new
