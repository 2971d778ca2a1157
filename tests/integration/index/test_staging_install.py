"""The staging check's adapter against two real pypiservers: the release from the staging
index alone, its dependencies from the real index, the smoke command in a fresh venv."""

from __future__ import annotations

import dataclasses
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from releaser.adapters.staging import SmokeCheck, install_and_check
from releaser.errors import SmokeTestError
from tests.support.package_index import LocalIndex, running_index


def _wheel(
    folder: Path, name: str, version: str, code: str, requires: tuple[str, ...] = ()
) -> None:
    """A minimal pure-Python wheel with one top-level module `name`."""
    info = f"{name}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    metadata += "".join(f"Requires-Dist: {r}\n" for r in requires)
    files = {
        f"{name}.py": code,
        f"{info}/METADATA": metadata,
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    files[f"{info}/RECORD"] = "".join(f"{path},,\n" for path in [*files, f"{info}/RECORD"])
    with zipfile.ZipFile(folder / f"{name}-{version}-py3-none-any.whl", "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)


@pytest.fixture
def indexes() -> Iterator[tuple[LocalIndex, LocalIndex]]:
    with running_index() as staging, running_index() as real:
        yield staging, real


def _check(staging: LocalIndex, real: LocalIndex, command: str = "") -> SmokeCheck:
    return SmokeCheck(
        "stagedapp", "1.0", staging.simple_url, real.simple_url, command, wait_for_index=0
    )


def test_the_release_comes_from_staging_and_its_dependencies_from_the_real_index(
    indexes: tuple[LocalIndex, LocalIndex],
) -> None:
    staging, real = indexes
    code = "import stageddep\nVALUE = stageddep.V\n"
    # listed late, as behind a CDN: the install asks again until it is there
    late = threading.Timer(
        3.0, _wheel, (staging.package_dir, "stagedapp", "1.0", code, ("stageddep>=1",))
    )
    _wheel(real.package_dir, "stageddep", "1.0", "V = 42\n")
    check = _check(staging, real, "python -c 'import stagedapp; print(stagedapp.VALUE)'")

    late.start()
    try:
        last = install_and_check(dataclasses.replace(check, wait_for_index=30))
    finally:
        late.join()

    assert last == "42"


def test_a_dependency_missing_from_the_real_index_fails_the_install_with_pips_words(
    indexes: tuple[LocalIndex, LocalIndex],
) -> None:
    staging, real = indexes
    _wheel(staging.package_dir, "stagedapp", "1.0", "", ("stageddep>=1",))

    with pytest.raises(SmokeTestError, match="pip exit") as raised:
        install_and_check(_check(staging, real))

    assert "stageddep" in raised.value.message


def test_the_release_is_never_taken_from_the_real_index(
    indexes: tuple[LocalIndex, LocalIndex],
) -> None:
    staging, real = indexes
    _wheel(real.package_dir, "stagedapp", "1.0", "")

    with pytest.raises(
        SmokeTestError, match=r"installing stagedapp==1\.0 into a fresh venv failed"
    ):
        install_and_check(_check(staging, real))
