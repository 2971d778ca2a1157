"""Build small, deterministic git histories in a folder, for tests of releaser on real repositories.

`make_history(path, steps)` runs real git. Each step is one string:

- `"tag v1.0.0"` annotated tag on HEAD, `"ltag v1.0.0"` lightweight tag,
- `"branch NAME"` create and switch to a branch, `"checkout NAME"` switch back,
- `"merge NAME"` a merge commit (`--no-ff`) of branch NAME into the current branch,
- `"revert LABEL"` a commit as `git revert` writes it, reverting the commit labelled LABEL
  (`"revert LABEL @NEW"` labels the revert itself),
- anything else is a commit message (`--allow-empty`); `"msg @label"` labels it for later steps.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

BASE_EPOCH = 1_700_000_000  # 2023-11-14, a fixed clock for authors, committers and taggers


class History:
    """A repository under construction; `shas` maps labels to commit shas."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.shas: dict[str, str] = {}
        self.tick = 0

    def _env(self) -> dict[str, str]:
        # The clock moves one day per commit or tag (see `git`), so dates are stable and distinct.
        stamp = f"{BASE_EPOCH + self.tick * 86400} +0000"
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(
            GIT_AUTHOR_DATE=stamp,
            GIT_COMMITTER_DATE=stamp,
            GIT_CONFIG_NOSYSTEM="1",
            GIT_CONFIG_GLOBAL=os.devnull,
            LC_ALL="C",
        )
        return env

    def git(self, *args: str) -> str:
        """Run git in the repository and return its output (stripped)."""
        if args[0] in ("commit", "tag", "merge"):
            self.tick += 1
        done = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env=self._env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout.strip()

    def commit(self, message: str, label: str | None = None) -> str:
        """An empty commit with `message`; returns its sha."""
        self.git("commit", "--allow-empty", "-q", "--cleanup=verbatim", "-m", message)
        sha = self.sha("HEAD")
        if label:
            self.shas[label] = sha
        return sha

    def sha(self, ref: str) -> str:
        """The commit a ref names."""
        return self.git("rev-parse", f"{ref}^{{commit}}")

    def tag(self, name: str, *, annotated: bool = True, ref: str = "HEAD") -> None:
        """Tag `ref` (annotated by default)."""
        if annotated:
            self.git("tag", "-a", name, "-m", f"Release {name}", ref)
        else:
            self.git("tag", name, ref)

    def merge(self, branch: str, message: str | None = None) -> str:
        """Merge `branch` with a merge commit; returns its sha."""
        self.git("merge", "--no-ff", "-q", "-m", message or f"Merge branch '{branch}'", branch)
        return self.sha("HEAD")

    def revert(self, label: str, new_label: str | None = None) -> str:
        """A commit with git's own revert message for the commit labelled `label`."""
        sha = self.shas[label]
        header = self.git("log", "-1", "--format=%s", sha)
        return self.commit(f'Revert "{header}"\n\nThis reverts commit {sha}.\n', new_label)

    def apply(self, steps: Iterable[str]) -> History:
        """Run the steps of the small language described in the module docstring."""
        for step in steps:
            verb, _, arg = step.partition(" ")
            if verb == "tag":
                self.tag(arg)
            elif verb == "ltag":
                self.tag(arg, annotated=False)
            elif verb == "branch":
                self.git("switch", "-q", "-c", arg)
            elif verb == "checkout":
                self.git("switch", "-q", arg)
            elif verb == "merge":
                self.merge(arg)
            elif verb == "revert":
                target, _, new_label = arg.partition(" @")
                self.revert(target, new_label or None)
            else:
                message, label = step, None
                if " @" in step:
                    message, _, label = step.rpartition(" @")
                self.commit(message, label)
        return self


def init_repo(root: Path, *, origin: str | None = None) -> History:
    """An empty repository on branch main with a local identity (CI has no global one)."""
    root.mkdir(parents=True, exist_ok=True)
    history = History(root)
    history.git("init", "-q", "-b", "main")
    history.git("config", "user.name", "Releaser Test")
    history.git("config", "user.email", "rt@example.invalid")
    history.git("config", "commit.gpgsign", "false")
    history.git("config", "tag.gpgsign", "false")
    if origin is not None:
        history.git("remote", "add", "origin", origin)
    return history


def make_history(root: Path, steps: Iterable[str], *, origin: str | None = None) -> History:
    """A repository at `root` built from `steps` (see the module docstring)."""
    return init_repo(root, origin=origin).apply(steps)


def make_bare_origin(root: Path) -> Path:
    """A bare repository to push to; returns its path."""
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(root)], check=True)
    return root


MakeHistory = Callable[..., History]
