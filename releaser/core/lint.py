"""The commit-message linter: the same parser as the bump, plus the project's rules.

A message that passes here is a message the release understands.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from releaser.core.commits import (
    GIT_REVERT_SUBJECT,
    ConventionalCommit,
    ParseFailure,
    is_autosquash,
    parse,
)
from releaser.core.history import BumpRules, Change
from releaser.core.version import Bump

_LOWER_BREAKING = re.compile(r"(?i)(breaking[ -]change)(?=:)")
_LOOSE_HEADER = re.compile(
    r"\s*(?P<type>[A-Za-z][A-Za-z0-9_-]*)\s*(?P<scope>\([^()]*\))?\s*(?P<bang>!)?\s*(?P<colon>:)?\s*(?P<rest>.*)"
)
_EMPTY_DESCRIPTION = re.compile(r"(?P<prefix>[A-Za-z][A-Za-z0-9_-]*(\([^()]*\))?!?:)\s*")
_FEATURE_WORDS = ("add", "adds", "added", "new", "support", "implement", "introduce")
_FIX_WORDS = ("fix", "fixes", "fixed", "correct", "repair", "resolve")


@dataclass(frozen=True, slots=True)
class LintRules:
    """What the project accepts."""

    types: tuple[str, ...]
    max_header_length: int = 100
    bump_rules: BumpRules = field(default_factory=BumpRules)
    allow_autosquash: bool = True  # a commit-msg hook sees `git commit --fixup` too


@dataclass(frozen=True, slots=True)
class Violation:
    """One problem, at a 1-based line and 0-based column of the message."""

    message: str
    line: int = 1
    column: int = 0
    severity: str = "error"  # or "warning"


@dataclass(frozen=True, slots=True)
class LintResult:
    """The verdict on one message."""

    message: str
    kind: str  # conventional, merge, revert, autosquash, invalid, empty
    commit: ConventionalCommit | None
    violations: tuple[Violation, ...]
    bump: Bump
    example: str | None = None  # a corrected header, when one can be guessed

    @property
    def valid(self) -> bool:
        """True when nothing is an error (warnings allowed)."""
        return not any(v.severity == "error" for v in self.violations)


def lint_message(message: str, rules: LintRules) -> LintResult:
    """Check one cleaned commit message against the spec and `rules`."""
    header = message.partition("\n")[0]
    if not message.strip():
        return LintResult(
            message, "empty", None, (Violation("the commit message is empty"),), Bump.NONE
        )
    if header.startswith("Merge "):
        return LintResult(message, "merge", None, (), Bump.NONE)
    if GIT_REVERT_SUBJECT.fullmatch(header):
        return LintResult(message, "revert", None, (), rules.bump_rules.revert_level)
    if is_autosquash(message):
        severity = "warning" if rules.allow_autosquash else "error"
        text = (
            "a fixup!/squash!/amend! commit must be squashed "
            "(git rebase --autosquash) before it lands"
        )
        return LintResult(
            message, "autosquash", None, (Violation(text, 1, 0, severity),), Bump.NONE
        )
    empty = _EMPTY_DESCRIPTION.fullmatch(header)
    if empty is not None:
        violation = Violation(
            f"the description after '{empty['prefix']}' is empty; say what the change does",
            1,
            len(header),
        )
        fixed = f"{empty['prefix']} describe the change"
        return LintResult(message, "invalid", None, (violation,), Bump.NONE, fixed)
    parsed = parse(message)
    if isinstance(parsed, ParseFailure):
        violation = Violation(parsed.reason, parsed.line, parsed.column)
        return LintResult(message, "invalid", None, (violation,), Bump.NONE, _guess_header(header))
    violations = _rule_violations(message, parsed, rules)
    example = _fix_type(parsed, rules) if violations else None
    if example == message.partition("\n")[0]:
        example = None  # nothing to show: the header itself is right (too long, say)
    level = rules.bump_rules.level_of(Change("", parsed))
    return LintResult(message, "conventional", parsed, tuple(violations), level, example)


def _rule_violations(message: str, commit: ConventionalCommit, rules: LintRules) -> list[Violation]:
    lines = message.split("\n")
    header = lines[0]
    found: list[Violation] = []
    if commit.type not in rules.types:
        close = difflib.get_close_matches(commit.type, rules.types, n=1, cutoff=0.6)
        hint = (
            f"; did you mean '{close[0]}'?" if close else f"; use one of: {', '.join(rules.types)}"
        )
        found.append(Violation(f"unknown type '{commit.type}'{hint}", 1, 0))
    if len(header) > rules.max_header_length:
        found.append(
            Violation(
                f"the header is {len(header)} characters long; "
                f"the limit is {rules.max_header_length}; move the details to the body",
                1,
                rules.max_header_length,
            )
        )
    if len(lines) > 1 and lines[1].strip():
        found.append(Violation("leave one blank line between the header and the body", 2, 0))
    for number, line in enumerate(lines[1:], start=2):
        match = _LOWER_BREAKING.match(line)
        if match and match[1] not in ("BREAKING CHANGE", "BREAKING-CHANGE"):
            found.append(
                Violation(
                    f"'{match[1]}' must be written 'BREAKING CHANGE' (in capitals) "
                    "to mark a breaking change",
                    number,
                    0,
                )
            )
    return found


def _fix_type(commit: ConventionalCommit, rules: LintRules) -> str | None:
    kind = commit.type
    if kind not in rules.types:
        close = difflib.get_close_matches(kind, rules.types, n=1, cutoff=0.6)
        kind = close[0] if close else "chore"
    scope = f"({commit.scope})" if commit.scope else ""
    return f"{kind}{scope}{'!' if commit.bang else ''}: {commit.description}"


def _guess_header(header: str) -> str:
    """A corrected header for a message that does not parse."""
    loose = _LOOSE_HEADER.fullmatch(header)
    if loose is not None and loose["rest"] and (loose["scope"] or loose["colon"]):
        scope = loose["scope"] if loose["scope"] and loose["scope"] != "()" else ""
        return f"{loose['type'].lower()}{scope}{loose['bang'] or ''}: {loose['rest'].strip()}"
    text = header.strip() or "describe the change"
    word = text.split(None, 1)[0]  # a tab may follow it too
    first = word.lower()
    kind = "feat" if first in _FEATURE_WORDS else "fix" if first in _FIX_WORDS else "chore"
    if first.capitalize() == word:  # "Added x" -> "added x"; "WIP" stays
        text = text[0].lower() + text[1:]
    return f"{kind}: {text}"
