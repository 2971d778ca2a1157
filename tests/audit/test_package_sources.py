"""bandit's default target: the package sources, found the way the build backend finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from releaser.audit.sources import package_source_paths
from releaser.errors import AuditToolError

ROOT = Path(__file__).parents[2]


def _project(tmp_path: Path, pyproject: str, *files: str) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text(
        '[project]\nname = "beautifulsoup4"\nversion = "1.0.0"\n' + pyproject, encoding="utf-8"
    )
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("VALUE = 1\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("pyproject", "files", "expected"),
    [
        (  # setuptools: an explicit package list under a package-dir root
            '[tool.setuptools]\npackages = ["bs4", "bs4.builder"]\npackage-dir = {"" = "lib"}\n',
            ("lib/bs4/__init__.py", "lib/bs4/builder/__init__.py"),
            ("lib/bs4",),
        ),
        (  # setuptools: packages.find with include, where the distribution name differs
            '[tool.setuptools.packages.find]\ninclude = ["bs4*"]\n',
            ("bs4/__init__.py", "tests/__init__.py"),
            ("bs4",),
        ),
        (  # setuptools: packages.find under `where`
            '[tool.setuptools.packages.find]\nwhere = ["python"]\n',
            ("python/bs4/__init__.py",),
            ("python/bs4",),
        ),
        (  # setuptools: a single module
            '[tool.setuptools]\npy-modules = ["bs4"]\n',
            ("bs4.py",),
            ("bs4.py",),
        ),
        (  # hatch: the wheel target's packages
            '[tool.hatch.build.targets.wheel]\npackages = ["code/bs4"]\n',
            ("code/bs4/__init__.py",),
            ("code/bs4",),
        ),
        (  # poetry: packages with `from`
            '[tool.poetry]\npackages = [{ include = "bs4", from = "lib" }]\n',
            ("lib/bs4/__init__.py",),
            ("lib/bs4",),
        ),
        (  # flit: the module name
            '[tool.flit.module]\nname = "bs4"\n',
            ("bs4/__init__.py",),
            ("bs4",),
        ),
    ],
)
def test_each_backend_s_own_settings_name_the_sources(
    tmp_path: Path, pyproject: str, files: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    assert package_source_paths(_project(tmp_path, pyproject, *files)) == expected


def test_the_built_wheel_names_the_top_level_packages(tmp_path: Path) -> None:
    root = _project(tmp_path, "", "bs4/__init__.py", "bs4/element.py", "docs/conf.py")
    (root / "dist").mkdir()
    with zipfile.ZipFile(root / "dist" / "beautifulsoup4-1.0.0-py3-none-any.whl", "w") as wheel:
        wheel.writestr("bs4/__init__.py", "")
        wheel.writestr("bs4/element.py", "")
        wheel.writestr("beautifulsoup4-1.0.0.dist-info/RECORD", "")
    assert package_source_paths(root) == ("bs4",)


def test_releasers_own_sources_are_found() -> None:
    assert package_source_paths(ROOT) == ("releaser",)


def test_with_no_answer_the_error_asks_for_bandit_paths(tmp_path: Path) -> None:
    root = _project(tmp_path, "", "somewhere/bs4/__init__.py")
    with pytest.raises(AuditToolError) as caught:
        package_source_paths(root)
    assert "cannot find the package source of 'beautifulsoup4'" in caught.value.message
    assert "bandit-paths" in (caught.value.hint or "")


def test_the_reason_is_said_once_with_its_hint(tmp_path: Path) -> None:
    root = _project(tmp_path, "", "somewhere/bs4/__init__.py")
    done = subprocess.run(
        [sys.executable, "-m", "releaser", "audit", "--project", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 4
    output = done.stdout + done.stderr
    assert output.count("cannot find the package source") == 1
    assert output.count("bandit-paths") == 1
    assert "--allow-unavailable" in done.stderr
