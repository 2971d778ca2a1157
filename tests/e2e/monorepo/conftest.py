"""Fixtures for releasing projects that live in a subfolder of their repository.

The repository root holds no pyproject.toml of its own (or a workspace root's); each
package folder is a buildable project with its own `[tool.releaser]`. The services are
the ones of the `cut` tests: a bare origin, a real pypiserver, the local GitHub server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.action.conftest import action_copy
from tests.e2e.cut.conftest import (
    CUT_TIMEOUT,
    REPOSITORY,
    HoldingGitHubServer,
    Sample,
    _base_env,
    commit_file,
    configure_identity,
    git,
)
from tests.support.github_contract import GitHubContract
from tests.support.github_server import github_contract
from tests.support.monorepo import PACKAGES, make_workspace
from tests.support.package_index import LocalIndex, local_index
from tests.support.sample_project import write_sample_project

__all__ = ["action_copy", "github_contract", "local_index", "subfolder", "workspace"]

SUBDIR = "pkg"
PROJECT = "releaser-sample"
MODULE = "releaser_sample"
TAG_FORMAT = "pkg-v{version}"


def make_subfolder_repo(tmp_path: Path) -> tuple[Path, Path]:
    """A repository whose only project is in `pkg/`, released once as pkg-v0.1.0."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    root = tmp_path / "work"
    project = write_sample_project(
        root / SUBDIR, name=PROJECT, version="0.1.0", backend="flit", readme_format="markdown"
    )
    with (project / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'\n[tool.releaser]\nbuild-isolation = false\ntag-format = "{TAG_FORMAT}"\n')
    (root / "README.md").write_text("# A repository with its package in pkg/\n", "utf-8")
    (root / ".gitignore").write_text("dist/\n*.egg-info/\nbuild/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    configure_identity(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "chore: start the sample project in pkg/")
    git(root, "tag", "-a", "pkg-v0.1.0", "-m", "Release 0.1.0")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "-q", "-u", "origin", "main", "pkg-v0.1.0")
    greet = 'def greet(name: str) -> str:\n    return f"Hello, {name}!"\n'
    commit_file(root, f"{SUBDIR}/{MODULE}/greet.py", greet, "feat(greet): greet people by name")
    git(root, "push", "-q", "origin", "main")
    return root, origin


WORKSPACE_ROOT = """\
[tool.uv.workspace]
members = ["packages/*", "cli"]
exclude = ["packages/scratch"]

[tool.releaser]
branches = ["main"]
build-isolation = false  # no network in tests
"""

# After HISTORY of tests/support/monorepo.py: each package's tag of its next release.
NEXT_TAGS = {"acme": "acme-v1.1.0", "acme-http": "acme-http-v0.4.0", "acme-cli": "acme-cli-v2.1.1"}


class CountingGitHubServer(HoldingGitHubServer):
    """Holds the n-th matching request (`hold_nth`), not only the next one."""

    def hold_nth(self, method: str, path_suffix: str, nth: int) -> None:
        """Hold the `nth` (1-based) `method` request whose path ends with `path_suffix`."""
        self._skip = nth - 1
        self.hold(method, path_suffix)

    def handle(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, bytes, dict[str, str]]:
        held = self._held
        skip = getattr(self, "_skip", 0)
        if held and skip and method == held[0] and raw_path.split("?")[0].endswith(held[1]):
            self._skip = skip - 1
            self._held = None  # let this one through, then hold the next
            try:
                return super().handle(method, raw_path, headers, body)
            finally:
                self._held = held
        return super().handle(method, raw_path, headers, body)


PUSH_COUNTER = """#!/bin/sh
# one line per push: the refs it updated
cat | awk '{print $3}' | tr '\n' ' ' >> "$GIT_DIR/pushes.log"
echo >> "$GIT_DIR/pushes.log"
"""


def make_release_workspace(tmp_path: Path) -> tuple[Path, Path]:
    """The three-package workspace, ready to build, pushed with its tags to `origin.git`."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    repo = make_workspace(tmp_path / "work", origin=str(origin), root_table=WORKSPACE_ROOT)
    (repo.root / ".gitignore").write_text("dist/\n*.egg-info/\nbuild/\n", encoding="utf-8")
    for spec in PACKAGES:  # twine check --strict wants a long description
        pyproject = repo.root / spec.folder / "pyproject.toml"
        text = pyproject.read_text("utf-8").replace("\nlicense", '\nreadme = "README.md"\nlicense')
        pyproject.write_text(text, encoding="utf-8")
        repo.write(f"{spec.folder}/README.md", f"# {spec.name}\n\nPart of the acme workspace.\n")
    repo.commit("chore: ignore build output; a README for every package")
    repo.git("push", "-q", "-u", "origin", "main", "--tags")
    return repo.root, origin


def _services_env(server: HoldingGitHubServer, index: LocalIndex) -> dict[str, str]:
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
    return env


@pytest.fixture
def workspace(
    tmp_path: Path,
    github_contract: GitHubContract,
    local_index: LocalIndex,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Sample]:
    """The three-package uv workspace with its interleaved history, pushed to a bare origin
    that logs each push (`pushes.log`); the GitHub server counts (`hold_nth`)."""
    # three builds in one run: more time than one package's cut gets on a loaded runner
    monkeypatch.setattr("tests.e2e.cut.conftest.CUT_TIMEOUT", 3 * CUT_TIMEOUT)
    root, origin = make_release_workspace(tmp_path)
    hook = origin / "hooks" / "post-receive"
    hook.write_text(PUSH_COUNTER, encoding="utf-8")
    hook.chmod(0o755)
    server = CountingGitHubServer(github_contract)
    with server:
        env = _services_env(server, local_index)
        sample = Sample(
            root,
            origin,
            server,
            local_index,
            env,
            secrets=[server.token, local_index.password],
        )
        try:
            yield sample
        finally:
            server.release()
        for run in sample.runs:
            for secret in sample.secrets:
                assert secret not in run.stdout + run.stderr, f"a secret leaked in:\n{run}"


@pytest.fixture
def subfolder(
    tmp_path: Path, github_contract: GitHubContract, local_index: LocalIndex
) -> Iterator[Sample]:
    """A `Sample` whose project is `pkg/` (root: the repository), ready for 0.1.0 -> 0.2.0."""
    server = HoldingGitHubServer(github_contract)
    with server:
        root, origin = make_subfolder_repo(tmp_path)
        env = _base_env()
        env.update(
            GITHUB_API_URL=server.api_url,
            GH_TOKEN=server.token,
            GITHUB_REPOSITORY=REPOSITORY,
            TWINE_REPOSITORY_URL=local_index.url,
            TWINE_USERNAME=local_index.username,
            TWINE_PASSWORD=local_index.password,
            RELEASER_GITHUB_WRITE_INTERVAL="0",
        )
        sample = Sample(
            root, origin, server, local_index, env, secrets=[server.token, local_index.password]
        )
        try:
            yield sample
        finally:
            server.release()
        for run in sample.runs:
            for secret in sample.secrets:
                assert secret not in run.stdout + run.stderr, f"a secret leaked in:\n{run}"
