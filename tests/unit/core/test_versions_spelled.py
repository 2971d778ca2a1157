"""Versions as users write them, the errors they read, and the next version in edge cases."""

from __future__ import annotations

import pytest

from releaser.core.version import (
    Bump,
    Version,
    VersionError,
    check_prerelease_token,
    next_version,
)


def test_pep440_spellings_are_read_in_full() -> None:
    assert Version.parse("2") == Version(2, 0, 0)
    short = Version.parse("1.2rc1")
    assert (short.semver, short.pep440) == ("1.2.0-rc.1", "1.2.0rc1")
    local = Version.parse("1.2.3rc1+ubuntu.1")
    assert (local.build, local.semver) == (("ubuntu", "1"), "1.2.3-rc.1+ubuntu.1")
    assert Version.parse("1.0.0+build.5").build == ("build", "5")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("one", "'one' is not a SemVer or PEP 440 version"),
        ("1.2.3.4", "'1.2.3.4' has PEP 440 parts SemVer cannot express"),
        ("1.0.post1", "'1.0.post1' has PEP 440 parts SemVer cannot express"),
    ],
)
def test_what_is_not_a_version_is_explained(text: str, message: str) -> None:
    with pytest.raises(VersionError) as caught:
        Version.parse(text)
    assert str(caught.value) == message


def test_a_prerelease_without_a_pep440_form_is_explained() -> None:
    with pytest.raises(VersionError) as caught:
        _ = Version(1, 0, 0, ("dev", "1")).pep440
    assert str(caught.value) == (
        "the pre-release '1.0.0-dev.1' has no PEP 440 form: use alpha.N, beta.N or rc.N"
    )


def test_prerelease_tokens_are_spelt_as_tags_spell_them() -> None:
    tokens = ["A", "b", "c", "RC", "alpha", "Beta"]
    assert [check_prerelease_token(t) for t in tokens] == [
        "alpha",
        "beta",
        "rc",
        "rc",
        "alpha",
        "beta",
    ]
    with pytest.raises(VersionError) as caught:
        check_prerelease_token("dev")
    assert str(caught.value) == (
        "'dev' is not a pre-release phase Python packaging knows: use alpha (a), beta (b) or rc"
    )


def test_a_breaking_change_below_1_0_is_a_minor_release_by_default() -> None:
    assert next_version(Version(0, 3, 0), Bump.MAJOR) == Version(0, 4, 0)


RC1 = Version(1, 1, 0, ("rc", "1"))


def test_nothing_new_finalizes_only_a_pending_prerelease() -> None:
    base = Version(1, 0, 0)
    assert next_version(base, Bump.NONE, pending=RC1) == Version(1, 1, 0)
    assert next_version(base, Bump.NONE, pending=Version(1, 1, 0)) is None
    assert next_version(base, Bump.NONE, pending=RC1, prerelease="rc") is None
    assert next_version(base, Bump.NONE) is None


def test_a_pending_prerelease_sets_the_floor() -> None:
    base = Version(1, 0, 0)
    assert next_version(base, Bump.PATCH, pending=RC1) == Version(1, 1, 0)
    # the version pyproject states before the first tag is the first pre-release itself
    assert next_version(base, Bump.MINOR, prerelease="rc", pending=RC1) == RC1


def test_an_earlier_phase_after_a_released_prerelease_is_refused() -> None:
    with pytest.raises(VersionError) as caught:
        next_version(Version(1, 0, 0), Bump.MINOR, prerelease="alpha", existing=[RC1], pending=RC1)
    assert str(caught.value) == (
        "a alpha pre-release would be 1.1.0-alpha.1, below 1.1.0-rc.1, which is already "
        "released: continue with --prerelease rc or a later phase"
    )
