"""Changelog and release notes: grouping, links, determinism, update mode."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from releaser.config import DEFAULT_SECTIONS
from releaser.core.changelog import (
    MARKER,
    ReleaseSection,
    RenderOptions,
    RepoLinks,
    changelog_header,
    has_release,
    insert_release,
    render_changelog,
    render_release,
    update_changelog,
)
from releaser.core.history import RawCommit, analyse

GOLDEN = Path(__file__).parent / "golden"
LINKS = RepoLinks("https://github.com/octo/widgets")
LINKED = RenderOptions(sections=DEFAULT_SECTIONS, links=LINKS)
PLAIN = RenderOptions(sections=DEFAULT_SECTIONS)


def sha(label: str) -> str:
    return hashlib.sha1(label.encode()).hexdigest()


def commits(*messages: str) -> list[RawCommit]:
    return [RawCommit(sha(m), (sha(m + "^"),), "", m) for m in messages]


REVERT = 'Revert "feat: old idea"\n\nThis reverts commit ' + sha("old") + "."
FEATURE_RELEASE = commits(
    "docs: hidden by default",
    "chore(deps): hidden too",
    "perf(parser): faster tokens",
    "fix: crash on empty input (#12)\n\nCloses #7",
    "feat(api)!: drop the v1 endpoints\n\nBREAKING CHANGE: clients must call /v2 now.",
    "feat: add export",
    "Update README.md",
)
FIRST_RELEASE = commits("feat: first feature", "fix(core): first fix")


def with_revert() -> ReleaseSection:
    return ReleaseSection(
        "2.0.0",
        "v2.0.0",
        "v1.0.0",
        "2024-03-01",
        analyse(commits(REVERT, *[c.message for c in FEATURE_RELEASE])),
    )


def sections() -> list[ReleaseSection]:
    return [
        ReleaseSection("2.0.0", "v2.0.0", "v1.0.0", "2024-03-01", analyse(FEATURE_RELEASE)),
        ReleaseSection("1.0.0", "v1.0.0", None, "2024-01-01", analyse(FIRST_RELEASE)),
    ]


def headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("#")]


def test_group_order_and_hidden_types() -> None:
    text = render_release(sections()[0], PLAIN)
    assert headings(text) == [
        "## 2.0.0 - 2024-03-01",
        "### Breaking changes",
        "### Features",
        "### Bug fixes",
        "### Performance",
    ]
    assert "hidden" not in text
    assert "Update README.md" not in text


def test_reverts_come_last() -> None:
    text = render_release(with_revert(), PLAIN)
    assert headings(text)[-1] == "### Reverts"
    assert headings(text)[1] == "### Breaking changes"


def test_breaking_section_carries_the_footer_text() -> None:
    text = render_release(sections()[0], PLAIN)
    breaking = text.split("### Breaking changes", 1)[1].split("### Features", 1)[0]
    assert "drop the v1 endpoints" in breaking
    assert "clients must call /v2 now." in breaking


def test_scope_is_bold() -> None:
    text = render_release(sections()[0], PLAIN)
    assert "- **parser:** faster tokens" in text


def test_revert_lists_the_reverted_header() -> None:
    text = render_release(with_revert(), LINKED)
    reverts = text.split("### Reverts", 1)[1]
    assert "old idea" in reverts


def test_links_when_remote_is_github() -> None:
    text = render_release(sections()[0], LINKED)
    fix_sha = sha("fix: crash on empty input (#12)\n\nCloses #7")
    assert (
        "## [2.0.0](https://github.com/octo/widgets/compare/v1.0.0...v2.0.0) - 2024-03-01" in text
    )
    assert f"[{fix_sha[:7]}](https://github.com/octo/widgets/commit/{fix_sha})" in text
    assert "[#12](https://github.com/octo/widgets/issues/12)" in text
    assert "[#7](https://github.com/octo/widgets/issues/7)" in text


def test_first_release_links_to_its_commits() -> None:
    text = render_release(sections()[1], LINKED)
    assert "## [1.0.0](https://github.com/octo/widgets/commits/v1.0.0) - 2024-01-01" in text


def test_no_links_without_a_forge() -> None:
    text = render_release(sections()[0], PLAIN)
    assert "](" not in text
    assert "http" not in text
    assert "#12" in text  # the reference is still shown


def test_other_commits_listed_on_request() -> None:
    options = RenderOptions(sections=DEFAULT_SECTIONS, show_other_commits=True)
    assert "Update README.md" in render_release(sections()[0], options)


def test_custom_sections_show_other_types() -> None:
    options = RenderOptions(sections={**DEFAULT_SECTIONS, "docs": "Documentation"})
    text = render_release(sections()[0], options)
    assert "### Documentation" in text
    assert "hidden by default" in text


def test_unreleased_section() -> None:
    section = ReleaseSection(None, None, "v2.0.0", "", analyse(commits("feat: soon")))
    assert headings(render_release(section, LINKED))[0] == "## Unreleased"


def test_full_changelog_matches_golden() -> None:
    text = render_changelog(sections(), LINKED)
    assert text == (GOLDEN / "changelog_linked.md").read_text(encoding="utf-8")


def test_a_breaking_change_is_listed_under_breaking_changes_and_under_its_type() -> None:
    """The rule the golden file freezes (README "How the changelog is written").

    Breaking changes come first, with what users must do (the BREAKING CHANGE note); the
    same commit is also listed under its type, so a section reads as the whole list of
    features or fixes. Nothing else is listed twice.
    """
    text = render_release(sections()[0], PLAIN)
    parts = {block.split("\n", 1)[0]: block for block in text.split("### ")[1:] if "\n" in block}
    drop = "- **api:** drop the v1 endpoints"
    assert parts["Breaking changes"].count(drop) == 1
    assert "clients must call /v2 now." in parts["Breaking changes"]
    assert parts["Features"].count(drop) == 1
    assert "clients must call /v2 now." not in parts["Features"]
    bullets = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(bullets) == len(set(bullets)) + 1  # only the breaking feat appears twice


def test_notes_are_the_changelog_section() -> None:
    full = render_changelog(sections(), LINKED)
    for section in sections():
        assert render_release(section, LINKED) in full
    assert full.index(MARKER) < full.index("## [2.0.0]") < full.index("## [1.0.0]")


_MESSAGES = st.lists(
    st.one_of(
        st.from_regex(
            r"(feat|fix|perf|docs|refactor)(\([a-z]{1,6}\))?!?: [a-z][a-z ]{0,20}", fullmatch=True
        ),
        st.text(max_size=40),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=timedelta(seconds=10))  # renders whole changelogs
@given(_MESSAGES, st.booleans())
def test_rendering_is_deterministic(messages: list[str], linked: bool) -> None:
    raw = [RawCommit(sha(f"{i}{m}"), (), "2024-01-01", m) for i, m in enumerate(messages)]
    options = LINKED if linked else PLAIN
    section = ReleaseSection("1.2.3", "v1.2.3", "v1.2.2", "2024-05-05", analyse(raw))
    first = render_changelog([section], options)
    again = render_changelog(
        [ReleaseSection("1.2.3", "v1.2.3", "v1.2.2", "2024-05-05", analyse(list(raw)))], options
    )
    assert first == again
    assert first.endswith("\n")
    assert not first.endswith("\n\n")


def _manual_changelog() -> str:
    return (
        "# Changelog\n"
        "\n"
        "Hand-written intro, with *emphasis*   and trailing spaces   \n"
        "\n"
        f"{MARKER}\n"
        "\n"
        "## [1.0.0](https://github.com/octo/widgets/commits/v1.0.0) - 2024-01-01\n"
        "\n"
        "### Features\n"
        "\n"
        "- first feature, edited by hand (see the docs)\n"
        "\n"
        "## 0.9.0 - 2023-01-01\n"
        "\n"
        "Old notes written before releaser.\r\n"
    )


def test_update_inserts_below_the_marker_and_keeps_everything_else() -> None:
    old = _manual_changelog()
    section = render_release(sections()[0], LINKED)
    new = insert_release(old, section, changelog_header(LINKED))
    cut = old.index(MARKER) + len(MARKER) + 1
    assert new.startswith(old[:cut])
    assert new.endswith(old[cut:])
    inserted = new[cut : len(new) - len(old) + cut]
    assert section.strip() in inserted
    assert has_release(new, "2.0.0")


def test_update_without_marker_keeps_manual_text() -> None:
    old = "# Changes\n\nMy own words.\n\n## 1.0.0\n\n- stuff\n"
    new = insert_release(old, render_release(sections()[0], PLAIN), changelog_header(PLAIN))
    assert new.startswith("# Changes\n\nMy own words.\n\n")
    assert new.endswith("## 1.0.0\n\n- stuff\n")
    assert new.index("## 2.0.0") < new.index("## 1.0.0")


def test_update_of_an_empty_file_starts_a_changelog() -> None:
    new = insert_release("", render_release(sections()[1], PLAIN), changelog_header(PLAIN))
    assert new.startswith("# Changelog")
    assert MARKER in new
    assert "## 1.0.0 - 2024-01-01" in new


def test_has_release() -> None:
    text = render_changelog(sections(), LINKED)
    assert has_release(text, "2.0.0")
    assert has_release(text, "1.0.0")
    assert not has_release(text, "1.0")
    assert not has_release(text, "2.0.0-rc.1")
    assert not has_release("## 12.0.0 - x\n", "2.0.0")


def test_update_adds_only_releases_newer_than_the_file_has() -> None:
    hand_made = "# Our changelog\n\nWritten by hand.\n\n## 1.5.0 - 2024-02-01\n\n- by hand\n"
    history = [
        ReleaseSection("2.0.0", "v2.0.0", "v1.5.0", "2024-03-01", analyse(FEATURE_RELEASE)),
        ReleaseSection("1.5.0", "v1.5.0", "v1.0.0", "2024-02-01", analyse(FIRST_RELEASE)),
        ReleaseSection("1.0.0", "v1.0.0", None, "2024-01-01", analyse(FIRST_RELEASE)),
    ]
    text, added, older = update_changelog(hand_made, history, PLAIN)
    assert (added, older) == (1, 1)  # 2.0.0 goes on top; 1.0.0 would break the order
    assert [h for h in headings(text) if h.startswith("## ")] == [
        "## 2.0.0 - 2024-03-01",
        "## 1.5.0 - 2024-02-01",
    ]
    assert text.endswith(hand_made[hand_made.index("## 1.5.0") :])  # untouched below
    assert update_changelog(text, history, PLAIN) == (text, 0, 1)  # idempotent


def test_a_reference_already_in_the_description_is_not_repeated() -> None:
    section = ReleaseSection(
        "1.1.0",
        "v1.1.0",
        "v1.0.0",
        "2024-03-01",
        analyse(commits("feat: alerts #99 and #100 (#2857)\n\nRefs: #99, #5")),
    )
    text = render_release(section, LINKED)
    line = next(line for line in text.splitlines() if "alerts" in line)
    assert line.count("#99") == 1
    assert line.count("#100") == 1
    assert "[#2857](https://github.com/octo/widgets/issues/2857)" in line
    assert "[#5](https://github.com/octo/widgets/issues/5)" in line
