"""Versions: SemVer 2.0.0 precedence, the PEP 440 form, bumps and pre-releases."""

from __future__ import annotations

import contextlib
import itertools

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from packaging.version import Version as Pep440

from releaser.core.version import Bump, Version, VersionError, next_version

# SemVer 2.0.0 §11, the spec's own example, lowest first.
SPEC_ORDER = [
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
]


def v(text: str) -> Version:
    return Version.parse(text)


def test_spec_precedence_example() -> None:
    versions = [v(t) for t in SPEC_ORDER]
    for lower, higher in itertools.pairwise(versions):
        assert lower < higher, (lower, higher)
        assert not higher < lower
    assert sorted(versions) == versions


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("1.0.0", "2.0.0"),
        ("2.0.0", "2.1.0"),
        ("2.1.0", "2.1.1"),
        ("1.9.0", "1.10.0"),  # numeric, not lexical
        ("1.0.0-2", "1.0.0-10"),  # numeric identifiers compare numerically
        ("1.0.0-999", "1.0.0-a"),  # numeric below alphanumeric
        ("1.0.0-alpha", "1.0.0-alpha.0"),  # a longer set wins when the prefix is equal
        ("1.0.0-rc.1", "1.0.0"),
        ("0.9.9", "1.0.0-alpha"),
    ],
)
def test_precedence_pairs(lower: str, higher: str) -> None:
    assert v(lower) < v(higher)
    assert v(higher) > v(lower)


def test_build_metadata_is_carried_but_ignored_for_order_and_equality() -> None:
    a, b = v("1.0.0+build.1"), v("1.0.0+build.2")
    assert a == b
    assert hash(a) == hash(b)
    assert not a < b
    assert not b < a
    assert a == v("1.0.0")
    assert a.semver == "1.0.0+build.1"
    assert v("1.0.0-rc.1+exp.sha.5114f85").semver == "1.0.0-rc.1+exp.sha.5114f85"
    assert len({a, b, v("1.0.0")}) == 1


@pytest.mark.parametrize(
    ("semver", "pep440"),
    [
        ("1.3.0", "1.3.0"),
        ("1.3.0-rc.1", "1.3.0rc1"),
        ("1.3.0-alpha.2", "1.3.0a2"),
        ("1.3.0-beta.10", "1.3.0b10"),
        ("0.1.0-rc.12", "0.1.0rc12"),
    ],
)
def test_pep440_form(semver: str, pep440: str) -> None:
    version = v(semver)
    assert version.pep440 == pep440
    assert str(Pep440(version.pep440)) == pep440
    assert v(pep440) == version
    assert v(pep440).semver == semver


@pytest.mark.parametrize("text", ["1.0.0-alpha.beta", "1.0.0-dev", "1.0.0-rc"])
def test_prereleases_without_a_pep440_form_say_so(text: str) -> None:
    with pytest.raises(VersionError):
        _ = v(text).pep440


@pytest.mark.parametrize(
    "text", ["", "a.b.c", "1.0.0-", "1.0.0+", "1.0.0-01", "1!2.0.0", "1.0.0.post1", "1.0.0.dev3"]
)
def test_not_versions(text: str) -> None:
    with pytest.raises(VersionError):
        v(text)


@given(st.text(max_size=30))
def test_parse_raises_only_version_error(text: str) -> None:
    with contextlib.suppress(VersionError):
        Version.parse(text)


_NUM = st.integers(min_value=0, max_value=50)
_PRE = st.one_of(
    st.just(()),
    st.tuples(st.sampled_from(["alpha", "beta", "rc"]), st.integers(0, 30).map(str)),
)
_PEP_VERSIONS = st.builds(Version, _NUM, _NUM, _NUM, _PRE)


@given(_PEP_VERSIONS)
def test_pep440_round_trip(version: Version) -> None:
    pep = Pep440(version.pep440)
    assert str(pep) == version.pep440
    assert Version.parse(str(pep)) == version
    assert Version.parse(version.semver) == version


@given(_PEP_VERSIONS, _PEP_VERSIONS)
def test_order_agrees_with_packaging(a: Version, b: Version) -> None:
    pa, pb = Pep440(a.pep440), Pep440(b.pep440)
    assert (a < b) == (pa < pb)
    assert (a == b) == (pa == pb)


_IDENT = st.one_of(
    st.integers(0, 40).map(str),
    st.from_regex(r"[0-9A-Za-z-]*[A-Za-z-][0-9A-Za-z-]*", fullmatch=True),
)
_SEMVERS = st.builds(Version, _NUM, _NUM, _NUM, st.lists(_IDENT, max_size=3).map(tuple))


def _semver_key(version: Version) -> tuple[object, ...]:
    # An independent reading of §11, written from the spec text.
    def ident(part: str) -> tuple[int, int | str]:
        return (0, int(part)) if part.isdigit() else (1, part)

    pre = version.prerelease
    return (version.major, version.minor, version.patch, not pre, [ident(p) for p in pre])


@given(_SEMVERS, _SEMVERS)
def test_order_agrees_with_spec_reading(a: Version, b: Version) -> None:
    assert (a < b) == (_semver_key(a) < _semver_key(b))
    assert (a == b) == (_semver_key(a) == _semver_key(b))


@given(_SEMVERS)
def test_semver_text_round_trips(version: Version) -> None:
    assert Version.parse(version.semver) == version
    assert Version.parse(version.semver).prerelease == version.prerelease


_FINALS = st.builds(Version, _NUM, _NUM, _NUM)
_LEVELS = st.sampled_from(list(Bump))


@given(_FINALS, _LEVELS, _LEVELS, st.booleans())
def test_bump_is_monotonic(base: Version, low: Bump, high: Bump, major_on_zero: bool) -> None:
    assume(low <= high)
    after_low = base.bump(low, major_on_zero=major_on_zero)
    after_high = base.bump(high, major_on_zero=major_on_zero)
    assert after_low <= after_high
    assert after_low >= base
    if low is not Bump.NONE:
        assert after_low > base


@pytest.mark.parametrize(
    ("base", "level", "expected"),
    [
        ("1.2.3", Bump.PATCH, "1.2.4"),
        ("1.2.3", Bump.MINOR, "1.3.0"),
        ("1.2.3", Bump.MAJOR, "2.0.0"),
        ("0.4.2", Bump.MAJOR, "0.5.0"),
        ("0.4.2", Bump.MINOR, "0.5.0"),
        ("0.0.0", Bump.PATCH, "0.0.1"),
    ],
)
def test_bump(base: str, level: Bump, expected: str) -> None:
    assert v(base).bump(level).semver == expected


def test_major_on_zero() -> None:
    assert v("0.4.2").bump(Bump.MAJOR, major_on_zero=True).semver == "1.0.0"


def test_next_version_none_when_nothing_is_due() -> None:
    assert next_version(v("1.2.0"), Bump.NONE) is None
    assert next_version(v("1.2.0"), Bump.NONE, prerelease="rc") is None


def test_prerelease_numbering() -> None:
    base = v("1.2.0")
    first = next_version(base, Bump.MINOR, prerelease="rc")
    assert first is not None
    assert first.semver == "1.3.0-rc.1"
    second = next_version(base, Bump.MINOR, existing=[first], prerelease="rc")
    assert second is not None
    assert second.semver == "1.3.0-rc.2"
    third = next_version(base, Bump.MINOR, existing=[first, second], prerelease="rc")
    assert third is not None
    assert third.semver == "1.3.0-rc.3"


def test_prerelease_numbering_past_ten_is_numeric() -> None:
    existing = [v(f"1.3.0-rc.{n}") for n in range(1, 11)]
    nxt = next_version(v("1.2.0"), Bump.MINOR, existing=existing, prerelease="rc")
    assert nxt is not None
    assert nxt.semver == "1.3.0-rc.11"
    assert nxt > max(existing)


def test_prerelease_phase_change_and_target_change() -> None:
    existing = [v("1.3.0-beta.1"), v("1.3.0-beta.2")]
    rc = next_version(v("1.2.0"), Bump.MINOR, existing=existing, prerelease="rc")
    assert rc is not None
    assert rc.semver == "1.3.0-rc.1"
    # a breaking change after 1.3.0-rc.1 aims at 2.0.0, numbered afresh
    major = next_version(v("1.2.0"), Bump.MAJOR, existing=[v("1.3.0-rc.1")], prerelease="rc")
    assert major is not None
    assert major.semver == "2.0.0-rc.1"


@pytest.mark.parametrize(("token", "spelt"), [("alpha", "alpha"), ("beta", "beta"), ("RC", "rc")])
def test_prerelease_tokens(token: str, spelt: str) -> None:
    nxt = next_version(v("1.0.0"), Bump.PATCH, prerelease=token)
    assert nxt is not None
    assert nxt.semver == f"1.0.1-{spelt}.1"
    assert Pep440(nxt.pep440).is_prerelease


def test_finalisation_after_prereleases() -> None:
    existing = [v("1.3.0-rc.1"), v("1.3.0-rc.2")]
    final = next_version(v("1.2.0"), Bump.MINOR, existing=existing)
    assert final is not None
    assert final.semver == "1.3.0"
    assert all(final > e for e in existing)


@given(_FINALS, st.sampled_from([Bump.PATCH, Bump.MINOR, Bump.MAJOR]), st.integers(0, 5))
def test_prerelease_sorts_between_base_and_its_final(base: Version, level: Bump, runs: int) -> None:
    existing: list[Version] = []
    for _ in range(runs + 1):
        nxt = next_version(base, level, existing=existing, prerelease="rc")
        assert nxt is not None
        assert all(nxt > e for e in existing)
        existing.append(nxt)
    final = next_version(base, level, existing=existing)
    assert final is not None
    assert base < existing[0] < final
    assert final == existing[-1].final


@given(st.lists(_SEMVERS, max_size=8), st.lists(st.lists(_IDENT, max_size=2).map(tuple)))
def test_precedence_orders_and_equates_as_the_versions_do(
    versions: list[Version], builds: list[tuple[str, ...]]
) -> None:
    pairs = zip(versions, builds, strict=False)
    built = [Version(x.major, x.minor, x.patch, x.prerelease, b) for x, b in pairs]
    every = versions + built  # build metadata changes neither order nor equality
    by_precedence = sorted(every, key=lambda x: x.precedence)
    assert [x.semver for x in by_precedence] == [x.semver for x in sorted(every)]
    for a in every:
        assert [a.precedence == b.precedence for b in every] == [a == b for b in every]
        assert [a.precedence < b.precedence for b in every] == [a < b for b in every]
