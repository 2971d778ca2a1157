"""reStructuredText changelogs, as python-semantic-release keeps them (CHANGELOG.rst).

A release section is rendered in Markdown like any other, then spelt in RST here:
headings underlined, `*` bullets, links as anonymous hyperlinks, code in double
backquotes. New sections go right below the insertion flag.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# semantic-release's default flag for RST changelogs (a comment, invisible when rendered).
DEFAULT_FLAG = "..\n    version list"
_INLINE = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)|`(?P<code>[^`]+)`")


def _inline(text: str) -> str:
    def spell(match: re.Match[str]) -> str:
        if match["code"] is not None:
            return f"``{match['code']}``"
        return f"`{match['text'].replace('`', '')} <{match['url']}>`__"

    return _INLINE.sub(spell, text)


def section_rst(markdown: str, anchor: str) -> str:
    """One release section (Markdown from the release template) in reStructuredText."""
    out = [f".. _changelog-{anchor}:", ""]
    for line in markdown.strip("\n").splitlines():
        heading = re.match(r"^(#{2,3})\s+(.*)$", line)
        if heading:
            title = _inline(heading[2])
            out += [title, ("=" if heading[1] == "##" else "-") * len(title)]
        elif line.startswith("- "):
            out.append("* " + _inline(line[2:]))
        else:
            out.append(_inline(line))
    return "\n".join(out).rstrip("\n") + "\n"


def has_release_rst(changelog: str, version: str) -> bool:
    """True when an RST changelog has a section headed with `version`."""
    pattern = rf"^v?{re.escape(version)}(?=[\s(]|$).*\n[=\-~^]+$"
    return re.search(pattern, changelog, re.MULTILINE) is not None


def insert_release_rst(changelog: str, section: str, flag: str = "") -> str | None:
    """`section` inserted below `flag`; None when the changelog has text but not the flag."""
    block = section.strip("\n") + "\n"
    if not changelog.strip():
        head = flag or f"{'=' * 9}\nCHANGELOG\n{'=' * 9}\n\n{DEFAULT_FLAG}"
        return f"{head}\n\n{block}"
    flag = flag or DEFAULT_FLAG
    at = changelog.find(flag)
    if at == -1:
        return None
    end = at + len(flag)
    rest = changelog[end:].lstrip("\n")
    return changelog[:end] + "\n\n" + block + ("\n" + rest if rest else "")


def update_rst(changelog: str, markdown: str, version: str, tag: str, flag: str) -> str | None:
    """The changelog with this release added (unchanged when it is there); None: no flag found."""
    if has_release_rst(changelog, version) or has_release_rst(changelog, tag):
        return changelog
    return insert_release_rst(changelog, section_rst(markdown, tag), flag)


def update_changelog_rst(
    changelog: str | None, releases: Sequence[tuple[str, str, str]], flag: str
) -> tuple[str | None, int, int]:
    """The RST changelog with the releases, given newest first as (markdown, version, tag),
    that are newer than the newest one it has: (text, added, older ones left out); text None
    when the changelog has text but no insertion flag. No changelog: all of them."""
    text = changelog or ""
    present = [
        i
        for i, (_, v, tag) in enumerate(releases)
        if has_release_rst(text, v) or has_release_rst(text, tag)
    ]
    newer = releases[: present[0]] if present else releases
    missing = len(releases) - len(newer) - len(present)
    for markdown, _, tag in reversed(newer):  # oldest first, so the newest ends on top
        updated = insert_release_rst(text, section_rst(markdown, tag), flag)
        if updated is None:
            return None, 0, 0
        text = updated
    return text, len(newer), missing
