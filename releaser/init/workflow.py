"""The release workflow `releaser init` writes to .github/workflows/release.yml.

It runs on the repository's default branch and passes zizmor and actionlint as written:
checkout is pinned by commit, the job has a timeout, and releaser's own action is pinned
by its release tag, with the reason next to it (`ACTION_PIN_NOTE`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from releaser.errors import GitError

# The action's home. A placeholder owner until the project has its final GitHub address.
ACTION_REPOSITORY = "releaser-dev/releaser"
WORKFLOW_PATH = ".github/workflows/release.yml"
_CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2"
# An installed releaser cannot know the commit its own release tag will point to (the
# release commit cannot contain its own hash), so the action is pinned by tag here.
ACTION_PIN_NOTE = """\
      # Pinned by tag: an installed releaser cannot know its release commit. To pin by hash,
      # replace the tag with the commit `git ls-remote <the action's repository> TAG` prints."""


def default_branch(root: Path, configured: Sequence[str] = ()) -> str:
    """origin's HEAD branch, else the current branch, else the first configured plain name."""
    from releaser.adapters.git import GitRepository

    try:
        repo = GitRepository.open(root)
    except GitError:
        repo = None
    if repo is not None:
        remote = repo.run("symbolic-ref", "--quiet", "refs/remotes/origin/HEAD", check=False)
        if remote.strip().startswith("refs/remotes/origin/"):
            return remote.strip().removeprefix("refs/remotes/origin/")
        current = repo.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False).strip()
        if current:
            return current
    plain = [b for b in configured if not any(c in b for c in "*?[") and b[:1] != "/"]
    return plain[0] if plain else "main"


def workflow_text(action_ref: str, branch: str = "main") -> str:
    """The release workflow that runs the action on pushes to `branch`."""
    return f"""\
# Written by `releaser init`. Releases on every push to {branch} that has something to release.
# Pushes made with GITHUB_TOKEN (the release commit and tag) do not start new runs.
name: Release

on:
  push:
    branches: [{_quoted(branch)}]

permissions: {{}}

concurrency:
  group: release-${{{{ github.ref }}}}
  cancel-in-progress: false # never cancel a release half-way; the next run waits

jobs:
  release:
    name: Release
    runs-on: ubuntu-latest
    timeout-minutes: 30
    environment: pypi # the environment named in PyPI's trusted publisher
    permissions:
      contents: write # push the release commit and tag, create the GitHub release
      id-token: write # trusted publishing to PyPI (no API token needed)
      security-events: write # the audit's findings (SARIF) go to code scanning
      actions: read # the SARIF upload reads this run (needed in private repositories)
    steps:
      - uses: {_CHECKOUT}
        with:
          fetch-depth: 0 # releaser reads the tags and the history since the last release
          persist-credentials: true # zizmor: ignore[artipacked] releaser pushes the release
{ACTION_PIN_NOTE}
      - uses: {action_ref} # zizmor: ignore[unpinned-uses]
        id: release
        with:
          python-version: "3.12"
"""


def _quoted(branch: str) -> str:
    """The branch as a YAML flow scalar."""
    plain = branch.replace("-", "").replace("_", "").replace("/", "").replace(".", "")
    return branch if plain.isalnum() else '"' + branch.replace('"', '\\"') + '"'
