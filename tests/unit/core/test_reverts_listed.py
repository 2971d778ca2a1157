"""Reverts as the changelog lists them, and which commits a revert cancels."""

from __future__ import annotations

import hashlib

from releaser.core.history import Analysis, RawCommit, Revert, analyse


def commit(label: str, message: str) -> RawCommit:
    return RawCommit(hashlib.sha1(label.encode()).hexdigest(), (), "", message)


FEAT = commit("feat", "feat: shiny")
REVERT = commit("revert", f'Revert "feat: shiny"\n\nThis reverts commit {FEAT.sha}.')


def kept(analysis: Analysis) -> list[str]:
    return [c.commit.header for c in analysis.changes]


def test_a_revert_type_commit_is_listed_with_the_header_it_names() -> None:
    revert = commit("r", "revert: feat(api): drop v1 (#7)")
    assert analyse([revert]).reverts == (Revert(revert.sha, None, "feat(api): drop v1 (#7)", (7,)),)


def test_a_revert_type_commit_in_range_cancels_its_target() -> None:
    revert = commit("r", f"Revert: feat: shiny\n\nThis reverts commit {FEAT.sha}.")
    analysis = analyse([revert, FEAT])
    assert (kept(analysis), analysis.reverts) == ([], ())


def test_newer_commits_and_reverts_without_a_sha_do_not_stop_the_cancelling() -> None:
    unknown = commit("u", "revert: something older")
    analysis = analyse([commit("d", "docs: readme"), unknown, REVERT, FEAT])
    assert kept(analysis) == ["docs: readme"]
    assert [r.sha for r in analysis.reverts] == [unknown.sha]


def test_a_commit_quoting_git_s_revert_line_is_no_revert() -> None:
    fix = commit("f", f"fix: restore the old default\n\nThis reverts commit {FEAT.sha}.")
    analysis = analyse([fix, REVERT, FEAT])  # REVERT makes the range worth a closer look
    assert kept(analysis) == ["fix: restore the old default"]


def test_autosquash_commits_are_skipped_and_reported_so() -> None:
    fixup = commit("x", "fixup! feat: shiny")
    assert analyse([fixup]).skipped == (fixup,)


def test_a_reference_ending_the_description_is_kept_with_the_footers() -> None:
    (change,) = analyse([commit("c", "fix: crash on #12\n\nRefs: #3")]).changes
    assert change.references == (12, 3)
