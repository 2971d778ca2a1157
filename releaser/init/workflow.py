"""The release workflow `releaser init` writes to .github/workflows/release.yml."""

from __future__ import annotations

# The action's home. A placeholder owner until the project has its final GitHub address.
ACTION_REPOSITORY = "releaser-dev/releaser"
WORKFLOW_PATH = ".github/workflows/release.yml"
_CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2"


def workflow_text(action_ref: str) -> str:
    """The release workflow that runs the action on pushes to main."""
    return f"""\
# Written by `releaser init`. Releases on every push to main that has something to release.
# Pushes made with GITHUB_TOKEN (the release commit and tag) do not start new runs.
name: Release

on:
  push:
    branches: [main]

permissions: {{}}

concurrency:
  group: release-${{{{ github.ref }}}}
  cancel-in-progress: false

jobs:
  release:
    runs-on: ubuntu-latest
    environment: pypi # the environment named in PyPI's trusted publisher
    permissions:
      contents: write # push the release commit and tag, create the GitHub release
      id-token: write # trusted publishing to PyPI (no API token needed)
    steps:
      - uses: {_CHECKOUT}
        with:
          fetch-depth: 0 # releaser reads the tags and the history since the last release
          persist-credentials: true # releaser pushes the release commit and tag
      - uses: {action_ref}
        id: release
        with:
          python-version: "3.12"
"""
