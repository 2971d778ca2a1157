"""Credentials inside remote URLs are blanked out of the git output releaser quotes.

(git itself strips them from most of its messages; releaser does not rely on it.)
"""

from __future__ import annotations

import pytest

from releaser.adapters.git import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "unable to access 'https://x:ghs_tok@github.com/o/r/'",
            "unable to access 'https://***@github.com/o/r/'",
        ),
        ("ssh://git@example.org/o/r", "ssh://***@example.org/o/r"),
        ("no url here: a@b", "no url here: a@b"),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected
