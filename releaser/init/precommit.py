"""The releaser-lint entry `releaser init` adds to .pre-commit-config.yaml.

The file is edited as YAML, not as text: a round-trip load keeps comments, quotes, the
`---` marker and the layout, and the result is checked (parsed again, and by
`pre-commit validate-config` when pre-commit is installed) before it is written.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

from releaser.adapters.precommit import validate_config
from releaser.init.model import Change
from releaser.init.workflow import ACTION_REPOSITORY

if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

HOOKS_PATH = ".pre-commit-config.yaml"
_FRESH = "releaser-lint at the commit-msg stage"
_TYPES = "default_install_hook_types"
_MARKER = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\n)*---")


def hook_entry(rev: str, indent: str = "  ") -> str:
    """The `repos:` entry of the releaser-lint hook."""
    return (
        f"{indent}- repo: https://github.com/{ACTION_REPOSITORY}\n"
        f"{indent}  rev: {rev}\n"
        f"{indent}  hooks:\n"
        f"{indent}    - id: releaser-lint\n"
    )


def new_config(rev: str) -> str:
    """A whole .pre-commit-config.yaml with only the releaser-lint hook."""
    return f"{_TYPES}: [pre-commit, commit-msg]\nrepos:\n" + hook_entry(rev)


def hook_change(text: str | None, rev: str) -> Change:
    """What to do to the config `text` (None: there is none) to run releaser-lint."""
    if text is None:
        return Change(HOOKS_PATH, "created", _FRESH, new_config(rev))
    by_hand = "; add this entry to repos: by hand:\n" + hook_entry(rev)
    from ruamel.yaml.error import YAMLError

    try:
        document = _yaml(text).load(text)
    except YAMLError as exc:
        problem = str(exc).strip().splitlines()[0]
        return Change(HOOKS_PATH, "skipped", f"not valid YAML ({problem})" + by_hand)
    if document is None:  # an empty file
        return Change(HOOKS_PATH, "updated", _FRESH, new_config(rev))
    repos = document.get("repos") if isinstance(document, dict) else None
    if not isinstance(repos, list):
        return Change(HOOKS_PATH, "skipped", "it has no `repos:` list" + by_hand)
    if any(_has_hook(repo) for repo in repos):
        return Change(HOOKS_PATH, "skipped", "releaser-lint is already there")
    detail = _add(document, repos, rev)
    new = _dump(text, document)
    complaint = validate_config(new)
    if complaint:
        detail = f"the result would not be valid: {complaint}"
        return Change(HOOKS_PATH, "skipped", detail + by_hand)
    return Change(HOOKS_PATH, "updated", detail, new)


def _has_hook(repo: object) -> bool:
    hooks = repo.get("hooks") if isinstance(repo, dict) else None
    return isinstance(hooks, list) and any(
        isinstance(h, dict) and h.get("id") == "releaser-lint" for h in hooks
    )


def _add(document: CommentedMap, repos: list[Any], rev: str) -> str:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    hooks = CommentedSeq([CommentedMap([("id", "releaser-lint")])])
    entry = CommentedMap(
        [("repo", f"https://github.com/{ACTION_REPOSITORY}"), ("rev", rev), ("hooks", hooks)]
    )
    if repos:
        _move_trailing_lines(repos[-1], entry)
    repos.append(entry)
    types = document.get(_TYPES)
    if types is None:
        types = CommentedSeq(["pre-commit", "commit-msg"])
        types.fa.set_flow_style()
        document.insert(0, _TYPES, types)
        return f"appended releaser-lint; set {_TYPES} to pre-commit and commit-msg"
    if isinstance(types, list) and "commit-msg" not in types:
        types.append("commit-msg")
        return f"appended releaser-lint; added commit-msg to {_TYPES}"
    return "appended releaser-lint"


def _last_leaf(node: object) -> tuple[Any, Any] | None:
    """The innermost last (container, key) of a YAML block: where ruamel keeps what follows it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    found = None
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        key = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        found = (node, key)
        node = node[key]
    return found


def _move_trailing_lines(last: object, entry: object) -> None:
    """Give the new last entry the blank lines and comments that followed the old last one.

    ruamel attaches them to the old entry's last value, so appending would put them
    between the old entry and the new one. The old entry keeps its end-of-line comment.
    """
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    old, new = _last_leaf(last), _last_leaf(entry)
    if old is None or new is None:
        return
    container, key = old
    slots = container.ca.items.get(key)
    at = 2 if isinstance(slots, list) and len(slots) == 4 else 0  # a mapping's or a list's
    token = slots[at] if slots else None
    if token is None or "\n" not in token.value.strip(" \t"):
        return
    inline, _, following = token.value.partition("\n")
    if not following:
        return
    if inline.strip():
        token.value = inline + "\n"
    else:
        slots[at] = None
    new[0].ca.items[new[1]] = [None, None, CommentToken("\n" + following, CommentMark(0)), None]


def _yaml(text: str) -> YAML:
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    try:  # how the file indents its lists: `- a` under the key, or `  - a`
        _, indent, offset = load_yaml_guess_indent(text)
    except Exception:
        indent, offset = 2, 0
    yaml.indent(mapping=2, sequence=indent or 2, offset=offset or 0)
    yaml.explicit_start = _MARKER.match(text) is not None
    return yaml


def _dump(original: str, document: CommentedMap) -> str:
    from ruamel.yaml import YAML

    out = io.StringIO()
    _yaml(original).dump(document, out)
    text = out.getvalue()
    YAML(typ="safe").load(text)  # one document that parses again, or an error here
    return text
