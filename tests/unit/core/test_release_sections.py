"""Which releases get a changelog section, and which commits each one holds."""

from __future__ import annotations

import pytest

from releaser.core.history import RawCommit
from releaser.core.releases import sections_to_show, split_history
from releaser.core.tags import VersionTag, check_tag_format, version_tags
from releaser.core.version import Version


def tag(version: str, sha: str) -> VersionTag:
    return VersionTag(f"v{version}", Version.parse(version), sha)


TAGS = [tag("1.0.0", "a"), tag("1.1.0-rc.1", "b"), tag("1.1.0", "c"), tag("1.2.0-rc.1", "d")]
# newest first, one commit per tag plus one unreleased
COMMITS = [
    RawCommit(s, (p,) if p != " " else (), "", s) for s, p in zip("edcba", "dcba ", strict=True)
]


def test_pre_releases_fold_into_their_final_release_unless_kept() -> None:
    names = [t.name for t in sections_to_show(TAGS)]
    assert names == ["v1.0.0", "v1.1.0", "v1.2.0-rc.1"]
    assert sections_to_show(TAGS, keep_prereleases=True) == TAGS


def split(commits: object, **kwargs: bool) -> list[tuple[str | None, str]]:
    ranges = split_history(commits, TAGS, **kwargs)  # type: ignore[arg-type]
    return [(r.tag.name if r.tag else None, "".join(c.sha for c in r.commits)) for r in ranges]


def test_a_mapping_of_commits_splits_like_the_list() -> None:
    folded = [(None, "e"), ("v1.2.0-rc.1", "d"), ("v1.1.0", "cb"), ("v1.0.0", "a")]
    assert split(COMMITS) == folded
    assert split({c.sha: c for c in COMMITS}) == folded
    kept = [(None, "e"), ("v1.2.0-rc.1", "d"), ("v1.1.0", "c"), ("v1.1.0-rc.1", "b")]
    assert split(COMMITS, keep_prereleases=True) == [*kept, ("v1.0.0", "a")]


def test_a_tag_keeps_its_date() -> None:
    (found,) = version_tags([("v1.0.0", "a" * 40, "2025-01-02")], "v{version}")
    assert found == VersionTag("v1.0.0", Version(1, 0, 0), "a" * 40, "2025-01-02")


def test_a_tag_format_without_the_placeholder_is_explained() -> None:
    with pytest.raises(ValueError) as caught:
        check_tag_format("v-version")
    assert str(caught.value) == "the tag format 'v-version' must contain '{version}' exactly once"
