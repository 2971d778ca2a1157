"""A listed revert (of a change released earlier) calls for a release of its own."""

from __future__ import annotations

from releaser.core.history import BumpRules, RawCommit, analyse, bump_level
from releaser.core.version import Bump

REVERT = RawCommit("a" * 40, ("b" * 40,), "", 'Revert "feat: x"\n\nThis reverts commit ' + "c" * 40)
FEAT = RawCommit("d" * 40, ("a" * 40,), "", "feat: y")


def test_a_revert_alone_is_a_patch_and_never_lowers_a_feature() -> None:
    rules = BumpRules()
    assert bump_level(analyse([REVERT]), rules) is Bump.PATCH
    assert bump_level(analyse([FEAT, REVERT]), rules) is Bump.MINOR
    assert bump_level(analyse([FEAT, REVERT]), BumpRules(revert_level=Bump.MAJOR)) is Bump.MAJOR
