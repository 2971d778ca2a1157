"""The engine on real git repositories: tags, merges, reverts, pre-releases, squashes, noise."""

from __future__ import annotations

from pathlib import Path

import pytest

from releaser.adapters import git as git_adapter
from releaser.adapters.git import GitRepository
from releaser.config import Config
from releaser.core.version import Bump
from releaser.errors import ExitCode, GitError
from releaser.history.sections import history_sections
from releaser.history.upcoming import find_next
from tests.integration.git.githistory import MakeHistory

CONFIG = Config()


def repo_of(history_root: Path) -> GitRepository:
    return GitRepository.open(history_root)


def section_map(repo: GitRepository, *, unreleased: bool = True) -> dict[str | None, list[str]]:
    return {
        s.version: sorted(c.commit.header for c in s.analysis.changes)
        for s in history_sections(repo, CONFIG, unreleased=unreleased)
    }


def test_releases_split_over_a_graph_with_merges(history: MakeHistory) -> None:
    h = history(
        [
            "feat: initial",
            "tag v1.0.0",
            "branch topic",
            "feat(topic): on the branch",
            "checkout main",
            "fix: on main",
            "merge topic",
            "tag v1.1.0",
            "branch late",
            "perf: slow branch work",
            "checkout main",
            "fix: second fix",
            "ltag v1.1.1",
            "merge late",
            "branch unmerged",
            "feat: never merged",
            "tag v9.0.0",
            "checkout main",
            "docs: after the last tag",
            "feat: unreleased",
        ]
    )
    repo = repo_of(h.root)
    sections = history_sections(repo, CONFIG, unreleased=True)
    assert [s.version for s in sections] == [None, "1.1.1", "1.1.0", "1.0.0"]
    assert section_map(repo) == {
        None: ["docs: after the last tag", "feat: unreleased", "perf: slow branch work"],
        "1.1.1": ["fix: second fix"],
        "1.1.0": ["feat(topic): on the branch", "fix: on main"],
        "1.0.0": ["feat: initial"],
    }
    assert [s.previous_tag for s in sections] == ["v1.1.1", "v1.1.0", "v1.0.0", None]
    merges = [c for s in sections for c in s.analysis.skipped]
    assert len(merges) == 2  # both merge commits skipped
    # v9.0.0 is not reachable from HEAD: the next version builds on 1.1.1
    release = find_next(repo, CONFIG)
    assert release.current is not None
    assert release.current.name == "v1.1.1"
    assert release.version is not None
    assert release.version.semver == "1.2.0"
    assert release.tag == "v1.2.0"
    assert release.level is Bump.MINOR


def test_tag_dates_come_from_the_tag(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v1.0.0", "fix: b", "ltag v1.0.1"])
    sections = history_sections(repo_of(h.root), CONFIG, unreleased=False)
    # one day per commit or tag: the annotated tag's own date, the lightweight tag's commit date
    assert [s.date for s in sections] == ["2023-11-17", "2023-11-16"]


def test_no_tags_uses_the_initial_version(history: MakeHistory) -> None:
    h = history(["chore: init", "feat: first"])
    release = find_next(repo_of(h.root), CONFIG)
    assert release.current is None
    assert release.version is not None
    assert release.version.semver == "0.1.0"
    initial = Config(initial_version="1.0.0")
    release = find_next(repo_of(h.root), initial)
    assert release.version is not None
    assert release.version.semver == "1.1.0"


def test_breaking_on_zero_and_major_on_zero(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v0.3.0", "feat!: break"])
    repo = repo_of(h.root)
    release = find_next(repo, CONFIG)
    assert release.version is not None
    assert release.version.semver == "0.4.0"
    release = find_next(repo, Config(major_on_zero=True))
    assert release.version is not None
    assert release.version.semver == "1.0.0"


def test_nothing_to_release(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v1.0.0", "docs: words", "chore: tidy", "WIP", "fixup! feat: a"])
    release = find_next(repo_of(h.root), CONFIG)
    assert release.version is None
    assert release.level is Bump.NONE
    assert release.current_version is not None
    assert release.current_version.semver == "1.0.0"
    assert release.analysis.commit_count == 4


def test_force(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v1.0.0", "docs: words"])
    release = find_next(repo_of(h.root), CONFIG, force=Bump.MAJOR)
    assert release.version is not None
    assert release.version.semver == "2.0.0"


def test_revert_within_the_range_cancels(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v1.0.0", "feat: risky @risky", "docs: d", "revert risky"])
    release = find_next(repo_of(h.root), CONFIG)
    assert release.version is None
    assert release.analysis.reverts == ()
    assert [c.commit.header for c in release.analysis.changes] == ["docs: d"]


def test_revert_of_a_released_commit_is_listed(history: MakeHistory) -> None:
    h = history(["feat: a @a", "tag v1.0.0", "revert a"])
    repo = repo_of(h.root)
    release = find_next(repo, CONFIG)
    (revert,) = release.analysis.reverts
    assert revert.reverted_sha == h.shas["a"]
    assert revert.reverted_header == "feat: a"
    assert release.version is not None  # a revert of a release is a change worth a release


def test_revert_of_a_revert(history: MakeHistory) -> None:
    h = history(["chore: init", "tag v1.0.0", "feat: shiny @shiny", "revert shiny @r1"])
    h.revert("r1")
    release = find_next(repo_of(h.root), CONFIG)
    assert [c.commit.header for c in release.analysis.changes] == ["feat: shiny"]
    assert release.version is not None
    assert release.version.semver == "1.1.0"


def test_squash_merge_counts_each_listed_change(history: MakeHistory) -> None:
    h = history(
        [
            "chore: init",
            "tag v1.0.0",
            "Add the exporter (#31)\n\n"
            "* feat(export): csv\n\n* fix(export): quoting\n\n* docs: usage",
        ]
    )
    release = find_next(repo_of(h.root), CONFIG)
    assert sorted(c.commit.header for c in release.analysis.changes) == [
        "docs: usage",
        "feat(export): csv",
        "fix(export): quoting",
    ]
    assert release.analysis.commit_count == 1
    assert release.version is not None
    assert release.version.semver == "1.1.0"


def test_noise_is_counted_not_fatal(history: MakeHistory) -> None:
    h = history(
        ["Initial commit", "tag v0.1.0", "oops", "Ünïcödé ✓ message", "fix: real", "wip:no space"]
    )
    release = find_next(repo_of(h.root), CONFIG)
    assert len(release.analysis.noise) == 3
    assert release.version is not None
    assert release.version.semver == "0.1.1"


def test_prerelease_sequence_and_finalisation(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v1.2.0", "feat: b"])
    repo = repo_of(h.root)
    first = find_next(repo, CONFIG, prerelease="rc")
    assert first.tag == "v1.3.0-rc.1"
    h.tag("v1.3.0-rc.1")
    h.commit("fix: c")
    second = find_next(repo, CONFIG, prerelease="rc")
    assert second.tag == "v1.3.0-rc.2"
    assert second.current is not None
    assert second.current.name == "v1.3.0-rc.1"
    h.tag("v1.3.0-rc.2")
    final = find_next(repo, CONFIG)
    assert final.tag == "v1.3.0"
    # the final release covers everything since 1.2.0, pre-releases included
    assert sorted(c.commit.header for c in final.analysis.changes) == ["feat: b", "fix: c"]
    h.tag("v1.3.0")
    sections = history_sections(repo, CONFIG, unreleased=True)
    assert [s.version for s in sections] == ["1.3.0", "1.2.0"]
    assert sorted(c.commit.header for c in sections[0].analysis.changes) == ["feat: b", "fix: c"]
    assert sections[0].previous_tag == "v1.2.0"


def test_prerelease_numbers_count_tags_on_other_branches(history: MakeHistory) -> None:
    h = history(
        [
            "feat: a",
            "tag v1.0.0",
            "branch other",
            "feat: x",
            "tag v1.1.0-rc.1",
            "checkout main",
            "feat: y",
        ]
    )
    release = find_next(repo_of(h.root), CONFIG, prerelease="rc")
    assert release.tag == "v1.1.0-rc.2"  # rc.1 exists already, even though HEAD cannot reach it


def test_custom_tag_format_ignores_other_tags(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v5.0.0", "tag pkg-1.0.0", "fix: b"])
    release = find_next(repo_of(h.root), Config(tag_format="pkg-{version}"))
    assert release.tag == "pkg-1.0.1"


def test_log_reads_messages_exactly(history: MakeHistory) -> None:
    message = "feat(ü): añadir ✓\n\nBody with\ttab and \x1f unit separator.\n\nRefs: #5"
    h = history([message, "fix: b"])
    commits = list(repo_of(h.root).log("HEAD"))
    assert [c.message for c in commits] == ["fix: b", message]
    assert commits[0].parents == (commits[1].sha,)
    assert commits[1].parents == ()


def test_log_read_in_small_chunks_gives_the_same_commits(
    history: MakeHistory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chunks of 7 bytes cut fields, commits and UTF-8 characters in two
    h = history(["feat(ü): añadir ✓\n\nBody ✓✓✓\n\nRefs: #5", "fix: b", "merge-free: c"])
    whole = list(repo_of(h.root).log("HEAD"))
    monkeypatch.setattr(git_adapter, "_CHUNK", 7)
    assert list(repo_of(h.root).log("HEAD")) == whole
    assert [c.subject for c in whole] == ["merge-free: c", "fix: b", "feat(ü): añadir ✓"]
    graph = list(repo_of(h.root).log("HEAD", graph_only=True))
    assert [(c.sha, c.parents, c.message) for c in graph] == [(c.sha, c.parents, "") for c in whole]
    undated = list(repo_of(h.root).log("HEAD", dates=False))
    assert undated == [c._replace(date="") for c in whole]
    assert all(c.date.startswith("2023-") for c in whole)


def test_log_batches_are_the_log_a_pipe_full_at_a_time(
    history: MakeHistory, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = history([f"fix: change {n}\n\nBody ✓ {n}" for n in range(6)])
    whole = list(repo_of(h.root).log("HEAD", dates=False))
    batches = list(repo_of(h.root).log_batches("HEAD", dates=False))
    assert batches == [whole]  # all six fit in one read
    monkeypatch.setattr(git_adapter, "_CHUNK", 100)  # about one commit a read
    batches = list(repo_of(h.root).log_batches("HEAD", dates=False))
    assert [c for batch in batches for c in batch] == whole
    assert len(batches) > 3
    assert all(batches)  # no empty batch between two reads


def test_log_streams_a_range(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v1.0.0", "fix: b", "fix: c"])
    repo = repo_of(h.root)
    assert [c.subject for c in repo.log("v1.0.0..HEAD")] == ["fix: c", "fix: b"]


def test_annotated_tags_are_peeled(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v1.0.0", "fix: b", "ltag v1.0.1"])
    refs = {name: sha for name, sha, _ in repo_of(h.root).tag_refs()}
    assert refs == {"v1.0.0": h.sha("HEAD~1"), "v1.0.1": h.sha("HEAD")}


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(GitError) as caught:
        GitRepository.open(tmp_path)
    assert caught.value.exit_code == ExitCode.REFUSED


def test_no_commits(history: MakeHistory) -> None:
    h = history([])
    with pytest.raises(GitError, match="no commits"):
        repo_of(h.root).head()


def test_bad_ref(history: MakeHistory, tmp_path: Path) -> None:
    h = history(["feat: a"])
    with pytest.raises(GitError, match="'no-such-ref' is not a commit, branch or tag"):
        repo_of(h.root).resolve("no-such-ref")
    # A ref that is an option never reaches git: refused by name, and nothing is written.
    target = tmp_path / "written-by-git"
    with pytest.raises(GitError, match="is not a ref"):
        repo_of(h.root).resolve(f"--output={target}")
    assert not target.exists()


def test_remote_url(history: MakeHistory) -> None:
    h = history(["feat: a"], origin="git@github.com:octo/widgets.git")
    repo = repo_of(h.root)
    assert repo.remote_url() == "git@github.com:octo/widgets.git"
    assert repo.remote_url("upstream") is None


def test_the_callers_preparations_run_once_while_git_reads(history: MakeHistory) -> None:
    h = history(["feat: initial", "tag v1.0.0", "fix: later", "tag v1.0.1"])
    calls: list[str] = []
    sections = history_sections(
        repo_of(h.root), CONFIG, unreleased=False, meanwhile=lambda: calls.append("ready")
    )
    assert calls == ["ready"]
    assert [s.version for s in sections] == ["1.0.1", "1.0.0"]
