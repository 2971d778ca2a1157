"""Building, checking and checksumming distributions with the real `build` and twine."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from releaser.adapters.build import (
    build_distributions,
    check_distributions,
    sha256_of,
    write_checksums,
)
from releaser.errors import BuildError
from tests.support.sample_project import BROKEN_README, write_sample_project


def test_build_makes_an_sdist_and_a_wheel_that_carry_the_version(built_sample: list[Path]) -> None:
    sdist, wheel = built_sample
    assert sdist.name == "releaser_sample-0.1.0.tar.gz"
    assert wheel.name == "releaser_sample-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        init = zf.read("releaser_sample/__init__.py").decode()
        metadata = zf.read("releaser_sample-0.1.0.dist-info/METADATA").decode()
    assert '__version__ = "0.1.0"' in init
    assert "License-Expression: MIT" in metadata
    with tarfile.open(sdist) as tf:
        assert "releaser_sample-0.1.0/README.rst" in tf.getnames()


def test_check_passes_a_good_build(built_sample: list[Path]) -> None:
    check_distributions(built_sample)  # raises on findings


def test_checksums_use_sha256sum_format_sorted_by_name(fresh_dists: list[Path]) -> None:
    out = fresh_dists[0].parent
    sums = write_checksums(reversed(fresh_dists), out)
    lines = sums.read_text(encoding="utf-8").splitlines()
    assert [line.split("  ")[1] for line in lines] == sorted(p.name for p in fresh_dists)
    assert lines[0] == f"{sha256_of(fresh_dists[1])}  {fresh_dists[1].name}"  # the .whl sorts first


@pytest.mark.skipif(
    shutil.which("sha256sum") is None,
    reason="sha256sum is not installed: install GNU coreutils to check the file with it",
)
def test_sha256sum_checks_the_checksums_file(fresh_dists: list[Path]) -> None:
    out = fresh_dists[0].parent
    sums = write_checksums(fresh_dists, out)
    done = subprocess.run(
        ["sha256sum", "--check", "--strict", sums.name], cwd=out, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(done.stdout.splitlines()) == sorted(f"{p.name}: OK" for p in fresh_dists)


def test_checksum_notices_a_changed_file(fresh_dists: list[Path]) -> None:
    before = sha256_of(fresh_dists[0])
    with fresh_dists[0].open("ab") as stream:
        stream.write(b"\0")
    assert sha256_of(fresh_dists[0]) != before
    assert len(before) == 64


def test_check_rejects_a_readme_that_would_not_render(tmp_path: Path) -> None:
    project = write_sample_project(tmp_path / "project", readme=BROKEN_README)
    dists = build_distributions(project, tmp_path / "dist", isolation=False)
    with pytest.raises(BuildError) as caught:
        check_distributions(dists)
    message = caught.value.message
    assert "twine check --strict" in message
    assert "would not be rendered on PyPI" in message
    assert 'Unknown directive type "no-such-directive"' in message
    assert dists[1].name in message
    assert "\x1b[" not in message  # no terminal colour codes
    assert "README" in str(caught.value.hint)


def test_strict_check_rejects_a_missing_long_description(tmp_path: Path) -> None:
    project = write_sample_project(tmp_path / "project", readme=None)
    dists = build_distributions(project, tmp_path / "dist", isolation=False)
    with pytest.raises(BuildError, match="`long_description` missing"):
        check_distributions(dists)


def test_check_output_does_not_leak_to_stdout(
    built_sample: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    check_distributions(built_sample)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""


def test_broken_pyproject_fails_the_build_with_its_error(tmp_path: Path) -> None:
    project = write_sample_project(tmp_path / "project")
    (project / "pyproject.toml").write_text('[project\nname = "x"\n', encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build_distributions(project, tmp_path / "dist", isolation=False)
    assert "exited with 1" in caught.value.message
    assert "pyproject.toml" in caught.value.message
    assert caught.value.hint
    assert not list((tmp_path / "dist").glob("*"))


def test_build_refuses_a_folder_that_already_holds_files(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "releaser_sample-0.0.9.tar.gz").write_bytes(b"old")
    with pytest.raises(BuildError, match="not empty"):
        build_distributions(tmp_path / "nowhere", out, isolation=False)
