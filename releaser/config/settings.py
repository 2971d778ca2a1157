"""The project's settings: `[tool.releaser]` in pyproject.toml, validated into a `Config`.

Zero configuration works. Without `[tool.releaser]`, python-semantic-release's or
commitizen's settings are read where that tool reads them, with its defaults, and
`Config.source` says which were read; `borrow-from` names such a file explicitly.
"""

from __future__ import annotations

import fnmatch
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from releaser.config.borrowed import Borrowed, find_borrowed
from releaser.config.checks import check_choices, check_patterns, check_relative
from releaser.config.schema import Key, validate_table
from releaser.core.history import BumpRules
from releaser.core.tags import PLACEHOLDER, check_tag_format
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
    "squash-commits": Key(
        str, "auto", '"auto", "always", "never", or "semantic-release" / "commitizen" as they do'
    ),
    "squash-pattern": Key(str, "", "a regex: headers it matches are squash merges"),
    "changelog-prereleases": Key(str, "fold", '"fold" into the final release, or "keep"'),
    "changelog-ranges": Key(
        str, "reachable", '"reachable" or "log-order" (semantic-release, commitizen)'
    ),
    "changelog-file": Key(str, "CHANGELOG.md", "a .md file, or .rst (reStructuredText)"),
    "changelog-insertion-flag": Key(str, "", "the text below which new releases go (.rst)"),
    "mask-initial-release": Key(bool, False, 'the first release reads "Initial Release"'),
    "release-notices": Key(
        bool, False, "list NOTICE: paragraphs as Additional Release Information"
    ),
    "changelog-sections": Key(dict, {}, 'a table of type = "Section title"'),
    "show-other-commits": Key(bool, False, "list commits that are not Conventional Commits"),
    "template-dir": Key(str, "", "a folder with changelog.md.j2 and/or release.md.j2"),
    "repository": Key(str, "", 'the GitHub repository as "owner/name"'),
    "remote": Key(str, "origin"),
    "version-files": Key((list, str), [], 'entries like "src/pkg/__init__.py:__version__"'),
    "commit-message": Key(str, "chore(release): {version}"),
    "skip-ci": Key(bool, False),
    "sign-tags": Key(bool, False),
    "tag-message": Key(str, "Release {version}", "the annotated tag's message"),
    "annotated-tags": Key(bool, True, "false: lightweight tags (no message, no signature)"),
    "push": Key(bool, True),
    "github": Key(bool, True),
    "build": Key(bool, True),
    "publish": Key(bool, True),
    "draft": Key(bool, False),
    "build-isolation": Key(bool, True),
    "dist-dir": Key(str, "dist"),
    "repository-url": Key(str, "", "the package index upload URL; empty means PyPI"),
    "index-simple-url": Key(str, "", "the index's simple API, when not <repository-url>/simple/"),
    "attestations": Key(bool, True, "PEP 740 attestations with trusted publishing; false: none"),
    "stage-index": Key(str, "", '"testpypi" or an upload URL: upload there first, smoke-test'),
    "stage-simple-url": Key(
        str, "", "the staging index's simple API (default <stage-index>/simple/)"
    ),
    "stage-check": Key(str, "", "the smoke command in the fresh venv; default: import the package"),
    "audit": Key(dict, {}, "the [tool.releaser.audit] table"),
    "borrow-from": Key(str, "", "a semantic-release or commitizen settings file to start from"),
    "default-sections": Key(bool, True, "false: show only the types in changelog-sections"),
    "exclude-commit-patterns": Key((list, str), [], "regexes of commits the changelog leaves out"),
    "tag-version-scheme": Key(str, "semver", '"semver" (v1.2.0-rc.1) or "pep440" (v1.2.0rc1)'),
    "prerelease-offset": Key(int, 1, "the number of the first pre-release (rc1 or rc0)"),
    "allow-zero-version": Key(bool, True, "false: the first release is 1.0.0"),
    "prerelease-branches": Key(
        dict, {}, 'branch pattern = pre-release token, e.g. "beta/*" = "beta"'
    ),
    "current-version": Key(str, "tag", '"tag" (the last tag HEAD reaches) or "file"'),
    "packages": Key((list, str), [], 'the package folders (globs), e.g. ["packages/*", "cli"]'),
    "paths": Key((list, str), [], 'more paths whose commits count, e.g. ["shared/protocol/"]'),
    "versioning": Key(
        str, "independent", '"independent" (each package its own tags) or "lockstep" (one for all)'
    ),
    "release-via": Key(str, "push", '"push" (commit and tag on the branch) or "pr"'),
    "release-pr-branch": Key(str, "releaser/release-{branch}", "the release pull request's branch"),
}

# Keys a package never takes from the repository root's [tool.releaser]: they are its own.
OWN_KEYS = frozenset(
    {"tag-format", "version-files", "paths", "packages", "borrow-from", "versioning"}
)

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
    squash_commits: str = "auto"  # auto | always | never | semantic-release | commitizen
    squash_pattern: str = ""
    changelog_prereleases: str = "fold"  # fold | keep
    changelog_ranges: str = "reachable"  # reachable | log-order: which release lists a commit
    changelog_file: str = "CHANGELOG.md"
    changelog_insertion_flag: str = ""
    mask_initial_release: bool = False
    release_notices: bool = False
    changelog_sections: Mapping[str, str] = field(default_factory=dict)
    show_other_commits: bool = False
    template_dir: str = ""
    repository: str = ""
    remote: str = "origin"
    version_files: tuple[str, ...] = ()
    commit_message: str = "chore(release): {version}"
    skip_ci: bool = False
    sign_tags: bool = False
    tag_message: str = "Release {version}"
    annotated_tags: bool = True
    push: bool = True
    github: bool = True
    build: bool = True
    publish: bool = True
    draft: bool = False
    build_isolation: bool = True
    dist_dir: str = "dist"
    repository_url: str = ""
    index_simple_url: str = ""
    attestations: bool = True  # PEP 740, with trusted publishing only
    stage_index: str = ""  # a staging index the release is installed from before the real one
    stage_simple_url: str = ""
    stage_check: str = ""
    audit: Mapping[str, Any] = field(default_factory=dict)
    borrow_from: str = ""
    default_sections: bool = True
    exclude_commit_patterns: tuple[str, ...] = ()
    tag_version_scheme: str = "semver"
    prerelease_offset: int = 1
    allow_zero_version: bool = True
    prerelease_branches: Mapping[str, str] = field(default_factory=dict)
    current_version: str = "tag"  # "file": the tag of [project].version, reachable or not
    packages: tuple[str, ...] = ()  # the root's package folders (globs)
    paths: tuple[str, ...] = ()  # more paths, from the repository's top folder
    versioning: str = "independent"  # the root's: "lockstep" gives all packages one version
    claimed_tag_formats: tuple[str, ...] = ()  # a workspace's other packages' tag formats
    release_via: str = "push"  # "pr": through a pull request (release/via_pr.py)
    release_pr_branch: str = "releaser/release-{branch}"
    notices: tuple[str, ...] = ()  # what the borrowed settings ask for that releaser does not do
    foreign_parser: str = ""  # the borrowed commit convention, when not Conventional Commits
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
        """Changelog section title per shown commit type, in display order (empty title: hidden)."""
        base = DEFAULT_SECTIONS if self.default_sections else {}
        return {t: title for t, title in {**base, **self.changelog_sections}.items() if title}

    def prerelease_for(self, branch: str | None) -> str | None:
        """The pre-release token of `branch`: none on a release branch or an unlisted one."""
        if branch is None or any(branch_matches(branch, p) for p in self.branches):
            return None
        found = (t for p, t in self.prerelease_branches.items() if branch_matches(branch, p))
        return next(found, None)

    def tag_for(self, version: Version) -> str:
        """The tag of `version`: the tag format with the version spelt per tag-version-scheme."""
        text = version.pep440 if self.tag_version_scheme == "pep440" else version.semver
        return self.tag_format.replace(PLACEHOLDER, text)


def branch_matches(branch: str, pattern: str) -> bool:
    """A branch name against a name, a glob or a `/regex/` (matched from the start)."""
    if len(pattern) > 2 and pattern[0] == pattern[-1] == "/":
        return re.match(pattern[1:-1], branch) is not None
    return fnmatch.fnmatchcase(branch, pattern)


def borrowed_notice(config: Config) -> str | None:
    """What was taken from another tool's settings, and what of it releaser does not do."""
    lines = [f"warning: {n}" for n in config.notices]
    if config.source not in ("defaults", "[tool.releaser]"):
        lines.insert(
            0,
            f"no [tool.releaser] table: using {config.source} (tag format, version files, "
            "branches, 0.x rules, changelog sections); `releaser init` writes them down",
        )
    return "\n".join(lines) or None


def read_pyproject(project_dir: Path) -> dict[str, Any]:
    """The parsed pyproject.toml of `project_dir`, empty when there is none."""
    path = project_dir / "pyproject.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.name} is not valid TOML: {exc}") from None


def load_config(project_dir: Path, defaults: Mapping[str, Any] | None = None) -> Config:
    """Read and validate the configuration of the project in `project_dir`.

    `defaults` is a [tool.releaser] table the project's own keys override: a package's
    shared settings from the repository root.
    """
    data = read_pyproject(project_dir)
    if defaults:
        tool = data.get("tool", {})
        own = tool.get("releaser", {}) if isinstance(tool, dict) else {}
        if not isinstance(own, dict):
            raise ConfigError(
                f"[tool.releaser] in {project_dir / 'pyproject.toml'} must be a table"
            )
        data = {**data, "tool": {**tool, "releaser": {**defaults, **own}}}
    project = data.get("project", {})
    facts: dict[str, Any] = {
        "project_name": str(project.get("name", "")),
        "project_version": str(project.get("version", "")),
        "dynamic_version": "version" in project.get("dynamic", []),
    }
    tool = data.get("tool", {})
    if "releaser" in tool:
        table = tool["releaser"]
        source = isinstance(table, dict) and table.get("borrow-from")
        if isinstance(source, str) and source:
            borrowed = find_borrowed(project_dir, data, source)  # raises when it finds none
            if borrowed is not None:
                return _from_borrowed(borrowed, facts, table)
        return _from_table(table, "[tool.releaser]", facts)
    borrowed = find_borrowed(project_dir, data)
    if borrowed is not None:
        return _from_borrowed(borrowed, facts)
    return Config(**facts)


def _from_borrowed(
    borrowed: Borrowed, facts: dict[str, Any], own: Mapping[str, Any] | None = None
) -> Config:
    table = {**borrowed.settings, **(own or {})}
    where = "[tool.releaser]" if own is not None else borrowed.where
    notices = tuple(f"{borrowed.where}: {w}" for w in borrowed.warnings)
    config = _from_table(table, where, facts, notices)
    return replace(config, foreign_parser=borrowed.parser) if borrowed.parser else config


def _from_table(
    table: object, where: str, facts: dict[str, Any], notices: tuple[str, ...] = ()
) -> Config:
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    values = validate_table(table, SCHEMA, where)
    for key in (
        "branches", "types", "minor_types", "patch_types", "version_files",
        "exclude_commit_patterns", "packages", "paths",
    ):  # fmt: skip
        values[key] = tuple(values[key])
    if values["tag_version_scheme"] not in ("semver", "pep440"):
        raise ConfigError(
            f'\'tag-version-scheme\' in {where} must be "semver" or "pep440"',
            hint='"pep440" spells pre-release tags v1.2.0rc1, as commitizen does',
        )
    check_patterns(values["exclude_commit_patterns"], where)
    for key in ("packages", "paths"):
        check_relative(key, values[key], where)
    if values["current_version"] not in ("tag", "file"):
        raise ConfigError(
            f'\'current-version\' in {where} must be "tag" or "file"',
            hint='"file" takes the version in pyproject.toml as the current one, as commitizen',
        )
    values["types"] = tuple(t.lower() for t in values["types"])
    try:
        check_tag_format(values["tag_format"])
    except ValueError as exc:
        raise ConfigError(f"'tag-format' in {where}: {exc}", hint='use "v{version}"') from None
    try:
        Version.parse(values["initial_version"])
    except VersionError as exc:
        raise ConfigError(f"'initial-version' in {where}: {exc}") from None
    if not all(isinstance(v, str) for v in values["prerelease_branches"].values()):
        raise ConfigError(f"'prerelease-branches' in {where} maps branch patterns to tokens")
    check_choices(values, where)
    sections = values["changelog_sections"]
    if not all(isinstance(v, str) for v in sections.values()):
        raise ConfigError(f"'changelog-sections' in {where} maps types to titles (strings)")
    return Config(**values, notices=notices, source=where, **facts)
