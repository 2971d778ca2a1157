"""Fixtures for the build and package-index tests: a local pypiserver and built samples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from releaser.adapters.build import build_distributions
from tests.support.package_index import local_index
from tests.support.sample_project import write_sample_project
from tests.support.shared import made_once

__all__ = ["built_sample", "fresh_dists", "local_index"]


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The sample project's sdist and wheel, built once per run (do not modify)."""

    def build(root: Path) -> None:
        project = write_sample_project(root / "project")
        build_distributions(project, root / "dist", isolation=False)

    dist = made_once(tmp_path_factory, "built-sample", build) / "dist"
    return sorted(dist.iterdir(), key=lambda p: p.suffix == ".whl")  # the sdist, then the wheel


@pytest.fixture
def fresh_dists(built_sample: list[Path], tmp_path: Path) -> list[Path]:
    """A private copy of the built sample's distributions."""
    out = tmp_path / "dist"
    out.mkdir()
    return [Path(shutil.copy2(p, out)) for p in built_sample]
