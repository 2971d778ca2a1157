"""Shared test set-up: no test reaches beyond 127.0.0.1 (pytest-socket in pyproject)."""

from __future__ import annotations

import compileall
import os
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

# Git must behave the same for every developer and CI: no user config, no signing.
os.environ.setdefault("GIT_CONFIG_NOSYSTEM", "1")
for _name in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
    os.environ.setdefault(_name, "releaser-test")
for _name in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
    os.environ.setdefault(_name, "test@releaser.invalid")

# Hypothesis on a loaded 2-core machine: a deadline generous enough for a busy CI runner
# (still catching a pathological slowdown), and no "input generation is slow" failures.
settings.register_profile(
    "releaser",
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow],
)
# Mutation runs (scripts/mutation.sh) run the tests once per mutant: fewer examples each, the
# same ones every run, no deadline (a starved run is not a kill) and no shrinking (a failure
# is all a mutant run needs to know).
settings.register_profile(
    "mutation",
    parent=settings.get_profile("releaser"),
    max_examples=20,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "releaser"))


# The slowest tests first (whole releases, nested environments), the fast ones last, so that
# with pytest-xdist no worker is still running a long test while the other sits idle at the
# end. The sort is stable and by folder, so each module's tests stay together, in order.
SLOW_FIRST = (
    "tests/e2e/action/",
    "tests/e2e/monorepo/",
    "tests/e2e/via_pr/",
    "tests/e2e/cut/",
    "tests/e2e/preview/",
    "tests/e2e/test_demo.py",
    "tests/e2e/test_light_install.py",
    "tests/integration/hooks/",
    "tests/integration/index/",
    "tests/integration/trusted_publishing/",
    "tests/e2e/",
    "tests/integration/",
    "tests/audit/",
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "cold_cache: the Action's job starts with nothing restored from the cache"
    )
    _compile_releaser()


def _compile_releaser() -> None:
    """Compile releaser's modules once, beside their sources (`__pycache__` is ignored by git).

    Where PYTHONDONTWRITEBYTECODE is set (on some machines, and by tests for the samples' work
    trees), every `releaser` child the suite starts would otherwise compile its modules again:
    0.2-0.3 s of CPU per process. Reading compiled modules is not affected by that variable.
    """
    import releaser

    compileall.compile_dir(Path(releaser.__file__).parent, quiet=1)


def _slowness(item: pytest.Item) -> int:
    path = item.nodeid.split("::", 1)[0]
    return next((i for i, p in enumerate(SLOW_FIRST) if path.startswith(p)), len(SLOW_FIRST))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_slowness)
