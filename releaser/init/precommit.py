"""The releaser-lint entry `releaser init` adds to .pre-commit-config.yaml."""

from __future__ import annotations

import re
from pathlib import Path

from releaser.init.model import Change
from releaser.init.workflow import ACTION_REPOSITORY

HOOKS_PATH = ".pre-commit-config.yaml"


def hook_entry(rev: str, indent: str = "  ") -> str:
    """The `repos:` entry of the releaser-lint hook."""
    return (
        f"{indent}- repo: https://github.com/{ACTION_REPOSITORY}\n"
        f"{indent}  rev: {rev}\n"
        f"{indent}  hooks:\n"
        f"{indent}    - id: releaser-lint\n"
    )


def write_hook(root: Path, rev: str) -> Change:
    """Create .pre-commit-config.yaml with the hook, or append the hook to the one there."""
    path = root / HOOKS_PATH
    if not path.exists():
        text = "default_install_hook_types: [pre-commit, commit-msg]\nrepos:\n" + hook_entry(rev)
        path.write_text(text, encoding="utf-8")
        return Change(HOOKS_PATH, "created", "releaser-lint at the commit-msg stage")
    text = path.read_text(encoding="utf-8")
    if re.search(r"^\s*-\s*id:\s*releaser-lint\s*$", text, re.M):
        return Change(HOOKS_PATH, "skipped", "releaser-lint is already there")
    repos = re.search(r"^repos:[ \t]*(\[\s*\])?[ \t]*$", text, re.M)
    if repos is None or repos[1] or _top_level_after(text, repos.end()):
        return Change(
            HOOKS_PATH,
            "skipped",
            "could not append safely (repos: is not the last block); add this entry by hand:\n"
            + hook_entry(rev),
        )
    indent = re.search(r"^([ \t]*)- repo:", text[repos.end() :], re.M)
    new = text.rstrip("\n") + "\n" + hook_entry(rev, indent[1] if indent else "  ")
    detail = "appended releaser-lint"
    if "default_install_hook_types" not in text:
        new = "default_install_hook_types: [pre-commit, commit-msg]\n" + new
    elif "commit-msg" not in text:
        detail += "; add commit-msg to default_install_hook_types (or `pre-commit install "
        detail += "--hook-type commit-msg`)"
    path.write_text(new, encoding="utf-8")
    return Change(HOOKS_PATH, "updated", detail)


def _top_level_after(text: str, start: int) -> bool:
    """True when another top-level key follows position `start`."""
    return re.search(r"^[A-Za-z_][\w-]*\s*:", text[start:], re.M) is not None
