"""Carry out a release plan, step by step; with its step modules, the only code that acts.

Each step first looks at the world (is the tag there? the release? the file
on the index?) and skips what is done, so running the same plan again after a
failure finishes the release without doing anything twice. A failure before
the push undoes the local changes this run made; after the push, the error
says to run the command again.

The run and its local steps are in `run`, the build in `build_steps`, the steps after the
push in `publish_steps`, and what a failure means in `failures`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from releaser.errors import ReleaserError
from releaser.release.failures import classify
from releaser.release.plan import Plan, StepName
from releaser.release.ports import Outcome, Ports, Reporter
from releaser.release.run import Run

# the method of `Run` (or of a subclass: a release of several packages pushes them all)
_HANDLERS: dict[StepName, str] = {
    StepName.AUDIT: "audit",
    StepName.STAMP: "stamp",
    StepName.CHANGELOG: "changelog",
    StepName.COMMIT: "commit",
    StepName.TAG: "tag",
    StepName.BUILD: "build",
    StepName.CHECK: "check",
    StepName.PUSH: "push",
    StepName.GITHUB_DRAFT: "github_draft",
    StepName.STAGE: "stage",
    StepName.PUBLISH: "publish",
    StepName.GITHUB_RELEASE: "github_release",
}
_LEAVES_THE_MACHINE = (
    StepName.PUSH,
    StepName.GITHUB_DRAFT,
    StepName.STAGE,
    StepName.PUBLISH,
    StepName.GITHUB_RELEASE,
)


def execute(
    plan: Plan, ports: Ports, reporter: Reporter, *, preflight_seconds: float = 0.0
) -> Outcome:
    """Run the enabled steps in order; raise the error of the first that fails."""
    if plan.packages:
        from releaser.release.execute_workspace import WorkspaceRun

        run: Run = WorkspaceRun(plan, ports)
    else:
        run = Run(plan, ports)
    pushed = False
    current = StepName.PREFLIGHT
    try:
        for step in plan.steps:
            current = step.name
            if step.name is StepName.PREFLIGHT:
                reporter.finished(step.name, "done", preflight_seconds, step.summary)
                continue
            whose = f"{step.package}: " if step.package else ""
            if not step.enabled:
                run.outcome.statuses[step.key] = "off"
                reporter.finished(step.name, "off", 0.0, whose + step.off_reason)
                continue
            reporter.started(step.name, step.summary)
            start = time.perf_counter()
            try:
                handler: Callable[[], tuple[str, str]]
                handler = getattr(run.target(step.package), _HANDLERS[step.name])
                status, detail = handler()
            except ReleaserError as exc:
                error = classify(run, step.name, exc, pushed)
                reporter.failed(step.name, time.perf_counter() - start, error)
                raise error from exc
            run.outcome.statuses[step.key] = status
            reporter.finished(step.name, status, time.perf_counter() - start, whose + detail)
            if step.name in _LEAVES_THE_MACHINE:
                pushed = True
    except KeyboardInterrupt:
        # Ctrl-C before anything left the machine, wherever it lands (inside a step, while
        # reporting, between steps): leave the tree as it was, so the next run is not refused
        # for uncommitted (stamped) changes. A push may have landed when interrupted, so from
        # the push on everything stays for resuming.
        if not pushed and current is not StepName.PUSH:
            run.undo_local()
        raise
    return run.outcome
