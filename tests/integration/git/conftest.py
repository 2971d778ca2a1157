"""Fixtures for tests of releaser against real git repositories."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.integration.git.githistory import History, MakeHistory, make_history


@pytest.fixture
def history(tmp_path: Path) -> MakeHistory:
    """`history(steps, origin=None)` builds a repository in tmp_path/repo."""

    def build(steps: Iterable[str], *, origin: str | None = None, name: str = "repo") -> History:
        return make_history(tmp_path / name, steps, origin=origin)

    return build
