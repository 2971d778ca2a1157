"""What start-up and shell completion cost: `releaser lint` (the commit-msg hook's command)
and one press of TAB, each in a fresh interpreter.

    python bench/completion.py [--repeat 30] [--tree DIR]

`--tree` runs the code of another checkout (PYTHONPATH=DIR), to compare two versions on the
same machine. Runs alternate so that load on the machine hits every case alike. Prints the
best and the median of each, in milliseconds, wall clock, and the median CPU time (user and
system) of the child, which load disturbs less.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_TAB = {"_RELEASER_COMPLETE": "bash_complete"}
# name -> (arguments, extra environment)
_CASES: dict[str, tuple[list[str], dict[str, str]]] = {
    "releaser lint --message-file MSG": (["lint", "--message-file", "{message}"], {}),
    "TAB after `releaser cu`": ([], {**_TAB, "COMP_WORDS": "releaser cu", "COMP_CWORD": "1"}),
    "TAB after `releaser cut --dry`": (
        [],
        {**_TAB, "COMP_WORDS": "releaser cut --dry", "COMP_CWORD": "2"},
    ),
}


def _once(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one `python -m releaser` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "releaser", *args], env=env, check=True,
                   capture_output=True)  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def main() -> int:
    """Time each case and print a line for it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--tree", type=Path, default=Path(__file__).parents[1])
    args = parser.parse_args()
    base = {**os.environ, "PYTHONPATH": str(args.tree.resolve())}
    with tempfile.TemporaryDirectory() as folder:
        message = Path(folder) / "msg"
        message.write_text("feat: add a widget\n", encoding="utf-8")
        cases = {
            name: ([a.format(message=message) for a in argv], {**base, **extra})
            for name, (argv, extra) in _CASES.items()
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for argv, env in cases.values():  # warm the file cache
            _once(argv, env)
        for _ in range(args.repeat):
            for name, (argv, env) in cases.items():
                times[name].append(_once(argv, env))
    print(f"{args.tree.resolve()}, load {os.getloadavg()[0]:.1f}, {args.repeat} runs each")
    for name, runs in times.items():
        walls = [wall * 1000 for wall, _ in runs]
        cpu = statistics.median(cpu for _, cpu in runs) * 1000
        best, median = min(walls), statistics.median(walls)
        print(f"{name:<34} best {best:6.1f} ms, median {median:6.1f} ms, CPU median {cpu:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
