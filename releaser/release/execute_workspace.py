"""Carrying out the plan of several packages: one commit and push, each package's own steps.

The workspace run is the run of the shared steps (stamp, changelog, commit, push); each
package has a run of its own for its tag, build, check, GitHub release and upload, and
each of those steps skips what is done already, so a rerun finishes every package.
"""

from __future__ import annotations

from dataclasses import replace

from releaser.errors import PushRejectedError
from releaser.release.failures import RemoteTagElsewhere, remote_release
from releaser.release.plan import Plan
from releaser.release.ports import Ports
from releaser.release.run import Run


class WorkspaceRun(Run):
    """The shared steps' run, holding one run per package."""

    def __init__(self, plan: Plan, ports: Ports) -> None:
        super().__init__(plan, ports)
        self.packages = {
            p.project_name: Run(
                Plan(p), replace(ports, audit=ports.audits.get(p.project_name), audits={})
            )
            for p in plan.packages
        }
        self.outcome.packages = {name: run.outcome for name, run in self.packages.items()}

    def target(self, package: str) -> Run:
        return self.packages[package] if package else self

    def push(self) -> tuple[str, str]:
        git, f = self.ports.git, self.facts
        tags = [p.tag for p in self.plan.packages]
        head = git.head_sha()
        refs = git.remote_refs(
            f.remote, [f"refs/heads/{f.branch}", *(f"refs/tags/{t}" for t in tags)]
        )
        if refs.get(f"refs/heads/{f.branch}") == head and all(
            refs.get(f"refs/tags/{t}") == head for t in tags
        ):
            return "skipped", f"{f.remote} already has {f.branch}, {', '.join(tags)}"
        for t in tags:
            there = refs.get(f"refs/tags/{t}")
            if there is not None and there != head:
                raise RemoteTagElsewhere(there)
        try:
            git.push(f.remote, f.branch, *tags)
        except PushRejectedError as exc:
            if remote_release(self)[0] is not True:
                raise
            first = exc.message.splitlines()[0]
            return "done", f"{f.remote} has {f.branch} and the tags, although git said: {first}"
        return "done", f"{f.branch}, {', '.join(tags)} -> {f.remote}"

    def undo_local(self) -> None:
        """Drop every package's local tag, then the release commit and the written files."""
        for run in self.packages.values():
            run.undo_local()
        super().undo_local()
