"""The push step, for one package or several: the branch and every tag in one atomic push.

Whether the release is on the remote is decided by the branch and every tag the run
pushes, never by one of them: a push git calls failed may have landed whole (a hook or a
dropped connection after the refs were updated), in part, or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from releaser.errors import PushRejectedError, RefusedError, ReleaserError

if TYPE_CHECKING:
    from releaser.release.run import Run


class RemoteTagElsewhere(RefusedError):
    """The remote has a tag of this release at another commit (another run pushed first)."""

    def __init__(self, tag: str, commit: str) -> None:
        super().__init__(f"the remote has the tag {tag} at {commit[:7]}")
        self.tag = tag
        self.commit = commit


@dataclass(frozen=True)
class RemoteState:
    """What the remote has of a release: its branch at HEAD or not, and where each tag is."""

    branch_at_head: bool
    tags: dict[str, str | None]  # each tag of the release -> the remote's commit, or None
    released: str  # the commit the tags belong on

    @property
    def landed(self) -> bool:
        """The whole release is there: the branch and every tag."""
        return self.branch_at_head and not self.missing

    @property
    def missing(self) -> list[str]:
        """The tags the remote lacks (or has at another commit)."""
        return [t for t, at in self.tags.items() if at != self.released]

    @property
    def present(self) -> list[str]:
        """The tags the remote has at the release commit. The branch alone is no sign of a
        push: when a release is finished, it was there before."""
        return [t for t, at in self.tags.items() if at == self.released]

    def elsewhere(self) -> dict[str, str]:
        """The tags the remote has at another commit, with that commit."""
        return {t: at for t, at in self.tags.items() if at is not None and at != self.released}


def remote_state(run: Run) -> RemoteState:
    """Ask the remote where the run's branch and tags are (ReleaserError if it cannot say)."""
    git, f = run.ports.git, run.facts
    tags = run.release_tags()
    refs = git.remote_refs(f.remote, [f"refs/heads/{f.branch}", *(f"refs/tags/{t}" for t in tags)])
    return RemoteState(
        branch_at_head=refs.get(f"refs/heads/{f.branch}") == run.head(),
        tags={t: refs.get(f"refs/tags/{t}") for t in tags},
        released=run.release_commit(),
    )


def ask_remote(run: Run) -> RemoteState | None:
    """The remote's state, or None when it cannot be read now (the push broke the link)."""
    try:
        return remote_state(run)
    except ReleaserError:
        return None


def push_release(run: Run) -> tuple[str, str]:
    """Push the branch and the tags, unless the remote has them; a push git reports failed
    counts as done when the remote has every ref (the caller decides about the rest)."""
    git, f = run.ports.git, run.facts
    tags = ", ".join(run.release_tags())
    state = remote_state(run)
    if state.landed:
        return "skipped", f"{f.remote} already has {f.branch} and {tags}"
    for tag, commit in state.elsewhere().items():
        raise RemoteTagElsewhere(tag, commit)
    try:
        git.push(f.remote, f.branch, *run.release_tags())
    except PushRejectedError as exc:
        after = ask_remote(run)
        if after is None or not after.landed:
            raise
        # git failed after the remote took every ref (a hook, a dropped connection)
        first = exc.message.splitlines()[0]
        return "done", f"{f.remote} has {f.branch} and {tags}, although git said: {first}"
    return "done", f"{f.branch}, {tags} -> {f.remote}"
