"""Properties of the core that every input must keep (hypothesis).

Round trip of whole commit messages, and `next_version` never going down. The parser's
"never raises" and the version order against SemVer §11 and packaging.version are in
test_commits.py and test_version.py.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from releaser.core.commits import ConventionalCommit, Footer, parse
from releaser.core.version import Bump, Version, next_version

# Drawn from word lists, not regexes: cheap enough for a loaded 2-core machine.
_TYPE = st.sampled_from(["feat", "fix", "perf", "docs", "refactor", "build", "x1", "chore"])
_SCOPE = st.one_of(st.none(), st.sampled_from(["api", "ui-kit", "core2", "a"]))
_WORD = st.sampled_from(["add", "the", "parser", "v2", "API", "CRLF", "(#12)", "a.b", "it's", "!"])
_WORDS = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)
# Body lines hold no colon or hash, so no line can read as a footer.
_PARAGRAPH = st.lists(_WORDS, min_size=1, max_size=3).map("\n".join)
_BODY = st.lists(_PARAGRAPH, max_size=3).map("\n\n".join)
_TOKEN = st.sampled_from(
    ["BREAKING CHANGE", "BREAKING-CHANGE", "Refs", "Reviewed-by", "Closes", "X9", "co-authored-by"]
)
_FOOTER = st.one_of(
    st.tuples(_TOKEN, _WORDS).map(lambda tv: (f"{tv[0]}: {tv[1]}", Footer(tv[0], tv[1]))),
    st.tuples(_TOKEN, st.integers(1, 9999)).map(
        lambda tn: (f"{tn[0]} #{tn[1]}", Footer(tn[0], f"#{tn[1]}"))
    ),
)


def render(header: str, body: str, footers: list[str]) -> str:
    """A commit message as a person writes it: header, blank line, body, blank line, footers."""
    return "\n\n".join(part for part in (header, body, "\n".join(footers)) if part)


@given(_TYPE, _SCOPE, st.booleans(), _WORDS, _BODY, st.lists(_FOOTER, max_size=4))
def test_parse_of_a_rendered_commit_gives_it_back(
    type_: str,
    scope: str | None,
    bang: bool,
    description: str,
    body: str,
    footers: list[tuple[str, Footer]],
) -> None:
    header = f"{type_}{f'({scope})' if scope else ''}{'!' if bang else ''}: {description}"
    message = render(header, body, [line for line, _ in footers])
    commit = parse(message)
    assert isinstance(commit, ConventionalCommit), (message, commit)
    assert (commit.type, commit.scope, commit.bang, commit.description) == (
        type_,
        scope,
        bang,
        description,
    )
    assert commit.header == header
    assert commit.body == body
    assert commit.footers == tuple(footer for _, footer in footers)
    expected_breaking = bang or any(
        f.token in ("BREAKING CHANGE", "BREAKING-CHANGE") for _, f in footers
    )
    assert commit.breaking is expected_breaking


_NUM = st.integers(0, 30)
_FINAL = st.builds(Version, _NUM, _NUM, _NUM)
_TOKENS = st.sampled_from(["alpha", "beta", "rc"])
_EXISTING = st.lists(
    st.builds(Version, _NUM, _NUM, _NUM, st.tuples(_TOKENS, st.integers(0, 12).map(str))),
    max_size=6,
)
_DUE = st.sampled_from([Bump.PATCH, Bump.MINOR, Bump.MAJOR])


@given(_FINAL, _DUE, st.one_of(st.none(), _TOKENS), _EXISTING, st.booleans())
def test_next_version_is_never_lower_than_the_current_one(
    base: Version, level: Bump, token: str | None, existing: list[Version], major_on_zero: bool
) -> None:
    nxt = next_version(
        base, level, existing=existing, prerelease=token, major_on_zero=major_on_zero
    )
    assert nxt is not None
    assert nxt > base
    assert nxt.final == base.bump(level, major_on_zero=major_on_zero)
    if token is not None:  # a new pre-release sorts above every earlier one of its kind
        same = [v for v in existing if v.final == nxt.final and v.prerelease[0] == token]
        assert all(nxt > v for v in same)
        assert nxt not in existing


@given(_FINAL, _DUE, _DUE, st.booleans())
def test_a_bigger_change_never_gives_a_lower_version(
    base: Version, low: Bump, high: Bump, major_on_zero: bool
) -> None:
    if low > high:
        low, high = high, low
    after_low = next_version(base, low, major_on_zero=major_on_zero)
    after_high = next_version(base, high, major_on_zero=major_on_zero)
    assert after_low is not None
    assert after_high is not None
    assert base < after_low <= after_high


def test_nothing_due_gives_no_version() -> None:
    assert next_version(Version(1, 2, 3), Bump.NONE, prerelease="rc") is None
