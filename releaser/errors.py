"""Every error releaser reports, and the exit code each one maps to.

The exit codes are the CLI's contract with CI; README.md documents them.
Each code calls for a different reaction, so there are few of them.
"""

from __future__ import annotations

from enum import IntEnum
from typing import ClassVar


class ExitCode(IntEnum):
    """Process exit codes of the `releaser` command."""

    OK = 0  # done, or nothing to release
    INTERNAL = 1  # a bug in releaser: report it (traceback with -v)
    USAGE = 2  # bad flags or arguments
    CONFIG = 3  # invalid configuration ([tool.releaser] and friends)
    REFUSED = 4  # a precondition or the audit gate failed; nothing was changed
    PARTIAL = 5  # a step failed after side effects; run the same command again to resume
    LINT = 6  # a commit message is not a valid Conventional Commit


class ReleaserError(Exception):
    """Base of every error releaser reports as one sentence plus a hint."""

    exit_code: ClassVar[ExitCode] = ExitCode.INTERNAL

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.logged = False  # already written as a JSON log event: print nothing more


class UsageError(ReleaserError):
    """The command line asks for something that cannot be done as written."""

    exit_code = ExitCode.USAGE


class ConfigError(ReleaserError):
    """The configuration is invalid."""

    exit_code = ExitCode.CONFIG


class RefusedError(ReleaserError):
    """A precondition failed before anything was changed."""

    exit_code = ExitCode.REFUSED


class GitError(RefusedError):
    """Git could not answer: not a repository, no commits, a bad ref."""


class SmokeTestError(RefusedError):
    """The release installed from the staging index failed its smoke test: not published."""


class AuditFailedError(RefusedError):
    """The audit gate found a problem, or an auditor could not run."""


class PartialReleaseError(ReleaserError):
    """A step failed after earlier steps changed something; a rerun resumes."""

    exit_code = ExitCode.PARTIAL


class LintError(ReleaserError):
    """A commit message is not a Conventional Commit releaser understands."""

    exit_code = ExitCode.LINT


class StepError(ReleaserError):
    """An outside system refused or failed a release step.

    Adapters raise these; the executor decides whether anything was changed
    before (exit PARTIAL: rerun to resume) or not (exit REFUSED).
    """

    exit_code = ExitCode.PARTIAL


class BuildError(StepError):
    """Building or checking the distributions failed."""


class GitHubError(StepError):
    """The GitHub API refused or failed a request."""


class PackageIndexError(StepError):
    """The package index refused an upload, or holds a different file of the same name."""


class PushRejectedError(StepError):
    """The remote rejected the push (it moved on, or a hook declined)."""


class AuditToolError(AuditFailedError):
    """An auditor could not run (service unreachable, tool crashed, command missing)."""
