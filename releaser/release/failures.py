"""What a failed step means for the user: nothing changed (undone), or rerun to finish.

Before anything left the machine a failure undoes this run's local changes; a rejected
push asks the remote whether the release got there anyway; after the push, the error
says to run the command again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from releaser.errors import (
    PartialReleaseError,
    PushRejectedError,
    RefusedError,
    ReleaserError,
    SmokeTestError,
)
from releaser.release.plan import StepName

if TYPE_CHECKING:
    from releaser.release.run import Run


class RemoteTagElsewhere(RefusedError):
    """The remote has this release's tag at another commit (another run pushed first)."""

    def __init__(self, commit: str) -> None:
        super().__init__(f"the remote has the tag at {commit[:7]}")
        self.commit = commit


_RERUN = "run `releaser cut` again: it finishes the release without repeating what is done"


def _rerun_hint(error: ReleaserError) -> str:
    """The adapter's hint, ending in the one thing to do after a partial release: rerun."""
    hint = (error.hint or "").strip().rstrip(".")
    if not hint:
        return _RERUN[0].upper() + _RERUN[1:]
    if "rerun" in hint.lower() or "run the same command" in hint.lower():
        return f"{hint} (`releaser cut` finishes the release without repeating what is done)"
    return f"{hint}; then {_RERUN}"


def remote_release(run: Run) -> tuple[bool | None, str | None]:
    """After a failed push: did the release reach the remote (None: cannot tell), and its tag's
    commit. Both refs count: a branch that was there before (finishing a release) is no sign."""
    f, git = run.facts, run.ports.git
    head, released = git.head_sha(), run.release_commit()
    try:
        refs = git.remote_refs(f.remote, [f"refs/heads/{f.branch}", f"refs/tags/{f.tag}"])
    except ReleaserError:
        return None, None
    tag = refs.get(f"refs/tags/{f.tag}")
    return tag == released and refs.get(f"refs/heads/{f.branch}") == head, tag


def _not_published(run: Run, error: SmokeTestError) -> SmokeTestError:
    """The staged release is broken: say what stays unpublished and how to go on."""
    f = run.facts
    first, _, rest = error.message.partition("\n")
    draft = f" and the GitHub release {f.tag} stays a draft" if run.release is not None else ""
    return SmokeTestError(
        f"{first}; nothing was uploaded to {f.index_url}{draft}" + (f"\n{rest}" if rest else ""),
        hint=(error.hint + "; " if error.hint else "")
        + f"fix the package, commit the fix and run `releaser cut` again: it releases the "
        f"next version (the tag {f.tag} stays unpublished)",
    )


def _raced(run: Run, remote_tag: str) -> RefusedError:
    f = run.facts
    return RefusedError(
        f"'{f.remote}' has the tag {f.tag} at another commit ({remote_tag[:7]}): another "
        f"release of {f.version.semver} was pushed meanwhile; nothing of this run was "
        "published, and its local release commit and tag were undone",
        hint=f"run `git pull --rebase {f.remote} {f.branch}`, then `releaser cut` again: it "
        "finishes that release with the files already published, or confirms it is complete",
    )


def classify(run: Run, step: StepName, error: ReleaserError, pushed: bool) -> ReleaserError:
    """Decide what a failure means for the user: nothing changed, or rerun to finish."""
    if isinstance(error, SmokeTestError):
        return _not_published(run, error)
    if pushed:
        return PartialReleaseError(f"{step.value} failed: {error.message}", hint=_rerun_hint(error))
    if isinstance(error, PushRejectedError | RemoteTagElsewhere):
        landed, remote_tag = remote_release(run)
        if landed is not False:  # the remote has it (or cannot say): keep it all for the rerun
            where = "has" if landed else "may have"
            return PartialReleaseError(
                f"push failed: {error.message}\nbut '{run.facts.remote}' {where} the release "
                f"commit or tag {run.facts.tag}, so nothing was undone",
                hint=_rerun_hint(RefusedError("")),
            )
        if run.facts.resume:
            run.commit_sha = run.ports.git.head_sha()  # the earlier run's commit never left either
        run.undo_local()
        if remote_tag is not None:  # the tag is there, at another commit
            return _raced(run, remote_tag)
        first, _, rest = error.message.partition("\n")
        return RefusedError(
            f"push failed: {first}; nothing was published, and the local release commit "
            "and tag were undone" + (f"\n{rest}" if rest else ""),
            hint=error.hint
            or f"run `git pull --rebase {run.facts.remote} {run.facts.branch}`, "
            "then `releaser cut` again",
        )
    run.undo_local()
    if isinstance(error, RefusedError):
        return error
    # The verdict goes on the first line; a long message (build output) follows it.
    first, _, rest = error.message.partition("\n")
    return RefusedError(
        f"{step.value} failed, nothing was changed (local edits were undone): {first}"
        + (f"\n{rest}" if rest else ""),
        hint=error.hint,
    )
