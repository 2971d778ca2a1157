"""A project opened for the history: its repository, settings and tags."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from releaser.adapters.git import GitRepository
from releaser.config import Config
from releaser.core.history import analyse
from releaser.core.tags import tag_formats
from releaser.errors import ConfigError, RefusedError

DEFAULT_TAG_FORMAT = "v{version}"


@dataclass(frozen=True)
class Project:
    """A project's repository and settings, opened once per command."""

    repo: GitRepository
    config: Config
    notices: tuple[str, ...] = ()  # what the command should tell the user, e.g. a detected format
    tag_names: tuple[str, ...] | None = None  # every tag, as listed when the project was opened

    @property
    def root(self) -> Path:
        """The repository's top folder."""
        return self.repo.root


def open_project(project_dir: Path, load: Callable[[Path], Config]) -> Project:
    """Open the repository holding `project_dir` and read its settings with `load`.

    A shallow clone is refused: its history is cut off, so any answer would be wrong.
    """
    repo = GitRepository.open(project_dir)
    refuse_shallow(repo)
    names = tuple(repo.tag_names())
    config, notices = settle_tag_format(names, load(repo.root))
    return Project(repo, config, notices, names)


def settle_tag_format(names: Iterable[str], config: Config) -> tuple[Config, tuple[str, ...]]:
    """`config` with the tag format the version tags among `names` follow, and what to say.

    When no tag follows `tag-format` but other tags name versions, the default format
    gives way to the one format those tags share; otherwise ConfigError names the tags.
    """
    formats = tag_formats(names)
    if not formats or config.tag_format in formats:
        return config, ()
    line = f'tag-format = "{config.tag_format}"'
    if len(formats) == 1 and config.tag_format == DEFAULT_TAG_FORMAT:
        ((found, names),) = formats.items()
        notice = (
            f"no tag matches {line}, but {len(names)} tag(s) such as {names[-1]} name versions: "
            f'using tag-format = "{found}" (write it in [tool.releaser] to make it explicit)'
        )
        return replace(config, tag_format=found), (notice,)
    shown = ", ".join(name for names in formats.values() for name in names[-3:])
    choices = " or ".join(f'tag-format = "{f}"' for f in formats)
    raise ConfigError(
        f"no tag matches {line}, but these tags name versions: {shown}",
        hint=f"say which tags are this project's releases: add {choices} "
        "to [tool.releaser] in pyproject.toml",
    )


def parser_notice(root: Path, config: Config, last: int = 200) -> str | None:
    """How many recent commits releaser can read, when the old tool used another convention."""
    if not config.foreign_parser:
        return None
    repo = GitRepository.open(root)
    commits = list(repo.log(repo.head(), max_count=last, no_merges=True))
    parsed = len(commits) - len(analyse(commits).noise)
    return (
        f"{parsed} of the last {len(commits)} commits parse as Conventional Commits; the "
        f"others (written for {config.foreign_parser}) bump nothing and are left out"
    )


def refuse_shallow(repo: GitRepository) -> None:
    """RefusedError for a shallow clone, whose history may end before the last release."""
    if repo.is_shallow():
        raise RefusedError(
            "this is a shallow clone, so the history since the last release may be missing "
            "and any answer could be wrong",
            hint="fetch the whole history first: `git fetch --unshallow --tags` "
            "(in GitHub Actions, set `fetch-depth: 0` on actions/checkout)",
        )
