"""`releaser cut` end to end: a full release, a prerelease, and what the user sees."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.cut.conftest import (
    AUDIT_DB,
    MODULE,
    PROJECT,
    REPOSITORY,
    CutRun,
    HoldingGitHubServer,
    Sample,
    _sample,
    audit_table,
    git,
)
from tests.support.github_contract import GitHubContract
from tests.support.package_index import install_from_index, running_index

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _asset_bytes(sample: Sample, release: dict[str, object], name: str) -> bytes:
    return sample.server.uploads[(int(str(release["id"])), name)]


@dataclass(frozen=True)
class Released:
    """The sample, released once by `run`; `previous` was HEAD before."""

    sample: Sample
    run: CutRun
    previous: str
    git_commands: list[str]  # what the run asked git, from git's own trace


@pytest.fixture(scope="module")
def released(
    tmp_path_factory: pytest.TempPathFactory, github_contract: GitHubContract
) -> Iterator[Released]:
    """One release, `cut --no-audit --json --log-format json`, for the tests that only look at it.

    They read the world and the run's output and change nothing (the rerun's own check).
    """
    tmp_path = tmp_path_factory.mktemp("released")
    server = HoldingGitHubServer(github_contract)
    trace = tmp_path / "git-trace.txt"
    with server, running_index() as index:
        for sample in _sample(tmp_path, server, index):
            previous = git(sample.root, "rev-parse", "HEAD")
            env = {**sample.env, "GIT_TRACE": str(trace)}
            run = sample.cut("--no-audit", "--json", "--log-format", "json", env=env)
            lines = trace.read_text(encoding="utf-8").splitlines()
            commands = [line.split("built-in: ", 1)[1] for line in lines if "built-in: git" in line]
            yield Released(sample, run, previous, commands)


def test_a_release_asks_git_each_fact_once(released: Released) -> None:
    """HEAD, the tags and the remote's URL are read once before anything is written, and HEAD
    once more after the release commit (the tag, the build and the push are checked to use
    the new HEAD by the test below)."""
    commands = released.git_commands
    heads = [c for c in commands if c.startswith("git rev-parse") and "HEAD^{commit}" in c]
    assert len(heads) <= 3, heads  # before the plan, before the first write, after the commit
    tag_lists = [
        c for c in commands if c.startswith("git for-each-ref ") and c.endswith("refs/tags")
    ]
    assert len(tag_lists) == 1, tag_lists
    assert len([c for c in commands if c.startswith("git config --get remote.")]) == 1
    assert len([c for c in commands if c.startswith("git ls-remote")]) <= 2
    assert "git version" not in commands  # no GitPython start-up
    # 51 before (GitPython's start-up, HEAD read 12 times); git's own children included
    assert len(commands) <= 36, "\n".join(commands)


def test_full_release_reaches_remote_github_and_index(released: Released, tmp_path: Path) -> None:
    sample, previous = released.sample, released.previous
    assert json.loads(released.run.stdout)["release_url"] == (
        "https://github.com/octo-org/demo/releases/tag/v0.2.0"
    )

    # The release commit: on top of the last commit, on the remote, tagged (annotated).
    head = git(sample.root, "rev-parse", "HEAD")
    assert git(sample.root, "rev-parse", "HEAD~1") == previous
    assert git(sample.root, "log", "-1", "--format=%s") == "chore(release): 0.2.0"
    assert git(sample.origin, "rev-parse", "refs/heads/main") == head
    assert git(sample.origin, "rev-parse", "v0.2.0^{commit}") == head
    assert git(sample.root, "status", "--porcelain") == ""
    changed = git(sample.root, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == sorted(["CHANGELOG.md", "pyproject.toml", f"{MODULE}/__init__.py"])

    # The committed files carry the new version and the notes.
    pyproject = tomllib.loads(git(sample.root, "show", "HEAD:pyproject.toml"))
    assert pyproject["project"]["version"] == "0.2.0"
    assert pyproject["tool"]["releaser"]["build-isolation"] is False  # the rest is untouched
    assert '__version__ = "0.2.0"' in git(sample.root, "show", f"HEAD:{MODULE}/__init__.py")
    changelog = git(sample.root, "show", "HEAD:CHANGELOG.md")
    assert "0.2.0" in changelog
    assert "greet people by name" in changelog
    assert "a shorter greeting" in changelog

    # The GitHub release: published, notes from the changelog, the distributions and sums.
    (release,) = sample.server.releases(REPOSITORY)
    assert release["tag_name"] == "v0.2.0"
    assert release["draft"] is False
    assert release["prerelease"] is False
    assert "greet people by name" in release["body"]
    assert "a shorter greeting" in release["body"]
    assert sample.server.latest_release_id == release["id"]
    sdist, wheel = f"{MODULE}-0.2.0.tar.gz", f"{MODULE}-0.2.0-py3-none-any.whl"
    sums = _asset_bytes(sample, release, "SHA256SUMS").decode()
    lines = [line for line in sums.splitlines() if not line.startswith("#")]
    listed = {name: digest for digest, name in (line.split("  ") for line in lines)}
    assert sorted(listed) == sorted([sdist, wheel])
    for name in (sdist, wheel):
        assert hashlib.sha256(_asset_bytes(sample, release, name)).hexdigest() == listed[name]
        local = sample.root / "dist" / "0.2.0" / name
        assert _asset_bytes(sample, release, name) == local.read_bytes()

    # Nothing was announced before the package existed: the draft was published last.
    writes = [(e.method, e.path) for e in sample.server.log if e.method != "GET"]
    assert writes[0] == ("POST", f"/repos/{REPOSITORY}/releases")
    assert writes[-1] == ("PATCH", f"/repos/{REPOSITORY}/releases/{release['id']}")

    # The index has the same bytes, and pip installs the new version from it.
    for name in (sdist, wheel):
        on_index = (sample.index.package_dir / name).read_bytes()
        assert on_index == _asset_bytes(sample, release, name)
    installed = install_from_index(sample.index.simple_url, PROJECT, "0.2.0", tmp_path / "venv")
    assert installed == "0.2.0"

    sample.assert_released_once("v0.2.0", "0.2.0")
    assert sample.server.violations == []


def test_prerelease_uses_semver_tag_and_pep440_distributions(sample: Sample) -> None:
    run = sample.cut("--no-audit", "--prerelease", "rc")
    assert "released v0.2.0-rc.1" in run.stdout
    assert "https://github.com/octo-org/demo/releases/tag/v0.2.0-rc.1" in run.stdout

    assert "v0.2.0-rc.1" in sample.remote_tags()
    (release,) = sample.server.releases(REPOSITORY)
    assert release["tag_name"] == "v0.2.0-rc.1"
    assert release["prerelease"] is True
    assert release["draft"] is False
    assert sample.server.latest_release_id is None  # a prerelease is never "latest"
    pyproject = tomllib.loads(git(sample.root, "show", "HEAD:pyproject.toml"))
    assert pyproject["project"]["version"] == "0.2.0rc1"
    assert sorted(sample.index.files()) == sorted(
        [f"{MODULE}-0.2.0rc1.tar.gz", f"{MODULE}-0.2.0rc1-py3-none-any.whl"]
    )
    sample.assert_released_once("v0.2.0-rc.1", "0.2.0rc1")


def test_audit_gate_passes_and_release_goes_on(sample: Sample) -> None:
    config = audit_table(
        f"""\
        advisory-db = "{AUDIT_DB.as_posix()}"
        requirements = ["requirements.lock"]
        """
    )
    pyproject = (sample.root / "pyproject.toml").read_text(encoding="utf-8") + config
    (sample.root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (sample.root / "requirements.lock").write_text("requests==2.20.0\n", encoding="utf-8")
    git(sample.root, "add", "-A")
    git(sample.root, "commit", "-q", "-m", "build: audit against a pinned lock file")
    git(sample.root, "push", "-q", "origin", "main")

    run = sample.cut("--log-format", "json")
    events = [json.loads(line) for line in run.stderr.splitlines()]
    audit = [e for e in events if e.get("step") == "audit"]
    assert [e["event"] for e in audit] == ["step_started", "step_finished"]
    assert audit[-1]["status"] == "done"
    sample.assert_released_once("v0.2.0", "0.2.0")


def test_json_output_and_json_log_events(released: Released) -> None:
    sample, run = released.sample, released.run
    result = json.loads(run.stdout)
    assert result["released"] is True
    assert result["version"] == "0.2.0"
    assert result["tag"] == "v0.2.0"
    assert result["resume"] is False
    assert result["release_url"] == "https://github.com/octo-org/demo/releases/tag/v0.2.0"
    assert sorted(result["uploaded"]) == [
        f"{MODULE}-0.2.0-py3-none-any.whl",
        f"{MODULE}-0.2.0.tar.gz",
    ]
    assert result["package_url"] == f"{sample.index.simple_url}{PROJECT}/"
    assert result["steps"]["push"] == "done"
    assert result["steps"]["audit"] == "off"
    assert [s["name"] for s in result["plan"]["steps"]] == [
        "preflight", "audit", "stamp", "changelog", "commit", "tag", "build", "check",
        "push", "github-draft", "stage", "publish", "github-release",
    ]  # fmt: skip

    events = [json.loads(line) for line in run.stderr.splitlines() if line.strip()]
    assert all(isinstance(e, dict) and "event" in e and "time" in e for e in events)
    started = [e["step"] for e in events if e["event"] == "step_started"]
    finished = {e["step"]: e for e in events if e["event"] == "step_finished"}
    assert started == [
        "stamp", "changelog", "commit", "tag", "build", "check",
        "push", "github-draft", "publish", "github-release",
    ]  # fmt: skip
    for step in started:
        assert finished[step]["status"] == "done"
        assert finished[step]["seconds"] >= 0
    assert finished["audit"]["status"] == "off"


def test_rerun_after_a_complete_release_does_nothing(released: Released) -> None:
    sample = released.sample
    before = sample.world()
    run = sample.cut("--no-audit")
    assert "v0.2.0 was already released: nothing left to do" in run.stdout
    assert sample.world() == before
    sample.assert_released_once("v0.2.0", "0.2.0")
