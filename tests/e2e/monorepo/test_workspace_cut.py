"""Several packages, one plan: `releaser cut` in a uv workspace with three packages.

One release commit stamps all of them, one atomic push carries it with a tag per package,
and each package gets its own GitHub release (its notes, its files) and its own upload.
"""

from __future__ import annotations

import json
import time

from tests.e2e.cut.conftest import CUT_TIMEOUT, REPOSITORY, Sample, git
from tests.e2e.monorepo.conftest import NEXT_TAGS, CountingGitHubServer
from tests.support.monorepo import BY_NAME

NOTES = {  # a line each package's notes have, and one they must not have
    "acme": ("a timeout setting the http client shares", "retry idle connections"),
    "acme-http": ("retry idle connections once", "keep the order of config keys"),
    "acme-cli": ("pin the wire format in every package", "retry idle connections"),
}


def _files(name: str, version: str) -> list[str]:
    module = name.replace("-", "_")
    return sorted([f"{module}-{version}.tar.gz", f"{module}-{version}-py3-none-any.whl"])


def _assert_released(workspace: Sample) -> None:
    """Three tags at the release commit, three published releases, six files on the index."""
    head = git(workspace.root, "rev-parse", "HEAD")
    releases = {r["tag_name"]: r for r in workspace.server.releases(REPOSITORY)}
    assert sorted(releases) == sorted(NEXT_TAGS.values())
    index = sorted(workspace.index.files())
    expected_index = []
    for name, tag in NEXT_TAGS.items():
        version = tag.rpartition("-v")[2]
        assert git(workspace.origin, "rev-parse", f"{tag}^{{commit}}") == head
        release = releases[tag]
        assert release["draft"] is False
        shown, hidden = NOTES[name]
        assert shown in release["body"]
        assert hidden not in release["body"]
        assets = sorted(a["name"] for a in release["assets"])
        assert assets == sorted([*_files(name, version), "SHA256SUMS"])
        expected_index += _files(name, version)
    assert index == sorted(expected_index)
    assert workspace.server.violations == []


def test_cut_releases_every_changed_package_in_one_commit_and_one_push(workspace: Sample) -> None:
    before = git(workspace.root, "rev-parse", "HEAD")
    run = workspace.cut("--no-audit", "--json")
    result = json.loads(run.stdout)
    assert [p["tag"] for p in result["packages"]] == list(NEXT_TAGS.values())

    # One release commit on top, stamping every package (and the workspace's uv.lock).
    assert git(workspace.root, "rev-parse", "HEAD~1") == before
    message = git(workspace.root, "log", "-1", "--format=%B")
    assert message.splitlines()[0] == "chore(release): acme 1.1.0, acme-http 0.4.0, acme-cli 2.1.1"
    assert [f"Release-Tag: {t}" for t in NEXT_TAGS.values()] == message.splitlines()[2:]
    changed = set(git(workspace.root, "show", "--name-only", "--format=", "HEAD").split())
    for name in NEXT_TAGS:
        folder = BY_NAME[name].folder
        assert {f"{folder}/pyproject.toml", f"{folder}/CHANGELOG.md"} <= changed
    assert "uv.lock" in changed
    lock = (workspace.root / "uv.lock").read_text("utf-8")
    assert 'name = "acme-http"\nversion = "0.4.0"' in lock
    assert git(workspace.root, "status", "--porcelain") == ""

    # One push carried the branch and the three tags.
    pushes = (workspace.origin / "pushes.log").read_text("utf-8").splitlines()
    assert len(pushes) == 1
    assert sorted(pushes[0].split()) == sorted(
        ["refs/heads/main", *(f"refs/tags/{t}" for t in NEXT_TAGS.values())]
    )
    _assert_released(workspace)

    # A rerun finds everything done and does nothing.
    world = workspace.world()
    again = workspace.cut("--no-audit")
    assert "already released: nothing left to do" in again.stdout, str(again)
    assert workspace.world() == world


def test_killed_after_the_first_github_release_a_rerun_finishes(workspace: Sample) -> None:
    server = workspace.server
    assert isinstance(server, CountingGitHubServer)
    server.hold_nth("POST", f"/repos/{REPOSITORY}/releases", 2)  # the second package's draft
    workspace.cut_killed_when(server.arrived, "--no-audit", timeout=3 * CUT_TIMEOUT)
    first = NEXT_TAGS["acme"]
    published = [r["tag_name"] for r in server.releases(REPOSITORY) if not r["draft"]]
    assert published == [first]
    server.release()  # the held draft lands after its client died
    deadline = time.monotonic() + 10
    while len(server.requests("POST", r"/releases$")) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)

    before = workspace.world()
    dry = workspace.cut("--no-audit", "--dry-run", "--json")
    assert workspace.world() == before  # the dry run changed nothing anywhere
    would = json.loads(dry.stdout)["steps"]
    assert would["tag:acme-http"] == "skipped"  # per package: what is done, what is left
    assert would["github-release:acme"] == "skipped"
    assert would["publish:acme-http"] == "would"
    assert "skip: already done (acme: already published: " in dry.stderr

    rerun = workspace.cut("--no-audit", "--json")
    steps = json.loads(rerun.stdout)["steps"]
    real = {"would": "done", "skipped": "skipped", "off": "off"}
    assert steps == {step: real[status] for step, status in would.items()}  # as the dry run said
    assert steps["commit"] == "off"  # HEAD is the release commit already
    assert steps["github-release:acme"] == "skipped"
    assert steps["publish:acme"] == "skipped"
    assert steps["github-release:acme-http"] == "done"
    assert steps["github-release:acme-cli"] == "done"
    _assert_released(workspace)
    assert len((workspace.origin / "pushes.log").read_text("utf-8").splitlines()) == 1
