"""Shared test set-up: no test reaches beyond 127.0.0.1 (pytest-socket in pyproject)."""

from __future__ import annotations

import os

# Git must behave the same for every developer and CI: no user config, no signing.
os.environ.setdefault("GIT_CONFIG_NOSYSTEM", "1")
for _name in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
    os.environ.setdefault(_name, "releaser-test")
for _name in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
    os.environ.setdefault(_name, "test@releaser.invalid")
