"""python-semantic-release's settings, with its own syntax and v10 defaults, as releaser keys."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from releaser.config.borrowed import Borrowed

# The headings of semantic-release's default template: every type it knows, titled, sorted.
LONG_TYPE_NAMES = {
    "build": "Build System",
    "chore": "Chores",
    "ci": "Continuous Integration",
    "docs": "Documentation",
    "feat": "Features",
    "fix": "Bug Fixes",
    "perf": "Performance Improvements",
    "refactor": "Refactoring",
    "style": "Code Style",
    "test": "Testing",
}
CONVENTIONAL = ("conventional", "angular")

_NO_EFFECT = {
    "logging_use_named_masks": "a logging option",
    "no_git_verify": "releaser runs the repository's hooks on its commit",
    "assets": "releaser commits only the files it stamps",
    "remote": "releaser talks to GitHub (the origin remote, or repository)",
}


def version_variable(entry: str) -> str:
    """A `version_variables` entry `path:variable[:nf|:tf]`: the same syntax here."""
    return entry


def from_semantic_release(
    table: Mapping[str, Any], where: str, root: Path | None = None
) -> Borrowed:
    """The settings of python-semantic-release that mean the same here, and a line for the rest."""
    b = Borrowed(where)
    raw_format = table.get("tag_format", "v{version}")
    b.carry("tag_format", raw_format, "tag-format", raw_format)
    b.settings["tag-message"] = raw_format  # it runs `git tag -a TAG -m TAG`
    b.report.append(f'(its annotated tags, named in their message) -> tag-message = "{raw_format}"')
    b.carry("major_on_zero", table.get("major_on_zero", True), "major-on-zero",
            table.get("major_on_zero", True))  # fmt: skip
    b.carry("allow_zero_version", table.get("allow_zero_version", False), "allow-zero-version",
            table.get("allow_zero_version", False))  # fmt: skip
    files = []
    for entry in table.get("version_toml", []):
        if str(entry) == "pyproject.toml:project.version":
            b.same("version_toml", entry, "releaser stamps [project].version itself")
        else:
            files.append(str(entry))
    files += [str(f) for f in table.get("version_variables", [])]
    if files:
        b.carry("version_toml + version_variables", files, "version-files", files)
    parser = table.get("commit_parser", "conventional")
    if parser not in CONVENTIONAL:
        b.parser = str(parser)
        b.drop(
            "commit_parser",
            parser,
            "releaser reads Conventional Commits only; other commits do not bump the version",
        )
    _parser_options(b, table.get("commit_parser_options", {}))
    if "commit_message" in table:
        b.carry("commit_message", table["commit_message"], "commit-message",
                str(table["commit_message"]).strip())  # fmt: skip
    _branches(b, table.get("branches"))
    _changelog(b, table.get("changelog", {}), root)
    _unsupported(b, table)
    return b


def _parser_options(b: Borrowed, options: object) -> None:
    """How its conventional parser reads commits: squash bodies, merges, the types it knows."""
    given = options if isinstance(options, Mapping) else {}
    old = "commit_parser_options."
    squash = bool(given.get("parse_squash_commits", True))  # v10's default
    mode = "semantic-release" if squash else "never"
    b.carry(old + "parse_squash_commits", squash, "squash-commits", mode)
    merges = not given.get("ignore_merge_commits", True)
    b.carry(old + "ignore_merge_commits", not merges, "include-merges", merges)
    minor = list(given.get("minor_tags", ["feat"]))
    patch = list(given.get("patch_tags", ["fix", "perf"]))
    other = list(
        given.get("other_allowed_tags", [t for t in LONG_TYPE_NAMES if t not in minor + patch])
    )
    known = list(given.get("allowed_tags", [*minor, *patch, *other]))
    b.carry(old + "minor_tags", minor, "minor-types", minor)
    b.carry(old + "patch_tags", patch, "patch-types", patch)
    b.carry(old + "allowed_tags", known, "types", known)


def _unsupported(b: Borrowed, table: Mapping[str, Any]) -> None:
    if table.get("build_command"):
        b.drop("build_command", table["build_command"], "releaser builds with `python -m build`")
    publish = table.get("publish", {})
    if isinstance(publish, Mapping) and publish.get("upload_to_vcs_release", True) is False:
        b.carry("publish.upload_to_vcs_release", False, "github", False)
    elif isinstance(publish, Mapping) and "upload_to_vcs_release" in publish:
        b.same("publish.upload_to_vcs_release", True, "the GitHub release gets the dist files")
    if table.get("add_partial_tags"):
        b.drop("add_partial_tags", True, "releaser makes no v1 / v1.2 tags; move them in CI")
    for key, why in _NO_EFFECT.items():
        if key in table:
            b.drop(key, table[key], why, loud=False)


def _branch_pattern(regex: str) -> str:
    """A `match` regex as a branch entry: a plain name when it names one branch, else /regex/."""
    name = regex.removeprefix("^").removesuffix("$")
    return name if re.fullmatch(r"[\w][\w./-]*", name) else f"/{regex}/"


def _branches(b: Borrowed, branches: object) -> None:
    if not isinstance(branches, Mapping):
        return
    finals: list[str] = []
    prereleases: dict[str, str] = {}
    for name, branch in branches.items():
        if not isinstance(branch, Mapping):
            continue
        pattern = str(branch.get("match", f"^{re.escape(str(name))}$"))
        token = str(branch.get("prerelease_token", "rc"))
        if not branch.get("prerelease"):
            finals.append(_branch_pattern(pattern))
        elif token.lower() in ("alpha", "beta", "rc", "a", "b", "c"):
            prereleases[_branch_pattern(pattern)] = token
        else:
            b.drop(
                f"branches.{name}",
                dict(branch),
                f"Python packaging has no '{token}' pre-release (alpha, beta and rc only); "
                f"releaser makes no release from branches matching {pattern}",
            )
    if finals:
        b.carry("branches.*.match", finals, "branches", finals)
    if prereleases:
        b.carry("branches.*.prerelease", prereleases, "prerelease-branches", prereleases)


def _rendered_changelog(root: Path | None, template_dir: object) -> str | None:
    """The changelog a semantic-release template folder renders (CHANGELOG.rst.j2 -> .rst)."""
    if root is None or not isinstance(template_dir, str):
        return None
    found = sorted((root / template_dir).glob("CHANGELOG.*.j2"))
    return found[0].name.removesuffix(".j2") if found else None


def _changelog(b: Borrowed, changelog: object, root: Path | None) -> None:
    """Sections, excluded commits and the file of semantic-release's default changelog."""
    b.settings["changelog-sections"] = dict(
        sorted(LONG_TYPE_NAMES.items(), key=lambda item: item[1])
    )
    b.settings["default-sections"] = False
    b.report.append(
        "(the default changelog template's headings) -> changelog-sections = "
        + ", ".join(f"{t}: {title}" for t, title in b.settings["changelog-sections"].items())
        + "; default-sections = false"
    )
    if not isinstance(changelog, Mapping):
        return
    patterns = changelog.get("exclude_commit_patterns", [])
    if patterns:
        b.carry("changelog.exclude_commit_patterns", patterns, "exclude-commit-patterns",
                list(patterns))  # fmt: skip
    templates = changelog.get("default_templates", {})
    file = changelog.get("changelog_file") or (
        templates.get("changelog_file") if isinstance(templates, Mapping) else None
    )
    if file:
        b.carry("changelog.default_templates.changelog_file", file, "changelog-file", file)
    rendered = _rendered_changelog(root, changelog.get("template_dir"))
    if rendered and not file:
        file = rendered
        b.carry("changelog.template_dir", changelog["template_dir"], "changelog-file", file)
    fmt = templates.get("output_format") if isinstance(templates, Mapping) else None
    if fmt == "rst" and not file:
        file = "CHANGELOG.rst"
        b.carry("changelog.default_templates.output_format", fmt, "changelog-file", file)
    if changelog.get("template_dir"):
        layout = "reStructuredText" if str(file or "").endswith(".rst") else "Markdown"
        b.drop(
            "changelog.template_dir",
            changelog["template_dir"],
            "semantic-release templates do not fit releaser's; the changelog uses releaser's "
            f"{layout} layout (template-dir takes releaser templates)",
        )
    mask = templates.get("mask_initial_release", True) if isinstance(templates, Mapping) else True
    b.carry(  # v10's default is true
        "changelog.default_templates.mask_initial_release", mask, "mask-initial-release", bool(mask)
    )
    b.report.append(  # its default templates list them; releaser's do not by default
        "(its templates' Additional Release Information) -> release-notices = true"
    )
    b.settings["release-notices"] = True
    b.report.append(  # its release history walks `git log --topo-order`, a section per tag
        '(its release history) -> changelog-ranges = "log-order", changelog-prereleases = "keep"'
    )
    b.settings["changelog-ranges"] = "log-order"
    b.settings["changelog-prereleases"] = "keep"
    if "insertion_flag" in changelog:
        flag = changelog["insertion_flag"]
        b.carry("changelog.insertion_flag", flag, "changelog-insertion-flag", flag)
    if "mode" in changelog:
        b.same("changelog.mode", changelog["mode"], "releaser inserts each release on top")
