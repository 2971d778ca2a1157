"""Commit messages for `releaser lint`: a range's messages, and git's comment string."""

from __future__ import annotations

from pathlib import Path

from releaser.adapters.git import GitRepository
from releaser.errors import GitError
from releaser.history.project import refuse_shallow


def commit_messages(project_dir: Path, from_ref: str | None, to_ref: str) -> list[tuple[str, str]]:
    """(sha, message) of the non-merge commits after `from_ref` up to `to_ref`."""
    repo = GitRepository.open(project_dir)
    refuse_shallow(repo)
    end = repo.resolve(to_ref)
    revisions = [f"{repo.resolve(from_ref)}..{end}"] if from_ref else [end]
    return [(c.sha, c.message) for c in repo.log(*revisions) if not c.is_merge]


_CANDIDATES = "#;@!$%^&|:"  # what git picks from for `core.commentChar = auto`


def comment_string(project_dir: Path, message: str) -> str:
    """What starts a comment line in a message git is about to commit in `project_dir`.

    `core.commentString` or `core.commentChar`; for `auto`, the character git's own help
    text in the message starts with (git picks one no line of the message starts with).
    """
    try:
        configured = GitRepository(project_dir).run(
            "config", "--get-regexp", r"^core\.comment(char|string)$", check=False
        )
    except (GitError, OSError):  # no git at all: git's own default
        configured = ""
    values = [line.partition(" ")[2] for line in configured.splitlines()]
    value = values[-1] if values else "#"
    if value != "auto":
        return value or "#"
    for line in message.splitlines():
        if line[:1] in _CANDIDATES and (
            line[1:].startswith(" Please enter the commit message") or line[1:].startswith(" ---")
        ):
            return line[0]
    return "#"
