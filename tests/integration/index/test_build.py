"""Building, checking and checksumming distributions with the real `build` and twine."""

from __future__ import annotations

import shutil
import subprocess
import sys
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
from tests.support.sample_project import (
    BROKEN_README,
    NEEDS_UNSHIPPED_MODULE,
    write_in_tree_backend_project,
    write_sample_project,
)


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
    project = write_sample_project(tmp_path / "project", readme=BROKEN_README, backend="flit")
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
    project = write_sample_project(tmp_path / "project", readme=None, backend="flit")
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


def test_the_wheel_is_built_from_the_sdist_alone(tmp_path: Path) -> None:
    # setup.py imports a module of the work tree that the sdist does not ship: the sdist builds,
    # the wheel built from it cannot, so an incomplete sdist never reaches the index.
    project = write_sample_project(tmp_path / "project")
    (project / "setup.py").write_text(NEEDS_UNSHIPPED_MODULE, encoding="utf-8")
    (project / "_unshipped_helper.py").write_text("EXTRA = 1\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build_distributions(project, tmp_path / "dist", isolation=False)
    assert "No module named '_unshipped_helper'" in caught.value.message
    assert [p.name for p in (tmp_path / "dist").iterdir()] == ["releaser_sample-0.1.0.tar.gz"]


def test_an_isolated_build_makes_one_environment_for_the_sdist_and_the_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The backend needs nothing installed, so the isolated build works offline.
    project = write_in_tree_backend_project(tmp_path / "project")
    log = tmp_path / "hooks.log"
    monkeypatch.setenv("SAMPLE_BACKEND_LOG", str(log))

    sdist, wheel = build_distributions(project, tmp_path / "dist", isolation=True)

    assert (sdist.name, wheel.name) == (
        "in_tree_sample-0.1.0.tar.gz",
        "in_tree_sample-0.1.0-py3-none-any.whl",
    )
    calls = [line.split(" ") for line in log.read_text(encoding="utf-8").splitlines()]
    assert [hook for hook, _, _ in calls] == [
        "get_requires_for_build_sdist", "build_sdist",
        "get_requires_for_build_wheel", "build_wheel",
    ]  # fmt: skip
    prefixes = {prefix for _, prefix, _ in calls}
    assert len(prefixes) == 1, calls  # one environment for both
    assert prefixes != {sys.prefix}  # and not this Python's: isolated
    built_in = {hook: Path(cwd) for hook, _, cwd in calls}
    assert built_in["build_sdist"] == project
    assert built_in["build_wheel"].name == "in_tree_sample-0.1.0"  # the extracted sdist
    assert not built_in["build_wheel"].exists()  # a scratch folder, removed


_CHECK_THEN_LOOK = (
    "import sys\nfrom pathlib import Path\n"
    "from releaser.adapters.build import check_distributions\n"
    "check_distributions([Path(p) for p in sys.argv[1:]])\n"
    "print('docutils' in sys.modules)\n"
)


def _check_in_a_new_process(dists: list[Path]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _CHECK_THEN_LOOK, *map(str, dists)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_markdown_readme_is_checked_without_loading_the_rst_renderer(tmp_path: Path) -> None:
    project = write_sample_project(tmp_path / "project", readme_format="markdown", backend="flit")
    dists = build_distributions(project, tmp_path / "dist", isolation=False)
    assert _check_in_a_new_process(dists) == "False"  # docutils: 0.25 s of CPU not spent


def test_an_rst_readme_is_still_rendered_after_a_markdown_one(
    tmp_path: Path, built_sample: list[Path]
) -> None:
    project = write_sample_project(tmp_path / "md", readme_format="markdown", backend="flit")
    markdown = build_distributions(project, tmp_path / "dist", isolation=False)
    assert _check_in_a_new_process([*markdown, *built_sample]) == "True"
    broken = write_sample_project(tmp_path / "broken", readme=BROKEN_README, backend="flit")
    dists = build_distributions(broken, tmp_path / "broken-dist", isolation=False)
    with pytest.raises(BuildError, match="no-such-directive"):
        check_distributions([*markdown, *dists])
