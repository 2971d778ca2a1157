"""Hypothesis strategies for realistic histories (see model.Plan)."""

from __future__ import annotations

from typing import TypeVar

from hypothesis import strategies as st

from tests.differential.model import NOISE_TYPES, Message, Plan, Release, Revert, Topic

T = TypeVar("T")

_DESCRIPTIONS = (
    "add parser",
    "handle empty input",
    "speed up lookup",
    "drop old flag",
    "support tokens",
    "fix typo in log",
    "cache results",
)
_PLAIN_TEXT = ("update readme", "wip", "tweak settings", "more work on parser", "oops")


def weighted(*pairs: tuple[T, int]) -> st.SearchStrategy[T]:
    """Draw a value with the given relative weights."""
    return st.sampled_from([value for value, weight in pairs for _ in range(weight)])


conventional = st.builds(
    Message,
    kind=weighted(("feat", 4), ("fix", 4), ("perf", 1), *((t, 1) for t in NOISE_TYPES)),
    desc=st.sampled_from(_DESCRIPTIONS),
    scope=weighted((None, 3), ("api", 1), ("cli", 1)),
    bang=weighted((False, 14), (True, 1)),
    footer=weighted((None, 20), ("BREAKING CHANGE", 1), ("BREAKING-CHANGE", 1)),
    spelling=weighted(("lower", 14), ("title", 1), ("upper", 1)),
    body=st.booleans(),
)
non_conventional = st.builds(Message, kind=st.just(""), desc=st.sampled_from(_PLAIN_TEXT))
messages = st.one_of(conventional, conventional, conventional, non_conventional)
# squash-merged commits carry a header only: GitHub lists them as `* header` lines
headers_only = st.builds(
    Message,
    kind=weighted(("feat", 3), ("fix", 3), ("perf", 1), ("docs", 1), ("chore", 1)),
    desc=st.sampled_from(_DESCRIPTIONS),
    scope=weighted((None, 3), ("api", 1)),
    bang=weighted((False, 10), (True, 1)),
)

topics = st.builds(
    Topic,
    commits=st.lists(messages, min_size=1, max_size=3).map(tuple),
    style=st.sampled_from(("merge", "pr", "squash")),
    meanwhile=st.lists(messages, max_size=2).map(tuple),
    release_meanwhile=weighted((False, 3), (True, 1)),
)
squashes = st.builds(
    Topic,
    commits=st.lists(headers_only, min_size=2, max_size=4).map(tuple),
    style=st.just("squash"),
)
reverts = st.builds(Revert, pick=st.integers(min_value=0, max_value=50))
releases = st.builds(
    Release, pre=weighted((False, 2), (True, 1)), annotated=weighted((True, 3), (False, 1))
)
events = st.one_of(messages, messages, topics, squashes, reverts, releases, releases)

plans = st.builds(
    Plan,
    start=st.sampled_from((None, None, "0.3.0", "1.4.2", "2.0.0")),
    events=st.lists(events, min_size=1, max_size=16).map(tuple),
)
