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
from releaser.release.push_step import RemoteTagElsewhere, ask_remote

if TYPE_CHECKING:
    from releaser.release.run import Run


_RERUN = "run `releaser cut` again: it finishes the release without repeating what is done"


def _rerun_hint(error: ReleaserError) -> str:
    """The adapter's hint, ending in the one thing to do after a partial release: rerun."""
    hint = (error.hint or "").strip().rstrip(".")
    if not hint:
        return _RERUN[0].upper() + _RERUN[1:]
    if "rerun" in hint.lower() or "run the same command" in hint.lower():
        return f"{hint} (`releaser cut` finishes the release without repeating what is done)"
    return f"{hint}; then {_RERUN}"


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


def _raced(run: Run, tag: str, remote_tag: str) -> RefusedError:
    f = run.facts
    return RefusedError(
        f"'{f.remote}' has the tag {tag} at another commit ({remote_tag[:7]}): another "
        f"release of {_version_of(run, tag)} was pushed meanwhile; nothing of this run was "
        "published, and its local release commit and tag were undone",
        hint=f"run `git pull --rebase {f.remote} {f.branch}`, then `releaser cut` again: it "
        "finishes that release with the files already published, or confirms it is complete",
    )


def _version_of(run: Run, tag: str) -> str:
    """The version a tag of this run releases ("acme 1.1.0" in a workspace)."""
    for p in run.plan.packages:
        if p.tag == tag:
            return f"{p.project_name} {p.version.semver}"
    return run.facts.version.semver


def _pushed_or_not(run: Run, error: ReleaserError) -> ReleaserError:
    """A push that failed (or found a tag elsewhere): keep what may be on the remote; undo
    the rest, saying whether another run raced this one."""
    f = run.facts
    state = ask_remote(run)
    if state is None or state.present:  # the remote has some of it (or cannot say): keep it all
        if state is None or state.landed:
            has = "has" if state is not None else "may have"
            what = f"{has} the release commit or tag {', '.join(run.release_tags())}"
        else:
            what = f"has {', '.join(state.present)} but lacks {', '.join(state.missing)}"
        return PartialReleaseError(
            f"push failed: {error.message}\nbut '{f.remote}' {what}, so nothing was undone",
            hint=_rerun_hint(RefusedError("")),
        )
    if f.resume:
        run.commit_sha = run.head()  # the earlier run's commit never left either
    run.undo_local()
    for tag, remote_tag in state.elsewhere().items():  # another run pushed that tag
        return _raced(run, tag, remote_tag)
    first, _, rest = error.message.partition("\n")
    return RefusedError(
        f"push failed: {first}; nothing was published, and the local release commit "
        "and tag were undone" + (f"\n{rest}" if rest else ""),
        hint=error.hint
        or f"run `git pull --rebase {f.remote} {f.branch}`, then `releaser cut` again",
    )


def classify(run: Run, step: StepName, error: ReleaserError, pushed: bool) -> ReleaserError:
    """Decide what a failure means for the user: nothing changed, or rerun to finish."""
    if isinstance(error, SmokeTestError):
        return _not_published(run, error)
    if pushed:
        return PartialReleaseError(f"{step.value} failed: {error.message}", hint=_rerun_hint(error))
    if isinstance(error, PushRejectedError | RemoteTagElsewhere):
        return _pushed_or_not(run, error)
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
