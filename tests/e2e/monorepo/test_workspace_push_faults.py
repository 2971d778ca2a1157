"""The push of a workspace release, as remotes fail it: every package's tag counts.

Whether a rejected push landed is decided by the branch and every package's tag on the
remote, never by the first package's alone. The builds are off: the push is what is tested.
"""

from __future__ import annotations

from tests.e2e.cut.conftest import REPOSITORY, Sample, git
from tests.e2e.monorepo.conftest import NEXT_TAGS, PUSH_COUNTER

REFUSED, PARTIAL = 4, 5
FAST = ("--no-audit", "--no-build")

# The remote keeps the branch and the first package's tag only, then the connection drops
# before the client hears back.
KEEPS_THE_FIRST_TAG_ONLY = (
    PUSH_COUNTER
    + """
if [ -f "$GIT_DIR/drop-once" ]; then
    rm -f "$GIT_DIR/drop-once"
    git update-ref -d refs/tags/acme-http-v0.4.0
    git update-ref -d refs/tags/acme-cli-v2.1.1
    kill -9 $PPID
fi
"""
)


def _local_tags(workspace: Sample) -> list[str]:
    return git(workspace.root, "tag", "--list").split()


def test_a_push_that_landed_only_the_first_tag_is_not_taken_for_done(workspace: Sample) -> None:
    hook = workspace.origin / "hooks" / "post-receive"
    hook.write_text(KEEPS_THE_FIRST_TAG_ONLY, encoding="utf-8")
    (workspace.origin / "drop-once").touch()

    run = workspace.cut(*FAST, expect=PARTIAL)
    assert "although git said" not in run.stderr
    lacks = "acme-http-v0.4.0, acme-cli-v2.1.1"
    assert f"'origin' has acme-v1.1.0 but lacks {lacks}, so nothing was undone" in run.stderr
    assert workspace.server.releases(REPOSITORY) == []  # no release of a tag not pushed
    head = git(workspace.root, "rev-parse", "HEAD")
    assert set(NEXT_TAGS.values()) <= set(_local_tags(workspace))  # kept for the rerun

    workspace.cut(*FAST)  # the rerun pushes the missing tags and releases every package
    for tag in NEXT_TAGS.values():
        assert git(workspace.origin, "rev-parse", f"{tag}^{{commit}}") == head
    releases = workspace.server.releases(REPOSITORY)
    assert sorted(r["tag_name"] for r in releases if not r["draft"]) == sorted(NEXT_TAGS.values())


def test_another_release_of_a_later_package_is_named_and_undone(workspace: Sample) -> None:
    before = git(workspace.root, "rev-parse", "HEAD")
    workspace.cut(*FAST, "--no-push")  # the release commit and tags, kept local
    raced = NEXT_TAGS["acme-cli"]
    git(workspace.root, "push", "-q", "origin", f"{before}:refs/tags/{raced}")  # another run

    run = workspace.cut(*FAST, expect=REFUSED)
    assert f"'origin' has the tag {raced} at another commit ({before[:7]})" in run.errors()[0]
    assert git(workspace.root, "rev-parse", "HEAD") == before  # the unpushed release is undone
    assert not set(NEXT_TAGS.values()) & set(_local_tags(workspace))
    assert git(workspace.root, "status", "--porcelain") == ""
    assert workspace.server.releases(REPOSITORY) == []
