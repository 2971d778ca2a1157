"""What reaches the index and GitHub is built from exactly the release commit.

Issue 9, items 1-3: no stale build reused, no untracked file packaged, no file
published whose metadata carries another version than the tag.
"""

from __future__ import annotations

import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.e2e.cut.conftest import MODULE, REPOSITORY, Sample, configure_identity, git

REFUSED = 4
SDIST, WHEEL = f"{MODULE}-0.2.0.tar.gz", f"{MODULE}-0.2.0-py3-none-any.whl"

REJECT_ONCE_HOOK = """\
#!/bin/sh
if [ -f "$GIT_DIR/reject-once" ]; then
    rm -f "$GIT_DIR/reject-once"
    echo "push declined by policy" >&2
    exit 1
fi
exit 0
"""


def _members(path: Path) -> dict[str, bytes]:
    """File name (without the top folder of an sdist) -> content, for a wheel or an sdist."""
    if path.name.endswith(".whl"):
        with zipfile.ZipFile(path) as wheel:
            return {n: wheel.read(n) for n in wheel.namelist()}
    with tarfile.open(path) as sdist:
        found = {}
        for member in sdist.getmembers():
            stream = sdist.extractfile(member)
            if stream is not None:
                found[member.name.split("/", 1)[1]] = stream.read()
        return found


def _published(sample: Sample, name: str) -> dict[str, bytes]:
    return _members(sample.index.package_dir / name)


@pytest.mark.setuptools_sample  # setuptools' own behaviour is part of the test
def test_untracked_files_are_never_packaged(sample: Sample) -> None:
    secret = sample.root / MODULE / "local_settings.py"
    secret.write_text('API_KEY = "sk-live-untracked-0042"\n', encoding="utf-8")
    (sample.root / "build").mkdir()  # an old in-tree build folder, git-ignored
    (sample.root / "build" / "stale.txt").write_text("old\n", encoding="utf-8")

    sample.cut("--no-audit")

    sample.assert_released_once("v0.2.0", "0.2.0")
    for name in (SDIST, WHEEL):
        members = _published(sample, name)
        assert not [m for m in members if "local_settings" in m or "stale" in m], sorted(members)
        assert any(m.endswith("greet.py") for m in members)
    (release,) = sample.server.releases(REPOSITORY)
    assert (
        sample.server.uploads[(release["id"], WHEEL)]
        == (sample.index.package_dir / WHEEL).read_bytes()
    )
    # The work tree is left alone: the untracked file is still there, still untracked.
    assert secret.read_text(encoding="utf-8").startswith("API_KEY")
    status = git(sample.root, "status", "--porcelain", "--untracked-files=all")
    assert status == f"?? {MODULE}/local_settings.py"


def test_a_rerun_after_pull_rebase_rebuilds(sample: Sample, tmp_path: Path) -> None:
    hook = sample.origin / "hooks" / "pre-receive"
    hook.write_text(REJECT_ONCE_HOOK, encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    (sample.origin / "reject-once").touch()

    run = sample.cut("--no-audit", expect=REFUSED)
    assert "push declined by policy" in run.stderr  # the remote's own words are quoted
    assert (sample.root / "dist" / "0.2.0" / WHEEL).is_file()  # the first run's build stays

    # Meanwhile a colleague pushes a code fix; the user pulls it as the hint says.
    other = tmp_path / "colleague"
    git(tmp_path, "clone", "-q", str(sample.origin), str(other))
    configure_identity(other)
    greet = other / MODULE / "greet.py"
    greet.write_text(greet.read_text().replace("Hi", "Hey there"), encoding="utf-8")
    git(other, "commit", "-q", "-am", "fix(greet): a warmer greeting")
    git(other, "push", "-q", "origin", "main")
    git(sample.root, "pull", "-q", "--rebase", "origin", "main")

    rerun = sample.cut("--no-audit")
    assert "reusing" not in rerun.stderr
    sample.assert_released_once("v0.2.0", "0.2.0")
    for name in (SDIST, WHEEL):
        (code,) = [c for m, c in _published(sample, name).items() if m.endswith("greet.py")]
        assert b"Hey there" in code, name  # the fix is in what users install
    release_commit = git(sample.origin, "rev-parse", "v0.2.0^{commit}")
    assert git(sample.root, "rev-parse", "HEAD") == release_commit
    assert git(sample.origin, "rev-parse", "HEAD~1") == git(other, "rev-parse", "HEAD")


@pytest.mark.setuptools_sample  # setuptools' own behaviour is part of the test
def test_a_build_of_another_version_is_refused(sample: Sample) -> None:
    # The version comes from __version__ through setuptools' `attr:`, which releaser does not
    # stamp for a dynamic version unless told: the build would say 0.1.0 under the tag v0.2.0.
    pyproject = sample.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8").replace(
        'version = "0.1.0"', 'dynamic = ["version"]'
    )
    text += f'\n[tool.setuptools.dynamic]\nversion = {{ attr = "{MODULE}.__version__" }}\n'
    pyproject.write_text(text, encoding="utf-8")
    git(sample.root, "commit", "-q", "-am", "build: take the version from the package")
    git(sample.root, "push", "-q", "origin", "main")
    head = git(sample.root, "rev-parse", "HEAD")

    run = sample.cut("--no-audit", expect=REFUSED)
    (error,) = run.errors()
    assert "do not carry the release version 0.2.0" in error
    assert f"{WHEEL.replace('0.2.0', '0.1.0')} is 0.1.0" in error
    assert "version-files" in run.stderr
    assert "setuptools-scm" in run.stderr
    # Nothing left the machine, and the local commit and tag are gone.
    assert git(sample.root, "rev-parse", "HEAD") == head
    assert git(sample.root, "tag", "--list", "v0.2.0") == ""
    assert git(sample.root, "status", "--porcelain") == ""
    assert sample.remote_tags() == ["v0.1.0"]
    assert git(sample.origin, "rev-parse", "main") == head
    assert sample.server.releases(REPOSITORY) == []
    assert sample.index.files() == {}

    # Following the hint makes the version stampable; the release then goes through.
    text = pyproject.read_text(encoding="utf-8").replace(
        "[tool.releaser]\n",
        f'[tool.releaser]\nversion-files = ["{MODULE}/__init__.py:__version__"]\n',
    )
    pyproject.write_text(text, encoding="utf-8")
    git(sample.root, "commit", "-q", "-am", "build: releaser stamps __version__")
    git(sample.root, "push", "-q", "origin", "main")
    sample.cut("--no-audit")
    sample.assert_released_once("v0.2.0", "0.2.0")


@pytest.mark.setuptools_sample  # setuptools' own behaviour is part of the test
def test_setuptools_scm_takes_the_version_from_the_local_tag(sample: Sample) -> None:
    # Issue 9 item 2, tag-first mode: nothing to stamp; releaser tags locally, builds from a
    # clean checkout of the tagged commit (setuptools-scm reads 0.2.0 from the tag), checks the
    # built version, and only then pushes.
    pyproject = sample.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    text = text.replace('version = "0.1.0"', 'dynamic = ["version"]')
    text = text.replace(
        'requires = ["setuptools>=77"]', 'requires = ["setuptools>=77", "setuptools-scm>=8"]'
    )
    pyproject.write_text(text + "\n[tool.setuptools_scm]\n", encoding="utf-8")
    init = sample.root / MODULE / "__init__.py"
    init.write_text('"""Sample package."""\n', encoding="utf-8")
    git(sample.root, "commit", "-q", "-am", "build: take the version from the git tag")
    git(sample.root, "push", "-q", "origin", "main")

    run = sample.cut("--no-audit")
    assert "built version is 0.2.0" in run.stderr or "version 0.2.0" in run.stderr
    sample.assert_released_once("v0.2.0", "0.2.0")
    for name in (SDIST, WHEEL):
        assert (sample.index.package_dir / name).is_file()
    # The release commit holds the changelog only: the version lives in the tag.
    changed = git(sample.root, "show", "--name-only", "--format=", "HEAD").split()
    assert changed == ["CHANGELOG.md"]
    assert git(sample.origin, "rev-parse", "v0.2.0^{commit}") == git(
        sample.root, "rev-parse", "HEAD"
    )
