"""Configuration: zero config, validation with suggestions, other tools' tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from releaser.config import DEFAULT_TYPES, Config, load_config
from releaser.core.version import Bump
from releaser.errors import ConfigError, ExitCode


def project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_zero_config_without_pyproject(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == Config()
    assert config.tag_format == "v{version}"
    assert config.initial.semver == "0.0.0"
    assert config.types == DEFAULT_TYPES
    assert config.sections == {"feat": "Features", "fix": "Bug fixes", "perf": "Performance"}


def test_zero_config_with_a_plain_pyproject(tmp_path: Path) -> None:
    config = load_config(project(tmp_path, '[project]\nname = "pkg"\nversion = "1.2.0"\n'))
    assert config.source == "defaults"
    assert config.tag_format == "v{version}"
    assert (config.project_name, config.project_version) == ("pkg", "1.2.0")


def test_releaser_table(tmp_path: Path) -> None:
    config = load_config(
        project(
            tmp_path,
            "[tool.releaser]\n"
            'tag-format = "pkg-{version}"\n'
            "major-on-zero = true\n"
            'minor-types = ["feat", "docs"]\n'
            'changelog-sections = { docs = "Documentation" }\n',
        )
    )
    assert config.source == "[tool.releaser]"
    assert config.tag_format == "pkg-{version}"
    assert config.major_on_zero is True
    assert config.bump_rules.levels["docs"] is Bump.MINOR
    assert list(config.sections) == ["feat", "fix", "perf", "docs"]


@pytest.mark.parametrize(
    ("line", "wrong", "suggestion"),
    [
        ('tag_format = "v{version}"', "tag_format", "tag-format"),
        ("major-on-zer0 = true", "major-on-zer0", "major-on-zero"),
        ('changelog-fil = "x.md"', "changelog-fil", "changelog-file"),
    ],
)
def test_unknown_key_names_it_and_suggests(
    tmp_path: Path, line: str, wrong: str, suggestion: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(project(tmp_path, f"[tool.releaser]\n{line}\n"))
    error = caught.value
    assert error.exit_code == ExitCode.CONFIG
    assert wrong in error.message
    assert f"'{suggestion}'" in f"{error.message} {error.hint}"


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('major-on-zero = "yes"', "major-on-zero"),
        ('types = "feat"', "types"),
        ("types = [1, 2]", "types"),
        ('max-header-length = "72"', "max-header-length"),
        ("max-header-length = true", "max-header-length"),
        ("tag-format = 3", "tag-format"),
    ],
)
def test_wrong_type_names_the_key(tmp_path: Path, line: str, key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(project(tmp_path, f"[tool.releaser]\n{line}\n"))
    assert f"'{key}'" in caught.value.message
    assert caught.value.exit_code == ExitCode.CONFIG


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[tool.releaser]\ntag-format = "release"\n',
            "'tag-format' in [tool.releaser]: the tag format 'release' must contain '{version}'",
        ),
        (
            '[tool.releaser]\ninitial-version = "one"\n',
            "'initial-version' in [tool.releaser]: 'one' is not a SemVer or PEP 440 version",
        ),
        ("[tool.releaser\n", "pyproject.toml is not valid TOML: Expected ']' at the end of"),
        ("tool.releaser = 3\n", "[tool.releaser] must be a table"),
    ],
)
def test_other_invalid_configs(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(project(tmp_path, text))
    assert message in caught.value.message
    assert caught.value.exit_code == 3


def test_semantic_release_fallback(tmp_path: Path) -> None:
    config = load_config(
        project(
            tmp_path,
            "[tool.semantic_release]\n"
            'tag_format = "rel-{version}"\n'
            'version_variables = ["src/pkg/__init__.py:__version__"]\n'
            'version_toml = ["pyproject.toml:project.version"]\n'
            "major_on_zero = true\n"
            "[tool.semantic_release.branches.main]\n"
            'match = "(main|master)"\n',
        )
    )
    assert config.source == "[tool.semantic_release]"
    assert config.tag_format == "rel-{version}"
    assert config.version_files == ("src/pkg/__init__.py:__version__",)
    assert config.branches == ("/(main|master)/",)  # semantic-release's match is a regex
    assert config.major_on_zero is True


def test_commitizen_fallback(tmp_path: Path) -> None:
    config = load_config(
        project(
            tmp_path,
            "[tool.commitizen]\n"
            'tag_format = "v$version"\n'
            'version_files = ["src/pkg/__init__.py:__version__"]\n'
            "major_version_zero = true\n",
        )
    )
    assert config.source == "[tool.commitizen]"
    assert config.tag_format == "v{version}"
    assert config.version_files == ("src/pkg/__init__.py:/__version__/",)  # a regex in cz
    assert config.major_on_zero is False  # commitizen: keep 0.x on breaking changes


def test_commitizen_default_tag_format_is_the_bare_version(tmp_path: Path) -> None:
    config = load_config(project(tmp_path, '[tool.commitizen]\nname = "cz_conventional_commits"\n'))
    assert config.tag_format == "{version}"


def test_releaser_table_wins_over_the_others(tmp_path: Path) -> None:
    config = load_config(
        project(
            tmp_path,
            '[tool.releaser]\ntag-format = "r{version}"\n'
            '[tool.semantic_release]\ntag_format = "s{version}"\n',
        )
    )
    assert config.source == "[tool.releaser]"
    assert config.tag_format == "r{version}"


def test_index_urls(tmp_path: Path) -> None:
    text = (
        "[tool.releaser]\n"
        'repository-url = "https://pkgs.example.org/upload/"\n'
        'index-simple-url = "https://pkgs.example.org/+simple/"\n'
    )
    config = load_config(project(tmp_path, text))
    assert config.repository_url == "https://pkgs.example.org/upload/"
    assert config.index_simple_url == "https://pkgs.example.org/+simple/"
