"""A message cleaned as git stores it (what the commit-msg hook lints)."""

from __future__ import annotations

from releaser.core.commits import clean_message


def test_line_endings_comments_and_the_scissors() -> None:
    assert clean_message("feat: x\r\n\r\nbody\r\n") == "feat: x\n\nbody"
    assert clean_message("feat: x\r\rbody") == "feat: x\n\nbody"
    assert clean_message("feat: x\n# a comment\nbody") == "feat: x\nbody"
    cut = "feat: x\n; ------------------------ >8 ------------------------\ndiff"
    assert clean_message(cut, comment_char=";") == "feat: x"


def test_text_at_either_end_is_kept() -> None:
    assert clean_message("\n  feat: add X  \n\n") == "  feat: add X"
