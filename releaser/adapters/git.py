"""Reading a git repository: history, tags, remotes.

History is read by one streaming `git log` process, parsed as it arrives, so
memory and time grow with the commits read and nothing else.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypedDict

from releaser.adapters.child_env import without_secrets
from releaser.core.history import RawCommit
from releaser.errors import GitError

if TYPE_CHECKING:
    from typing_extensions import Unpack

DEFAULT_GIT_TIMEOUT = 300.0
# Four fields per commit, each ended by NUL (%x00, and -z after the last): one split of
# the whole output gives them all, and the commits are built at C speed (`_commits`).
_LOG_FORMAT = "--format=%H%x00%P%x00%cI%x00%B"
_UNDATED_FORMAT = "--format=%H%x00%P%x00%x00%B"  # no date: formatting it is 1/7 of git's work
_GRAPH_FORMAT = "--format=%H%x00%P%x00%x00"  # the same records, without date and message
_FIELDS = 4
# git's output is read a cache-sized piece at a time: the pieces, their copies and the
# text decoded from them stay below glibc's mmap threshold (128 KiB), so their memory is
# reused, not mapped afresh for each piece; the pipe is wider, to let git run ahead.
_CHUNK = 1 << 16
_PIPE = 1 << 20
# A tag as (name, object, the commit an annotated tag points at, date).
_TAG_FORMAT = "%(refname:strip=2)%09%(objectname)%09%(*objectname)%09%(creatordate:short)"


_URL_CREDENTIALS = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]+@")


def redact(text: str) -> str:
    """`text` with any credentials inside URLs (https://user:token@host) blanked out."""
    return _URL_CREDENTIALS.sub(r"\g<scheme>***@", text)


_log = logging.getLogger("releaser.git")


def _trace(args: list[str]) -> list[str]:
    """`args`, logged (for -v) as the command a user would type in the work tree."""
    if _log.isEnabledFor(logging.DEBUG):
        shown = args[3:] if args[1:2] == ["-C"] else args[1:]
        _log.debug("+ git %s", redact(" ".join(shown)))
    return args


def _streaming_env() -> dict[str, str]:
    """`git_env()` for a `git log` read through a pipe: git flushes its output after every
    commit when it writes to a pipe, so each commit costs a write and a read; with
    GIT_FLUSH=0 it writes full buffers (a third of the reader's CPU time on 100k commits)."""
    env = git_env()
    env["GIT_FLUSH"] = "0"
    return env


def git_env() -> dict[str, str]:
    """The environment of every git process releaser starts: git's own words in English,
    whatever the user's locale (they are parsed and quoted), no pager, no prompt, and no
    publishing secrets for git and the project's hooks (a push authenticates through its
    remote)."""
    env = without_secrets()
    env.update({"LC_ALL": "C", "LANGUAGE": "C", "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0"})
    return env


def git_timeout() -> float:
    """Seconds any one git command may take: RELEASER_GIT_TIMEOUT, default 300.

    Hooks run inside git commands (a pre-receive hook inside a push), so this bounds them too.
    """
    text = os.environ.get("RELEASER_GIT_TIMEOUT", "").strip()
    try:
        value = float(text) if text else DEFAULT_GIT_TIMEOUT
    except ValueError:
        value = DEFAULT_GIT_TIMEOUT
    return value if 0 < value < float("inf") else DEFAULT_GIT_TIMEOUT


def _timed_out(args: tuple[str, ...] | list[str], timeout: float) -> GitError:
    words = list(args)
    while words[:1] == ["-c"]:  # `-c name=value` settings come before the command
        words = words[2:]
    step = " ".join(words[:3])
    return GitError(
        f"git {step} did not finish within {timeout:g} s and was stopped",
        hint="a git hook or the remote may hang; check them, or allow longer with "
        "RELEASER_GIT_TIMEOUT=SECONDS",
    )


class LogOptions(TypedDict, total=False):
    """What `GitRepository.log_batches` takes besides the revisions."""

    max_count: int | None
    no_merges: bool
    pathspecs: Sequence[str]
    graph_only: bool
    topo_order: bool
    dates: bool


@dataclass(frozen=True, slots=True)
class GitRepository:
    """A work tree that git knows; every call runs git with `-C root`.

    A repository made by `reading_once()` asks git for HEAD, the tag names, the shallowness and
    a remote's URL once, then remembers them: for the stretch where nothing moves them (the
    checks and the plan before a release writes anything). `forget()` after what may.
    """

    root: Path
    _facts: dict[tuple[str, str], Any] | None = field(
        default=None, compare=False, repr=False, kw_only=True
    )

    def reading_once(self) -> GitRepository:
        """This repository, remembering what it read (see the class)."""
        return GitRepository(self.root, _facts={})

    def forget(self) -> None:
        """Read everything from git again (after a fetch, a commit or a tag)."""
        if self._facts is not None:
            self._facts.clear()

    def _once(self, key: tuple[str, str], read: Callable[[], Any]) -> Any:  # noqa: ANN401
        if self._facts is None:
            return read()
        if key not in self._facts:
            self._facts[key] = read()
        return self._facts[key]

    @classmethod
    def open(cls, path: Path) -> GitRepository:
        """The repository containing `path`; GitError when there is none."""
        args = ["git", "-C", str(path), "rev-parse", "--show-toplevel"]
        try:
            done = subprocess.run(
                _trace(args),
                capture_output=True,
                text=True,
                env=git_env(),
                check=False,
                timeout=git_timeout(),
            )
        except FileNotFoundError:
            raise GitError("git is not installed", hint="install git and run again") from None
        except subprocess.TimeoutExpired:
            raise _timed_out(args[3:], git_timeout()) from None
        if done.returncode != 0:
            raise GitError(
                f"{path} is not inside a git repository",
                hint="run releaser from your project's work tree (or `git init` one)",
            )
        return cls(Path(done.stdout.strip()))

    def run(self, *args: str, check: bool = True) -> str:
        """Run one git command and return its standard output."""
        try:
            done = subprocess.run(
                _trace(["git", "-C", str(self.root), *args]),
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=git_env(),
                check=False,
                timeout=git_timeout(),
            )
        except subprocess.TimeoutExpired:
            raise _timed_out(args, git_timeout()) from None
        if check and done.returncode != 0:
            output = done.stderr.strip() or done.stdout.strip()
            raise GitError(f"git {args[0]} failed: {redact(output)}")
        return done.stdout

    def head(self) -> str:
        """The sha of HEAD; GitError when the repository has no commits yet."""
        return str(self._once(("head", ""), self._head))

    def _head(self) -> str:
        sha = self.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False).strip()
        if not sha:
            raise GitError(
                "the repository has no commits yet",
                hint="commit something first: releaser reads the history",
            )
        return sha

    def resolve(self, ref: str) -> str:
        """The commit sha a ref names; GitError for refs git does not know."""
        if ref.startswith("-"):
            raise GitError(f"'{ref}' is not a ref")
        sha = self.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False).strip()
        if not sha:
            raise GitError(
                f"'{ref}' is not a commit, branch or tag in this repository",
                hint="check the name with `git log --oneline -1 REF`",
            )
        return sha

    def tag_refs(self) -> list[tuple[str, str, str]]:
        """Every tag as (name, commit sha, date YYYY-MM-DD); annotated tags are peeled."""
        return _tag_lines(self.run("for-each-ref", f"--format={_TAG_FORMAT}", "refs/tags"))

    def tag_names(self) -> list[str]:
        """The name of every tag: one quick call that opens no tag object."""
        names = self._once(
            ("tags", ""),
            lambda: self.run(
                "for-each-ref", "--format=%(refname:strip=2)", "refs/tags"
            ).splitlines(),
        )
        return list(names)

    def reachable_tag_refs(self, head: str, names: Sequence[str]) -> list[tuple[str, str, str]]:
        """The tags among `names` that `head` reaches, as `tag_refs` gives them.

        One call and one walk of the history, which stops at the oldest of the tags
        asked about: ask about the highest versions first, and few at a time.
        """
        if not names:
            return []
        patterns = [f"refs/tags/{name}" for name in names] if len(names) <= 4096 else ["refs/tags"]
        out = self.run("for-each-ref", f"--merged={head}", f"--format={_TAG_FORMAT}", *patterns)
        wanted = set(names)
        return [ref for ref in _tag_lines(out) if ref[0] in wanted]

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        """True when `ancestor` is reachable from `descendant` (or is it)."""
        args = ["merge-base", "--is-ancestor", ancestor, descendant]
        try:
            done = subprocess.run(
                _trace(["git", "-C", str(self.root), *args]),
                capture_output=True,
                env=git_env(),
                check=False,
                timeout=git_timeout(),
            )
        except subprocess.TimeoutExpired:
            raise _timed_out(args, git_timeout()) from None
        return done.returncode == 0

    def is_shallow(self) -> bool:
        """True for a shallow clone, whose history is cut off."""
        out = self._once(("shallow", ""), lambda: self.run("rev-parse", "--is-shallow-repository"))
        return bool(out.strip() == "true")

    def remote_url(self, remote: str = "origin") -> str | None:
        """The fetch URL of `remote`, or None when there is no such remote."""
        key = f"remote.{remote}.url"
        url = self._once(("config", key), lambda: self.run("config", "--get", key, check=False))
        return str(url).strip() or None

    def log(self, *revisions: str, **options: Unpack[LogOptions]) -> Iterator[RawCommit]:
        """Stream the commits `git log REVISIONS` lists, newest first: `log_batches`, one
        commit at a time."""
        return chain.from_iterable(self.log_batches(*revisions, **options))

    def log_batches(
        self,
        *revisions: str,
        max_count: int | None = None,
        no_merges: bool = False,
        pathspecs: Sequence[str] = (),
        graph_only: bool = False,
        topo_order: bool = False,
        dates: bool = True,
    ) -> Iterator[list[RawCommit]]:
        """Stream the commits `git log REVISIONS` lists, newest first, from one process, as
        lists of the commits each read from git's pipe brings (never an empty one).

        git starts at once, so it can run ahead while the caller does other work; a caller
        that works on whole lists runs no Python line of its own per commit. The process is
        stopped after `git_timeout()` seconds, however far the reading got. With
        `pathspecs`, only the commits that change a path they name (every such commit, also
        on merged branches: `--full-history`); `graph_only` leaves out the dates and
        messages (shas and parents only, a third of the bytes to read); `topo_order` lists
        no parent before all its children (`--topo-order`); without `dates`, the commits'
        dates are left empty (a seventh less work for git).
        """
        for revision in revisions:
            if not revision or revision.startswith("-"):
                raise GitError(f"'{revision}' is not a revision")
        fields = _GRAPH_FORMAT if graph_only else _LOG_FORMAT if dates else _UNDATED_FORMAT
        args = ["git", "-C", str(self.root), "log", "-z", "--encoding=UTF-8", fields]
        if max_count is not None:
            args.append(f"--max-count={max_count}")
        if no_merges:
            args.append("--no-merges")
        if pathspecs:
            args.append("--full-history")
        if topo_order:
            args.append("--topo-order")
        args += [*revisions, "--", *pathspecs]
        proc = subprocess.Popen(
            _trace(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_streaming_env()
        )
        _widen_pipe(proc.stdout)
        return _read_log(proc, revisions, git_timeout())

    def touching(
        self, revisions: Sequence[str], pathspecs: Sequence[str]
    ) -> Callable[[], set[str]]:
        """Start listing the commits among `git log REVISIONS` that change a path `pathspecs`
        names (every such commit, also on merged branches: `--full-history`); the returned
        function waits for the shas. git runs beside whatever the caller does meanwhile."""
        for revision in revisions:
            if not revision or revision.startswith("-"):
                raise GitError(f"'{revision}' is not a revision")
        args = ["git", "-C", str(self.root), "log", "--full-history", "--format=%H"]
        args += [*revisions, "--", *pathspecs]
        proc = subprocess.Popen(
            _trace(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_streaming_env()
        )
        timeout = git_timeout()

        def shas() -> set[str]:
            try:
                out, err = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                raise _timed_out(args[3:], timeout) from None
            if proc.returncode != 0:
                message = redact(err.decode("utf-8", "replace").strip())
                raise GitError(f"git log -- {' '.join(pathspecs)} failed: {message}")
            return set(out.decode("ascii", "replace").split())

        return shas


def _read_log(
    proc: subprocess.Popen[bytes], revisions: tuple[str, ...], timeout: float
) -> Iterator[list[RawCommit]]:
    """Parse `git log -z` output as it arrives, a read at a time; kill git once `timeout`
    seconds have passed."""
    stopped = threading.Event()

    def stop() -> None:
        stopped.set()
        proc.kill()

    timer = threading.Timer(timeout, stop)
    timer.daemon = True
    timer.start()
    try:
        with proc:
            assert proc.stdout is not None
            assert proc.stderr is not None
            pending = b""
            left: list[str] = []  # the fields of a commit cut in two by the chunk's end
            while chunk := proc.stdout.read(_CHUNK):
                data = pending + chunk
                cut = data.rfind(b"\0") + 1  # decode whole fields only, all at once
                pending = data[cut:]
                fields = data[:cut].decode("utf-8", "replace").split("\0")
                fields[-1:] = []  # what follows the last NUL: nothing
                if left:
                    fields[:0] = left
                whole = len(fields) - len(fields) % _FIELDS
                left = fields[whole:]
                if whole:
                    yield _commits(fields, whole)
            if stopped.is_set():
                raise _timed_out(["log"], timeout)
            if pending.strip():  # an older git may not end the last field
                left.append(pending.decode("utf-8", "replace"))
            if len(left) == _FIELDS:
                yield _commits(left, _FIELDS)
            error = redact(proc.stderr.read().decode("utf-8", "replace").strip())
            if proc.wait() != 0:
                if stopped.is_set():
                    raise _timed_out(["log"], timeout)
                raise GitError(f"git log {' '.join(revisions)} failed: {error}")
    finally:
        timer.cancel()


def _tag_lines(out: str) -> list[tuple[str, str, str]]:
    refs = []
    for line in out.splitlines():
        name, obj, peeled, date = line.split("\t")
        refs.append((name, peeled or obj, date))
    return refs


def _widen_pipe(pipe: IO[bytes] | None) -> None:
    """Let git run up to 1 MiB ahead of the parser (Linux; the default pipe holds 64 KiB)."""
    if pipe is None or sys.platform != "linux":
        return
    import fcntl

    with contextlib.suppress(OSError):
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, _PIPE)


_new = tuple.__new__  # a NamedTuple built without its Python-level __new__


def _commits(fields: list[str], end: int) -> list[RawCommit]:
    """The commits of the first `end` fields (sha, parents, date, message, ...), mapped
    at C speed: no Python line runs per commit."""
    parents = map(tuple, map(str.split, fields[1:end:_FIELDS]))
    messages = map(str.rstrip, fields[3:end:_FIELDS], repeat("\n"))
    rows = zip(fields[0:end:_FIELDS], parents, fields[2:end:_FIELDS], messages, strict=True)
    return list(map(_new, repeat(RawCommit), rows))
