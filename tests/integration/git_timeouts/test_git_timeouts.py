"""Issue 9 item 10: no git command (nor a hook inside one) can hold a release forever.

Every git call has a time limit (RELEASER_GIT_TIMEOUT, default 300 s); the error names the
git step that was stopped. A real bare remote whose pre-receive hook sleeps plays the hang.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from releaser.adapters.git import GitRepository
from releaser.adapters.git_release import GitWriter
from releaser.errors import GitError, ReleaserError

HANG = 30  # seconds a hook sleeps: far beyond the 2 s limit the tests set


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RELEASER_GIT_TIMEOUT", "2")
    origin = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    hook = origin / "hooks" / "pre-receive"
    hook.write_text(f"#!/bin/sh\nexec sleep {HANG}\n", encoding="utf-8")
    hook.chmod(0o755)
    root = tmp_path / "work"
    _git(tmp_path, "init", "-q", "-b", "main", str(root))
    _git(root, "commit", "-q", "--allow-empty", "-m", "chore: start")
    _git(root, "tag", "-a", "v1.0.0", "-m", "v1.0.0")
    _git(root, "remote", "add", "origin", str(origin))
    return root


def test_push_held_by_a_sleeping_pre_receive_hook_is_stopped(project: Path) -> None:
    started = time.monotonic()
    with pytest.raises(ReleaserError) as caught:
        GitWriter(project).push("origin", "main", "v1.0.0")
    assert time.monotonic() - started < HANG / 3
    assert "git push" in caught.value.message
    assert "timed out" in caught.value.message


def test_hanging_git_read_is_stopped_and_names_the_step(project: Path) -> None:
    repo = GitRepository(project)
    started = time.monotonic()
    with pytest.raises(GitError) as caught:
        repo.run("-c", f"core.fsmonitor=sleep {HANG}; false", "status")
    assert time.monotonic() - started < HANG / 3
    assert caught.value.message == "git status did not finish within 2 s and was stopped"
    assert caught.value.hint is not None
    assert "RELEASER_GIT_TIMEOUT" in caught.value.hint


def _signed_commit(root: Path) -> None:
    """Make HEAD a commit carrying a (bogus) signature, so `log.showSignature` calls gpg."""
    tree = subprocess.run(
        ["git", "rev-parse", "HEAD^{tree}"], cwd=root, check=True, capture_output=True, text=True
    ).stdout.strip()
    body = (
        f"tree {tree}\nauthor A <a@example.com> 1 +0000\ncommitter A <a@example.com> 1 +0000\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n abc\n -----END PGP SIGNATURE-----\n\nfix: x\n"
    )
    sha = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=root,
        input=body,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    _git(root, "update-ref", "refs/heads/main", sha)


def test_hanging_history_stream_is_stopped_and_names_the_step(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _signed_commit(project)
    slow = tmp_path / "slow-gpg"
    slow.write_text(f"#!/bin/sh\nexec sleep {HANG}\n", encoding="utf-8")
    slow.chmod(0o755)
    for i, (key, value) in enumerate(
        {"log.showSignature": "true", "gpg.program": str(slow)}.items()
    ):
        monkeypatch.setenv(f"GIT_CONFIG_KEY_{i}", key)
        monkeypatch.setenv(f"GIT_CONFIG_VALUE_{i}", value)
    monkeypatch.setenv("GIT_CONFIG_COUNT", "2")
    started = time.monotonic()
    with pytest.raises(GitError) as caught:
        list(GitRepository(project).log("HEAD"))
    assert time.monotonic() - started < HANG / 3
    assert caught.value.message == "git log did not finish within 2 s and was stopped"


@pytest.mark.parametrize("revision", ["--all", "-n1", "--output=/tmp/x", ""])
def test_history_stream_refuses_options_as_revisions(project: Path, revision: str) -> None:
    with pytest.raises(GitError, match="is not a revision"):
        GitRepository(project).log(revision)
