"""The git side of a release: status, commit, tag, push, and what the remote has.

GitPython does the writing; the push runs `git push --porcelain` so that every
refused ref and the remote's own words can be reported.
"""

from __future__ import annotations

import contextlib
import fnmatch
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
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
        # A new git process each time, not GitPython's long-lived `cat-file` (Ctrl-C, sent to
        # the whole process group, kills that one, and the undo after it would fail).
        return str(self._repo.git.rev_parse("--verify", "HEAD^{commit}")).strip()

    def commit_time(self, commit: str) -> datetime:
        """When `commit` was committed (its committer date, as git records it)."""
        return datetime.fromisoformat(str(self._repo.git.log("-1", "--format=%cI", commit)).strip())

    def head_message(self) -> str:
        """The message of HEAD's commit."""
        return str(self._repo.git.log("-1", "--format=%B", "HEAD"))

    def commit(self, files: Sequence[str], message: str) -> str:
        """Commit exactly `files` (no hooks: the message is generated); return the sha."""
        repo = self._repo
        repo.git.add("--", *files)
        repo.git.commit("--no-verify", "-m", message, "--", *files)
        return self.head_sha()

    def tag(self, name: str, message: str, *, sign: bool, commit: str = "HEAD") -> None:
        """Create an annotated (or signed) tag at `commit` (HEAD by default); a lightweight
        one when `message` is "" and it is not signed."""
        if not message and not sign:
            self._repo.git.tag(name, commit)
            return
        self._repo.git.tag("-s" if sign else "-a", name, "-m", message or name, commit)

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

    def push(self, remote: str, branch: str, tag: str, *more_tags: str) -> None:
        """Push the branch and the tags in one atomic push; PushRejectedError if it fails.

        The error quotes what the remote said (its hooks' `remote:` lines, credentials
        blanked out) and carries the hint that fits the refusal.
        """
        refspecs = [f"HEAD:refs/heads/{branch}"]
        refspecs += [f"refs/tags/{t}:refs/tags/{t}" for t in (tag, *more_tags)]
        status, out, err = self._repo.git.push(
            "--atomic",
            "--porcelain",
            remote,
            *refspecs,
            with_extended_output=True,
            with_exceptions=False,
        )
        if status == 0:
            return
        if "Timeout:" in str(err) and status < 0:  # stopped by the git time limit
            raise PushRejectedError(
                f"git push to '{remote}' timed out after {git_timeout():g} s and was stopped",
                hint="a hook on the remote, or the remote itself, may hang; check them, or "
                "allow longer with RELEASER_GIT_TIMEOUT=SECONDS",
            )
        refused = [
            f"{ref.split(':')[-1]} ({summary.strip()})"
            for flag, ref, summary in _porcelain(str(out))
            if flag == "!"
        ]
        said = _remote_said(str(err))
        what = ", ".join(refused) or f"git push exited with {status}"
        message = f"the remote '{remote}' refused the push: {what}" if refused else what
        if said:
            message += "\nthe remote said:\n" + "\n".join(f"  {line}" for line in said)
        elif not refused:
            lines = [line.strip() for line in str(err).splitlines() if line.strip()]
            message += ": " + redact("; ".join(lines))[:400]
        raise PushRejectedError(redact(message), hint=_push_hint(remote, branch, refused, said))

    def undo_release(self, tag: str, commit: str) -> None:
        """Drop a local release commit and tag that never left the machine."""
        repo = self._repo
        if self.has_tag(tag):
            repo.git.tag("-d", tag)
        if self.head_sha() == commit:
            repo.git.reset("--hard", "HEAD~1")

    @property
    def git_dir(self) -> Path:
        """This work tree's git folder (where a note for the next run can be kept)."""
        return Path(self._repo.git_dir)

    @contextlib.contextmanager
    def committed_copy(self) -> Iterator[Path]:
        """A throwaway clone of this work tree as HEAD has it: same branch, upstream, remotes,
        remote-tracking refs and tags; objects are shared, and nothing here is written."""
        import tempfile

        repo = self._repo
        branch = None if repo.head.is_detached else repo.active_branch.name
        head = self.head_sha()
        refs = str(repo.git.for_each_ref("--format=%(refname) %(objectname)", "refs/remotes"))
        remotes = {r.name: r.url for r in repo.remotes}
        with tempfile.TemporaryDirectory(prefix="releaser-plan-") as tmp:
            copy = Path(tmp) / self.root.name
            repo.git.clone("-q", "--shared", "--no-checkout", str(self.root), str(copy))
            git = bounded_git(copy)
            for ref in str(git.for_each_ref("--format=%(refname)", "refs/remotes")).split():
                git.update_ref("-d", ref)
            git.remote("remove", "origin")
            for name, url in remotes.items():
                git.remote("add", name, url)
            for line in refs.splitlines():
                ref, sha = line.split()
                git.update_ref(ref, sha)
            if branch is None:
                git.checkout("-q", "--detach", head)
            else:
                git.checkout("-q", "-B", branch, head)
                for key in ("remote", "merge"):
                    value = repo.config_reader().get_value(f'branch "{branch}"', key, "")
                    if value:
                        git.config(f"branch.{branch}.{key}", str(value))
            yield copy

    def differs_from_head(self, path: str) -> bool:
        """True when the work tree or the index has another `path` than HEAD."""
        out = self._repo.git.status("--porcelain", "--untracked-files=no", "--", path)
        return bool(str(out).strip())

    def unstage(self, files: Sequence[str]) -> None:
        """Drop new (not yet committed) files from the index; the work tree keeps them."""
        if files:
            self._repo.git.reset("-q", "--", *files)

    def restore(self, files: Sequence[str]) -> None:
        """Put tracked files back as HEAD has them (undo stamping after a failed build)."""
        if files:
            self._repo.git.checkout("HEAD", "--", *files)


def _porcelain(out: str) -> list[tuple[str, str, str]]:
    """`git push --porcelain` lines as (flag, "src:dst", summary)."""
    found = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and len(parts[0]) == 1:
            found.append((parts[0], parts[1], parts[2]))
    return found


def _remote_said(err: str) -> list[str]:
    """The remote's own lines (`remote: ...`) from git's stderr, blank ones dropped."""
    said = [raw[len("remote:") :].strip() for raw in err.splitlines() if raw.startswith("remote:")]
    return [redact(line) for line in said if line][:20]


def _push_hint(remote: str, branch: str, refused: list[str], said: list[str]) -> str:
    """The advice that fits why the push failed."""
    text = " ".join([*refused, *said]).lower()
    if "protected branch" in text or "gh006" in text or "protected" in text:
        return (
            f"'{branch}' is a protected branch that this token may not push to: release "
            "through a pull request (`releaser cut --via-pr`, or `mode: pr` in the Action), "
            "or with a token the branch protection or ruleset lets bypass"
        )
    if any(word in text for word in ("fetch first", "non-fast-forward", "stale info")):
        return f"run `git pull --rebase {remote} {branch}`, then `releaser cut` again"
    if "hook declined" in text or said:
        return (
            "the remote's hook refused the push: do what its message says, then run again; "
            "if the branch takes changes only through pull requests, use "
            "`releaser cut --via-pr`"
        )
    return f"check that you may push to '{remote}', then run `releaser cut` again"
