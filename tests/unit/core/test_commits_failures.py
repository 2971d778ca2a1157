"""What the commit-msg hook says about a header that is not conventional: reason and column."""

from __future__ import annotations

import pytest

from releaser.core.commits import ParseFailure, parse

_NO_TYPE = "the header must start with a type such as 'feat' or 'fix'"
_UNCLOSED = "the scope is opened with '(' but never closed"
_PAREN = "the scope may not contain '('"
_NO_SPACE_AFTER = "a space must follow the ':' after the type"
_EXPECTED = "expected ': ' after the type (and optional scope)"


@pytest.mark.parametrize(
    ("header", "reason", "column"),
    [
        ("feat: ", "the description after ': ' is empty", 6),
        ("fix(io): ", "the description after ': ' is empty", 9),
        ("feat(): add (x)", "the scope in '()' is empty", 4),  # the scope's '(', not the last
        ("(api): no type", _NO_TYPE, 0),
        ("123: x", _NO_TYPE, 0),
        ("feat(api: unclosed", _UNCLOSED, 4),
        ("feat(a(b)): x", _PAREN, 4),
        ("feat((b): x", _PAREN, 4),  # a '(' right after the opening one
        ("feat(api)x: see (docs)", _EXPECTED, 9),  # the scope ends at its first ')'
        ("feat!:x", _NO_SPACE_AFTER, 6),
        ("feat(api)!:x", _NO_SPACE_AFTER, 11),
        ("feat:x", _NO_SPACE_AFTER, 5),
        ("feat :x", "no space may stand before the ':'", 4),
        ("feat!x: y", _EXPECTED, 5),  # after the '!'
        ("feat x", _EXPECTED, 4),
    ],
)
def test_each_bad_header_is_explained_at_its_column(header: str, reason: str, column: int) -> None:
    assert parse(header) == ParseFailure(reason, 1, column)


def test_an_empty_header_is_named_as_such() -> None:
    assert parse("\nbody only") == ParseFailure("the header (first line) is empty")
