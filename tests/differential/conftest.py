"""The differential suite needs python-semantic-release and commitizen (the `differential` extra).

It runs only when named (`pytest tests/differential`), as CI's own step: it takes a minute
or two, more than the rest of the suite can spare. Profiles: `differential` (CI: 60
histories, derandomised, so the same 60 every run) is used unless another is loaded;
`--hypothesis-profile=soak` runs 2,000 with a fresh seed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

_COMMON = settings(
    deadline=None,
    print_blob=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("differential", _COMMON, max_examples=60, derandomize=True)
settings.register_profile("soak", _COMMON, max_examples=2000)

HERE = Path(__file__).parent


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Leave the folder out unless the command line names it or something in it."""
    named = any(
        path == HERE or HERE in path.parents
        for path in (Path(arg.split("::")[0]).resolve() for arg in config.args)
    )
    return None if named else True


# (tool, class of difference) -> histories where it changed the answer; see the summary
DIFFERENCES: Counter[tuple[str, str]] = Counter()
RUNS: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not RUNS:
        return
    write = terminalreporter.write_line
    write(f"differential: {RUNS['histories']} histories compared")
    for (tool, name), count in sorted(DIFFERENCES.items()):
        write(f"  {tool:>16} differs by design in {count:5} histories: {name}")
