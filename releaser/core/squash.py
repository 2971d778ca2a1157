"""How python-semantic-release and commitizen find more changes in a commit's body.

Pure functions over message text, used only when a project reads its commits as one
of those tools did (`squash-commits = "semantic-release"` or `"commitizen"`);
releaser's own rule (`* type: ...` items of a squash merge) is in `core.history`.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from functools import lru_cache

from releaser.core.commits import ConventionalCommit, footer_start, parse

# `git merge --squash` writes each commit's `commit <sha>`, `Author:` and `Date:` lines.
_GIT_COMMIT_LINE = re.compile(r"^[\t ]*commit [0-9a-f]+$\n?", re.MULTILINE)
_GIT_NOISE = re.compile(
    r"^[\t ]*(?:Author: .+|Date: .+|Squashed commit of the following:.*)$\n?", re.MULTILINE
)
_EXTRA_SPACES = re.compile(r"(\S)  +(\S)")


@lru_cache(maxsize=8)
def _patterns(
    types: frozenset[str],
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], str]:
    """A bullet or indentation before a type, a header of one of `types`, and where a
    paragraph after the first, or any line, may open with such a header (quick tests)."""
    kinds = "|".join(sorted(map(re.escape, types), key=len, reverse=True)) or "(?!)"
    prefix = re.compile(rf"^(?:[\t ]*[*-][\t ]+|[\t ]+)?((?:{kinds})\b)", re.MULTILINE)
    header = re.compile(rf"(?:{kinds})(?:\([^\n]+\))?!?:\s+(?P<subject>[^\n]+)")
    later = re.compile(rf"\n\n(?:{kinds})[(!:]")  # a literal start: a fast scan
    opening = rf"(?:{kinds})[(!:]"  # a header's start, after any newline (as text)
    return prefix, header, later, opening


def semantic_release_messages(message: str, types: Iterable[str]) -> list[str]:
    """The commit messages semantic-release reads in one commit (`parse_squash_commits`).

    Each paragraph that opens with a header of a known type (after a `*` or `-`
    bullet, or indentation) and a description of more than one word starts a
    message; the paragraphs after it are its body. The first paragraph starts the
    first message whatever it is.
    """
    prefix, header, _, _ = _patterns(frozenset(types))
    found: list[str] = []
    for chunk in _GIT_COMMIT_LINE.split(message.replace("\r", "").strip()):
        found += _messages_in(chunk, prefix, header)
    return [m for m in found if m]


def _messages_in(chunk: str, prefix: re.Pattern[str], header: re.Pattern[str]) -> list[str]:
    messages: list[str] = []
    current = ""
    for paragraph in filter(None, chunk.strip().split("\n\n")):
        clean = prefix.sub(r"\1", _GIT_NOISE.sub("", _EXTRA_SPACES.sub(r"\1 \2", paragraph)))
        if not clean.strip():
            continue
        opening = header.match(clean)
        if opening is not None and len(opening["subject"].split(" ")) > 1:
            if current:
                messages.append(current)
            current = clean
        elif not messages and not current:
            current = textwrap.dedent(clean)
        elif current:  # a paragraph with no message to belong to is dropped
            current += "\n\n" + textwrap.dedent(clean)
    return [*messages, current]


def change_openings(mode: str, types: frozenset[str]) -> str:
    """A regex of what, at the start of a line, may open another change in a commit's
    body as `mode` reads bodies: a squash item (`* feat: ...`); with commitizen, a
    header of one of `types` (every paragraph opens after a newline); with
    semantic-release, a blank line (it splits bodies at paragraphs)."""
    if mode == "semantic-release":
        return r"\* |\r?\n"
    if mode == "commitizen":
        return r"\* |" + _patterns(types)[3]
    return r"\* "


def commitizen_paragraphs(rest: str, types: Iterable[str]) -> list[str]:
    """The paragraphs after a header that commitizen's changelog also reads as changes.

    commitizen matches its change pattern against each paragraph of the body: one
    that opens with a header of a known type is an entry of its own.
    """
    _, header, later, _ = _patterns(frozenset(types))
    if later.search(rest) is None and header.match(rest.lstrip("\n")) is None:
        return []  # the usual case, ruled out at C speed: no paragraph opens with a header
    return [p.strip("\n") for p in rest.split("\n\n") if header.match(p.strip("\n"))]


def paragraph_commits(message: str, mode: str, types: frozenset[str]) -> list[ConventionalCommit]:
    """The changes of one commit whose body paragraphs may open with headers (`mode`).

    commitizen keeps the commit whole and adds each such paragraph; semantic-release
    splits the commit there, each part with the pull request number of the first.
    """
    found: dict[str, ConventionalCommit]  # identity -> change, in order
    if mode == "commitizen":
        lead = parse(message)
        if not isinstance(lead, ConventionalCommit):
            return []
        texts = commitizen_paragraphs(lead.rest, types)
        found = {identity(lead): lead}
    else:
        texts = semantic_release_messages(message, types)
        found = {}
    number = ""  # semantic-release's " (#12)" of the first message, given to the others
    for text in texts:
        sub = parse(text)
        if not isinstance(sub, ConventionalCommit) or sub.type not in types:
            continue
        ref = _TRAILING_NUMBER.search(sub.description)
        if mode == "semantic-release" and not found:
            number = ref[0] if ref else ""
        elif number and ref is None:
            sub = sub._replace(description=sub.description + number)
        key = identity(sub)
        found[key] = merged(found[key], sub) if key in found else sub
    return list(found.values())


_TRAILING_NUMBER = re.compile(r" \(#\d+\)$")


def merged(first: ConventionalCommit, again: ConventionalCommit) -> ConventionalCommit:
    """`first` with the breaking marker and the footers of `again`, which repeats it."""
    extra = again.rest[footer_start(again.rest) :].strip("\n")
    rest = f"{first.rest.rstrip()}\n\n{extra}" if extra else first.rest
    return first._replace(rest=rest, bang=first.bang or again.bang)


def identity(commit: ConventionalCommit) -> str:
    # GitHub's squash title is often the PR title and also one of its commits.
    description = re.sub(r"\s*\(#\d+\)$", "", commit.description)
    return f"{commit.type}|{commit.scope}|{description.lower()}"
