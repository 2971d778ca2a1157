"""Build synthetic git repositories of N Conventional Commits for the benchmarks.

The history is generated as one `git fast-import` stream from a fixed seed and
fixed dates, so the same size always gives the same repository (same shas).
Every commit changes one file.  The mix imitates a real project: feat/fix/perf/
docs/chore/refactor with scopes, a few breaking changes (`!` and footers),
bodies, issue references, some non-conventional noise and fixup commits, a few
merged side branches and reverts, and a release commit tagged `vX.Y.Z` every
50 commits, annotated or lightweight.  The last release is always 25 commits
before HEAD, so `releaser next` sees the same work at every size.

The many-tags flavour (`--many-tags`) adds an unmerged branch forked from the last
release with 300 commits, each tagged with a version higher than any on main: tags
HEAD cannot reach, which `releaser next` must not pay for one by one.

Usage: python bench/make_history.py --sizes 1000,10000 [--many-tags] [--out bench/.repos]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

# Bump when the generated history changes, so cached repositories are rebuilt.
FORMAT_VERSION = 1
SEED = 20240601
RELEASE_EVERY = 50
TAIL = 25  # commits after the last release
SIDE_TAGS = 300  # tags on the unmerged branch of the many-tags flavour
START_EPOCH = 1_500_000_000
AUTHOR = "Bench Author <bench@example.com>"
DEFAULT_OUT = Path(__file__).resolve().parent / ".repos"

TYPES = [("feat", 22), ("fix", 28), ("perf", 4), ("docs", 10), ("chore", 12), ("refactor", 10)]
TYPES += [("test", 5), ("ci", 3), ("build", 2), ("style", 1)]
SCOPES = ["api", "cli", "core", "parser", "db", "auth", "ui", "config", "deps", "io", None, None]
VERBS = ["add", "handle", "support", "remove", "improve", "rework", "cache", "validate", "allow"]
NOUNS = [
    "retry on timeout",
    "unicode paths",
    "empty input",
    "large files",
    "config reload",
    "error messages",
    "token refresh",
    "parallel jobs",
    "windows line endings",
    "pagination",
    "dry-run mode",
    "progress bar",
]
NOISE = ["Update README.md", "wip", "fix typo", "Initial import of vendored code", "tweak", "oops"]
CZ_TOML = '[tool.commitizen]\nname = "cz_conventional_commits"\ntag_format = "v$version"\n'
CZ_TOML += 'version_provider = "scm"\nupdate_changelog_on_bump = false\n'


@dataclass
class _State:
    """What the generator must remember while it writes the stream."""

    rng: random.Random
    mark: int = 0
    head: int = 0
    clock: int = START_EPOCH
    commits: int = 0
    version: tuple[int, int, int] = (0, 0, 0)
    level: int = 0  # bump level since the last release: 0 none, 1 patch, 2 minor, 3 major
    # (mark, header) of conventional commits since the last release, revert candidates
    recent: list[tuple[int, str]] = field(default_factory=list)
    older: list[tuple[int, str]] = field(default_factory=list)
    tags: int = 0
    last_release: int = 0  # mark of the last release commit


def repo_path(out: Path, size: int, *, many_tags: bool = False) -> Path:
    """Return where the repository of `size` commits is cached under `out`."""
    flavour = "-tags" if many_tags else ""
    return out / f"history-{size}-s{SEED}-f{FORMAT_VERSION}{flavour}"


def ensure_repo(size: int, out: Path = DEFAULT_OUT, *, many_tags: bool = False) -> Path:
    """Return the cached repository of `size` commits, building it first if needed."""
    path = repo_path(out, size, many_tags=many_tags)
    if (path / ".git" / "bench-complete").exists():
        return path
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"building-{size}-", dir=out))
    try:
        _build(tmp, size, side_tags=SIDE_TAGS if many_tags else 0)
        if path.exists():
            shutil.rmtree(path)
        tmp.rename(path)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return path


def _git(repo: Path, *args: str) -> str:
    env = _git_env()
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(key, None)
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    return env


def _build(repo: Path, size: int, *, side_tags: int = 0) -> None:
    """Create a repository at `repo` holding `size` commits (plus `side_tags` unmerged ones)."""
    if size < RELEASE_EVERY + TAIL:
        raise SystemExit(f"size must be at least {RELEASE_EVERY + TAIL}")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.name", "Bench Author")
    _git(repo, "config", "user.email", "bench@example.com")
    # fast-import grows and trims its heap on every object; with glibc's defaults that is
    # ~90% of its run time in brk().  A large top pad / trim threshold makes it 4x faster.
    env = _git_env() | {"MALLOC_TOP_PAD_": str(256 << 20), "MALLOC_TRIM_THRESHOLD_": str(512 << 20)}
    proc = subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done"],
        cwd=repo,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    state = _State(rng=random.Random(SEED * 1_000_003 + size))
    writer = _Writer(proc.stdin, proc.stdout)
    _generate(writer, state, size)
    if side_tags:
        _side_tags(writer, state, side_tags)
    writer.raw(b"done\n")
    writer.flush()
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed")
    _git(repo, "reset", "-q", "--hard", "main")
    # What `git gc` would leave behind in a real clone: packed refs and a commit-graph.
    _git(repo, "pack-refs", "--all")
    _git(repo, "commit-graph", "write", "--reachable")
    count = int(_git(repo, "rev-list", "--count", "HEAD"))
    if count != size:
        raise SystemExit(f"generated {count} commits, wanted {size}")
    (repo / ".git" / "bench-complete").write_text(f"{size} commits, {state.tags} tags\n")


class _Writer:
    """Writes fast-import commands; asks fast-import for a mark's sha when a revert needs it."""

    def __init__(self, stdin: IO[bytes], stdout: IO[bytes]) -> None:
        self._in = stdin
        self._out = stdout
        self._buf = bytearray()  # big writes: many small pipe writes cost more than the import

    def raw(self, data: bytes) -> None:
        self._buf += data
        if len(self._buf) > 1 << 20:
            self.flush()

    def data(self, text: str) -> None:
        payload = text.encode()
        self._buf += b"data %d\n" % len(payload)
        self._buf += payload
        self.raw(b"\n")

    def flush(self) -> None:
        self._in.write(self._buf)
        self._in.flush()
        self._buf.clear()

    def sha_of(self, mark: int) -> str:
        self._buf += b"get-mark :%d\n" % mark
        self.flush()
        return self._out.readline().decode().strip()


def _generate(w: _Writer, st: _State, size: int) -> None:
    """Write `size` commits: normal work, side branches, reverts and release commits."""
    st.head = _commit(w, st, "chore: initial commit\n", files=_initial_files(), parents=[])
    while st.commits < size:
        left = size - st.commits
        since_release = st.commits % RELEASE_EVERY
        if since_release == RELEASE_EVERY - TAIL - 1 and left > TAIL:
            _release(w, st)
        elif st.rng.random() < 0.004 and left > 2 and since_release < RELEASE_EVERY - TAIL - 3:
            _side_branch(w, st)
        elif st.rng.random() < 0.003 and (st.recent or st.older):
            _revert(w, st)
        else:
            _work(w, st)


def _initial_files() -> dict[str, str]:
    return {
        ".cz.toml": CZ_TOML,
        "pyproject.toml": _pyproject("0.0.0"),
        "README.md": "# bench\n\nSynthetic history for releaser benchmarks.\n",
    }


def _pyproject(version: str) -> str:
    return f'[project]\nname = "bench"\nversion = "{version}"\n'


def _commit(
    w: _Writer,
    st: _State,
    message: str,
    files: dict[str, str],
    parents: list[int],
    ref: str = "refs/heads/main",
) -> int:
    """Write one commit and return its mark."""
    st.mark += 1
    st.commits += 1
    st.clock += 600 + st.rng.randrange(7200)
    w.raw(f"commit {ref}\nmark :{st.mark}\n".encode())
    w.raw(f"author {AUTHOR} {st.clock} +0000\ncommitter {AUTHOR} {st.clock} +0000\n".encode())
    w.data(message)
    if parents:
        w.raw(f"from :{parents[0]}\n".encode())
    for extra in parents[1:]:
        w.raw(f"merge :{extra}\n".encode())
    for path, content in files.items():
        w.raw(f"M 100644 inline {path}\n".encode())
        w.data(content)
    w.raw(b"\n")
    return st.mark


def _one_file(st: _State) -> dict[str, str]:
    # 200 files in 10 folders: each commit rewrites two small trees, as in a real layout
    number = st.rng.randrange(200)
    path = f"src/bench/pkg{number // 20}/mod_{number:03d}.py"
    return {path: f"# revision {st.commits}\nVALUE = {st.rng.randrange(10**6)}\n"}


def _work(w: _Writer, st: _State, parent: int | None = None) -> int:
    """Write one ordinary commit on top of `parent` (default: main's head)."""
    message, header, level = _message(st)
    mark = _commit(w, st, message, _one_file(st), [st.head if parent is None else parent])
    if parent is None:
        st.head = mark
    st.level = max(st.level, level)
    if level and header:
        st.recent.append((mark, header))
    return mark


def _message(st: _State) -> tuple[str, str | None, int]:
    """Return (full message, conventional header or None, bump level)."""
    rng = st.rng
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(NOISE) + "\n", None, 0
    if roll < 0.06:
        return f"fixup! fix: {rng.choice(NOUNS)}\n", None, 0
    kind = rng.choices([t for t, _ in TYPES], weights=[wt for _, wt in TYPES])[0]
    scope = rng.choice(SCOPES)
    bang = rng.random() < 0.002
    header = f"{kind}{f'({scope})' if scope else ''}{'!' if bang else ''}: "
    header += f"{rng.choice(VERBS)} {rng.choice(NOUNS)}"
    if rng.random() < 0.2:
        header += f" (#{rng.randrange(1, 5000)})"
    parts = [header]
    if rng.random() < 0.4:
        parts.append(_body(rng))
    footers = []
    breaking_footer = rng.random() < 0.002
    if breaking_footer:
        footers.append(
            "BREAKING CHANGE: the old behaviour is gone;\n  migrate by renaming the key."
        )
    if rng.random() < 0.25:
        footers.append(rng.choice(["Refs", "Closes", "Fixes"]) + f" #{rng.randrange(1, 5000)}")
    if rng.random() < 0.1:
        footers.append("Reviewed-by: Some One <one@example.com>")
    if footers:
        parts.append("\n".join(footers))
    level = 3 if bang or breaking_footer else {"feat": 2, "fix": 1, "perf": 1}.get(kind, 0)
    return "\n\n".join(parts) + "\n", header, level


def _body(rng: random.Random) -> str:
    words = [rng.choice(NOUNS) for _ in range(rng.randrange(3, 12))]
    text = "This change touches " + ", ".join(words) + "."
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) > 70:
            lines.append(line)
            line = ""
        line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _side_branch(w: _Writer, st: _State) -> None:
    """A feature branch of one commit forked from an earlier commit, merged with a merge commit."""
    fork = max(1, st.head - st.rng.randrange(1, 4))
    side = _work(w, st, parent=fork)
    number = st.rng.randrange(1, 5000)
    message = f"Merge pull request #{number} from someone/topic-{number}\n\nTopic branch\n"
    st.head = _commit(w, st, message, _one_file(st), [st.head, side])


def _revert(w: _Writer, st: _State) -> None:
    """Revert a commit from the current release range (cancels it) or from an older one."""
    pool = st.recent if st.recent and (not st.older or st.rng.random() < 0.5) else st.older
    mark, header = pool.pop(st.rng.randrange(len(pool)))
    sha = w.sha_of(mark)
    message = f'Revert "{header}"\n\nThis reverts commit {sha}.\n'
    st.head = _commit(w, st, message, _one_file(st), [st.head])


def _release(w: _Writer, st: _State) -> None:
    """Write a `chore(release)` commit bumping pyproject.toml and tag it."""
    major, minor, patch = st.version
    if st.version == (0, 0, 0):
        major, minor, patch = 1, 0, 0
    elif st.level == 3:
        major, minor, patch = major + 1, 0, 0
    elif st.level == 2:
        minor, patch = minor + 1, 0
    else:
        patch += 1
    st.version = (major, minor, patch)
    version = f"{major}.{minor}.{patch}"
    message = f"chore(release): {version}\n"
    st.head = _commit(w, st, message, {"pyproject.toml": _pyproject(version)}, [st.head])
    tag = f"v{version}"
    if st.tags % 2 == 0:
        w.raw(f"tag {tag}\nfrom :{st.head}\ntagger {AUTHOR} {st.clock} +0000\n".encode())
        w.data(f"Release {version}\n")
    else:
        w.raw(f"reset refs/tags/{tag}\nfrom :{st.head}\n\n".encode())
    st.tags += 1
    st.last_release = st.head
    st.level = 0
    st.older = (st.older + st.recent)[-200:]
    st.recent = []


def _side_tags(w: _Writer, st: _State, count: int) -> None:
    """An unmerged branch from the last release, each commit tagged above every main version."""
    parent = st.last_release
    major = st.version[0] + 1
    for number in range(count):
        message = f"feat(next): step {number}\n"
        parent = _commit(w, st, message, _one_file(st), [parent], ref="refs/heads/next")
        tag = f"v{major}.{number}.0"
        if number % 2 == 0:
            w.raw(f"tag {tag}\nfrom :{parent}\ntagger {AUTHOR} {st.clock} +0000\n".encode())
            w.data(f"Release {tag}\n")
        else:
            w.raw(f"reset refs/tags/{tag}\nfrom :{parent}\n\n".encode())
        st.tags += 1


def _iter_sizes(text: str) -> Iterator[int]:
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if part.endswith("k"):
            yield int(part[:-1]) * 1000
        elif part:
            yield int(part)


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the repositories named on the command line and print their paths."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated, 10k ok")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="cache directory")
    parser.add_argument("--many-tags", action="store_true", help="add 300 unreachable tags")
    args = parser.parse_args(argv)
    for size in _iter_sizes(args.sizes):
        start = time.perf_counter()
        path = ensure_repo(size, args.out, many_tags=args.many_tags)
        took = time.perf_counter() - start
        info = (path / ".git" / "bench-complete").read_text().strip()
        print(f"{size:>7} commits: {path} ({info}; {took:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
