"""commitizen's settings, in its own syntax and with its own defaults, as `[tool.releaser]` keys."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from releaser.config.borrowed import Borrowed
from releaser.errors import ConfigError

# commitizen's changelog: these types, under these titles, in this order (breaking changes first).
CHANGE_TYPE_MAP = {"feat": "Feat", "fix": "Fix", "refactor": "Refactor", "perf": "Perf"}
CHANGE_TYPE_ORDER = ["BREAKING CHANGE", "Feat", "Fix", "Refactor", "Perf"]
CONVENTIONAL = ("cz_conventional_commits", "conventional_commits")
BUMP_MESSAGE = "bump: version $current_version → $new_version"

_VERSION = re.compile(r"\$\{version\}|\$version\b")
_PARTS = re.compile(
    r"\$\{?major\}?\.\$\{?minor\}?\.\$\{?patch\}?(?:\$\{?prerelease\}?)?(?:\$\{?devrelease\}?)?"
)
_LEFT = re.compile(r"\$\{?[A-Za-z_]+\}?")

# Settings with no effect on versions, tags, changelog or files.
_NO_EFFECT = {
    "style": "prompt colours of `cz commit`",
    "use_shortcuts": "a `cz commit` prompt option",
    "check_consistency": "releaser stamps every configured file from one version",
    "allowed_prefixes": "a `cz check` option; `releaser lint` has its own rules",
    "retry_after_failure": "a `cz commit` option",
    "always_signoff": "a `cz commit` option",
    "encoding": "releaser reads and writes UTF-8",
    "template": "commitizen's changelog template is not used; see template-dir",
    "extras": "variables of commitizen's changelog template",
    "breaking_change_exclamation_in_title": "releaser lists breaking changes in their own section",
    "ignored_tag_formats": "releaser ignores every tag that does not match its tag format",
}


def tag_format(value: str) -> str:
    """commitizen's `tag_format` in releaser's spelling; ConfigError when it has no equivalent."""
    text = _PARTS.sub("{version}", _VERSION.sub("{version}", value))
    left = _LEFT.findall(text)
    if left or text.count("{version}") != 1:
        raise ConfigError(
            f"commitizen's tag_format {value!r} cannot be expressed by releaser"
            + (f" ({', '.join(left)} alone)" if left else ""),
            hint='releaser tags the whole version once, as in tag_format = "v$version"; '
            "set tag-format in [tool.releaser] to the tags you want",
        )
    return text


def version_file(entry: str) -> str:
    """A `version_files` entry (`path` or `path:regex`) in releaser's syntax (`path:/regex/`)."""
    path, sep, regex = entry.partition(":")
    return f"{path}:/{regex}/" if sep and regex else path


def from_commitizen(table: Mapping[str, Any], where: str, filename: str) -> Borrowed:
    """The settings of commitizen that mean the same here, and a line for every other one."""
    b = Borrowed(where)
    _rules(b, table)
    files = [version_file(f) for f in table.get("version_files", []) if isinstance(f, str)]
    _version_provider(b, table, filename, files)
    if files:
        b.carry("version_files", table.get("version_files", []), "version-files", files)
    if "changelog_file" in table:
        file = table["changelog_file"]
        b.carry("changelog_file", file, "changelog-file", file)
    _sections(b, table)
    _messages(b, table)
    _unsupported(b, table)
    return b


def _rules(b: Borrowed, table: Mapping[str, Any]) -> None:
    """The commit rules, tag spelling and 0.x rule."""
    name = table.get("name", "cz_conventional_commits")
    if name not in CONVENTIONAL:
        b.parser = str(name)
        b.drop(
            "name",
            name,
            "releaser reads Conventional Commits only; commits written for this rule set "
            "that are not Conventional Commits do not bump the version",
        )
    raw_format = table.get("tag_format", "$version")
    b.carry("tag_format", raw_format, "tag-format", tag_format(str(raw_format)))
    scheme = table.get("version_scheme") or table.get("version_type") or "pep440"
    if scheme in ("semver", "semver2"):
        b.same("version_scheme", scheme, "tags spell pre-releases the SemVer way, 1.2.0-rc.1")
    elif scheme == "pep440":
        b.carry("version_scheme", scheme, "tag-version-scheme", "pep440")
    else:
        b.drop("version_scheme", scheme, "releaser knows the pep440 and semver schemes only")
    offset = table.get("prerelease_offset", 0)
    b.carry("prerelease_offset", offset, "prerelease-offset", offset)
    zero = table.get("major_version_zero", False)
    b.carry("major_version_zero", zero, "major-on-zero", not zero)


def _unsupported(b: Borrowed, table: Mapping[str, Any]) -> None:
    for key in ("pre_bump_hooks", "post_bump_hooks"):
        if table.get(key):
            b.drop(key, table[key], "releaser runs no hooks; run these commands in the workflow")
    if table.get("legacy_tag_formats"):
        b.drop(
            "legacy_tag_formats",
            table["legacy_tag_formats"],
            "tags of older formats are ignored; the last release must carry a tag in tag-format "
            "(add one with `git tag`)",
        )
    for key in ("changelog_incremental", "update_changelog_on_bump"):
        if key in table:
            b.same(key, table[key], _CHANGELOG_NOTES[key])
    merge = bool(table.get("changelog_merge_prerelease", False))
    b.carry("changelog_merge_prerelease", merge, "changelog-prereleases",
            "fold" if merge else "keep")  # fmt: skip
    for key, why in _NO_EFFECT.items():
        if key in table:
            b.drop(key, table[key], why, loud=False)
    _tags(b, table)


_CHANGELOG_NOTES = {
    "changelog_incremental": "releaser inserts each release above the previous ones",
    "update_changelog_on_bump": "releaser updates the changelog in every release commit",
}


def _tags(b: Borrowed, table: Mapping[str, Any]) -> None:
    """commitizen's tag kind: lightweight unless annotated_tag, a message or gpg_sign asks more.

    An annotated tag's message defaults to the tag's name.
    """
    signed = bool(table.get("gpg_sign", False))
    message = table.get("annotated_tag_message")
    annotated = bool(table.get("annotated_tag", False)) or bool(message) or signed
    shown = table.get("annotated_tag", False)
    b.carry("annotated_tag", shown, "annotated-tags", annotated)
    if "gpg_sign" in table:
        b.carry("gpg_sign", signed, "sign-tags", signed)
    if annotated:
        text = re.sub(r"\$\{?version\}?", "{version}", str(message or b.settings["tag-format"]))
        b.carry("annotated_tag_message", message or "(the tag)", "tag-message", text)


def _version_provider(
    b: Borrowed, table: Mapping[str, Any], filename: str, files: list[str]
) -> None:
    provider = table.get("version_provider", "commitizen")
    if provider == "commitizen" and "version" in table:
        entry = f"{filename}:tool.commitizen.version"
        if filename.endswith((".json", ".yaml")):
            entry = f"{filename}:version"
        files.insert(0, entry)
        b.same("version_provider", provider, f"the version in {filename} is stamped ({entry})")
        # commitizen starts from the version its config states, as with pep621 and uv
        b.carry("version", table["version"], "current-version", "file")
    elif provider == "poetry":
        files.insert(0, "pyproject.toml:tool.poetry.version")
        b.same("version_provider", provider, "[tool.poetry].version is stamped")
    elif provider in ("pep621", "uv"):
        b.carry("version_provider", provider, "current-version", "file")
    elif provider == "scm":
        b.same("version_provider", provider, "the tag carries the version")
    elif provider != "commitizen":
        b.drop(
            "version_provider",
            provider,
            "releaser stamps pyproject.toml and version-files only; "
            "list the file that holds the version in version-files",
        )


def _sections(b: Borrowed, table: Mapping[str, Any]) -> None:
    types = table.get("change_type_map") or CHANGE_TYPE_MAP
    order = table.get("change_type_order") or CHANGE_TYPE_ORDER
    if not isinstance(types, Mapping) or not isinstance(order, list):
        return
    rank = {title: i for i, title in enumerate(order)}
    ordered = sorted(types.items(), key=lambda item: rank.get(item[1], len(rank)))
    sections = {str(t).lower(): str(title) for t, title in ordered}
    b.report.append(
        "change_type_map / change_type_order (or their defaults) -> changelog-sections = "
        + ", ".join(f"{t}: {title}" for t, title in sections.items())
        + "; default-sections = false"
    )
    b.report.append(
        "(commitizen's bump map and commit reading) -> minor-types = [feat], "
        "patch-types = [fix, perf, refactor], include-merges = true"
    )
    b.settings["changelog-sections"] = sections
    b.settings["default-sections"] = False
    b.settings["minor-types"] = ["feat"]
    b.settings["patch-types"] = ["fix", "perf", "refactor"]  # commitizen's bump map
    b.settings["include-merges"] = True  # commitizen reads merge commits like any other
    b.report.append(
        "(commitizen's changelog reads body paragraphs that open with a header as changes) "
        '-> squash-commits = "commitizen"'
    )
    b.settings["squash-commits"] = "commitizen"
    b.report.append(
        "(commitizen's changelog splits `git log --topo-order` at tagged commits) "
        '-> changelog-ranges = "log-order"'
    )
    b.settings["changelog-ranges"] = "log-order"


def _messages(b: Borrowed, table: Mapping[str, Any]) -> None:
    message = table.get("bump_message") or BUMP_MESSAGE
    if not isinstance(message, str):
        return
    text = message.replace("${new_version}", "{version}").replace("$new_version", "{version}")
    text = text.replace("${current_version}", "{current_version}")
    text = text.replace("$current_version", "{current_version}")
    if "$" in text or "{version}" not in text:
        b.drop(
            "bump_message",
            message,
            "releaser's commit-message names only {version} and {current_version}",
        )
    else:
        b.carry("bump_message", message, "commit-message", text)
