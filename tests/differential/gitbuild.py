"""Write a whole git history in one `git fast-import` run.

Commits carry no file changes after the first, which adds the project's pyproject.toml, so
every commit has the same tree and its sha can be worked out here before git writes it: a
revert names the sha of the commit it reverts, as `git revert` does.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

IDENT = "Dev Eloper <dev@example.invalid>"
BASE_EPOCH = 1_700_000_000  # a fixed clock: one minute per commit


@dataclass(frozen=True)
class Tag:
    """A tag on the commit `mark`; annotated tags carry a message."""

    name: str
    mark: int
    annotated: bool = True


@dataclass
class Repo:
    """A history under construction: commits (marks from 1) on `main` and tags."""

    files: dict[str, str]
    commits: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)  # message, parents
    tags: list[Tag] = field(default_factory=list)
    shas: list[str] = field(default_factory=list)
    _tree: str = ""

    def __post_init__(self) -> None:
        self._tree = _tree_sha(self.files)

    def commit(self, message: str, parents: tuple[int, ...]) -> int:
        """Add a commit; returns its mark (its 1-based number)."""
        self.commits.append((message, parents))
        mark = len(self.commits)
        self.shas.append(self._sha(mark, message, parents))
        return mark

    def sha(self, mark: int) -> str:
        """The sha git will give the commit `mark`."""
        return self.shas[mark - 1]

    def tag(self, name: str, mark: int, *, annotated: bool = True) -> None:
        """Tag the commit `mark`."""
        self.tags.append(Tag(name, mark, annotated))

    def _sha(self, mark: int, message: str, parents: tuple[int, ...]) -> str:
        lines = [f"tree {self._tree}"]
        lines += [f"parent {self.sha(p)}" for p in parents]
        stamp = f"{BASE_EPOCH + 60 * mark} +0000"
        lines += [f"author {IDENT} {stamp}", f"committer {IDENT} {stamp}", "", message]
        return _object_sha("commit", "\n".join(lines).encode())

    def stream(self, head: int) -> bytes:
        """The fast-import stream; `main` ends at the commit `head`."""
        out: list[bytes] = []
        for mark, (message, parents) in enumerate(self.commits, start=1):
            stamp = f"{BASE_EPOCH + 60 * mark} +0000"
            out.append(f"commit refs/heads/main\nmark :{mark}\n".encode())
            out.append(f"author {IDENT} {stamp}\ncommitter {IDENT} {stamp}\n".encode())
            out.append(_data(message.encode()))
            if parents:
                out.append(f"from :{parents[0]}\n".encode())
                out.extend(f"merge :{p}\n".encode() for p in parents[1:])
            else:
                for path, text in sorted(self.files.items()):
                    out.append(f"M 100644 inline {path}\n".encode() + _data(text.encode()))
            out.append(b"\n")
        out.append(f"reset refs/heads/main\nfrom :{head}\n\n".encode())
        for number, tag in enumerate(self.tags):
            if tag.annotated:
                stamp = f"{tag_time(tag.mark, number)} +0000"
                out.append(f"tag {tag.name}\nfrom :{tag.mark}\ntagger {IDENT} {stamp}\n".encode())
                out.append(_data(f"Release {tag.name}\n".encode()))
            else:
                out.append(f"reset refs/tags/{tag.name}\nfrom :{tag.mark}\n\n".encode())
        return b"".join(out)

    def write(self, root: Path, head: int, *, origin: str) -> None:
        """Create the repository at `root` with `main` at `head` checked out."""
        env = git_env()
        run = _runner(root, env)
        root.mkdir(parents=True)
        run("init", "-q", "-b", "main")
        run("remote", "add", "origin", origin)
        done = subprocess.run(
            ["git", "fast-import", "--quiet", "--done"],
            input=self.stream(head) + b"done\n",
            cwd=root,
            env=env,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"git fast-import failed: {done.stderr.decode()}")
        run("reset", "-q", "--hard", "main")
        got = run("rev-parse", "main")
        if got != self.sha(head):
            raise AssertionError(f"sha of main: git says {got}, expected {self.sha(head)}")


def tag_time(mark: int, number: int) -> int:
    """When the `number`th annotated tag (counting all tags), on commit `mark`, was made:
    after its commit, and each tag after the one before (lightweight tags carry no date)."""
    return BASE_EPOCH + 60 * mark + 1 + number


def git_env() -> dict[str, str]:
    """Git with no user or system configuration, on a fixed clock."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C")
    return env


def _runner(root: Path, env: dict[str, str]):  # type: ignore[no-untyped-def]
    def run(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout.strip()

    return run


def _data(payload: bytes) -> bytes:
    return f"data {len(payload)}\n".encode() + payload + b"\n"


def _object_sha(kind: str, payload: bytes) -> str:
    return hashlib.sha1(f"{kind} {len(payload)}\0".encode() + payload).hexdigest()


def _tree_sha(files: dict[str, str]) -> str:
    entries = b"".join(
        f"100644 {path}\0".encode() + bytes.fromhex(_object_sha("blob", text.encode()))
        for path, text in sorted(files.items())
    )
    return _object_sha("tree", entries)
