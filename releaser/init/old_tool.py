"""The release automation a project already has: semantic-release or commitizen steps, hooks.

Two tools releasing the same project would each bump, tag and publish. `find_old_tool`
lists such steps in the GitHub workflows and commitizen's commit-msg hook;
`remove_old_tool` edits them out (round-trip YAML: comments and layout stay).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from releaser.init.model import Change

if TYPE_CHECKING:
    from ruamel.yaml import YAML

RELEASING_ACTIONS = (
    "python-semantic-release/python-semantic-release",
    "python-semantic-release/publish-action",
    "relekang/python-semantic-release",
    "commitizen-tools/commitizen-action",
    "pypa/gh-action-pypi-publish",
)
_RELEASING_COMMAND = re.compile(
    r"\b(?:semantic-release\s+(?:\S+\s+)*?(?:version|publish)|cz\s+bump)\b"
)
_LOOKING_ONLY = ("--dry-run", "--get-next", "--noop", "--print")  # these change nothing
_COMMITIZEN_HOOKS = ("commitizen-tools/commitizen", "Woile/commitizen")


@dataclass(frozen=True)
class Found:
    """One step or hook of another release tool."""

    path: str
    where: str  # e.g. "job release, step 'Semantic Release'"
    what: str  # the `uses:` or command found


def _yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)  # the usual layout of workflows
    return yaml


def _releasing(step: object) -> str | None:
    if not isinstance(step, dict):
        return None
    uses = str(step.get("uses", ""))
    if any(uses.startswith(a + "@") or uses == a for a in RELEASING_ACTIONS):
        return f"uses: {uses}"
    for line in str(step.get("run", "")).splitlines():
        match = _RELEASING_COMMAND.search(line)
        if match and not any(flag in line for flag in _LOOKING_ONLY):
            return f"run: {match[0]}"
    return None


def _workflows(root: Path) -> list[Path]:
    folder = root / ".github" / "workflows"
    return sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]) if folder.is_dir() else []


def find_old_tool(root: Path) -> list[Found]:
    """Every releasing step of another tool in the workflows, and commitizen's hook."""
    found: list[Found] = []
    for path in _workflows(root):
        try:
            data = _yaml().load(path.read_text(encoding="utf-8"))
        except Exception:  # an unreadable workflow is not ours to judge
            continue
        jobs = data.get("jobs") if isinstance(data, dict) else None
        for job_name, job in (jobs or {}).items():
            steps = job.get("steps", []) if isinstance(job, dict) else []
            for i, step in enumerate(steps or []):
                what = _releasing(step)
                if what:
                    name = step.get("name") or f"#{i + 1}"
                    relative = path.relative_to(root).as_posix()
                    found.append(Found(relative, f"job {job_name}, step {name!r}", what))
    hooks = root / ".pre-commit-config.yaml"
    if hooks.is_file():
        found += [
            Found(".pre-commit-config.yaml", "commit-msg hook", f"repo: {url}")
            for url in _commitizen_hook_repos(hooks)
        ]
    return found


def _commitizen_hook_repos(path: Path) -> list[str]:
    try:
        data = _yaml().load(path.read_text(encoding="utf-8"))
    except Exception:  # pre-commit reports an unreadable config
        return []
    repos = data.get("repos", []) if isinstance(data, dict) else []
    return [
        str(r["repo"])
        for r in repos or []
        if isinstance(r, dict) and str(r.get("repo", "")).endswith(_COMMITIZEN_HOOKS)
    ]


def old_tool_warning(found: Found) -> Change:
    """The line `init` prints for a step or hook of another tool it leaves in place."""
    what = (
        "checks commit messages too (releaser-lint does it now)"
        if found.where == "commit-msg hook"
        else "releases too: two tools would both release"
    )
    detail = f"{found.where} ({found.what}) {what}; `--replace-old-tool` edits it out"
    return Change(found.path, "warning", detail)


def _dump(yaml: YAML, data: object) -> str:
    import io

    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def remove_old_tool(root: Path) -> list[Change]:
    """The workflows and hook config without another tool's releasing steps and hook."""
    changes: list[Change] = []
    for path in _workflows(root):
        yaml = _yaml()
        data: Any = yaml.load(path.read_text(encoding="utf-8"))
        jobs = data.get("jobs") if isinstance(data, dict) else None
        removed = 0
        for job in (jobs or {}).values():
            steps: Any = (job.get("steps") if isinstance(job, dict) else None) or []
            for i in reversed(range(len(steps))):
                if _releasing(steps[i]):
                    del steps[i]
                    removed += 1
        if removed:
            relative = path.relative_to(root).as_posix()
            detail = f"removed {removed} releasing step(s)"
            changes.append(Change(relative, "updated", detail, _dump(yaml, data)))
    hooks = root / ".pre-commit-config.yaml"
    if hooks.is_file() and _commitizen_hook_repos(hooks):
        yaml = _yaml()
        hook_data: Any = yaml.load(hooks.read_text(encoding="utf-8"))
        repos = hook_data["repos"]
        for i in reversed(range(len(repos))):
            if str(repos[i].get("repo", "")).endswith(_COMMITIZEN_HOOKS):
                del repos[i]
        text = _dump(yaml, hook_data)
        changes.append(
            Change(".pre-commit-config.yaml", "updated", "removed commitizen's hook", text)
        )
    return changes
