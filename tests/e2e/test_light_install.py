"""The light base install: what pre-commit puts in the hook's environment, and what it lacks."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).parents[2]
RELEASE_TOOLS = {
    *("pygithub", "twine", "id", "requests", "build", "pip-audit", "bandit"),
    *("cyclonedx-python-lib", "packageurl-python"),  # the SBOM of what the audit checked
    "rich",  # the tables and progress of `cut` and `audit`
}
# what typer and rich bring: none of it belongs in the hook's environment
NOT_IN_THE_HOOK = {"typer", "rich", "pygments", "markdown-it-py", "mdurl", "shellingham"}

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", Requirement(requirement).name).lower()


def _closure(requirements: list[str]) -> set[str]:
    """Every distribution a plain install of `requirements` brings (from installed metadata)."""
    seen: set[str] = set()
    todo = [Requirement(r) for r in requirements]
    while todo:
        requirement = todo.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        if name in seen:
            continue
        seen.add(name)
        todo += [Requirement(r) for r in metadata.requires(requirement.name) or []]
    return seen


def test_the_hook_s_install_has_no_release_tools_and_stays_under_20_packages() -> None:
    project = _pyproject()["project"]
    assert isinstance(project, dict)
    base = list(project["dependencies"])
    assert not {_name(r) for r in base} & RELEASE_TOOLS
    assert {_name(r) for r in project["optional-dependencies"]["release"]} == RELEASE_TOOLS
    everything = _closure(base) | {"releaser-cut"}
    assert len(everything) < 20, sorted(everything)
    assert not everything & NOT_IN_THE_HOOK, sorted(everything & NOT_IN_THE_HOOK)
    assert "click" in everything


@pytest.mark.parametrize(
    ("command", "hide", "missing"),
    [
        ("cut", "github", "PyGithub"),
        ("audit", "bandit", "bandit"),
        ("cut", "rich", "rich"),
        ("audit", "rich", "rich"),
    ],
)
def test_cut_and_audit_say_what_to_install_when_the_release_tools_are_missing(
    tmp_path: Path, command: str, hide: str, missing: str
) -> None:
    code = (
        f"import sys; sys.modules[{hide!r}] = None; "
        f"from releaser.cli import main; main([{command!r}, '--project', {str(tmp_path)!r}])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 4, done.stderr
    assert f"`releaser {command}` needs the release tools; {missing} is not installed" in (
        done.stderr
    )
    assert "hint: pip install 'releaser-cut[release]'" in done.stderr


def _tracked_package_files() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", "releaser"], cwd=ROOT, capture_output=True, text=True, check=True,
        timeout=60,
    ).stdout.split()  # fmt: skip
    return set(listed)


def test_the_wheel_and_sdist_ship_every_package_file_and_the_console_script(
    tmp_path: Path,
) -> None:
    # The PEP 517 calls pip makes for pre-commit's hook, without isolation (no network here).
    system = _pyproject()["build-system"]
    assert isinstance(system, dict)
    backend = system["build-backend"]
    hint = "releaser's build backend is missing: pip install " + " ".join(system["requires"])
    pytest.importorskip(backend.split(".")[0], reason=hint)
    build = (
        f"import sys, {backend} as backend; "
        "backend.build_wheel(sys.argv[1]); backend.build_sdist(sys.argv[1])"
    )
    subprocess.run(
        [sys.executable, "-c", build, str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    [wheel] = tmp_path.glob("releaser_cut-*.whl")
    [sdist] = tmp_path.glob("releaser_cut-*.tar.gz")
    tracked = _tracked_package_files()
    assert {"releaser/py.typed", "releaser/core/templates/changelog.md.j2"} <= tracked
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        scripts = archive.read(entry_points).decode()
    assert {n for n in names if not n.startswith("releaser_cut-")} == tracked
    assert re.search(r"^releaser ?= ?releaser\.cli:main$", scripts, re.MULTILINE), scripts
    with tarfile.open(sdist) as archive:
        files = {m.name.split("/", 1)[1] for m in archive.getmembers() if m.isfile()}
    assert files - tracked == {"PKG-INFO", "pyproject.toml", "README.md"}
    assert tracked <= files
