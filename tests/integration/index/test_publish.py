"""Publishing to a real local pypiserver with twine's library, and installing back."""

from __future__ import annotations

from pathlib import Path

import pytest

from releaser.adapters.build import build_distributions, sha256_of
from releaser.adapters.package_index import (
    Credentials,
    PackageIndex,
    credentials_from_env,
    index_urls,
)
from releaser.errors import ConfigError, PackageIndexError
from tests.support.package_index import LocalIndex, install_from_index
from tests.support.sample_project import write_sample_project

PROJECT = "Releaser_Sample"  # not canonical on purpose: the index lookup must normalise it


def _index(local: LocalIndex, password: str | None = None) -> PackageIndex:
    creds = Credentials(local.username, password or local.password)
    return PackageIndex(local.url, local.simple_url, creds, timeout=10)


def test_publish_uploads_and_pip_installs_that_version(
    local_index: LocalIndex, fresh_dists: list[Path], tmp_path: Path
) -> None:
    target = tmp_path / "venv"
    with pytest.raises(AssertionError, match="No matching distribution"):
        install_from_index(local_index.simple_url, "releaser-sample", "0.1.0", tmp_path / "before")
    report = _index(local_index).publish(fresh_dists, PROJECT)
    assert report.uploaded == tuple(fresh_dists)
    assert report.skipped == ()
    assert sorted(local_index.files()) == sorted(p.name for p in fresh_dists)
    version = install_from_index(local_index.simple_url, "releaser-sample", "0.1.0", target)
    assert version == "0.1.0"


def test_install_back_catches_a_version_stamped_after_the_build(
    local_index: LocalIndex, tmp_path: Path
) -> None:
    """The metadata says 0.2.0 but the module still says 0.1.0: the stamp came too late."""
    project = write_sample_project(tmp_path / "late", version="0.2.0", backend="flit")
    init = project / "releaser_sample" / "__init__.py"
    init.write_text(init.read_text("utf-8").replace('"0.2.0"', '"0.1.0"'), "utf-8")
    dists = build_distributions(project, tmp_path / "dist", isolation=False)
    _index(local_index).publish(dists, PROJECT)
    with pytest.raises(AssertionError, match=r"__version__ is '0\.1\.0'.*before"):
        install_from_index(local_index.simple_url, "releaser-sample", "0.2.0", tmp_path / "v")


def test_existing_files_reads_names_and_hashes_from_the_simple_index(
    local_index: LocalIndex, fresh_dists: list[Path]
) -> None:
    index = _index(local_index)
    assert index.existing_files(PROJECT) == {}  # unknown project: 404
    index.publish(fresh_dists, PROJECT)
    assert index.existing_files(PROJECT) == {p.name: sha256_of(p) for p in fresh_dists}


def test_publishing_the_same_files_again_skips_them_all(
    local_index: LocalIndex, fresh_dists: list[Path]
) -> None:
    index = _index(local_index)
    index.publish(fresh_dists, PROJECT)
    before = local_index.files()
    again = index.publish(fresh_dists, PROJECT)
    assert again.uploaded == ()
    assert again.skipped == tuple(fresh_dists)
    assert local_index.files() == before


def test_a_partly_published_release_uploads_only_the_rest(
    local_index: LocalIndex, fresh_dists: list[Path]
) -> None:
    sdist, wheel = fresh_dists
    index = _index(local_index)
    index.publish([sdist], PROJECT)
    report = index.publish(fresh_dists, PROJECT)
    assert report.uploaded == (wheel,)
    assert report.skipped == (sdist,)


def test_a_different_file_under_a_published_name_is_refused(
    local_index: LocalIndex, fresh_dists: list[Path], tmp_path: Path
) -> None:
    index = _index(local_index)
    index.publish([fresh_dists[1]], PROJECT)  # the wheel only
    rebuilt = write_sample_project(
        tmp_path / "rebuilt", marker="changed code, same version", backend="flit"
    )
    new_dists = build_distributions(rebuilt, tmp_path / "dist2", isolation=False)
    assert new_dists[1].name == fresh_dists[1].name
    assert sha256_of(new_dists[1]) != sha256_of(fresh_dists[1])
    with pytest.raises(PackageIndexError) as caught:
        index.publish(new_dists, PROJECT)
    assert new_dists[1].name in caught.value.message
    assert "bump the version" in str(caught.value.hint)
    assert "re-upload" in str(caught.value.hint)
    # Nothing was uploaded: the conflict is found before the sdist goes up.
    assert list(local_index.files()) == [fresh_dists[1].name]


def test_an_upload_the_index_refuses_as_existing_is_not_taken_as_done(
    local_index: LocalIndex, fresh_dists: list[Path]
) -> None:
    _index(local_index).publish(fresh_dists, PROJECT)
    # A simple URL that shows nothing: the index then refuses the upload as a
    # duplicate, and releaser cannot confirm the file is the same, so it says so.
    blind = PackageIndex(
        local_index.url,
        local_index.url + "nothing-here/",
        Credentials(local_index.username, local_index.password),
    )
    with pytest.raises(PackageIndexError, match=r"refused .* as already uploaded") as caught:
        blind.publish(fresh_dists, PROJECT)
    assert "nothing-here" in caught.value.message


def test_a_wrong_password_is_reported_without_echoing_it(
    local_index: LocalIndex, fresh_dists: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = "not-the-right-password-42"
    with pytest.raises(PackageIndexError) as caught:
        _index(local_index, password=wrong).publish(fresh_dists, PROJECT)
    error = caught.value
    assert "credentials" in error.message
    assert "403" in error.message
    assert local_index.username in error.message
    shown = f"{error.message} {error.hint} {error!r} {error.__cause__!r}"
    assert wrong not in shown
    out = capsys.readouterr()
    assert wrong not in out.out + out.err
    assert out.out == ""  # twine's own printing is captured
    assert local_index.files() == {}


def test_an_unreachable_index_is_a_package_index_error(fresh_dists: list[Path]) -> None:
    index = PackageIndex("http://127.0.0.1:9/", "http://127.0.0.1:9/simple/", None, timeout=5)
    with pytest.raises(PackageIndexError, match="Could not read") as caught:
        index.publish(fresh_dists, PROJECT)
    assert "reachable" in str(caught.value.hint)


def test_missing_credentials_are_named(local_index: LocalIndex, fresh_dists: list[Path]) -> None:
    index = PackageIndex(local_index.url, local_index.simple_url, None, timeout=10)
    with pytest.raises(PackageIndexError) as caught:
        index.publish(fresh_dists, PROJECT)
    assert "TWINE_PASSWORD" in str(caught.value.hint)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("pypi", ("https://upload.pypi.org/legacy/", "https://pypi.org/simple/")),
        ("PyPI", ("https://upload.pypi.org/legacy/", "https://pypi.org/simple/")),
        ("https://upload.pypi.org/legacy", ("https://upload.pypi.org/legacy/", "https://pypi.org/simple/")),
        ("testpypi", ("https://test.pypi.org/legacy/", "https://test.pypi.org/simple/")),
        ("https://test.pypi.org/legacy/", ("https://test.pypi.org/legacy/", "https://test.pypi.org/simple/")),
        ("http://127.0.0.1:8080/", ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/simple/")),
        ("https://pkgs.example/team", ("https://pkgs.example/team", "https://pkgs.example/team/simple/")),
    ],
)  # fmt: skip
def test_index_urls(given: str, expected: tuple[str, str]) -> None:
    assert index_urls(given) == expected


def test_index_urls_takes_an_explicit_simple_url() -> None:
    assert index_urls("https://pkgs.example/upload/", "https://pkgs.example/read") == (
        "https://pkgs.example/upload/",
        "https://pkgs.example/read/",
    )


def test_index_urls_rejects_what_is_not_an_index() -> None:
    with pytest.raises(ConfigError, match="pipy"):
        index_urls("pipy")


def test_credentials_from_env() -> None:
    assert credentials_from_env({}) is None
    assert credentials_from_env({"TWINE_USERNAME": "u", "TWINE_PASSWORD": ""}) is None
    assert credentials_from_env({"TWINE_USERNAME": "u", "TWINE_PASSWORD": "p"}) == Credentials(
        "u", "p"
    )
    assert credentials_from_env({"PYPI_TOKEN": "pypi-abc"}) == Credentials("__token__", "pypi-abc")
    assert credentials_from_env({"TWINE_PASSWORD": "pypi-x", "PYPI_TOKEN": "pypi-y"}) == (
        Credentials("__token__", "pypi-x")
    )


def test_credentials_repr_hides_the_password() -> None:
    creds = Credentials("__token__", "pypi-very-secret")
    assert "pypi-very-secret" not in repr(creds)
    assert "pypi-very-secret" not in str(creds)
    assert "__token__" in repr(creds)
