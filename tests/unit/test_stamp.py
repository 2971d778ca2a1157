"""Version files in each tool's syntax, and the project's own entry in uv.lock."""

from __future__ import annotations

import pytest

from releaser.core.stamp import StampError, VersionFile, stamp_file, stamp_uv_lock


def stamp(entry: str, text: str, *, old: str = "1.2.0", new: str = "1.3.0") -> str:
    return stamp_file(text, VersionFile.parse(entry), new=new, old=old, tag=f"v{new}")


@pytest.mark.parametrize(
    ("entry", "parsed"),
    [
        ("VERSION", VersionFile("VERSION")),
        ("src/p/__init__.py:__version__", VersionFile("src/p/__init__.py", "__version__")),
        ("req.txt:pkg:nf", VersionFile("req.txt", "pkg")),
        ("a.rst:x@HASH  #:tf", VersionFile("a.rst", "x@HASH  #", tag_form=True)),
        (".cz.yaml:/rev:.+Commitizen/", VersionFile(".cz.yaml", regex="rev:.+Commitizen")),
        ("p.toml:tool.poetry.version", VersionFile("p.toml", "tool.poetry.version")),
    ],
)  # fmt: skip
def test_entries(entry: str, parsed: VersionFile) -> None:
    assert VersionFile.parse(entry) == parsed


def test_semantic_release_number_format_without_quotes() -> None:
    assert stamp("req.txt:python-semantic-release:nf", "python-semantic-release == 1.2.0\n") == (
        "python-semantic-release == 1.3.0\n"
    )


def test_semantic_release_tag_format_everywhere_it_appears() -> None:
    text = (
        "  uses: org/action@COMMIT_HASH  # v1.2.0\n"
        "  uses: other/action@COMMIT_HASH  # v4\n"
        "  uses: org/action@COMMIT_HASH  # v1.2.0\n"
    )
    assert stamp("w.rst:org/action@COMMIT_HASH  #:tf", text) == text.replace("v1.2.0", "v1.3.0")


def test_tag_format_of_a_pre_release_writes_the_tag_as_spelled() -> None:
    # The distribution's version is PEP 440 (1.3.0rc1); the tag keeps SemVer's -rc.1.
    text = "  uses: org/action@COMMIT_HASH  # v1.2.0\n"
    entry = VersionFile.parse("w.rst:org/action@COMMIT_HASH  #:tf")
    done = stamp_file(text, entry, new="1.3.0rc1", old="1.2.0", tag="v1.3.0-rc.1")
    assert done == "  uses: org/action@COMMIT_HASH  # v1.3.0-rc.1\n"
    again = stamp_file(done, entry, new="1.3.0", old="1.3.0rc1", tag="v1.3.0")
    assert again == "  uses: org/action@COMMIT_HASH  # v1.3.0\n"


def test_quoted_variables_still_take_any_old_value() -> None:
    text = '__version__: str = "0.0.0.dev0"\n'
    assert stamp("p.py:__version__", text) == '__version__: str = "1.3.0"\n'


def test_a_dotted_toml_path() -> None:
    text = '[project]\nversion = "9.9.9"\n\n[tool.poetry]\nname = "p"  # note\nversion = "1.2.0"\n'
    out = stamp("pyproject.toml:tool.poetry.version", text)
    assert out == text.replace('version = "1.2.0"', 'version = "1.3.0"')


def test_a_missing_toml_path_is_an_error() -> None:
    with pytest.raises(StampError, match=r"tool\.poetry\.version"):
        stamp("pyproject.toml:tool.poetry.version", '[project]\nversion = "1.2.0"\n')


def test_commitizen_regex_selects_the_lines() -> None:
    text = "rev: v1.2.0  # automatically updated by Commitizen\nother: v1.2.0\n"
    assert stamp(".pre-commit-config.yaml:/rev:.+Commitizen/", text) == (
        "rev: v1.3.0  # automatically updated by Commitizen\nother: v1.2.0\n"
    )


def test_commitizen_regex_without_the_version_is_an_error() -> None:
    with pytest.raises(StampError, match="rev:"):
        stamp("f.yaml:/rev:/", "rev: v0.9.0\n")


UV_LOCK = """\
version = 1
requires-python = ">=3.10"

[[package]]
name = "click"
version = "8.1.7"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "my-pkg"
version = "1.2.0"
source = { editable = "." }
dependencies = [
    { name = "click" },
]
"""


def test_uv_lock_project_entry() -> None:
    out = stamp_uv_lock(UV_LOCK, "My_Pkg", "1.3.0")
    assert out == UV_LOCK.replace('version = "1.2.0"', 'version = "1.3.0"')


def test_uv_lock_without_the_project() -> None:
    with pytest.raises(StampError):
        stamp_uv_lock(UV_LOCK, "click", "9.0.0")  # a dependency, not the project
