"""What `releaser init` reports for each file it considers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    """One file `init` wrote or left alone, and why."""

    path: str
    action: str  # "created", "updated", "skipped"
    detail: str
