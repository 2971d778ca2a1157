"""Conventional Commits 1.0.0: parse one commit message into its parts.

Pure functions over strings. `parse` never raises: text that is not a
Conventional Commit gives a `ParseFailure` that says where it goes wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

# `type(scope)!: description` and the line's end -- the spec's units are case-insensitive,
# so the type is matched in any case and lowered later. One match gives every part, and
# where the rest of the message starts.
_HEADER = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)(?:\(([^()\n]*)\))?(!)?: ([^\n]*)\n?")
# A footer line: `Token: value`, `Token #value`, or the BREAKING CHANGE token,
# which is the one token allowed a space and must be uppercase.
_FOOTER = re.compile(r"(?P<token>BREAKING CHANGE|[A-Za-z][A-Za-z0-9-]*)(?P<sep>: | #)(?P<value>.*)")
# Where the footers start: the first footer line that opens a paragraph. One
# search over the text, not a match per line: this runs for every commit.
# The pattern starts with a literal newline so the regex engine can skip ahead.
_FOOTER_OPENING = re.compile(r"\n[ \t]*\n(?=(?:BREAKING CHANGE|[A-Za-z][A-Za-z0-9-]*)(?:: | #))")
_BREAKING_TOKENS = frozenset({"BREAKING CHANGE", "BREAKING-CHANGE"})
_SCISSORS = "# ------------------------ >8 ------------------------"
# git's own revert subjects: `Revert "..."`, and `Reapply "..."` for a revert of a
# revert (git >= 2.43); GitHub's squash merge of a revert PR appends ` (#13)`.
GIT_REVERT_SUBJECT = re.compile(r'(?:Revert|Reapply) "(?P<header>.*)"(?: \(#\d+\))?\s*')
_AUTOSQUASH_PREFIXES = ("fixup! ", "squash! ", "amend! ")
_new = tuple.__new__  # a NamedTuple without the Python-level __new__ (per commit)


class Footer(NamedTuple):  # a tuple: made once per commit, so cheap to build
    """One footer (git trailer) of a commit message."""

    token: str
    value: str

    @property
    def is_breaking(self) -> bool:
        """True for `BREAKING CHANGE` and `BREAKING-CHANGE` footers."""
        return self.token in _BREAKING_TOKENS


class ConventionalCommit(NamedTuple):  # a tuple: made once per commit, so cheap to build
    """A message that follows Conventional Commits 1.0.0.

    The body and footers are split from `rest` only when asked for: a changelog
    of 100k commits needs them for few commits, and the header for all.
    """

    type: str  # lower-cased
    scope: str | None
    description: str
    rest: str = ""  # everything after the header line, as written
    bang: bool = False  # `!` before the colon

    @property
    def body(self) -> str:
        """The text between the header and the footers."""
        return _split_body(self.rest)[0]

    @property
    def footers(self) -> tuple[Footer, ...]:
        """The footers (git trailers), in order."""
        return _split_body(self.rest)[1]

    @property
    def breaking(self) -> bool:
        """True when `!` or a breaking footer marks a breaking change."""
        if self.bang:
            return True
        return "BREAKING" in self.rest and any(f.is_breaking for f in self.footers)

    @property
    def breaking_notes(self) -> tuple[str, ...]:
        """The text of the breaking footers; the description when only `!` marks it."""
        notes = tuple(f.value for f in self.footers if f.is_breaking)
        if notes or not self.bang:
            return notes
        return (self.description,)

    @property
    def header(self) -> str:
        """The header line as written by convention: `type(scope)!: description`."""
        scope = f"({self.scope})" if self.scope is not None else ""
        return f"{self.type}{scope}{'!' if self.bang else ''}: {self.description}"


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """Why a message is not a Conventional Commit, and where (0-based column)."""

    reason: str
    line: int = 1
    column: int = 0
    details: tuple[str, ...] = field(default=())


def clean_message(text: str, comment_char: str = "#") -> str:
    """Clean a message as git does before it stores it (the commit-msg hook's view).

    CRLF becomes LF, everything from the `git commit -v` scissors line on is cut,
    comment lines go, trailing white space goes, and blank lines at either end go.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    scissors = _SCISSORS.replace("#", comment_char, 1)
    kept: list[str] = []
    for line in text.split("\n"):
        if line == scissors:
            break
        if line.startswith(comment_char):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip("\n")


def is_autosquash(message: str) -> bool:
    """True for `fixup! `, `squash! ` and `amend! ` commits that wait for a rebase."""
    return message.startswith(_AUTOSQUASH_PREFIXES)


def parse(message: str) -> ConventionalCommit | ParseFailure:
    """Parse a cleaned commit message; never raises."""
    if "\r" in message:
        message = message.replace("\r\n", "\n").replace("\r", "\n")
    head = _HEADER.match(message)
    if head is None:
        return _header_failure(message.partition("\n")[0])
    kind, scope, bang, description = head.groups()
    description = description.strip()
    if not description:
        return ParseFailure("the description after ': ' is empty", 1, head.end(4))
    if scope is not None:
        scope = scope.strip()
        if not scope:
            return ParseFailure("the scope in '()' is empty", 1, message.index("("))
    # built as a plain tuple: this runs once per commit of the history
    rest = message[head.end() :]
    return _new(ConventionalCommit, (kind.lower(), scope, description, rest, bang is not None))


def _header_failure(header: str) -> ParseFailure:
    """Explain the first thing that keeps `header` from being a Conventional header."""
    if not header.strip():
        return ParseFailure("the header (first line) is empty")
    kind = re.match(r"[A-Za-z][A-Za-z0-9_-]*", header)
    if kind is None:
        return ParseFailure("the header must start with a type such as 'feat' or 'fix'")
    pos = kind.end()
    if header.startswith("(", pos):
        close = header.find(")", pos)
        if close == -1:
            return ParseFailure("the scope is opened with '(' but never closed", 1, pos)
        if "(" in header[pos + 1 : close]:
            return ParseFailure("the scope may not contain '('", 1, pos)
        pos = close + 1
    if header.startswith("!", pos):
        pos += 1
    if header.startswith(":", pos):
        return ParseFailure("a space must follow the ':' after the type", 1, pos + 1)
    if header.startswith(" :", pos):
        return ParseFailure("no space may stand before the ':'", 1, pos)
    return ParseFailure("expected ': ' after the type (and optional scope)", 1, pos)


def footer_start(rest: str) -> int:
    """Where the footers begin in what follows the header; len(rest) when there are none.

    The footers start at the first paragraph whose first line is a footer.
    """
    if not rest or (": " not in rest and " #" not in rest):  # no footer can be there
        return len(rest)
    first = rest[1:] if rest.startswith("\n") else rest
    if _FOOTER.match(first.partition("\n")[0]) is not None:  # footers right after the header
        return len(rest) - len(first)
    opening = _FOOTER_OPENING.search(rest)
    return len(rest) if opening is None else opening.end()


@lru_cache(maxsize=1024)
def _split_body(rest: str) -> tuple[str, tuple[Footer, ...]]:
    """Split what follows the header into the body and the footers.

    From the footers' start on, a line that is not a footer continues the
    previous footer's value.
    """
    start = footer_start(rest)
    if start == len(rest):
        return rest.strip("\n"), ()
    body = rest[:start].strip("\n")
    footers: list[tuple[str, list[str]]] = []
    for line in rest[start:].split("\n"):
        match = _FOOTER.fullmatch(line)
        if match is not None:
            value = match["value"]
            if match["sep"] == " #":
                value = "#" + value
            footers.append((match["token"], [value]))
        elif footers:
            footers[-1][1].append(line)
    return body, tuple(Footer(t, "\n".join(v).strip()) for t, v in footers)
