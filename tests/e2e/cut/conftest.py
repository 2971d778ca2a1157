"""Fixtures for the `releaser cut` end-to-end tests.

Each test gets a sample project in a real git repository with a bare `origin`
on disk, a real pypiserver (`local_index`) and the local GitHub server
(`github_server`, checked against GitHub's OpenAPI). `releaser cut` runs as a
subprocess of this Python, exactly as a user runs it; every run's output is
kept so teardown can prove no secret was ever printed.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.github_contract import GitHubContract
from tests.support.github_server import GitHubServer, github_contract
from tests.support.package_index import LocalIndex, local_index
from tests.support.sample_project import write_sample_project

__all__ = ["github_contract", "local_index", "sample"]

REPOSITORY = "octo-org/demo"
PROJECT = "releaser-sample"
MODULE = "releaser_sample"
AUDIT_DB = Path(__file__).parents[2] / "audit" / "fixtures" / "osv"
CUT_TIMEOUT = 120

# Variables of the machine running the tests that would steer releaser elsewhere.
_FOREIGN_PREFIXES = ("RELEASER_", "TWINE_", "GH_", "GITHUB_", "PYPI_", "GIT_")


def git(cwd: Path, *args: str, check: bool = True) -> str:
    """Run git in `cwd` and return its stdout (stripped)."""
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
    )
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip()


def configure_identity(repo: Path) -> None:
    """Per-repository identity: tests never depend on the machine's git config."""
    git(repo, "config", "user.name", "Release Tester")
    git(repo, "config", "user.email", "tester@example.invalid")
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "config", "tag.gpgsign", "false")


def commit_file(repo: Path, path: str, text: str, message: str) -> str:
    """Write `path`, commit it with `message`; return the new sha."""
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    git(repo, "add", path)
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@dataclass
class CutRun:
    """One finished `releaser cut` subprocess."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    def errors(self) -> list[str]:
        """The `error:` lines on stderr."""
        return [line for line in self.stderr.splitlines() if line.startswith("error: ")]

    def __str__(self) -> str:
        return (
            f"releaser cut {' '.join(self.args)} -> {self.returncode}\n"
            f"--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"
        )


@dataclass
class Sample:
    """The sample project, its origin, and the services it releases to."""

    root: Path
    origin: Path
    server: HoldingGitHubServer
    index: LocalIndex
    env: dict[str, str]
    runs: list[CutRun] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)

    # -- running releaser ---------------------------------------------------------------------

    def command(self, *args: str) -> list[str]:
        """The argv of `releaser cut ARGS` run by this Python."""
        return [sys.executable, "-m", "releaser", "cut", *args]

    def cut(
        self,
        *args: str,
        expect: int | None = 0,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> CutRun:
        """Run `releaser cut ARGS` in the project; check the exit code unless expect is None."""
        done = subprocess.run(
            self.command(*args),
            cwd=cwd or self.root,
            env=dict(env if env is not None else self.env),
            capture_output=True,
            text=True,
            check=False,
            timeout=CUT_TIMEOUT,
        )
        run = CutRun(tuple(args), done.returncode, done.stdout, done.stderr)
        self.record(run)
        if expect is not None:
            assert run.returncode == expect, str(run)
        return run

    def cut_killed_when(
        self, arrived: threading.Event, *args: str, timeout: float = CUT_TIMEOUT
    ) -> CutRun:
        """Run `releaser cut`, SIGKILL it once `arrived` is set (a held request came in)."""
        out, err = self.root.parent / "killed.out", self.root.parent / "killed.err"
        with out.open("w") as stdout, err.open("w") as stderr:
            proc = subprocess.Popen(
                self.command(*args), cwd=self.root, env=self.env, stdout=stdout, stderr=stderr
            )
            try:
                assert arrived.wait(timeout=timeout), "releaser never got that far"
                os.kill(proc.pid, signal.SIGKILL)
                assert proc.wait(timeout=30) == -signal.SIGKILL
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        run = CutRun(args, -signal.SIGKILL, out.read_text(), err.read_text())
        self.record(run)
        return run

    def record(self, run: CutRun) -> None:
        """Keep a run's output for the secrets check; fail fast on a traceback."""
        self.runs.append(run)
        if os.environ.get("RELEASER_E2E_SHOW"):  # for looking at what users would see
            print(run)
        assert "Traceback" not in run.stderr + run.stdout, str(run)

    def env_without(self, *names: str, **extra: str) -> dict[str, str]:
        """This sample's environment minus `names`, plus `extra`."""
        env = {k: v for k, v in self.env.items() if k not in names}
        env.update(extra)
        return env

    # -- what the world looks like ------------------------------------------------------------

    def tree_state(self, root: Path | None = None) -> dict[str, Any]:
        """Work tree, index and refs of a clone: status, file hashes, refs and HEAD."""
        root = root or self.root
        files = {
            str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(root).parts
        }
        return {
            "status": git(root, "status", "--porcelain", "--untracked-files=all"),
            "files": files,
            "index": git(root, "ls-files", "--stage"),
            "refs": git(root, "for-each-ref", "--format=%(refname) %(objectname)"),
            "head": git(root, "rev-parse", "HEAD"),
            "symbolic": git(root, "symbolic-ref", "-q", "HEAD", check=False),
        }

    def remote_refs(self) -> str:
        """Every ref of the bare origin with what it points at."""
        return git(self.origin, "for-each-ref", "--format=%(refname) %(objectname)")

    def world(self, root: Path | None = None) -> dict[str, Any]:
        """Everything a release could change: repository, remote, GitHub, package index."""
        return {
            "repository": self.tree_state(root),
            "remote": self.remote_refs(),
            "github_releases": self.server.releases(REPOSITORY),
            "github_uploads": sorted(self.server.uploads),
            "github_writes": [e for e in self.server.log if e.method != "GET"],
            "index": self.index.files(),
        }

    def remote_tags(self) -> list[str]:
        """Tag names on the bare origin."""
        return git(self.origin, "tag", "--list").split()

    def assert_released_once(self, tag: str, pep440: str) -> None:
        """Exactly one tag, one published GitHub release and one upload per file."""
        assert self.remote_tags().count(tag) == 1
        assert git(self.origin, "cat-file", "-t", f"refs/tags/{tag}") == "tag"  # annotated
        releases = [r for r in self.server.releases(REPOSITORY) if r["tag_name"] == tag]
        assert len(releases) == 1, releases
        assert releases[0]["draft"] is False
        names = sorted(a["name"] for a in releases[0]["assets"])
        sdist, wheel = f"{MODULE}-{pep440}.tar.gz", f"{MODULE}-{pep440}-py3-none-any.whl"
        sbom = [f"{PROJECT}-{pep440}.cdx.json"] if any(".cdx." in n for n in names) else []
        assert names == sorted([sdist, wheel, "SHA256SUMS", *sbom])
        uploads = [e for e in self.server.log if e.method == "POST" and e.path.endswith("/assets")]
        assert sorted(e.query["name"] for e in uploads if e.status == 201) == names
        index_files = sorted(n for n in self.index.files() if pep440 in n)
        assert index_files == sorted([sdist, wheel])
        assert self.server.violations == []


def _base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_FOREIGN_PREFIXES)}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ in the sample's work tree
    env["COLUMNS"] = "200"
    return env


def make_repo(
    tmp_path: Path, pyproject_extra: str = "", backend: str = "flit"
) -> tuple[Path, Path]:
    """The sample project, released once as v0.1.0, plus a feat and a fix; and its bare origin.

    Its build backend is flit-core (fast); `backend="setuptools"` for what only setuptools
    has (setup.py, `attr:` versions, setuptools-scm, an in-tree build/ folder). Each is made
    once per test process and copied: the same commits, for a fraction of the git runs.
    """
    template = _TEMPLATES.get((pyproject_extra, backend))
    if template is None:
        template = Path(tempfile.mkdtemp(prefix="releaser-sample-"))
        atexit.register(shutil.rmtree, template, ignore_errors=True)
        _make_repo(template, pyproject_extra, backend)
        _TEMPLATES[(pyproject_extra, backend)] = template
    origin, root = tmp_path / "origin.git", tmp_path / "work"
    shutil.copytree(template / "origin.git", origin, symlinks=True)
    shutil.copytree(template / "work", root, symlinks=True)
    git(root, "remote", "set-url", "origin", str(origin))
    return root, origin


_TEMPLATES: dict[tuple[str, str], Path] = {}


def _make_repo(tmp_path: Path, pyproject_extra: str, backend: str) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    # a Markdown README, as most projects on PyPI have (twine renders reStructuredText only;
    # that rendering and its failures are tested in tests/integration/index)
    root = write_sample_project(
        tmp_path / "work", name=PROJECT, version="0.1.0", backend=backend, readme_format="markdown"
    )
    with (root / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[tool.releaser]\nbuild-isolation = false\n" + pyproject_extra)
    (root / ".gitignore").write_text("dist/\n*.egg-info/\nbuild/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    configure_identity(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "chore: start the sample project")
    git(root, "tag", "-a", "v0.1.0", "-m", "Release 0.1.0")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "-q", "-u", "origin", "main", "v0.1.0")
    greet = 'def greet(name: str) -> str:\n    return f"Hello, {name}!"\n'
    commit_file(root, f"{MODULE}/greet.py", greet, "feat(greet): greet people by name")
    commit_file(
        root, f"{MODULE}/greet.py", greet.replace("Hello", "Hi"), "fix(greet): a shorter greeting"
    )
    git(root, "push", "-q", "origin", "main")


def _sample(
    tmp_path: Path, server: HoldingGitHubServer, index: LocalIndex, backend: str = "flit"
) -> Iterator[Sample]:
    root, origin = make_repo(tmp_path, backend=backend)
    env = _base_env()
    env.update(
        GITHUB_API_URL=server.api_url,
        GH_TOKEN=server.token,
        GITHUB_REPOSITORY=REPOSITORY,
        TWINE_REPOSITORY_URL=index.url,
        TWINE_USERNAME=index.username,
        TWINE_PASSWORD=index.password,
        RELEASER_GITHUB_WRITE_INTERVAL="0",
    )
    result = Sample(root, origin, server, index, env, secrets=[server.token, index.password])
    yield result
    for run in result.runs:
        for secret in result.secrets:
            assert secret not in run.stdout + run.stderr, f"a secret leaked in:\n{run}"


class HoldingGitHubServer(GitHubServer):
    """The local GitHub server, able to hold one kind of request until the test lets it go.

    `hold(method, pattern)` makes the next matching request wait (before it is answered)
    until `release()`; `arrived` is set when it starts waiting, so a test can act
    (e.g. kill the client) while the client waits for the answer.
    """

    def __init__(self, contract: GitHubContract) -> None:
        super().__init__(contract)
        self.arrived = threading.Event()
        self._gate = threading.Event()
        self._held: tuple[str, str, str | None] | None = None
        self._failing_uploads: dict[str, int] = {}

    def hold(self, method: str, path_suffix: str, *, name: str | None = None) -> None:
        """Hold the next `method` request whose path ends with `path_suffix`.

        With `name`, only a request whose `name` query parameter (an upload's file) is that.
        """
        self._held = (method.upper(), path_suffix, name)

    def fail_uploads_of(self, name: str, status: int, times: int) -> None:
        """Answer the next `times` uploads of the asset `name` with `status`."""
        self._failing_uploads[name] = times
        self._upload_status = status

    def clear_faults(self) -> None:
        """Forget the faults still pending (an outage ends)."""
        with self._lock:
            self._faults.clear()
            self._failing_uploads.clear()

    def release(self) -> None:
        """Let the held request go on."""
        self._gate.set()

    def handle(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, bytes, dict[str, str]]:
        held = self._held
        name = parse_qs(urlsplit(raw_path).query).get("name", [""])[0]
        if (
            held
            and method == held[0]
            and raw_path.split("?")[0].endswith(held[1])
            and held[2] in (None, name)
        ):
            self._held = None
            self.arrived.set()
            self._gate.wait(timeout=CUT_TIMEOUT)
        if method == "POST" and self._failing_uploads.get(name, 0) > 0:
            self._failing_uploads[name] -= 1
            self.fail_next("POST", r"/assets$", self._upload_status)  # taken by this request
        return super().handle(method, raw_path, headers, body)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "setuptools_sample: the `sample` fixture's project builds with setuptools"
    )


@pytest.fixture
def sample(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    github_contract: GitHubContract,
    local_index: LocalIndex,
) -> Iterator[Sample]:
    """The sample project with unreleased commits, ready for `releaser cut` (0.1.0 -> 0.2.0).

    Its GitHub server is a `HoldingGitHubServer` (`sample.server.hold(...)`). It builds with
    flit-core, or with setuptools under `@pytest.mark.setuptools_sample`.
    """
    backend = "setuptools" if request.node.get_closest_marker("setuptools_sample") else "flit"
    server = HoldingGitHubServer(github_contract)
    with server:
        try:
            yield from _sample(tmp_path, server, local_index, backend)
        finally:
            server.release()


def audit_table(body: str) -> str:
    """A [tool.releaser.audit] table from its body."""
    return "\n[tool.releaser.audit]\n" + textwrap.dedent(body)
