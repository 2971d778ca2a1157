"""The git side of a release through a pull request: the release commit off the work tree.

The release commit is made with plumbing (a private index, `hash-object`, `write-tree`,
`commit-tree`) on top of a given commit, so the work tree, the index and the checked-out
branch are never touched: nothing needs undoing when a later step fails. Its dates are
those of the commit it sits on, so the same inputs give the same sha and a rerun pushes
nothing new (and starts no CI run on the pull request).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from releaser.adapters.git import git_env, git_timeout, redact
from releaser.errors import GitError, PushRejectedError


class ReleaseBranch:
    """Release commits and the release branch of one repository."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _git(
        self, *args: str, env: Mapping[str, str] | None = None, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        full = git_env()
        full.update(env or {})
        try:
            return subprocess.run(
                ["git", "-C", str(self.root), *args],
                input=stdin,
                capture_output=True,
                text=True,
                encoding="utf-8",
                env=full,
                check=False,
                timeout=git_timeout(),
            )
        except subprocess.TimeoutExpired:
            raise GitError(
                f"git {args[0]} took longer than {git_timeout():g} s and was stopped",
                hint="allow longer with RELEASER_GIT_TIMEOUT=SECONDS",
            ) from None

    def _out(
        self, *args: str, env: Mapping[str, str] | None = None, stdin: str | None = None
    ) -> str:
        done = self._git(*args, env=env, stdin=stdin)
        if done.returncode != 0:
            said = redact(done.stderr.strip() or done.stdout.strip())
            raise GitError(f"git {args[0]} failed: {said}")
        return done.stdout.strip()

    def commit_on(self, base: str, files: Mapping[str, str], message: str) -> str:
        """A new commit on `base` whose tree is `base`'s with `files` (path -> text) written."""
        handle, index = tempfile.mkstemp(prefix="releaser-index-")
        os.close(handle)
        try:
            with_index = {"GIT_INDEX_FILE": index}
            self._out("read-tree", base, env=with_index)
            for path, text in files.items():
                blob = self._out("hash-object", "-w", "--stdin", "--path", path, stdin=text)
                mode = self._mode(base, path)
                self._out(
                    "update-index", "--add", "--cacheinfo", f"{mode},{blob},{path}", env=with_index
                )
            tree = self._out("write-tree", env=with_index)
        finally:
            Path(index).unlink(missing_ok=True)
        date = self._out("log", "-1", "--format=%cI", base)
        dates = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        return self._out("commit-tree", tree, "-p", base, "-F", "-", env=dates, stdin=message)

    def _mode(self, base: str, path: str) -> str:
        listed = self._out("ls-tree", base, "--", path)
        return listed.split()[0] if listed else "100644"

    def message(self, commit: str) -> str:
        """The full message of `commit`."""
        return self._out("log", "-1", "--format=%B", commit)

    def file_at(self, commit: str, path: str) -> str | None:
        """The text of `path` in `commit`, or None when it has no such file."""
        done = self._git("show", f"{commit}:{path}")
        return done.stdout if done.returncode == 0 else None

    def first_parents(self, head: str, count: int) -> list[tuple[str, list[str], str]]:
        """Up to `count` commits of `head`'s first-parent line, newest first: sha, parents
        and message; two git calls whatever the count."""
        out = self._out(
            "log", "--first-parent", "-n", str(count), "--format=%H%x1f%P%x1f%B%x1e", head
        )
        commits = [
            (sha.strip(), parents.split(), message)
            for sha, parents, message in (
                r.split("\x1f", 2) for r in out.split("\x1e") if r.strip()
            )
        ]
        merged = [p for _, parents, _ in commits for p in parents[1:]]
        if not merged:
            return commits
        out = self._out("log", "--no-walk=unsorted", "--format=%H%x1f%B%x1e", *merged)
        said = dict(r.strip().split("\x1f", 1) for r in out.split("\x1e") if r.strip())
        return [
            (sha, parents, "\n".join([message, *(said.get(p, "") for p in parents[1:])]))
            for sha, parents, message in commits
        ]

    def force_push(self, remote: str, commit: str, branch: str) -> None:
        """Make `remote`'s `branch` point at `commit`, whatever it pointed at before."""
        done = self._git("push", "--porcelain", remote, f"+{commit}:refs/heads/{branch}")
        if done.returncode == 0:
            return
        said = [
            line.removeprefix("remote:").strip()
            for line in done.stderr.splitlines()
            if line.startswith("remote:") and line.removeprefix("remote:").strip()
        ]
        refused = [line for line in done.stdout.splitlines() if line.startswith("!")]
        what = "; ".join([*refused, *said][:10]) or done.stderr.strip()[:400]
        raise PushRejectedError(
            redact(f"the remote '{remote}' refused the release branch {branch}: {what}"),
            hint=f"the token must be allowed to push (and force-push) to '{branch}': exempt "
            "releaser's branches from branch protection or rulesets, or set "
            "`release-pr-branch` in [tool.releaser] to a branch it may push to",
        )
