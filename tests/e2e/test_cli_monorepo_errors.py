"""A monorepo whose packages cannot be told apart: a clear error (exit 3), nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.test_cli_history import releaser
from tests.support.monorepo import Repo, make_workspace

_PACKAGES_ROOT = "[tool.releaser]\npackages = [{}]\n"


def _set(repo: Repo, path: str, text: str) -> None:
    (repo.root / path).write_text(text, encoding="utf-8")


def _tag_format(repo: Repo, folder: str, tag_format: str) -> None:
    with (repo.root / folder / "pyproject.toml").open("a", encoding="utf-8") as out:
        out.write(f'\n[tool.releaser]\ntag-format = "{tag_format}"\n')


def overlapping(repo: Repo) -> None:
    _set(repo, "pyproject.toml", _PACKAGES_ROOT.format('"packages/acme", "packages/acme/sub"'))
    (repo.root / "packages/acme/sub").mkdir()
    _set(repo, "packages/acme/sub/pyproject.toml", '[project]\nname = "acme-sub"\n')


def same_prefix(repo: Repo) -> None:
    _tag_format(repo, "packages/acme", "rel-{version}")
    _tag_format(repo, "cli", "rel-{version}")


def prefix_of_another(repo: Repo) -> None:
    _tag_format(repo, "packages/acme", "v{version}")
    _tag_format(repo, "packages/acme-http", "v2-{version}")


def listed_without_pyproject(repo: Repo) -> None:
    _set(repo, "pyproject.toml", _PACKAGES_ROOT.format('"packages/acme", "docs"'))
    (repo.root / "docs").mkdir()


def globbed_without_pyproject(repo: Repo) -> None:
    (repo.root / "packages/notes").mkdir()


def nameless(repo: Repo) -> None:
    _set(repo, "cli/pyproject.toml", '[project]\nversion = "1.0.0"\n')


@pytest.mark.parametrize(
    ("breakage", "words"),
    [
        (overlapping, "package folders overlap: packages/acme (acme) and packages/acme/sub"),
        (same_prefix, "acme and acme-cli have the same tag prefix 'rel-'"),
        (prefix_of_another, "the tag prefix 'v' of acme is the start of 'v2-' (acme-http)"),
        (listed_without_pyproject, "docs is listed as a package ([tool.releaser] packages)"),
        (globbed_without_pyproject, "packages/notes is listed as a package ([tool.uv.workspace]"),
        (nameless, "cli/pyproject.toml has no [project] name"),
    ],
)
def test_bad_packages_are_a_config_error_and_change_nothing(
    tmp_path: Path, breakage: Callable[[Repo], None], words: str
) -> None:
    repo = make_workspace(tmp_path / "acme")
    breakage(repo)
    before = repo.git("status", "--porcelain", "--untracked-files=all")
    for args in (("next", "--all"), ("changelog", "--package", "acme")):
        run = releaser(repo.root, *args)
        assert run.code == 3, (args, run.out, run.err)
        assert words in run.err
        assert "hint:" in run.err
    assert repo.git("status", "--porcelain", "--untracked-files=all") == before
