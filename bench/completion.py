"""What shell completion costs at start-up: `releaser lint` with typer's completion on and off.

    python bench/completion.py [--repeat 30]

Both variants run the same code path in a fresh interpreter (the commit-msg hook's
command on a one-line message); only `add_completion` differs. Runs alternate so that
load on the machine hits both alike. Prints best and median of each, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_RUN = (
    "import sys; from releaser.cli.app import app; app._add_completion = {on}; "
    "from releaser.cli import main; main(['lint', '--message-file', sys.argv[1]])"
)


def _once(on: bool, message: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", _RUN.format(on=on), str(message)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> int:
    """Time both variants and print the difference."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        message = Path(folder) / "msg"
        message.write_text("feat: add a widget\n", encoding="utf-8")
        times: dict[bool, list[float]] = {True: [], False: []}
        _once(True, message)  # warm the file cache
        for _ in range(args.repeat):
            for on in (False, True):
                times[on].append(_once(on, message))
    for on in (False, True):
        best, median = min(times[on]) * 1000, statistics.median(times[on]) * 1000
        print(f"completion {'on ' if on else 'off'}: best {best:6.1f} ms, median {median:6.1f} ms")
    delta = statistics.median(times[True]) - statistics.median(times[False])
    print(f"difference of the medians: {delta * 1000:+.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
