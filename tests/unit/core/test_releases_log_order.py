"""Releases split in log order (semantic-release's and commitizen's way) know the release
before each, which the changelog links to (`compare/v1.8.0...v1.9.0`)."""

from __future__ import annotations

from releaser.core.history import RawCommit
from releaser.core.releases import ReleaseRange, split_in_log_order
from releaser.core.tags import VersionTag, version_tags

ORDER = ["e", "d", "c", "b", "a"]  # git log --topo-order of a straight history
COMMITS = {
    n: RawCommit(n, (ORDER[i + 1],) if i + 1 < len(ORDER) else (), "", f"fix: {n}")
    for i, n in enumerate(ORDER)
}


def _tags(*pairs: tuple[str, str]) -> list[VersionTag]:
    return version_tags([(name, sha, "2024-01-01") for name, sha in pairs], "v{version}")


def _shape(ranges: list[ReleaseRange]) -> list[tuple[str | None, str | None, str]]:
    return [
        (
            r.tag.name if r.tag else None,
            r.previous.name if r.previous else None,
            "".join(c.sha for c in r.commits),
        )
        for r in ranges
    ]


def test_each_release_in_log_order_knows_the_one_before() -> None:
    found = split_in_log_order(COMMITS, _tags(("v1.0.0", "a"), ("v1.1.0", "c"), ("v2.0.0", "d")))
    assert _shape(found) == [
        (None, "v2.0.0", "e"),
        ("v2.0.0", "v1.1.0", "d"),
        ("v1.1.0", "v1.0.0", "cb"),
        ("v1.0.0", None, "a"),
    ]


def test_before_the_first_tag_everything_is_unreleased_with_nothing_before() -> None:
    assert _shape(split_in_log_order(COMMITS, [])) == [(None, None, "edcba")]


def test_a_pre_release_on_the_commit_of_its_final_release_is_an_empty_release() -> None:
    tags = _tags(("v1.0.0", "a"), ("v1.1.0rc1", "c"), ("v1.1.0", "c"))
    assert _shape(split_in_log_order(COMMITS, tags, keep_prereleases=True)) == [
        (None, "v1.1.0", "ed"),
        ("v1.1.0", "v1.1.0rc1", "cb"),  # the commits go to the higher version
        ("v1.1.0rc1", "v1.0.0", ""),
        ("v1.0.0", None, "a"),
    ]
