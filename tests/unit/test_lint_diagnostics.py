"""Every diagnostic `releaser lint` shows, whole: kind, each problem's text, line, column and
severity, the bump, and the corrected header it suggests.

tests/unit/test_lint.py checks what each rule is for; this table pins what the user reads,
so a changed word, position or severity fails here (the mutation run found them unpinned).
"""

from __future__ import annotations

import pytest

from releaser.core.lint import LintResult, LintRules, Violation, lint_message
from releaser.core.version import Bump

RULES = LintRules(("feat", "fix", "docs", "chore"))
REVERT = 'Revert "feat: a"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.'
SQUASH = "a fixup!/squash!/amend! commit must be squashed (git rebase --autosquash) before it lands"
EMPTY_API = "the description after 'feat(api):' is empty; say what the change does"
NO_COLON = "expected ': ' after the type (and optional scope)"
BLANK = "leave one blank line between the header and the body"
CAPITALS = (
    "'breaking change' must be written 'BREAKING CHANGE' (in capitals) to mark a breaking change"
)
TOO_LONG = "the header is 101 characters long; the limit is 100; move the details to the body"


def _error(text: str, line: int = 1, column: int = 0) -> tuple[Violation, ...]:
    return (Violation(text, line, column, "error"),)


CASES = [
    # message, kind, violations, bump, example
    ("", "empty", _error("the commit message is empty"), Bump.NONE, None),
    ("Merge branch 'topic'", "merge", (), Bump.NONE, None),
    (REVERT, "revert", (), RULES.bump_rules.revert_level, None),
    ("fixup! feat: a", "autosquash", (Violation(SQUASH, 1, 0, "warning"),), Bump.NONE, None),
    (
        "feat(api): ", "invalid", _error(EMPTY_API, 1, 11), Bump.NONE,
        "feat(api): describe the change",
    ),
    (
        "feature: add x", "conventional", _error("unknown type 'feature'; did you mean 'feat'?"),
        Bump.NONE, "feat: add x",
    ),
    (
        "zzz: add x", "conventional",
        _error("unknown type 'zzz'; use one of: feat, fix, docs, chore"), Bump.NONE, "chore: add x",
    ),
    (
        "feet(api)!: drop x", "conventional", _error("unknown type 'feet'; did you mean 'feat'?"),
        Bump.MAJOR, "feat(api)!: drop x",
    ),
    ("feat: a\nbody", "conventional", _error(BLANK, 2), Bump.MINOR, None),
    ("feat: a\n\nbreaking change: x", "conventional", _error(CAPITALS, 3), Bump.MINOR, None),
    ("feat: a\n\nBREAKING-CHANGE: x", "conventional", (), Bump.MAJOR, None),
    ("feat: a\n\nBREAKING CHANGE: x", "conventional", (), Bump.MAJOR, None),
    # valid headers written another way: nothing to correct, so no header suggested
    ("FEAT: loud", "conventional", (), Bump.MINOR, None),
    ("feat:  two spaces", "conventional", (), Bump.MINOR, None),
    ("feat: " + "x" * 94, "conventional", (), Bump.MINOR, None),  # 100 characters: the limit
    ("feat: " + "x" * 95, "conventional", _error(TOO_LONG, 1, 100), Bump.MINOR, None),
    # headers that do not parse, and the header suggested instead
    (
        "fix(): thing", "invalid", _error("the scope in '()' is empty", 1, 3), Bump.NONE,
        "fix: thing",
    ),
    (
        "Fix : the thing", "invalid", _error("no space may stand before the ':'", 1, 3),
        Bump.NONE, "fix: the thing",
    ),
    ("feat(api) add x", "invalid", _error(NO_COLON, 1, 9), Bump.NONE, "feat(api): add x"),
    ("Fix the bug", "invalid", _error(NO_COLON, 1, 3), Bump.NONE, "fix: fix the bug"),
    ("Added a flag", "invalid", _error(NO_COLON, 1, 5), Bump.NONE, "feat: added a flag"),
    ("Fix\tthe bug", "invalid", _error(NO_COLON, 1, 3), Bump.NONE, "fix: fix\tthe bug"),  # a tab
    ("Tidy the docs", "invalid", _error(NO_COLON, 1, 4), Bump.NONE, "chore: tidy the docs"),
    ("WIP stuff", "invalid", _error(NO_COLON, 1, 3), Bump.NONE, "chore: WIP stuff"),
    (
        "   \n\nbody", "invalid", _error("the header (first line) is empty"),
        Bump.NONE, "chore: describe the change",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("message", "kind", "violations", "bump", "example"), CASES)
def test_what_lint_reports_for_each_kind_of_message(
    message: str,
    kind: str,
    violations: tuple[Violation, ...],
    bump: Bump,
    example: str | None,
) -> None:
    result = lint_message(message, RULES)
    parsed = result.commit
    assert result == LintResult(message, kind, parsed, violations, bump, example)
    assert (parsed is not None) == (kind == "conventional")
    assert result.valid == (not violations or violations[0].severity == "warning")


def test_autosquash_commits_are_errors_where_the_project_forbids_them() -> None:
    rules = LintRules(("feat",), allow_autosquash=False)
    result = lint_message("squash! feat: a", rules)
    assert result.violations == _error(SQUASH)
    assert not result.valid
