"""Where HEAD stands before a release, read by the release side of the git adapter."""

from __future__ import annotations

from releaser.adapters.git_release import BranchState, GitWriter
from tests.integration.git.githistory import MakeHistory


def test_branch_upstream_distance_and_every_kind_of_changed_file(history: MakeHistory) -> None:
    h = history(["feat: a"])
    for name in ("kept.txt", "old name.txt", "both.txt"):
        (h.root / name).write_text(name, encoding="utf-8")
    h.git("add", "-A")
    h.commit("chore: files")
    h.git("remote", "add", "origin", "https://example.invalid/a.git")
    h.git("update-ref", "refs/remotes/origin/main", "HEAD")
    h.git("config", "branch.main.remote", "origin")
    h.git("config", "branch.main.merge", "refs/heads/main")
    h.git("checkout", "-q", "-b", "ahead")
    h.commit("fix: b")
    h.commit("fix: c")
    h.git("update-ref", "refs/remotes/origin/main", "HEAD")
    h.git("checkout", "-q", "main")
    (h.root / "kept.txt").write_text("changed", encoding="utf-8")  # not staged
    h.git("mv", "old name.txt", "new name.txt")  # staged rename, spaces in the names
    (h.root / "both.txt").write_text("staged", encoding="utf-8")
    h.git("add", "both.txt")
    (h.root / "both.txt").write_text("and changed again", encoding="utf-8")
    (h.root / "untracked.txt").write_text("not ours", encoding="utf-8")

    state = GitWriter(h.root).state("origin", fetch=False)

    assert state == BranchState(
        branch="main",
        upstream="origin/main",
        behind=2,
        dirty=("both.txt", "kept.txt", "new name.txt", "old name.txt"),
    )


def test_a_clean_detached_head_without_upstream(history: MakeHistory) -> None:
    h = history(["feat: a", "feat: b"])
    h.git("checkout", "-q", "--detach", "HEAD~1")
    assert GitWriter(h.root).state("origin", fetch=False) == BranchState(None, None, 0, ())


def test_an_upstream_that_is_gone_is_not_behind(history: MakeHistory) -> None:
    h = history(["feat: a"])
    h.git("remote", "add", "origin", "https://example.invalid/a.git")
    h.git("config", "branch.main.remote", "origin")
    h.git("config", "branch.main.merge", "refs/heads/main")  # never fetched
    assert GitWriter(h.root).state("origin", fetch=False) == BranchState(
        "main", "origin/main", 0, ()
    )
