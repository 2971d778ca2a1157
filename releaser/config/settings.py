"""The project's settings: `[tool.releaser]` in pyproject.toml, validated into a `Config`.

Zero configuration works. Without `[tool.releaser]`, the tag format, version
files and branches of `[tool.semantic_release]` or `[tool.commitizen]` are
honoured, and `Config.source` says which table was read.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from releaser.config.borrowed import from_commitizen, from_semantic_release
from releaser.config.schema import Key, validate_table
from releaser.core.history import BumpRules
from releaser.core.tags import check_tag_format
from releaser.core.version import Bump, Version, VersionError
from releaser.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DEFAULT_TYPES = (
    "feat", "fix", "perf", "refactor", "docs", "style", "test", "build", "ci", "chore", "revert",
)  # fmt: skip

SCHEMA: dict[str, Key] = {
    "tag-format": Key(str, "v{version}", 'for example "v{version}"'),
    "initial-version": Key(str, "0.0.0", 'the version before the first release, e.g. "0.0.0"'),
    "major-on-zero": Key(bool, False),
    "branches": Key((list, str), ["main", "master"], 'for example ["main"]'),
    "types": Key((list, str), list(DEFAULT_TYPES), "the commit types the linter accepts"),
    "minor-types": Key((list, str), ["feat"]),
    "patch-types": Key((list, str), ["fix", "perf"]),
    "max-header-length": Key(int, 100),
    "include-merges": Key(bool, False),
    "changelog-file": Key(str, "CHANGELOG.md"),
    "changelog-sections": Key(dict, {}, 'a table of type = "Section title"'),
    "show-other-commits": Key(bool, False, "list commits that are not Conventional Commits"),
    "template-dir": Key(str, "", "a folder with changelog.md.j2 and/or release.md.j2"),
    "repository": Key(str, "", 'the GitHub repository as "owner/name"'),
    "remote": Key(str, "origin"),
    "version-files": Key((list, str), [], 'entries like "src/pkg/__init__.py:__version__"'),
    "commit-message": Key(str, "chore(release): {version}"),
    "skip-ci": Key(bool, False),
    "sign-tags": Key(bool, False),
    "push": Key(bool, True),
    "github": Key(bool, True),
    "build": Key(bool, True),
    "publish": Key(bool, True),
    "draft": Key(bool, False),
    "build-isolation": Key(bool, True),
    "dist-dir": Key(str, "dist"),
    "repository-url": Key(str, "", "the package index upload URL; empty means PyPI"),
    "index-simple-url": Key(str, "", "the index's simple API, when not <repository-url>/simple/"),
    "audit": Key(dict, {}, "the [tool.releaser.audit] table"),
}

DEFAULT_SECTIONS = {
    "feat": "Features",
    "fix": "Bug fixes",
    "perf": "Performance",
}


@dataclass(frozen=True)
class Config:
    """Resolved settings; field names are the TOML keys in snake_case."""

    tag_format: str = "v{version}"
    initial_version: str = "0.0.0"
    major_on_zero: bool = False
    branches: tuple[str, ...] = ("main", "master")
    types: tuple[str, ...] = DEFAULT_TYPES
    minor_types: tuple[str, ...] = ("feat",)
    patch_types: tuple[str, ...] = ("fix", "perf")
    max_header_length: int = 100
    include_merges: bool = False
    changelog_file: str = "CHANGELOG.md"
    changelog_sections: Mapping[str, str] = field(default_factory=dict)
    show_other_commits: bool = False
    template_dir: str = ""
    repository: str = ""
    remote: str = "origin"
    version_files: tuple[str, ...] = ()
    commit_message: str = "chore(release): {version}"
    skip_ci: bool = False
    sign_tags: bool = False
    push: bool = True
    github: bool = True
    build: bool = True
    publish: bool = True
    draft: bool = False
    build_isolation: bool = True
    dist_dir: str = "dist"
    repository_url: str = ""
    index_simple_url: str = ""
    audit: Mapping[str, Any] = field(default_factory=dict)
    source: str = "defaults"  # which table the settings came from
    project_name: str = ""
    project_version: str = ""  # [project].version, empty when dynamic or absent
    dynamic_version: bool = False

    @property
    def bump_rules(self) -> BumpRules:
        """The type -> bump mapping."""
        levels = dict.fromkeys(self.patch_types, Bump.PATCH)
        levels.update(dict.fromkeys(self.minor_types, Bump.MINOR))
        return BumpRules(levels)

    @property
    def initial(self) -> Version:
        """The version before the first release."""
        return Version.parse(self.initial_version)

    @property
    def sections(self) -> dict[str, str]:
        """Changelog section title per shown commit type, in display order."""
        return {**DEFAULT_SECTIONS, **self.changelog_sections}


def borrowed_notice(config: Config) -> str | None:
    """The sentence that says settings were taken from another tool's table, if they were."""
    if config.source in ("defaults", "[tool.releaser]"):
        return None
    return (
        f"no [tool.releaser] table: using the tag format, version files and branches "
        f"of {config.source}"
    )


def load_config(project_dir: Path) -> Config:
    """Read and validate the configuration of the project in `project_dir`."""
    path = project_dir / "pyproject.toml"
    if not path.is_file():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.name} is not valid TOML: {exc}") from None
    project = data.get("project", {})
    facts: dict[str, Any] = {
        "project_name": str(project.get("name", "")),
        "project_version": str(project.get("version", "")),
        "dynamic_version": "version" in project.get("dynamic", []),
    }
    tool = data.get("tool", {})
    if "releaser" in tool:
        return _from_table(tool["releaser"], "[tool.releaser]", facts)
    if "semantic_release" in tool:
        return _from_table(
            from_semantic_release(tool["semantic_release"]), "[tool.semantic_release]", facts
        )
    if "commitizen" in tool:
        return _from_table(from_commitizen(tool["commitizen"]), "[tool.commitizen]", facts)
    return Config(**facts)


def _from_table(table: object, where: str, facts: dict[str, Any]) -> Config:
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    values = validate_table(table, SCHEMA, where)
    for key in ("branches", "types", "minor_types", "patch_types", "version_files"):
        values[key] = tuple(values[key])
    values["types"] = tuple(t.lower() for t in values["types"])
    try:
        check_tag_format(values["tag_format"])
    except ValueError as exc:
        raise ConfigError(f"'tag-format' in {where}: {exc}", hint='use "v{version}"') from None
    try:
        Version.parse(values["initial_version"])
    except VersionError as exc:
        raise ConfigError(f"'initial-version' in {where}: {exc}") from None
    sections = values["changelog_sections"]
    if not all(isinstance(v, str) for v in sections.values()):
        raise ConfigError(f"'changelog-sections' in {where} maps types to titles (strings)")
    return Config(**values, source=where, **facts)
