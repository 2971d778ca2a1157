"""Carrying out the plan of several packages: one commit and push, each package's own steps.

The workspace run is the run of the shared steps (stamp, changelog, commit, push); each
package has a run of its own for its tag, build, check, GitHub release and upload, and
each of those steps skips what is done already, so a rerun finishes every package.
"""

from __future__ import annotations

from dataclasses import replace

from releaser.release.plan import Plan
from releaser.release.ports import Ports
from releaser.release.run import Run


class WorkspaceRun(Run):
    """The shared steps' run, holding one run per package."""

    def __init__(self, plan: Plan, ports: Ports) -> None:
        super().__init__(plan, ports)
        self.packages = {
            p.project_name: Run(
                Plan(p),
                replace(
                    ports.packages.get(p.project_name, ports),
                    audit=ports.audits.get(p.project_name),
                    audits={},
                    packages={},
                ),
            )
            for p in plan.packages
        }
        self.outcome.packages = {name: run.outcome for name, run in self.packages.items()}

    def target(self, package: str) -> Run:
        return self.packages[package] if package else self

    def release_tags(self) -> list[str]:
        return [p.tag for p in self.plan.packages]

    def undo_local(self) -> None:
        """Drop every package's local tag, then the release commit and the written files."""
        for run in self.packages.values():
            if self.commit_sha is not None and self.ports.git.has_tag(run.facts.tag) == (
                self.commit_sha
            ):  # the tag of a release commit that goes (an earlier run's, when resuming)
                run.created.append(f"tag:{run.facts.tag}")
            run.undo_local()
        super().undo_local()
