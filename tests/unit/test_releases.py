"""Splitting a commit graph into releases, and reading version tags."""

from __future__ import annotations

from releaser.core.history import RawCommit
from releaser.core.releases import split_history, split_in_log_order
from releaser.core.tags import VersionTag, tag_name, version_tags
from releaser.core.version import Version


class Graph:
    """A tiny commit graph: commits are named, listed newest first like git log."""

    def __init__(self) -> None:
        self.commits: list[RawCommit] = []

    def add(self, name: str, *parents: str) -> str:
        self.commits.insert(0, RawCommit(name, parents, "", f"feat: {name}"))
        return name


def tags(*pairs: tuple[str, str]) -> list[VersionTag]:
    return version_tags([(name, sha, "2024-01-01") for name, sha in pairs], "v{version}")


def layout(graph: Graph, tag_list: list[VersionTag]) -> list[tuple[str | None, list[str]]]:
    return [
        (r.tag.name if r.tag else None, sorted(c.sha for c in r.commits))
        for r in split_history(graph.commits, tag_list)
    ]


def linear(*names: str) -> Graph:
    graph = Graph()
    previous: tuple[str, ...] = ()
    for name in names:
        graph.add(name, *previous)
        previous = (name,)
    return graph


def test_linear_history() -> None:
    graph = linear("a", "b", "c", "d", "e")
    result = layout(graph, tags(("v0.1.0", "b"), ("v0.2.0", "d")))
    assert result == [(None, ["e"]), ("v0.2.0", ["c", "d"]), ("v0.1.0", ["a", "b"])]


def test_previous_tag_is_recorded() -> None:
    graph = linear("a", "b", "c")
    ranges = split_history(graph.commits, tags(("v1.0.0", "a"), ("v1.1.0", "c")))
    assert [
        (r.tag.name if r.tag else None, r.previous.name if r.previous else None) for r in ranges
    ] == [
        (None, "v1.1.0"),
        ("v1.1.0", "v1.0.0"),
        ("v1.0.0", None),
    ]


def test_merged_branches_belong_to_the_first_tag_that_reaches_them() -> None:
    graph = Graph()
    graph.add("a")
    graph.add("b", "a")  # main
    graph.add("x1", "a")  # topic branch off a
    graph.add("m1", "b", "x1")  # merged, tagged 1.1.0
    graph.add("y1", "a")  # a long-lived branch off a, merged later
    graph.add("c", "m1")
    graph.add("m2", "c", "y1")  # tagged 1.2.0
    graph.add("d", "m2")
    result = layout(graph, tags(("v1.0.0", "a"), ("v1.1.0", "m1"), ("v1.2.0", "m2")))
    assert result == [
        (None, ["d"]),
        ("v1.2.0", ["c", "m2", "y1"]),
        ("v1.1.0", ["b", "m1", "x1"]),
        ("v1.0.0", ["a"]),
    ]


def test_tags_not_in_the_history_are_ignored() -> None:
    graph = linear("a", "b", "c")
    result = layout(graph, tags(("v1.0.0", "a"), ("v9.0.0", "elsewhere")))
    assert result == [(None, ["b", "c"]), ("v1.0.0", ["a"])]


def test_prereleases_are_folded_into_the_final_release() -> None:
    graph = linear("a", "b", "c", "d", "e")
    tag_list = tags(("v1.0.0", "a"), ("v1.1.0-rc.1", "b"), ("v1.1.0-rc.2", "c"), ("v1.1.0", "d"))
    assert layout(graph, tag_list) == [
        (None, ["e"]),
        ("v1.1.0", ["b", "c", "d"]),
        ("v1.0.0", ["a"]),
    ]


def test_prereleases_after_the_last_final_have_their_own_sections() -> None:
    graph = linear("a", "b", "c", "d")
    tag_list = tags(("v1.0.0", "a"), ("v1.1.0-rc.1", "b"), ("v1.1.0-rc.2", "c"))
    assert layout(graph, tag_list) == [
        (None, ["d"]),
        ("v1.1.0-rc.2", ["c"]),
        ("v1.1.0-rc.1", ["b"]),
        ("v1.0.0", ["a"]),
    ]


def test_unreachable_final_does_not_hide_reachable_prereleases() -> None:
    # HEAD is on a maintenance line; v2.0.0 lives on another branch.
    graph = linear("a", "b", "c")
    tag_list = tags(("v1.0.0", "a"), ("v1.0.1-rc.1", "b"), ("v2.0.0", "elsewhere"))
    assert layout(graph, tag_list) == [
        (None, ["c"]),
        ("v1.0.1-rc.1", ["b"]),
        ("v1.0.0", ["a"]),
    ]


def test_no_tags_everything_is_unreleased() -> None:
    graph = linear("a", "b")
    assert layout(graph, []) == [(None, ["a", "b"])]


def test_version_tags_keep_only_the_tag_format() -> None:
    refs = [
        ("v1.0.0", "s1", "d"),
        ("1.1.0", "s2", "d"),  # no prefix: another format
        ("v1.2.0-rc.1", "s3", "d"),
        ("vfoo", "s4", "d"),
        ("release-2.0.0", "s5", "d"),
        ("v1.10.0", "s6", "d"),
        ("v1.2.0", "s7", "d"),
    ]
    found = version_tags(refs, "v{version}")
    assert [t.name for t in found] == ["v1.0.0", "v1.2.0-rc.1", "v1.2.0", "v1.10.0"]
    assert [t.name for t in version_tags(refs, "release-{version}")] == ["release-2.0.0"]


def test_tag_name_uses_semver_spelling() -> None:
    assert tag_name("v{version}", Version.parse("1.3.0rc1")) == "v1.3.0-rc.1"
    assert tag_name("pkg@{version}", Version.parse("2.0.0")) == "pkg@2.0.0"


def test_log_order_gives_each_commit_to_the_tag_listed_above_it() -> None:
    # `git log --topo-order` of commitizen's v1.8.0: the tagged commit comes before a
    # branch commit it does not reach; semantic-release and commitizen list that commit there
    order = ["e", "merge", "v18", "side", "a"]
    parents = {"e": ("merge",), "merge": ("side", "v18"), "v18": ("a",), "side": ("a",), "a": ()}
    commits = {n: RawCommit(n, parents[n], "", f"fix: {n}") for n in order}
    found = split_in_log_order(
        commits, tags(("v1.8.0rc1", "v18"), ("v1.8.0", "v18"), ("v1.9.0", "e"))
    )
    assert [(r.tag.name if r.tag else None, [c.sha for c in r.commits]) for r in found] == [
        (None, []),
        ("v1.9.0", ["e", "merge"]),
        ("v1.8.0", ["v18", "side", "a"]),  # a commit with two tags: the higher one lists it
    ]
    kept = split_in_log_order(commits, tags(("v1.8.0rc1", "a"), ("v1.8.0", "v18")),
                              keep_prereleases=True)  # fmt: skip
    assert [(r.tag.name if r.tag else None, len(r.commits)) for r in kept] == [
        (None, 2), ("v1.8.0", 2), ("v1.8.0rc1", 1)
    ]  # fmt: skip
