"""What the test session makes once, shared by the pytest-xdist workers of one run.

Each worker has its own session fixtures, so a session fixture that builds something slow
(a wheel, a prepared environment) would build it once per worker. `made_once` builds it
once per run instead: the first worker to ask builds it under the run's temporary folder,
behind a file lock, and the others wait for it and reuse it. Without xdist it is simply
built once under the session's temporary folder. What it makes is read-only to the tests:
copy it before changing it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

_DONE = ".made"


def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this test run, the same for every worker."""
    base = tmp_path_factory.getbasetemp()
    # under xdist a worker's folder is <run>/popen-gwN; the controller made <run>
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]
) -> Path:
    """The folder `name` of this run, filled by `make(folder)` by the first worker to ask."""
    root = run_dir(tmp_path_factory)
    target = root / name
    with FileLock(str(root / f"{name}.lock")):
        if not (target / _DONE).exists():
            shutil.rmtree(target, ignore_errors=True)  # a build that failed half-way
            target.mkdir()
            make(target)
            (target / _DONE).touch()
    return target
