"""The commit-message linter: the parser's verdict plus the project's rules."""

from __future__ import annotations

import pytest

from releaser.config import DEFAULT_TYPES
from releaser.core.commits import clean_message
from releaser.core.lint import LintRules, lint_message
from releaser.core.version import Bump

RULES = LintRules(DEFAULT_TYPES)


@pytest.mark.parametrize(
    ("message", "bump"),
    [
        ("feat: x", Bump.MINOR),
        ("fix(io): x", Bump.PATCH),
        ("perf: x", Bump.PATCH),
        ("docs: x", Bump.NONE),
        ("chore!: drop py3.8", Bump.MAJOR),
        ("docs: x\n\nBREAKING-CHANGE: the manual moved", Bump.MAJOR),
        ("FEAT: loud", Bump.MINOR),
    ],
)
def test_valid_messages_and_their_bump(message: str, bump: Bump) -> None:
    result = lint_message(message, RULES)
    assert result.valid
    assert result.bump is bump


def test_invalid_header_gives_position_and_example() -> None:
    result = lint_message("feat(api):add the thing", RULES)
    assert not result.valid
    (violation,) = [v for v in result.violations if v.severity == "error"]
    assert (violation.line, violation.column) == (1, len("feat(api):"))
    assert result.example == "feat(api): add the thing"


def test_plain_sentence_gets_a_guessed_type() -> None:
    result = lint_message("Add support for tokens", RULES)
    assert not result.valid
    assert result.example == "feat: add support for tokens"


def test_unknown_type_suggests_the_closest() -> None:
    result = lint_message("feta: cheese", RULES)
    assert not result.valid
    assert any("feat" in v.message for v in result.violations)
    assert result.example == "feat: cheese"


def test_header_length_limit_points_at_the_limit() -> None:
    message = "feat: " + "x" * 120
    result = lint_message(message, LintRules(DEFAULT_TYPES, max_header_length=72))
    assert not result.valid
    assert any(v.column == 72 for v in result.violations)


def test_body_must_be_separated_by_a_blank_line() -> None:
    result = lint_message("feat: x\nbody right away", RULES)
    assert not result.valid
    assert any(v.line == 2 for v in result.violations)


def test_lowercase_breaking_change_is_flagged_and_does_not_bump_major() -> None:
    result = lint_message("feat: x\n\nbreaking change: it is", RULES)
    assert not result.valid
    assert any(v.line == 3 and "BREAKING CHANGE" in v.message for v in result.violations)
    assert result.bump is Bump.MINOR


@pytest.mark.parametrize("prefix", ["fixup!", "squash!", "amend!"])
def test_autosquash_commits_are_flagged(prefix: str) -> None:
    hook = lint_message(f"{prefix} feat: x", RULES)
    assert hook.kind == "autosquash"
    assert hook.bump is Bump.NONE
    assert hook.violations  # flagged, as a warning in the hook
    strict = lint_message(f"{prefix} feat: x", LintRules(DEFAULT_TYPES, allow_autosquash=False))
    assert not strict.valid


def test_empty_message_is_invalid() -> None:
    assert not lint_message("", RULES).valid


def test_merge_and_revert_messages_are_accepted() -> None:
    assert lint_message("Merge branch 'topic'", RULES).valid
    revert = lint_message('Revert "feat: x"\n\nThis reverts commit abcdef1.', RULES)
    assert revert.valid


def test_linting_a_hook_file_with_comments_and_scissors() -> None:
    raw = (
        "fix: off by one\n\n# Please enter the commit message\n"
        "# ------------------------ >8 ------------------------\nnot: a footer\n\n"
        "BREAKING CHANGE: below the scissors\n"
    )
    result = lint_message(clean_message(raw), RULES)
    assert result.valid
    assert result.commit is not None
    assert (result.commit.body, result.commit.footers) == ("", ())
    assert not result.commit.breaking


@pytest.mark.parametrize(
    "message",
    [
        'Reapply "feat: x"\n\nThis reverts commit abcdef1.',
        'Revert "feat: x (#12)" (#13)\n\nThis reverts commit abcdef1.',
    ],
)
def test_other_git_revert_messages_are_accepted(message: str) -> None:
    assert lint_message(message, RULES).valid


def test_a_long_header_gets_advice_not_a_copy_of_itself() -> None:
    header = "feat: " + "x" * 120
    result = lint_message(header, LintRules(DEFAULT_TYPES))
    assert not result.valid
    (violation,) = result.violations
    assert "move the details to the body" in violation.message
    assert violation.column == 100
    assert result.example is None
