"""Step events for people and for machines.

A terminal gets one rich line per step with its time; CI (no TTY) gets plain
lines; `--log-format json` gets one JSON object per event.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING

from releaser.errors import ReleaserError
from releaser.release.plan import Plan, StepName

if TYPE_CHECKING:
    from rich.console import Console

_MARKS = {"done": "✓", "skipped": "=", "off": "-", "would": "~", "failed": "✗"}
_STYLES = {
    "done": "green",
    "skipped": "cyan",
    "off": "dim",
    "would": "yellow",
    "failed": "bold red",
}


class TextReporter:
    """One line per step: mark, name, result, time; rich on a terminal, plain elsewhere."""

    def __init__(self, stream: IO[str] | None = None, *, verbose: bool = False) -> None:
        from rich.console import Console

        self.stream = stream or sys.stderr
        plain = not self.stream.isatty()
        self.console: Console = Console(
            file=self.stream, no_color=plain, highlight=False, soft_wrap=True, emoji=False
        )
        self.verbose = verbose

    def started(self, step: StepName, summary: str) -> None:
        """Only shown with -v: a slow step should not look stuck."""
        if self.verbose:
            self.console.print(f"  … {step.value}: {summary}", markup=False)

    def finished(self, step: StepName, status: str, seconds: float, detail: str) -> None:
        """The step's line."""
        self._line(step.value, status, seconds, detail)

    def failed(self, step: StepName, seconds: float, error: ReleaserError) -> None:
        """The failing step's line; the CLI prints the error itself."""
        self._line(step.value, "failed", seconds, error.message.splitlines()[0])

    def notice(self, text: str) -> None:
        """A remark outside any step."""
        self.console.print(f"note: {text}", markup=False)

    def _line(self, name: str, status: str, seconds: float, detail: str) -> None:
        from rich.text import Text

        line = Text()
        line.append(f"{_MARKS[status]} {name:<15}", style=_STYLES[status])
        line.append(f"{status:<8}", style=_STYLES[status])
        timed = status not in ("off", "would") and not detail.startswith("skip: ")
        line.append(f"{seconds:6.2f}s  " if timed else " " * 9)
        line.append(detail)
        self.console.print(line)


class JsonReporter:
    """One JSON object per event, for log pipelines."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr

    def _emit(self, **event: object) -> None:
        event["time"] = round(time.time(), 3)
        self.stream.write(json.dumps({"schema": 1, **event}) + "\n")  # README: JSON outputs
        self.stream.flush()

    def started(self, step: StepName, summary: str) -> None:
        """step_started event."""
        self._emit(event="step_started", step=step.value, summary=summary)

    def finished(self, step: StepName, status: str, seconds: float, detail: str) -> None:
        """step_finished event (status: done, skipped, off, would)."""
        self._emit(
            event="step_finished",
            step=step.value,
            status=status,
            seconds=round(seconds, 3),
            detail=detail,
        )

    def failed(self, step: StepName, seconds: float, error: ReleaserError) -> None:
        """step_failed event with the error and its exit code."""
        self._emit(
            event="step_failed",
            step=step.value,
            seconds=round(seconds, 3),
            error=error.message,
            hint=error.hint,
            exit_code=int(error.exit_code),
        )

    def error(self, error: ReleaserError) -> None:
        """error event: the run's final error, with its exit code."""
        self._emit(
            event="error", error=error.message, hint=error.hint, exit_code=int(error.exit_code)
        )

    def notice(self, text: str) -> None:
        """notice event."""
        self._emit(event="notice", message=text)


def print_plan(
    plan: Plan,
    reporter: TextReporter | JsonReporter,
    *,
    done: tuple[StepName, ...] = (),
    skips: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The dry run: each step as it would run, would be skipped, or why it is off.

    `done` ones were reported already; `skips` are the steps the real run would skip, by
    their key (`tag`, or `tag:acme` for a package's). Returns each step's status, by key.
    """
    statuses: dict[str, str] = {}
    for step in plan.steps:
        if step.name is not StepName.PREFLIGHT:
            statuses[step.key] = "done" if step.name in done else "would"
        if step.name in done:
            continue
        whose = f"{step.package}: " if step.package else ""
        if skips and step.key in skips:
            statuses[step.key] = "skipped"
            why = skips[step.key]
            reporter.finished(step.name, "skipped", 0.0, f"skip: already done ({whose}{why})")
        elif step.enabled:
            reporter.finished(step.name, "would", 0.0, step.summary)
        else:
            statuses[step.key] = "off"
            reporter.finished(step.name, "off", 0.0, f"{step.summary} ({step.off_reason})")
    return statuses
