"""The layering contracts in pyproject.toml hold, and a broken one is caught."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = shutil.which("lint-imports")

pytestmark = pytest.mark.skipif(
    LINT_IMPORTS is None, reason="import-linter missing: pip install -e '.[test]'"
)


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    assert LINT_IMPORTS is not None
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [LINT_IMPORTS, "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(
        ROOT / "releaser", tree / "releaser", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_tree_keeps_every_contract(tmp_path: Path) -> None:
    result = _lint_imports(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("core/version.py", "import releaser.errors", "core is pure"),
        ("adapters/git.py", "import releaser.release.cut", "adapters never import"),
        ("release/plan.py", "import releaser.adapters.git", "the plan is pure"),
        ("release/report.py", "import click", "only the CLI imports click"),
        ("history/project.py", "import rich", "rich only on the release path"),
        ("cli/history.py", "import releaser.adapters.git", "the CLI reaches outside systems"),
    ],
)
def test_a_broken_contract_fails_the_check(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    tree = _copy(tmp_path)
    path = tree / "releaser" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = _lint_imports(tree)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, result.stdout
