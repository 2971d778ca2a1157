"""The git side of a release: status, commit, tag, push, and what the remote has.

Each operation is one git process (no library in between, so nothing starts at import), in
its own process group: when the time limit (`git_timeout()`) or Ctrl-C stops it, its hooks
and the remote's helper processes stop with it. The push runs `git push --porcelain` so
that every refused ref and the remote's own words can be reported.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import re
import signal
import subprocess
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from releaser.adapters.git import _timed_out, _trace, git_env, git_timeout, redact
from releaser.errors import GitError, PushRejectedError, ReleaserError


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


def _stop(proc: subprocess.Popen[str]) -> None:
    """Kill git and everything it started (hooks, the remote's side of a local push)."""
    with contextlib.suppress(OSError):
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows has no process groups to kill
            proc.kill()
    proc.communicate()


@dataclass(frozen=True, slots=True)
class _Done:
    status: int
    out: str
    err: str


class GitWriter:
    """Release operations on one work tree."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._git_dir: Path | None = None

    def _git(self, *args: str, timed_out: Callable[[float], ReleaserError] | None = None) -> _Done:
        """Run git; a timeout raises `timed_out(limit)` (a GitError naming the step)."""
        limit = git_timeout()
        proc = subprocess.Popen(
            _trace(["git", "-C", str(self.root), *args]),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=git_env(),
            start_new_session=True,  # its own group, stopped as a whole
        )
        try:
            out, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            _stop(proc)
            raise (timed_out or (lambda t: _timed_out(args, t)))(limit) from None
        except BaseException:  # Ctrl-C reaches releaser only: stop git as well
            _stop(proc)
            raise
        return _Done(proc.returncode, out, err)

    def _out(self, *args: str) -> str:
        """git's standard output; GitError (with git's words) when it fails."""
        done = self._git(*args)
        if done.status != 0:
            said = done.err.strip() or done.out.strip()
            raise GitError(f"git {args[0]} failed: {redact(said)}")
        return done.out

    def state(self, remote: str, *, fetch: bool) -> BranchState:
        """HEAD's branch, its upstream (fetched first when asked) and dirty files."""
        if fetch and remote in self._out("remote").split():
            done = self._git("fetch", remote, "--tags", "--quiet")
            if done.status != 0:
                raise GitError(
                    f"git fetch {remote} failed: {redact(done.err.strip())}",
                    hint="check that the remote is reachable and you may read it",
                )
        # one read for the branch, its upstream, how far behind, and every changed file
        out = self._out(
            "--no-optional-locks", "status", "--porcelain=v2", "--branch", "-z",
            "--untracked-files=no",
        )  # fmt: skip
        return _branch_state(out)

    def unshallow(self, remote: str) -> None:
        """Fetch the rest of a shallow clone's history."""
        self._out("fetch", remote, "--unshallow", "--tags", "--quiet")

    def head_sha(self) -> str:
        """The sha of HEAD."""
        return self._out("rev-parse", "--verify", "HEAD^{commit}").strip()

    def commit_time(self, commit: str) -> datetime:
        """When `commit` was committed (its committer date, as git records it)."""
        return datetime.fromisoformat(self._out("log", "-1", "--format=%cI", commit).strip())

    def head_message(self) -> str:
        """The message of HEAD's commit."""
        return self._out("log", "-1", "--format=%B", "HEAD").rstrip("\n")

    def commit(self, files: Sequence[str], message: str) -> str:
        """Commit exactly `files` (no hooks: the message is generated); return the sha."""
        self._out("add", "--", *files)
        self._out("commit", "--no-verify", "-m", message, "--", *files)
        return self.head_sha()

    def tag(self, name: str, message: str, *, sign: bool, commit: str = "HEAD") -> None:
        """Create an annotated (or signed) tag at `commit` (HEAD by default); a lightweight
        one when `message` is "" and it is not signed."""
        if not message and not sign:
            self._out("tag", name, commit)
            return
        self._out("tag", "-s" if sign else "-a", name, "-m", message or name, commit)

    def has_tag(self, name: str) -> str | None:
        """The commit a local tag points at, or None."""
        done = self._git("rev-parse", "--verify", "--quiet", f"refs/tags/{name}^{{commit}}")
        return (done.status == 0 and done.out.strip()) or None

    def remote_refs(self, remote: str, refs: Sequence[str]) -> dict[str, str]:
        """What the remote has for `refs` (ref name -> commit sha, tags peeled)."""
        # A pattern matches the tag ref only; the peeled `^{}` line (the commit an annotated
        # tag points at) has to be asked for by name.
        patterns = [*refs, *(f"{r}^{{}}" for r in refs if r.startswith("refs/tags/"))]
        done = self._git("ls-remote", remote, *patterns)
        if done.status != 0:
            raise GitError(f"cannot read the remote '{remote}': {redact(done.err.strip())}")
        found: dict[str, str] = {}
        for line in done.out.splitlines():
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

        def timed_out(limit: float) -> ReleaserError:
            return PushRejectedError(
                f"git push to '{remote}' timed out after {limit:g} s and was stopped",
                hint="a hook on the remote, or the remote itself, may hang; check them, or "
                "allow longer with RELEASER_GIT_TIMEOUT=SECONDS",
            )

        done = self._git("push", "--atomic", "--porcelain", remote, *refspecs, timed_out=timed_out)
        if done.status == 0:
            return
        refused = [
            f"{ref.split(':')[-1]} ({summary.strip()})"
            for flag, ref, summary in _porcelain(done.out)
            if flag == "!"
        ]
        said = _remote_said(done.err)
        what = ", ".join(refused) or f"git push exited with {done.status}"
        message = f"the remote '{remote}' refused the push: {what}" if refused else what
        if said:
            message += "\nthe remote said:\n" + "\n".join(f"  {line}" for line in said)
        elif not refused:
            lines = [line.strip() for line in done.err.splitlines() if line.strip()]
            message += ": " + redact("; ".join(lines))[:400]
        raise PushRejectedError(redact(message), hint=_push_hint(remote, branch, refused, said))

    def undo_release(self, tag: str, commit: str) -> None:
        """Drop a local release commit and tag that never left the machine."""
        if self.has_tag(tag):
            self._out("tag", "-d", tag)
        if self.head_sha() == commit:
            self._out("reset", "--hard", "HEAD~1")

    @property
    def git_dir(self) -> Path:
        """This work tree's git folder (where a note for the next run can be kept)."""
        if self._git_dir is None:
            self._git_dir = Path(self._out("rev-parse", "--absolute-git-dir").strip())
        return self._git_dir

    def _branch(self) -> str | None:
        """The checked-out branch; None when HEAD is detached."""
        done = self._git("symbolic-ref", "-q", "--short", "HEAD")
        return done.out.strip() or None if done.status == 0 else None

    def _config(self, pattern: str) -> list[tuple[str, str]]:
        """The (key, value) settings whose key matches the regex `pattern`."""
        done = self._git("config", "-z", "--get-regexp", pattern)
        entries = [e.partition("\n") for e in done.out.split("\0") if e]
        return [(key, value) for key, _, value in entries]

    @contextlib.contextmanager
    def committed_copy(self) -> Iterator[Path]:
        """A throwaway clone of this work tree as HEAD has it: same branch, upstream, remotes,
        remote-tracking refs and tags; objects are shared, and nothing here is written."""
        import tempfile

        branch = self._branch()
        head = self.head_sha()
        refs = self._out("for-each-ref", "--format=%(refname) %(objectname)", "refs/remotes")
        remotes = {
            key[len("remote.") : -len(".url")]: url
            for key, url in self._config(r"^remote\..*\.url$")
        }
        with tempfile.TemporaryDirectory(prefix="releaser-plan-") as tmp:
            copy = Path(tmp) / self.root.name
            self._out("clone", "-q", "--shared", "--no-checkout", str(self.root), str(copy))
            git = GitWriter(copy)._out
            for ref in git("for-each-ref", "--format=%(refname)", "refs/remotes").split():
                git("update-ref", "-d", ref)
            git("remote", "remove", "origin")
            for name, url in remotes.items():
                git("remote", "add", name, url)
            for line in refs.splitlines():
                ref, sha = line.split()
                git("update-ref", ref, sha)
            if branch is None:
                git("checkout", "-q", "--detach", head)
            else:
                git("checkout", "-q", "-B", branch, head)
                escaped = re.escape(branch)
                for key, value in self._config(rf"^branch\.{escaped}\.(remote|merge)$"):
                    git("config", key, value)
            yield copy

    def differs_from_head(self, path: str) -> bool:
        """True when the work tree or the index has another `path` than HEAD."""
        out = self._out("status", "--porcelain", "--untracked-files=no", "--", path)
        return bool(out.strip())

    def unstage(self, files: Sequence[str]) -> None:
        """Drop new (not yet committed) files from the index; the work tree keeps them."""
        if files:
            self._out("reset", "-q", "--", *files)

    def restore(self, files: Sequence[str]) -> None:
        """Put tracked files back as HEAD has them (undo stamping after a failed build)."""
        if files:
            self._out("checkout", "HEAD", "--", *files)


def _branch_state(status: str) -> BranchState:
    """The branch, upstream, distance and changed files of `git status --porcelain=v2
    --branch -z` output (a renamed file counts under both its names)."""
    branch = upstream = None
    behind = 0
    dirty: set[str] = set()
    fields = iter(status.split("\0"))
    for entry in fields:
        if entry.startswith("# branch.head "):
            name = entry[len("# branch.head ") :]
            branch = None if name == "(detached)" else name
        elif entry.startswith("# branch.upstream "):
            upstream = entry[len("# branch.upstream ") :]
        elif entry.startswith("# branch.ab "):
            behind = -int(entry.split()[-1])  # "-3": the upstream has 3 commits HEAD lacks
        elif entry.startswith(("1 ", "u ")):
            dirty.add(entry.split(" ", 8 if entry[0] == "1" else 10)[-1])
        elif entry.startswith("2 "):
            dirty.add(entry.split(" ", 9)[-1])
            dirty.add(next(fields))  # the name it had
    return BranchState(branch, upstream, behind, tuple(sorted(dirty)))


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
