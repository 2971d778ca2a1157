"""One run of a release plan: what it changed (for undoing), and its local steps.

The local steps (audit, stamp, changelog, commit, tag, push) are here; the build and
check steps are in `build_steps`, the ones after the push in `publish_steps`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from releaser.errors import RefusedError
from releaser.release import build_steps, publish_steps, push_step
from releaser.release.plan import Plan
from releaser.release.ports import Outcome, Ports

if TYPE_CHECKING:
    from releaser.adapters.github import ReleaseInfo
    from releaser.core.audit import GateReport


class Run:
    """One execution: the plan, the ports, and what this run changed (for undoing)."""

    def __init__(self, plan: Plan, ports: Ports) -> None:
        self.plan = plan
        self.facts = plan.facts
        self.ports = ports
        self.outcome = Outcome()
        self.written: list[str] = []
        self.created: list[str] = []
        self.commit_sha: str | None = None
        self._head: str | None = None  # HEAD, once read: only this run's commit moves it
        self.release: ReleaseInfo | None = None
        self.gate: GateReport | None = None  # the audit gate's report, when it ran
        self.noted = False  # the files about to be written are noted for a killed run's rerun

    def target(self, package: str) -> Run:
        """The run whose facts the step of `package` works on ("": this one)."""
        return self

    # -- steps: each returns (status, detail) ------------------------------------------------

    def audit(self) -> tuple[str, str]:
        assert self.ports.audit is not None
        summary, self.gate = self.ports.audit()
        return "done", summary

    def stamp(self) -> tuple[str, str]:
        return self._write([e for e in self.facts.edits if e.what != "changelog"])

    def changelog(self) -> tuple[str, str]:
        return self._write([e for e in self.facts.edits if e.what == "changelog"])

    def _write(self, edits: list) -> tuple[str, str]:  # type: ignore[type-arg]
        if not self.noted:  # before the first write: the next run can tell these are ours
            from releaser.release.recovery import note_writes

            root = self.ports.root
            note_writes(
                self.ports.git,
                self.head(),
                [(e.path, e.text, not (root / e.path).exists()) for e in self.facts.edits],
            )
            self.noted = True
        for edit in edits:
            path = self.ports.root / edit.path
            if not path.exists():
                self.created.append(edit.path)
            else:
                self.written.append(edit.path)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(edit.text, encoding="utf-8")
        return "done", ", ".join(e.path for e in edits)

    def build(self) -> tuple[str, str]:
        return build_steps.build(self)

    def check(self) -> tuple[str, str]:
        return build_steps.check(self)

    def commit(self) -> tuple[str, str]:
        files = [e.path for e in self.facts.edits]
        self.commit_sha = self._head = self.ports.git.commit(files, self.facts.commit_message)
        self._forget()
        return "done", self.commit_sha[:7]

    def head(self) -> str:
        """The sha of HEAD, asked of git once: after that, only this run moves HEAD (its
        commit step, and the undo)."""
        if self._head is None:
            self._head = self.ports.git.head_sha()
        return self._head

    def release_commit(self) -> str:
        """The commit released: HEAD, or a merged release commit that others followed."""
        return self.facts.commit or self.head()

    def tag(self) -> tuple[str, str]:
        git, tag = self.ports.git, self.facts.tag
        head = self.release_commit()
        existing = git.has_tag(tag)
        if existing == head:
            return "skipped", f"{tag} is already at {head[:7] if self.facts.commit else 'HEAD'}"
        if existing is not None:
            raise RefusedError(
                f"the tag {tag} already exists at another commit ({existing[:7]})",
                hint=f"if it is a mistake, delete it (`git tag -d {tag}`) and run again",
            )
        git.tag(tag, self.facts.tag_message, sign=self.facts.sign_tags, commit=head)
        self.created.append(f"tag:{tag}")
        return "done", tag

    def push(self) -> tuple[str, str]:
        return push_step.push_release(self)

    def release_tags(self) -> list[str]:
        """The tags this run pushes with the branch."""
        return [self.facts.tag]

    def github_draft(self) -> tuple[str, str]:
        return publish_steps.github_draft(self)

    def stage(self) -> tuple[str, str]:
        return publish_steps.stage(self)

    def publish(self) -> tuple[str, str]:
        return publish_steps.publish(self)

    def github_release(self) -> tuple[str, str]:
        return publish_steps.github_release(self)

    # -- undo -------------------------------------------------------------------------------

    def undo_local(self) -> None:
        """Put the work tree and refs back as they were before this run."""
        git = self.ports.git
        if self.commit_sha is not None or any(c.startswith("tag:") for c in self.created):
            git.undo_release(self.facts.tag, self.commit_sha or "")
            self._head = None
        git.restore(self.written)
        for path in self.created:
            if not path.startswith("tag:"):
                (self.ports.root / path).unlink(missing_ok=True)
        self._forget()

    def _forget(self) -> None:
        if self.noted:
            from releaser.release.recovery import forget_writes

            forget_writes(self.ports.git)
