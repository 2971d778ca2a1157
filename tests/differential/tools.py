"""The three tools, asked the same questions about one repository, in this process.

Each is called through its own command-line entry point (click's for releaser and
python-semantic-release, argparse's for commitizen), in-process: starting
python-semantic-release and commitizen as processes costs about three seconds each, which
would make a few hundred histories take an hour. The remote is a GitHub URL nothing ever
contacts: the commands asked for only read the repository, and the proxy variables point at
a closed port on 127.0.0.1 in case one tried.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from releaser.core.version import Version

ORIGIN = "https://github.com/octo/demo.git"

PYPROJECT = """\
[project]
name = "demo"
dynamic = ["version"]

[tool.releaser]
tag-format = "v{{version}}"

[tool.semantic_release]
tag_format = "v{{version}}"
allow_zero_version = true
major_on_zero = false
commit_parser = "conventional"

[tool.semantic_release.branches.main]
match = "main"
prerelease = false

[tool.semantic_release.changelog]
mode = "init"

[tool.semantic_release.changelog.default_templates]
mask_initial_release = false

[tool.commitizen]
name = "cz_customize"
tag_format = "v$version"
version_scheme = "semver2"
version_provider = "scm"
major_version_zero = {zero}

[tool.commitizen.customize]
# cz_conventional_commits, without its one extra rule (refactor is a patch): same rules
bump_pattern = '^((BREAKING[\\-\\ ]CHANGE|\\w+)(\\(.+\\))?!?):'
bump_map = {{ "^.+!$" = "MAJOR", "^BREAKING[\\\\-\\\\ ]CHANGE" = "MAJOR", "^feat" = "MINOR", \
"^fix" = "PATCH", "^perf" = "PATCH" }}
changelog_pattern = '^((BREAKING[\\-\\ ]CHANGE|\\w+)(\\(.+\\))?!?):'
commit_parser = '^((?P<change_type>feat|fix|perf|BREAKING CHANGE)\
(?:\\((?P<scope>[^()\\r\\n]*)\\)|\\()?(?P<breaking>!)?|\\w+!):\\s(?P<message>.*)?'
change_type_map = {{ feat = "Feat", fix = "Fix", perf = "Perf" }}
change_type_order = ["BREAKING CHANGE", "Feat", "Fix", "Perf"]
"""


def pyproject(*, zero: bool) -> str:
    """The project file, with the same rules set for all three tools."""
    return PYPROJECT.format(zero="true" if zero else "false")


@dataclass(frozen=True)
class Answer:
    """One tool's next version (None: no release) and its changelog's text."""

    next: Version | None
    changelog: str


@contextmanager
def inside(root: Path) -> Iterator[None]:
    """Run with `root` as the working folder, offline, and restore what the tools change."""
    before = Path.cwd()
    saved = {k: os.environ.get(k) for k in _OFFLINE}
    argv, hook = sys.argv, sys.excepthook
    os.chdir(root)
    os.environ.update(_OFFLINE)
    try:
        yield
    finally:
        os.chdir(before)
        sys.argv, sys.excepthook = argv, hook
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


_OFFLINE = {
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "NO_PROXY": "",
    "GIT_TERMINAL_PROMPT": "0",
    "GH_TOKEN": "dummy-never-sent",  # PSR warns without one; --noop sends nothing
}


def ask_releaser(root: Path) -> Answer:
    """`releaser next --json`, `releaser changelog --stdout --full` and `releaser notes`."""
    from click.testing import CliRunner

    from releaser.cli.app import app

    runner = CliRunner()
    with inside(root):
        done = runner.invoke(app, ["next", "--json"], catch_exceptions=False)
        assert done.exit_code == 0, done.output
        version = json.loads(done.stdout)["version"]
        log = runner.invoke(app, ["changelog", "--stdout", "--full"], catch_exceptions=False)
        assert log.exit_code == 0, log.output
        # The changelog holds the releases; the next one's entries are its notes, which
        # cover the pre-releases since the last final release (their sections are left out).
        text = _without_prereleases(log.stdout)
        if version:
            notes = runner.invoke(app, ["notes"], catch_exceptions=False)
            assert notes.exit_code == 0, notes.output
            text += "\n## Unreleased\n" + notes.stdout.partition("\n")[2]
    return Answer(Version.parse(version) if version else None, text)


def _without_prereleases(text: str) -> str:
    kept: list[str] = []
    skipping = False
    for line in text.splitlines():
        if line.startswith("## "):
            found = _VERSION.search(line)
            skipping = found is not None and Version.parse(found.group()).is_prerelease
        if not skipping:
            kept.append(line)
    return "\n".join(kept) + "\n"


def ask_commitizen(root: Path) -> Answer:
    """`cz bump --get-next --yes` and `cz changelog --dry-run`."""
    import commitizen.cli
    from commitizen.exceptions import DryRunExit, NoCommitsFoundError, NoneIncrementExit

    with inside(root):
        sys.argv = ["cz", "bump", "--get-next", "--yes"]
        out = io.StringIO()
        version: Version | None = None
        try:
            with redirect_stdout(out), redirect_stderr(io.StringIO()):
                commitizen.cli.main()
        except DryRunExit:
            version = Version.parse(out.getvalue().strip())
        except (NoneIncrementExit, NoCommitsFoundError):
            version = None
        sys.argv = ["cz", "changelog", "--dry-run"]
        log = io.StringIO()
        try:
            with redirect_stdout(log), redirect_stderr(io.StringIO()):
                commitizen.cli.main()
        except DryRunExit:
            pass
    return Answer(version, log.getvalue())


def ask_semantic_release(root: Path, current_final: Version | None) -> Answer:
    """`semantic-release --noop version --print` and `semantic-release changelog`.

    PSR prints the last full release when nothing calls for a new one (0.0.0 before any).
    """
    from click.testing import CliRunner
    from semantic_release.cli.commands.main import main

    runner = CliRunner()
    with inside(root):
        done = runner.invoke(main, ["--noop", "version", "--print"], catch_exceptions=False)
        assert done.exit_code == 0, done.output
        printed = Version.parse(done.stdout.strip().splitlines()[-1])
        log = runner.invoke(main, ["changelog"], catch_exceptions=False)
        assert log.exit_code == 0, log.output
        text = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    unchanged = printed == (current_final or Version(0, 0, 0))
    return Answer(None if unchanged else printed, text)


# ---- changelogs -------------------------------------------------------------------------

Entry = tuple[str, str | None, str]

_VERSION = re.compile(r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?")
_LINKS = re.compile(r"\(\s*\[[^\]]*\]\([^)]*\)(?:\s*,\s*\[[^\]]*\]\([^)]*\))*\s*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_PR = re.compile(r"\(#\d+\)|\(`?[0-9a-f]{7,40}`?\)")
_SCOPE = re.compile(r"^\*\*(?P<scope>[^*]+?):?\*\*:?\s*")


def group_of(title: str) -> str | None:
    """feat / fix / perf for a section title of any of the three tools, else None."""
    lowered = title.strip().lower()
    if lowered.startswith("feat"):
        return "feat"
    if lowered.startswith(("bug fix", "fix")):
        return "fix"
    if lowered.startswith("perf"):
        return "perf"
    return None


def entries_by_release(text: str) -> dict[Version | None, set[Entry]]:
    """The feat / fix / perf entries of each release in a changelog; pre-releases are folded
    into the release after them (None: unreleased)."""
    raw: dict[Version | None, list[tuple[str, str]]] = {}
    release: Version | None = None
    group: str | None = None
    current: list[str] | None = None
    blank = 0
    for line in text.splitlines():
        blank = blank + 1 if not line.strip() else 0
        if blank == 2:  # cz lists commits of no known type after two blank lines
            group = None
        if line.startswith("## "):
            found = _VERSION.search(line)
            release = Version.parse(found.group()) if found else None
            raw.setdefault(release, [])
            group, current = None, None
        elif line.startswith("### "):
            group, current = group_of(line[4:]), None
        elif line.startswith(("- ", "* ")) and group is not None:
            current = [line[2:]]
            raw.setdefault(release, []).append((group, ""))
            raw[release][-1] = (group, line[2:])
        elif current is not None and line.startswith("  ") and line.strip():
            kind, so_far = raw[release][-1]
            raw[release][-1] = (kind, f"{so_far} {line.strip()}")
        elif not line.strip():
            current = None
    return _fold(
        {version: {entry(kind, text) for kind, text in items} for version, items in raw.items()}
    )


def entry(kind: str, text: str) -> Entry:
    """(type, scope, description) of one list item, links and casing left out."""
    text = _LINKS.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _PR.sub("", text).replace("`", "")
    scope = None
    match = _SCOPE.match(text)
    if match is not None:
        scope, text = match["scope"].strip(), text[match.end() :]
    return kind, scope, " ".join(text.split()).lower().rstrip(".")


def _fold(
    found: dict[Version | None, set[Entry]],
) -> dict[Version | None, set[Entry]]:
    finals = sorted(v for v in found if v is not None and not v.is_prerelease)
    out: dict[Version | None, set[Entry]] = {v: set(found[v]) for v in finals}
    out.setdefault(None, set()).update(found.get(None, set()))
    for version, entries in found.items():
        if version is None or not version.is_prerelease:
            continue
        later = [f for f in finals if f > version]
        out.setdefault(later[0] if later else None, set()).update(entries)
    return out
