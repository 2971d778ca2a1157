"""The changelog's file and templates: where it may live, how it is read, what a broken
template means. No git here: the history service and the CLI call these."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from releaser.errors import ConfigError, RefusedError


def changelog_file(root: Path, name: str) -> Path:
    """Where the changelog lives; ConfigError when `changelog-file` cannot name a file there."""
    if not name.strip():
        raise ConfigError(
            "'changelog-file' is empty", hint='name the file, e.g. changelog-file = "CHANGELOG.md"'
        )
    if "\\" in name:
        raise ConfigError(
            f"'changelog-file' {name!r} holds a backslash, which is no folder separator here",
            hint=f'write it with forward slashes: changelog-file = "{name.replace(chr(92), "/")}"',
        )
    path = root / PurePosixPath(name)
    if PurePosixPath(name).is_absolute() or not path.resolve().is_relative_to(root.resolve()):
        raise ConfigError(
            f"'changelog-file' {name!r} is outside the repository",
            hint='give a path relative to the repository\'s top folder, e.g. "CHANGELOG.md"',
        )
    if path.is_dir():
        raise ConfigError(
            f"'changelog-file' {name!r} is a folder, not a file",
            hint=f'name a file in it, e.g. changelog-file = "{name.rstrip("/")}/CHANGELOG.md"',
        )
    return path


def read_changelog(path: Path) -> str | None:
    """The changelog's text, None when there is none yet; RefusedError when it is not UTF-8."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RefusedError(
            f"{path.name} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}), "
            "so releaser cannot update it without garbling it",
            hint=f"convert it to UTF-8 and run again, for example `iconv -f latin1 -t utf-8 "
            f"{path.name} > {path.name}.new && mv {path.name}.new {path.name}`",
        ) from None


@contextmanager
def template_errors(root: Path) -> Iterator[None]:
    """Turn a broken changelog template into a ConfigError naming its file and line.

    Jinja is not loaded for this: an error can only come from it once it is loaded.
    """
    try:
        yield
    except Exception as exc:
        jinja2 = sys.modules.get("jinja2")
        if jinja2 is None or not isinstance(exc, jinja2.TemplateError):
            raise
        raise template_error(exc, root) from exc


def template_error(exc: Exception, root: Path) -> ConfigError:
    """The ConfigError a Jinja error stands for: the template's file, line and problem."""
    from jinja2 import TemplateSyntaxError

    where, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not isinstance(exc, TemplateSyntaxError):
        where, line = _template_frame(exc)
    place = _shown(Path(where), root) if where else "a changelog template"
    problem = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return ConfigError(
        f"{place}, line {line}: {problem}" if line else f"{place}: {problem}",
        hint="fix the template (the built-in ones are in releaser/core/templates), "
        "or remove `template-dir` to use the built-in templates",
    )


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in `exc`'s traceback (Jinja puts them there)."""
    found: tuple[str | None, int | None] = (None, None)
    trace = exc.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return found


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
