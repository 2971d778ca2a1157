"""The git side of a release: status, commit, tag, push, and what the remote has.

GitPython does the writing; its `push()` does not raise on a rejected ref, so
every `PushInfo` is checked here.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from releaser.adapters.git import bounded_git, git_timeout, redact
from releaser.errors import GitError, PushRejectedError

if TYPE_CHECKING:
    from git import Repo


@dataclass(frozen=True, slots=True)
class BranchState:
    """Where HEAD stands: its branch (None when detached) and upstream."""

    branch: str | None
    upstream: str | None  # e.g. origin/main
    behind: int  # commits the upstream has that HEAD lacks
    dirty: tuple[str, ...]  # tracked files with uncommitted changes


def branch_allowed(branch: str, patterns: Sequence[str]) -> bool:
    """True when `branch` matches one of the release branch names, globs or `/regex/`."""
    return any(
        re.match(p[1:-1], branch) is not None
        if len(p) > 2 and p[0] == p[-1] == "/"
        else fnmatch.fnmatchcase(branch, p)
        for p in patterns
    )


class GitWriter:
    """Release operations on one work tree."""

    def __init__(self, root: Path) -> None:
        from git import Repo

        self.root = root
        self._repo: Repo = Repo(root)
        self._repo.git = bounded_git(root)  # every git command (and its hooks) has a time limit

    def state(self, remote: str, *, fetch: bool) -> BranchState:
        """HEAD's branch, its upstream (fetched first when asked) and dirty files."""
        from git import GitCommandError

        repo = self._repo
        branch = None if repo.head.is_detached else repo.active_branch.name
        dirty = tuple(sorted({d.a_path or d.b_path or "" for d in repo.index.diff(None)}))
        staged = tuple(sorted({d.a_path or d.b_path or "" for d in repo.index.diff("HEAD")}))
        upstream = None
        behind = 0
        if branch is not None:
            tracking = repo.active_branch.tracking_branch()
            if tracking is not None:
                upstream = tracking.name
                if fetch and remote in [r.name for r in repo.remotes]:
                    try:
                        repo.git.fetch(remote, "--tags", "--quiet")
                    except GitCommandError as exc:
                        raise GitError(
                            f"git fetch {remote} failed: {redact(exc.stderr.strip())}",
                            hint="check that the remote is reachable and you may read it",
                        ) from None
                behind = int(repo.git.rev_list("--count", f"HEAD..{upstream}"))
        return BranchState(branch, upstream, behind, tuple(sorted({*dirty, *staged})))

    def unshallow(self, remote: str) -> None:
        """Fetch the rest of a shallow clone's history."""
        self._repo.git.fetch(remote, "--unshallow", "--tags", "--quiet")

    def head_sha(self) -> str:
        """The sha of HEAD."""
        return self._repo.head.commit.hexsha

    def head_message(self) -> str:
        """The message of HEAD's commit."""
        message = self._repo.head.commit.message
        return message if isinstance(message, str) else message.decode("utf-8", "replace")

    def commit(self, files: Sequence[str], message: str) -> str:
        """Commit exactly `files` (no hooks: the message is generated); return the sha."""
        repo = self._repo
        repo.git.add("--", *files)
        repo.git.commit("--no-verify", "-m", message, "--", *files)
        return repo.head.commit.hexsha

    def tag(self, name: str, message: str, *, sign: bool) -> None:
        """Create an annotated (or signed) tag at HEAD."""
        self._repo.git.tag("-s" if sign else "-a", name, "-m", message)

    def has_tag(self, name: str) -> str | None:
        """The commit a local tag points at, or None."""
        try:
            return (
                self._repo.git.rev_parse("--verify", "--quiet", f"refs/tags/{name}^{{commit}}")
                or None
            )
        except Exception:  # GitCommandError: no such tag
            return None

    def remote_refs(self, remote: str, refs: Sequence[str]) -> dict[str, str]:
        """What the remote has for `refs` (ref name -> commit sha, tags peeled)."""
        from git import GitCommandError

        # A pattern matches the tag ref only; the peeled `^{}` line (the commit an annotated
        # tag points at) has to be asked for by name.
        patterns = [*refs, *(f"{r}^{{}}" for r in refs if r.startswith("refs/tags/"))]
        try:
            out = str(self._repo.git.ls_remote(remote, *patterns))
        except GitCommandError as exc:
            raise GitError(
                f"cannot read the remote '{remote}': {redact(exc.stderr.strip())}"
            ) from None
        found: dict[str, str] = {}
        for line in out.splitlines():
            sha, _, ref = line.partition("\t")
            found[ref.removesuffix("^{}")] = sha  # the peeled line comes last and wins
        return found

    def push(self, remote: str, branch: str, tag: str) -> None:
        """Push the branch and the tag in one atomic push; PushRejectedError if refused."""
        from git import GitCommandError, PushInfo

        refspecs = [f"HEAD:refs/heads/{branch}", f"refs/tags/{tag}:refs/tags/{tag}"]
        try:
            results = self._repo.remote(remote).push(
                refspec=refspecs, atomic=True, kill_after_timeout=git_timeout()
            )
        except (GitCommandError, ValueError) as exc:
            raise PushRejectedError(f"git push to '{remote}' failed: {redact(str(exc))}") from None
        bad = PushInfo.REJECTED | PushInfo.REMOTE_REJECTED | PushInfo.ERROR
        refused = [
            f"{info.remote_ref_string} ({info.summary.strip()})"
            for info in results
            if info.flags & bad
        ]
        if refused or not results:
            what = ", ".join(refused) or "no ref was pushed"
            raise PushRejectedError(f"the remote '{remote}' refused the push: {what}")

    def undo_release(self, tag: str, commit: str) -> None:
        """Drop a local release commit and tag that never left the machine."""
        repo = self._repo
        if self.has_tag(tag):
            repo.git.tag("-d", tag)
        if repo.head.commit.hexsha == commit:
            repo.git.reset("--hard", "HEAD~1")

    def restore(self, files: Sequence[str]) -> None:
        """Put tracked files back as HEAD has them (undo stamping after a failed build)."""
        if files:
            self._repo.git.checkout("HEAD", "--", *files)
