"""Fixtures for the audit gate tests: a small OSV database and sample projects on disk."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2025, 6, 1)

# A package with a high-severity bandit finding (B602: shell=True).
SHELL_CODE = textwrap.dedent(
    """\
    import subprocess


    def run(command):
        return subprocess.call(command, shell=True)
    """
)
CLEAN_CODE = "def add(a, b):\n    return a + b\n"

MakeProject = Callable[..., Path]


@pytest.fixture
def advisory_db() -> Path:
    """The fixture OSV database (see fixtures/osv/*.json)."""
    return FIXTURES / "osv"


@pytest.fixture
def python() -> str:
    """The interpreter, for project commands written in TOML."""
    return sys.executable


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Write a sample project: pyproject.toml with an audit table, pins and source files.

    `audit` is the body of [tool.releaser.audit] as TOML text; `files` maps
    paths to contents (default: a clean src/sample/__init__.py).
    """

    def make(
        audit: str = "",
        *,
        pins: str | None = "requests==2.20.0\n",
        files: dict[str, str] | None = None,
        dependencies: str = '["requests>=2"]',
        name: str = "project",
    ) -> Path:
        root = tmp_path / name
        root.mkdir()
        (root / "pyproject.toml").write_text(
            "[project]\n"
            'name = "sample"\n'
            'version = "1.0.0"\n'
            f"dependencies = {dependencies}\n\n"
            "[tool.releaser.audit]\n" + textwrap.dedent(audit),
            encoding="utf-8",
        )
        if pins is not None:
            (root / "requirements.lock").write_text(pins, encoding="utf-8")
        for name, text in (files or {"src/sample/__init__.py": CLEAN_CODE}).items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make
