"""The changelog options a user sets, each seen in the Markdown it changes.

Excluded commits (unless they bump), semantic-release's NOTICE paragraphs and masked first
release, a package's own scope left out, and breaking changes of types the changelog hides.
"""

from __future__ import annotations

import hashlib
import re

import pytest

from releaser.config import DEFAULT_SECTIONS
from releaser.core.changelog import ReleaseSection, RenderOptions, RepoLinks, render_release
from releaser.core.history import RawCommit, analyse

SECTIONS = {**DEFAULT_SECTIONS, "docs": "Documentation", "refactor": "Refactoring"}
BUMPING = frozenset({"feat", "fix", "perf"})


def _sha(label: str) -> str:
    return hashlib.sha1(label.encode()).hexdigest()


def _release(*messages: str, previous: str | None = "v1.0.0") -> ReleaseSection:
    """A release of `messages`, newest first as git log lists them."""
    raws = [RawCommit(_sha(m), (_sha(m + "^"),), "", m) for m in messages]
    return ReleaseSection("1.1.0", "v1.1.0", previous, "2024-05-01", analyse(raws))


def _items(markdown: str) -> list[str]:
    """The list items, without their short sha."""
    return [
        re.sub(r" \([0-9a-f]{7}\)$", "", line) for line in markdown.splitlines() if line[:2] == "- "
    ]


def test_a_breaking_change_of_a_hidden_type_is_listed_under_breaking_changes_only() -> None:
    text = render_release(
        _release("docs!: rename the guide", "chore: tidy"), RenderOptions(DEFAULT_SECTIONS)
    )
    assert (
        text.split("\n", 1)[1]
        == f"\n### Breaking changes\n\n- rename the guide ({_sha('docs!: rename the guide')[:7]})\n"
    )


EXCLUDE = (
    r"docs\(readme\): ",  # a scope is matched in parentheses
    r"refactor: .*\n\nInternal",  # and the body after a blank line
    r"docs: spelling$",  # a message without a body ends after its description
    r"fix: ",  # but a fix bumps: never left out
    r"perf\(api\)!: ",  # nor a breaking change
    r"Update ",  # nor a commit that is not conventional (it has no entry anyway)
)


def test_excluded_commits_are_left_out_unless_they_bump() -> None:
    section = _release(
        "docs(readme): fix a typo",  # newest first: what follows is still listed
        "refactor: split the parser\n\nInternal only.",
        "refactor: rename the options\n\nUsers see new names.",
        "docs: explain the config",
        "docs: spelling",
        "fix: crash on start",
        "perf(api)!: drop the cache",
    )
    options = RenderOptions(
        SECTIONS, exclude=tuple(map(re.compile, EXCLUDE)), bumping_types=BUMPING
    )
    assert _items(render_release(section, options)) == [
        "- **api:** drop the cache",  # breaking
        "- crash on start",  # features: none; fixes
        "- **api:** drop the cache",  # performance
        "- explain the config",  # documentation
        "- rename the options",  # refactoring
    ]
    everything = _items(render_release(section, RenderOptions(SECTIONS, bumping_types=BUMPING)))
    assert "- **readme:** fix a typo" in everything
    assert "- split the parser" in everything


def test_a_pattern_matching_every_commit_leaves_out_only_those_that_bump_nothing() -> None:
    options = RenderOptions(SECTIONS, exclude=(re.compile(""),), bumping_types=frozenset({"docs"}))
    section = _release("docs: a guide", "refactor: moved", "feat!: new api")
    assert _items(render_release(section, options)) == ["- new api", "- new api", "- a guide"]


NOTICE_FEAT = (
    "feat(cli): a --json option\n\n"
    "NOTICE: the text output changes\nin 3.0; parse --json instead.\n\n"
    "A second paragraph that is not shown."
)
NOTICE_FIX = "fix: the Windows build\n\nNOTICE: the last release for Mac OS X"


def test_notice_paragraphs_are_listed_under_additional_release_information() -> None:
    section = _release(NOTICE_FEAT, "docs: hidden\n\nNOTICE: not in the changelog", NOTICE_FIX)
    text = render_release(section, RenderOptions(DEFAULT_SECTIONS, release_notices=True))
    assert text.split("### Additional Release Information\n\n")[1] == (
        "- **cli:** the text output changes in 3.0; parse --json instead.\n"
        "- the last release for Mac OS X\n"
    )


def test_without_release_notices_a_notice_stays_in_its_commit_only() -> None:
    section = _release(NOTICE_FEAT, NOTICE_FIX)
    text = render_release(section, RenderOptions(DEFAULT_SECTIONS))
    assert "Additional Release Information" not in text
    assert _items(text) == ["- **cli:** a --json option", "- the Windows build"]


def test_a_notice_word_in_the_text_is_not_a_notice_footer() -> None:
    section = _release("feat: say NOTICE in the text\n\nThe NOTICE file moves.\n\nRefs: #4")
    text = render_release(section, RenderOptions(DEFAULT_SECTIONS, release_notices=True))
    assert "Additional Release Information" not in text


def test_a_masked_first_release_reads_initial_release() -> None:
    first = _release(
        f'Revert "feat: idea"\n\nThis reverts commit {_sha("idea")}.',
        "feat: first feature",
        "Update README.md",
        previous=None,
    )
    masked = RenderOptions(DEFAULT_SECTIONS, mask_initial_release=True, show_other_commits=True)
    assert render_release(first, masked) == "## 1.1.0 - 2024-05-01\n\n- Initial Release\n"
    unmasked = render_release(first, RenderOptions(DEFAULT_SECTIONS, show_other_commits=True))
    assert [line for line in unmasked.splitlines() if line.startswith("### ")] == [
        "### Features",
        "### Reverts",
        "### Other commits",
    ]
    later = _release("feat: second feature", previous="v1.0.0")
    assert _items(render_release(later, masked)) == ["- second feature"]
    unreleased = ReleaseSection(None, None, None, "", later.analysis)
    assert _items(render_release(unreleased, masked)) == ["- second feature"]


def test_a_scope_naming_the_package_is_left_out_of_its_own_changelog() -> None:
    section = _release(
        "feat(acme_core): faster",
        "fix(cli): exit code",
        "feat(Acme.Core)!: new api",
        "fix: no scope",
    )
    options = RenderOptions(DEFAULT_SECTIONS, own_scopes=frozenset({"acme-core"}))
    assert _items(render_release(section, options)) == [
        "- new api",
        "- faster",
        "- new api",
        "- **cli:** exit code",
        "- no scope",
    ]
    plain = _items(render_release(section, RenderOptions(DEFAULT_SECTIONS)))
    assert "- **acme_core:** faster" in plain


@pytest.mark.parametrize(
    ("description", "shown"),
    [
        pytest.param("alerts (#12)", "alerts ([#12](URL/12))", id="trailing-reference"),
        pytest.param(
            "undo (#3) in full (#12)", "undo (#3) in full ([#12](URL/12))", id="the-last-one-goes"
        ),
        pytest.param("retry (#draft)", "retry (#draft)", id="not-a-number"),
        pytest.param("x(#12)", "x ([#12](URL/12))", id="glued"),
        pytest.param("(2)", "(2)", id="digits-in-parentheses"),
        pytest.param("left open (#12", "left open (#12", id="not-closed"),
        pytest.param("pep 8 (style)", "pep 8 (style)", id="parentheses"),
    ],
)
def test_a_trailing_reference_is_linked_instead_of_repeated(description: str, shown: str) -> None:
    url = "https://github.com/octo/widgets"
    message = f"feat: {description}"
    text = render_release(_release(message), RenderOptions(DEFAULT_SECTIONS, links=RepoLinks(url)))
    sha = _sha(message)
    expected = shown.replace("URL", f"{url}/issues")
    assert text.splitlines()[-1] == f"- {expected} ([{sha[:7]}]({url}/commit/{sha}))"


def test_a_breaking_footer_alone_lists_the_change_under_breaking_changes() -> None:
    message = "feat: new config\n\nBREAKING CHANGE: the old keys are gone."
    text = render_release(_release(message), RenderOptions(DEFAULT_SECTIONS))
    assert text.split("\n", 1)[1] == (
        f"\n### Breaking changes\n\n- new config ({_sha(message)[:7]})\n\n"
        "  the old keys are gone.\n\n"
        f"### Features\n\n- new config ({_sha(message)[:7]})\n"
    )


def test_a_reference_only_in_the_footers_is_linked() -> None:
    message = "fix: a crash\n\nCloses #7"
    text = render_release(_release(message), RenderOptions(DEFAULT_SECTIONS))
    assert _items(text) == ["- a crash (#7)"]
