"""The built-in templates and a user's per-entry templates give the same bytes.

The built-in release template prints each group's list as one text that Python joins;
a user's template loops over the entries and reads their fields. `per_entry_templates/`
holds the built-in templates as they were before, one loop per entry: fed the same
releases, both must render the same changelog and the same release notes, with any
option set. A wrong join, a lost separator or a field built differently shows here.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from releaser.config import DEFAULT_SECTIONS
from releaser.core.changelog import (
    ReleaseSection,
    RenderOptions,
    RepoLinks,
    render_changelog,
    render_release,
)
from releaser.core.changelog_context import release_context
from releaser.core.history import RawCommit, analyse

PER_ENTRY = Path(__file__).with_name("per_entry_templates")


ACME = frozenset({"acme-core"})


def _sha(label: str) -> str:
    return hashlib.sha1(label.encode()).hexdigest()


_WORDS = st.sampled_from(
    ["add", "x", "#12", "(#34)", "(#0)", "(#7) more", "a&#5", "#", "**b**", "ü", "(#١٢)", "(2)"]
)
_HEADERS = st.builds(
    lambda kind, scope, bang, words: f"{kind}{scope}{bang}: {' '.join(words)}",
    st.sampled_from(["feat", "fix", "perf", "docs", "chore", "Feat"]),
    st.sampled_from(["", "(api)", "(acme_core)", "(Acme.Core)", "(cli)"]),
    st.sampled_from(["", "!"]),
    st.lists(_WORDS, min_size=1, max_size=4),
)
_PARAGRAPHS = st.sampled_from(
    [
        "Some text.",
        "Fixes #9 in the text",
        "    indented\n    code",
        "BREAKING CHANGE: gone",
        "BREAKING-CHANGE: first line\nsecond line",
        "Closes #7\nRefs: #3, #34",
        "NOTICE: upgrade soon\n\nlater",
        "Reviewed-by: Z",
        "* fix: an item (#5)\n* feat(api): another",
        "Not BREAKING: the word alone, in the body",
    ]
)
_CONVENTIONAL = st.builds(
    lambda header, paragraphs: "\n\n".join([header, *paragraphs]),
    _HEADERS,
    st.lists(_PARAGRAPHS, max_size=3),
)
_OTHERS = st.sampled_from(
    [
        "Update README.md",
        "WIP #5",
        'Revert "feat(api): old idea (#5)"\n\nThis reverts commit ' + _sha("old") + ".\n\nRefs #9",
        'Revert "fix: bad"\n\nThis reverts commit ' + _sha("bad") + ".",
        "Merge pull request #3 from a/b\n\n* feat: merged item",
    ]
)
_RELEASES = st.lists(
    st.lists(st.one_of(_CONVENTIONAL, _OTHERS), max_size=8), min_size=1, max_size=4
)


def _sections(releases: list[list[str]], unreleased: bool) -> list[ReleaseSection]:
    """Newest first; the oldest is the first release (no previous tag)."""
    found = []
    for at, messages in enumerate(releases):
        raws = [RawCommit(_sha(f"{at}.{i}{m}"), (), "", m) for i, m in enumerate(messages)]
        minor = len(releases) - at
        previous = f"v1.{minor - 1}.0" if at < len(releases) - 1 else None
        version: str | None = f"1.{minor}.0"
        if unreleased and at == 0:
            version = None
        tag = f"v{version}" if version else None
        found.append(ReleaseSection(version, tag, previous, f"2024-0{minor}-01", analyse(raws)))
    return found


_OPTIONS = st.builds(
    RenderOptions,
    sections=st.sampled_from([DEFAULT_SECTIONS, {"docs": "Docs", "feat": "New"}, {}]),
    links=st.sampled_from([None, RepoLinks("https://github.com/octo/widgets")]),
    show_other_commits=st.booleans(),
    exclude=st.sampled_from([(), (re.compile(r"docs|feat: x"),)]),
    bumping_types=st.sampled_from([frozenset(), frozenset({"feat", "fix"})]),
    own_scopes=st.sampled_from([frozenset(), frozenset({"acme-core"})]),
    mask_initial_release=st.booleans(),
    release_notices=st.booleans(),
)


@settings(max_examples=80, deadline=timedelta(seconds=10))
@given(_RELEASES, st.booleans(), _OPTIONS)
@example(  # a reference in the description, one in the footers, a package's own scope
    [["fix: b\n\nCloses #7", "feat: c (#0)", "perf: d"]], False, RenderOptions(DEFAULT_SECTIONS)
)
@example([["feat(acme_core): a"]], False, RenderOptions(DEFAULT_SECTIONS, own_scopes=ACME))
def test_the_built_in_templates_print_what_a_per_entry_template_prints(
    releases: list[list[str]], unreleased: bool, options: RenderOptions
) -> None:
    sections = _sections(releases, unreleased)
    per_entry = replace(options, template_dir=PER_ENTRY)
    assert render_changelog(sections, options) == render_changelog(sections, per_entry)
    for section in sections:
        assert render_release(section, options) == render_release(section, per_entry)


@settings(max_examples=80, deadline=timedelta(seconds=10))
@given(_RELEASES, _OPTIONS)
@example(
    [["docs: a\n\nNot BREAKING: the word alone", "docs: b\n\nBREAKING-CHANGE: c", "docs!: d"]],
    RenderOptions(DEFAULT_SECTIONS),
)
def test_the_breaking_changes_listed_are_those_the_commits_call_breaking(
    releases: list[list[str]], options: RenderOptions
) -> None:
    # the loop asks `commit.breaking` only when `!` or the word BREAKING can make it so
    options = replace(options, exclude=(), mask_initial_release=False)
    for section in _sections(releases, unreleased=False):
        listed = [e["sha"] for e in release_context(section, options)["breaking"]]
        changes = section.analysis.changes
        assert listed == [c.sha for c in changes if c.commit.breaking]
