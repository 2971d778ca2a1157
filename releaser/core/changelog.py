"""Changelog and release notes: data in, Markdown out.

Pure: the caller passes the releases, links and dates. Jinja2 renders the
templates (the built-in ones, or a user's folder that overrides them); it is
imported on first use so commands that render nothing never load it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from releaser.core.changelog_context import as_list, release_context
from releaser.core.history import Analysis
from releaser.core.version import Version, VersionError

if TYPE_CHECKING:
    from jinja2 import Environment

MARKER = "<!-- releaser: new releases are inserted below this line -->"
_BUILTIN_TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True, slots=True)
class RepoLinks:
    """Where commits, comparisons and issues live on the forge (GitHub layout)."""

    web_url: str  # https://github.com/owner/name

    def commit(self, sha: str) -> str:
        """Link to one commit."""
        return f"{self.web_url}/commit/{sha}"

    def compare(self, previous: str, tag: str) -> str:
        """Link to the diff between two tags."""
        return f"{self.web_url}/compare/{previous}...{tag}"

    def tree(self, tag: str) -> str:
        """Link to the commits up to a tag (the first release has nothing to compare)."""
        return f"{self.web_url}/commits/{tag}"

    def issue(self, number: int) -> str:
        """Link to an issue or pull request (GitHub redirects between the two)."""
        return f"{self.web_url}/issues/{number}"


@dataclass(frozen=True, slots=True)
class ReleaseSection:
    """One release as the changelog shows it; `version` None means unreleased."""

    version: str | None
    tag: str | None
    previous_tag: str | None
    date: str
    analysis: Analysis


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How sections look: which types show under which title, links, templates."""

    sections: Mapping[str, str]  # type -> title, in display order
    links: RepoLinks | None = None
    show_other_commits: bool = False
    template_dir: Path | None = None
    exclude: tuple[re.Pattern[str], ...] = ()  # commit messages left out, unless they bump
    bumping_types: frozenset[str] = frozenset()
    own_scopes: frozenset[str] = frozenset()  # a package's names: scopes not shown (normalized)
    mask_initial_release: bool = False  # the first release reads "Initial Release" (as PSR)
    release_notices: bool = False  # `NOTICE:` paragraphs listed on their own (as PSR)


def load_templates(options: RenderOptions) -> None:
    """Load and compile the templates before they are needed (while git reads the history).

    A template that does not compile is left for the render, which reports it with its file
    and line.
    """
    from jinja2 import TemplateError

    environment = _environment(options.template_dir)
    for name in ("release.md.j2", "changelog.md.j2"):
        with suppress(TemplateError, OSError, UnicodeError):
            environment.get_template(name)


def render_release(section: ReleaseSection, options: RenderOptions) -> str:
    """The Markdown of one release: its changelog section, also used as release notes."""
    template = _environment(options.template_dir).get_template("release.md.j2")
    return template.render(release=release_context(section, options)).strip("\n") + "\n"


def render_changelog(sections: Sequence[ReleaseSection], options: RenderOptions) -> str:
    """A whole changelog, newest release first; the same input gives the same bytes."""
    environment = _environment(options.template_dir)
    release = environment.get_template("release.md.j2")  # looked up once, not per release
    body = "\n".join(
        release.render(release=release_context(s, options)).strip("\n") + "\n" for s in sections
    )
    template = environment.get_template("changelog.md.j2")
    return template.render(marker=MARKER, releases=body).strip("\n") + "\n"


def has_release(changelog: str, version: str) -> bool:
    """True when `changelog` already has a section headed with `version`."""
    pattern = rf"^##\s+\[?v?{re.escape(version)}\]?(?=[\s(]|$)"
    return re.search(pattern, changelog, re.MULTILINE) is not None


def insert_release(changelog: str, section_markdown: str, header: str) -> str:
    """Insert a release section below the marker; text outside it stays as it was.

    Without a marker, the marker and the section go before the first release
    heading (or at the end); an empty changelog gets `header` first.
    """
    block = section_markdown.strip("\n") + "\n"
    if not changelog.strip():
        return f"{header.strip()}\n\n{MARKER}\n\n{block}"
    at = changelog.find(MARKER)
    if at != -1:
        if changelog.find("\n", at) == -1:  # the marker ends the file
            changelog += "\n"
        end = changelog.find("\n", at) + 1
        rest = changelog[end:]
        return changelog[:end] + "\n" + block + ("\n" if rest.strip() else "") + rest.lstrip("\n")
    first = re.search(r"^## ", changelog, re.MULTILINE)
    if first is None:
        return changelog.rstrip("\n") + f"\n\n{MARKER}\n\n{block}"
    start = first.start()
    return changelog[:start] + f"{MARKER}\n\n{block}\n" + changelog[start:]


_HEADING_VERSION = re.compile(r"^##\s+\[?v?(?P<version>\d+\.\d+\.\d+[^\]\s(]*)", re.MULTILINE)


def newest_release(changelog: str) -> Version | None:
    """The highest version that has a section heading in `changelog`."""
    found = [_version_or_none(m["version"]) for m in _HEADING_VERSION.finditer(changelog)]
    return max((v for v in found if v is not None), default=None)


def _version_or_none(text: str) -> Version | None:
    try:
        return Version.parse(text)
    except VersionError:
        return None


def update_changelog(
    changelog: str, sections: Sequence[ReleaseSection], options: RenderOptions
) -> tuple[str, int, int]:
    """Insert the releases newer than the newest one in `changelog` (update mode).

    Returns the new text, how many sections were inserted, and how many older
    releases are missing from the file but were left out (inserting them on top
    would break the order; a full regeneration puts them in place).
    """
    newest = newest_release(changelog)
    missing = [s for s in sections if s.version and not has_release(changelog, s.version)]
    newer = [s for s in missing if newest is None or Version.parse(s.version or "") > newest]
    text = changelog
    for section in reversed(newer):  # oldest first, so the newest ends on top
        text = insert_release(text, render_release(section, options), changelog_header(options))
    return text, len(newer), len(missing) - len(newer)


def changelog_header(options: RenderOptions) -> str:
    """The text a new changelog starts with."""
    template = _environment(options.template_dir).get_template("changelog.md.j2")
    return template.render(marker="", releases="").strip("\n")


@lru_cache(maxsize=4)
def _environment(template_dir: Path | None) -> Environment:
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

    from releaser.core.jinja_env import FlatGlobalsEnvironment

    loaders = [FileSystemLoader(str(template_dir))] if template_dir else []
    loaders.append(FileSystemLoader(str(_BUILTIN_TEMPLATES)))
    environment = FlatGlobalsEnvironment(  # nosec B701 - Markdown, not HTML: escaping would mangle `<` and `&`
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    # `tojson` writes a list of entries (built when read) as the list it stands for
    environment.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": as_list}
    return environment


def extract_release(changelog: str, version: str) -> str | None:
    """The section of `version` as it stands in `changelog`, or None."""
    heading = re.search(
        rf"^##\s+\[?v?{re.escape(version)}\]?(?=[\s(]|$).*$", changelog, re.MULTILINE
    )
    if heading is None:
        return None
    following = re.search(r"^## ", changelog[heading.end() :], re.MULTILINE)
    end = heading.end() + following.start() if following else len(changelog)
    return changelog[heading.start() : end].strip("\n") + "\n"
