"""Time releaser against the raw cost of `git log`, commitizen and git-cliff.

For each history size it builds (or reuses) a synthetic repository with
bench/make_history.py and times, with the best and median of a few runs:

- the floor: one `git log` over the whole history, and over the last release range;
- `releaser changelog --stdout` and `releaser next`;
- the same for a project in a subfolder (`--project`), against `git log -- FOLDER`;
- `cz changelog --dry-run` and `cz bump --get-next` (commitizen), when installed;
- `git-cliff` and `git-cliff --bumped-version`, when installed.

It also times start-up (`--help`, `--version`, `lint --message-file`) against
commitizen's, checks with `python -X importtime` that the start-up commands do
not import the heavy libraries, prints a table and the ratios the targets of
issue 2 use, and writes everything to bench/results.json.

Usage: python bench/run.py --sizes 1000,10000,100000
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_history  # a sibling script, not a package

PROJECT = Path(__file__).resolve().parent.parent
GIT_LOG_FORMAT = "--format=%H%x00%P%x00%an%x00%aI%x00%B%x1e"
HEAVY = ("github", "twine", "pip_audit", "bandit", "jinja2", "git")
GOOD_MESSAGE = "feat(parser): accept CRLF line endings\n\nRefs: #12\n"
SLOW = 5.0  # seconds; a command this slow is run once more at most


@dataclass
class Timing:
    """One measured command: its runs in seconds and how it ended."""

    name: str
    size: int | None
    argv: list[str]
    runs: list[float] = field(default_factory=list)
    status: str = "ok"  # ok | timeout | error | skipped
    detail: str = ""
    out_bytes: int = 0
    first_line: str = ""
    cpu_runs: list[float] = field(default_factory=list)  # user+sys of the child and its children

    @property
    def best_cpu(self) -> float | None:
        """Least CPU time of the runs (less sensitive to a busy machine than wall time)."""
        return min(self.cpu_runs) if self.cpu_runs and self.status == "ok" else None

    @property
    def best(self) -> float | None:
        """Fastest run, or None when the command did not complete."""
        return min(self.runs) if self.runs and self.status == "ok" else None

    @property
    def median(self) -> float | None:
        """Median run, or None when the command did not complete."""
        return statistics.median(self.runs) if self.runs and self.status == "ok" else None


def measure(
    name: str,
    argv: list[str],
    cwd: Path,
    *,
    size: int | None = None,
    repeat: int = 3,
    timeout: float = 300.0,
    env: dict[str, str] | None = None,
    discard: bool = False,
) -> Timing:
    """Run `argv` in `cwd` `repeat` times after a warm-up run (fewer when slow) and time it."""
    timing = Timing(name, size, argv)
    warm = True  # the first run fills caches (pyc, page cache); kept only when slow anyway
    for _ in range(repeat + 1):
        start = time.perf_counter()
        try:
            done, cpu = _run(argv, cwd, env, discard, timeout)
        except subprocess.TimeoutExpired:
            timing.status, timing.detail = "timeout", f">{timeout:g} s"
            return timing
        except FileNotFoundError as exc:
            timing.status, timing.detail = "error", str(exc)
            return timing
        took = time.perf_counter() - start
        if done.returncode != 0:
            timing.status = "error"
            tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
            timing.detail = f"exit {done.returncode}: " + " | ".join(tail)
            return timing
        stdout = done.stdout or b""
        timing.out_bytes = len(stdout)
        lines = stdout.decode(errors="replace").strip().splitlines()
        timing.first_line = lines[0][:60] if lines else ""
        if warm and took < SLOW:
            warm = False
            continue
        warm = False
        timing.runs.append(took)
        timing.cpu_runs.append(cpu)
        # slow commands: two runs are enough, one when very slow
        if len(timing.runs) >= repeat or took > 4 * SLOW or (took > SLOW and len(timing.runs) > 1):
            break
    return timing


def _run(
    argv: list[str], cwd: Path, env: dict[str, str] | None, discard: bool, timeout: float
) -> tuple[subprocess.CompletedProcess[bytes], float]:
    """Run `argv` once; its result and the CPU seconds (user + sys) it and its children used.

    CPU time is the growth of RUSAGE_CHILDREN across the run: the harness runs one child
    at a time, and git's own children count too, as they are reaped inside it.
    """
    before = _children_cpu()
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL if discard else subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    done = subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr)
    return done, _children_cpu() - before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def find_tool(name: str) -> str | None:
    """The tool installed next to this Python, else on PATH.

    Next to this Python first: a pyenv shim on PATH is a shell script that adds ~50 ms
    to every run, which would be charged to the tool.
    """
    sibling = Path(sys.executable).parent / name
    if sibling.is_file() and os.access(sibling, os.X_OK):
        return str(sibling)
    return shutil.which(name)


def compile_tree() -> None:
    """Compile the working tree's modules to bytecode once, as installing a package does.

    Without it, a machine with PYTHONDONTWRITEBYTECODE=1 (CI images, containers) compiles
    every releaser module from source on every run (~70 ms of CPU), which no installed
    releaser pays; Python reads existing bytecode whatever that variable says.
    """
    compileall.compile_dir(PROJECT / "releaser", quiet=1)


def releaser_env() -> dict[str, str]:
    """Environment that makes `python -m releaser` import the working tree's code."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT), env.get("PYTHONPATH")]))
    return env


def last_tag(repo: Path) -> str:
    """Return the most recent tag reachable from HEAD."""
    done = subprocess.run(
        ["git", "describe", "--tags", "--abbrev=0", "HEAD"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def bench_size(size: int, repo: Path, args: argparse.Namespace) -> list[Timing]:
    """Time every tool on the repository of `size` commits."""
    rel = shlex.split(args.releaser)
    env = releaser_env()
    tag = last_tag(repo)
    common = {"size": size, "repeat": args.repeat, "timeout": args.timeout}
    out = [
        measure("git log (floor)", ["git", "log", GIT_LOG_FORMAT, "HEAD"], repo, **common),
        # for reference: the floor with git's output unflushed, as releaser reads it
        measure(
            "git log, GIT_FLUSH=0",
            ["git", "log", GIT_LOG_FORMAT, "HEAD"],
            repo,
            env=dict(os.environ, GIT_FLUSH="0"),
            **common,
        ),
        # for reference: git alone, without a reader on a pipe (not the floor: no one reads it)
        measure(
            "git log >/dev/null",
            ["git", "log", GIT_LOG_FORMAT, "HEAD"],
            repo,
            discard=True,
            **common,
        ),
        measure(
            "git log tag..HEAD", ["git", "log", GIT_LOG_FORMAT, f"{tag}..HEAD"], repo, **common
        ),
        measure("releaser changelog", [*rel, "changelog", "--stdout"], repo, env=env, **common),
        measure("releaser next", [*rel, "next"], repo, env=env, **common),
    ]
    cz = find_tool("cz")
    if cz and not args.skip_cz:
        cz_common = common | {"timeout": args.cz_timeout}
        out.append(measure("cz changelog", [cz, "changelog", "--dry-run"], repo, **cz_common))
        out.append(measure("cz bump --get-next", [cz, "bump", "--get-next"], repo, **cz_common))
    cliff = find_tool("git-cliff")
    if cliff:
        cliff_common = common | {"timeout": args.cz_timeout}
        out.append(measure("git-cliff", [cliff], repo, **cliff_common))
        out.append(measure("git-cliff --bumped", [cliff, "--bumped-version"], repo, **cliff_common))
    return out


def bench_many_tags(size: int, repo: Path, args: argparse.Namespace) -> list[Timing]:
    """Time releaser where HEAD cannot reach hundreds of tags above its version (issue 10)."""
    rel = shlex.split(args.releaser)
    env = releaser_env()
    common = {"size": size, "repeat": args.repeat, "timeout": args.timeout}
    return [
        measure("git log (floor)", ["git", "log", GIT_LOG_FORMAT, "HEAD"], repo, **common),
        measure(
            "releaser changelog", [*rel, "changelog", "--stdout", "--full"], repo, env=env, **common
        ),
        measure("releaser next", [*rel, "next"], repo, env=env, **common),
    ]


PACKAGE_DIR = "src/bench/pkg3"  # one folder of ten: about a tenth of the commits touch it


def bench_paths(size: int, repo: Path, args: argparse.Namespace) -> list[Timing]:
    """Time releaser on a project in a subfolder, whose commits git's pathspecs pick (issue 14).

    A detached work tree of the cached repository gets an (untracked) pyproject.toml in
    `PACKAGE_DIR`; `--project` then counts only the commits that change that folder.
    """
    rel = shlex.split(args.releaser)
    env = releaser_env()
    common = {"size": size, "repeat": args.repeat, "timeout": args.timeout}
    with tempfile.TemporaryDirectory(prefix="releaser-bench-paths-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(
            ["git", "worktree", "add", "-q", "--detach", str(tree), "main"], cwd=repo, check=True
        )
        try:
            (tree / PACKAGE_DIR / "pyproject.toml").write_text(
                '[project]\nname = "bench-pkg3"\n\n[tool.releaser]\ntag-format = "v{version}"\n'
            )
            project = ["--project", PACKAGE_DIR]
            log = ["git", "log", "--full-history", GIT_LOG_FORMAT, "HEAD", "--", PACKAGE_DIR]
            return [
                measure("git log -- folder (floor)", log, tree, **common),
                measure(
                    "releaser changelog",
                    [*rel, "changelog", "--stdout", "--full", *project],
                    tree,
                    env=env,
                    **common,
                ),
                measure("releaser next", [*rel, "next", *project], tree, env=env, **common),
            ]
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(tree)], cwd=repo, check=False
            )


def paths_ratios(filtered: list[Timing], plain: list[Timing]) -> list[dict[str, object]]:
    """A subfolder project against the floor and against the whole repository's project."""

    def get(timings: list[Timing], name: str) -> Timing | None:
        return next((t for t in timings if t.name == name), None)

    checks = [
        ("paths: changelog / git log -- folder", filtered, "git log -- folder (floor)", 2.0),
        ("paths: changelog / whole changelog", plain, "releaser changelog", 1.5),
    ]
    rows: list[dict[str, object]] = []
    for label, timings, bottom, limit in checks:
        value = ratio(get(filtered, "releaser changelog"), get(timings, bottom))
        verdict = "n/a" if value is None else ("pass" if value <= limit else "MISS")
        rows.append({"ratio": label, "value": value, "target": f"<= {limit:g}", "verdict": verdict})
    value = ratio(get(filtered, "releaser next"), get(plain, "releaser next"))
    verdict = "n/a" if value is None else ("pass" if value <= 1.5 else "MISS")
    rows.append(
        {
            "ratio": "paths: next / whole next",
            "value": value,
            "target": "<= 1.5",
            "verdict": verdict,
        }
    )
    return rows


def many_tags_ratios(tagged: list[Timing], plain: list[Timing]) -> list[dict[str, object]]:
    """Ratios on the many-tags history: the changelog against the floor, next against both."""

    def get(timings: list[Timing], name: str) -> Timing | None:
        return next((t for t in timings if t.name == name), None)

    rows: list[dict[str, object]] = []
    checks = [
        ("many tags: changelog / git log", "releaser changelog", "git log (floor)", tagged, 2.0),
        ("many tags: next / changelog", "releaser next", "releaser changelog", tagged, 1.0),
    ]
    for label, top, bottom, timings, limit in checks:
        value = ratio(get(timings, top), get(timings, bottom))
        verdict = "n/a" if value is None else ("pass" if value <= limit else "MISS")
        rows.append({"ratio": label, "value": value, "target": f"<= {limit:g}", "verdict": verdict})
    value = ratio(get(tagged, "releaser next"), get(plain, "releaser next"))
    verdict = "n/a" if value is None else ("pass" if value <= 1.5 else "MISS")
    rows.append(
        {
            "ratio": "next: many tags / plain",
            "value": value,
            "target": "~1 (<= 1.5)",
            "verdict": verdict,
        }
    )
    return rows


def bench_startup(repo: Path, args: argparse.Namespace, message: Path) -> list[Timing]:
    """Time commands whose cost is start-up: help, version and the commit-msg hook."""
    rel = shlex.split(args.releaser)
    env = releaser_env()
    common = {"repeat": args.startup_repeat, "timeout": 60.0}
    out = [
        measure("python -c pass", [sys.executable, "-c", "pass"], repo, **common),
        measure("releaser --help", [*rel, "--help"], repo, env=env, **common),
        measure("releaser --version", [*rel, "--version"], repo, env=env, **common),
        measure(
            "releaser lint",
            [*rel, "lint", "--message-file", str(message)],
            repo,
            env=env,
            **common,
        ),
    ]
    cz = find_tool("cz")
    if cz and not args.skip_cz:
        out.append(measure("cz --help", [cz, "--help"], repo, **common))
        out.append(
            measure("cz check", [cz, "check", "--commit-msg-file", str(message)], repo, **common)
        )
    return out


def heavy_imports(args: argparse.Namespace, message: Path, repo: Path) -> dict[str, object]:
    """Run start-up commands under `-X importtime`; report heavy libraries they import."""
    rel = shlex.split(args.releaser)
    if rel[:2] != [sys.executable, "-m"]:
        rel = [sys.executable, "-m", "releaser"]
    report: dict[str, object] = {}
    commands = {
        "--help": ["--help"],
        "--version": ["--version"],
        "lint": ["lint", "--message-file", str(message)],
    }
    for label, extra in commands.items():
        argv = [rel[0], "-X", "importtime", *rel[1:], *extra]
        done = subprocess.run(
            argv, cwd=repo, env=releaser_env(), capture_output=True, text=True, check=False
        )
        modules: dict[str, int] = {}
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "|" not in line:
                continue
            _, cumulative, name = (part.strip() for part in line[12:].split("|"))
            if cumulative.isdigit():
                modules[name] = int(cumulative)
        tops = {name.split(".")[0] for name in modules}
        roots = sorted(
            ((us, name) for name, us in modules.items() if "." not in name), reverse=True
        )
        report[label] = {
            "exit": done.returncode,
            "heavy": sorted(t for t in tops if t in HEAVY),
            "modules": len(modules),
            "top_imports_ms": {name: round(us / 1000, 1) for us, name in roots[:8]},
        }
    return report


def ratio(a: Timing | None, b: Timing | None) -> float | None:
    """a.best / b.best, or None when either is missing."""
    if a is None or b is None or a.best is None or b.best is None or b.best == 0:
        return None
    return a.best / b.best


def compute_ratios(results: dict[int, list[Timing]]) -> list[dict[str, object]]:
    """The ratios issue 2 sets targets on, with a pass/miss verdict each."""
    rows: list[dict[str, object]] = []

    def get(size: int, name: str) -> Timing | None:
        return next((t for t in results[size] if t.name == name), None)

    def add(
        label: str, value: float | None, limit: float, target: str = "", info: bool = False
    ) -> None:
        verdict = "n/a" if value is None else ("pass" if value <= limit else "MISS")
        if info and value is not None:
            verdict = "(info)"
        target = target or f"<= {limit:g}"
        rows.append({"ratio": label, "value": value, "target": target, "verdict": verdict})

    for size in results:
        changelog, nxt = get(size, "releaser changelog"), get(size, "releaser next")
        # The changelog targets are set for 100k commits; below that start-up dominates.
        below = size < 100_000
        floor = get(size, "git log (floor)")
        add(f"{size}: changelog / git log", ratio(changelog, floor), 2, info=below)
        unflushed = get(size, "git log, GIT_FLUSH=0")
        add(f"{size}: changelog / git log, GIT_FLUSH=0", ratio(changelog, unflushed), 2, info=True)
        cz_changelog = get(size, "cz changelog")
        value = ratio(changelog, cz_changelog)
        if value is None and cz_changelog is not None and cz_changelog.status == "timeout":
            # cz did not finish: releaser passes when it finished within a quarter of the timeout
            value = ratio(changelog, Timing("", None, [], runs=[float(cz_changelog.detail[1:-2])]))
            target = "<= 0.25 (cz timed out: bound)"
            add(f"{size}: changelog / cz changelog", value, 0.25, target, info=below)
        else:
            add(f"{size}: changelog / cz changelog", value, 0.25, info=below)
        add(f"{size}: next / cz bump --get-next", ratio(nxt, get(size, "cz bump --get-next")), 0.25)
    if len(results) > 1:
        small, large = min(results), max(results)
        value = ratio(get(large, "releaser next"), get(small, "releaser next"))
        add(f"next {large} / next {small}", value, 1.5, "~1 (independent; <= 1.5)")
    return rows


def all_ratios(
    results: dict[int, list[Timing]], tagged: list[Timing], filtered: list[Timing], largest: int
) -> list[dict[str, object]]:
    """Every ratio row: per size, on the many-tags history, for the project in a folder."""
    rows = compute_ratios(results) + many_tags_ratios(tagged, results.get(largest, []))
    return rows + paths_ratios(filtered, results.get(largest, []))


def as_cpu(timings: list[Timing]) -> list[Timing]:
    """`timings` with CPU seconds in place of wall seconds, to compute the same ratios."""
    return [replace(t, runs=list(t.cpu_runs)) for t in timings]


def fmt(seconds: float | None) -> str:
    """Seconds for the table."""
    return "-" if seconds is None else f"{seconds:.3f}"


def print_table(title: str, timings: list[Timing]) -> None:
    """Print one table of timings to stdout."""
    print(f"\n{title}")
    print(
        f"{'command':<22} {'size':>7} {'best s':>8} {'median s':>9} {'runs':>4} {'cpu s':>7}  note"
    )
    for t in timings:
        note = t.detail if t.status != "ok" else t.first_line if "next" in t.name else ""
        if t.status == "ok" and t.out_bytes and not note:
            note = f"{t.out_bytes / 1e6:.2f} MB out"
        best = fmt(t.best) if t.status != "timeout" else t.detail
        size = "" if t.size is None else str(t.size)
        cpu = fmt(t.best_cpu)
        print(
            f"{t.name:<22} {size:>7} {best:>8} {fmt(t.median):>9} {len(t.runs):>4} {cpu:>7}  {note}"
        )


def print_ratios(rows: list[dict[str, object]]) -> None:
    """Print the ratio table: of wall time, then of CPU time."""
    print("\nratios (best of runs)")
    for row in rows:
        value, cpu = row["value"], row.get("cpu_value")
        shown = f"{value:.3f}" if isinstance(value, float) else "-"
        cpu_shown = f"{cpu:.3f}" if isinstance(cpu, float) else "-"
        print(
            f"{row['ratio']:<40} {shown:>8}  target {row['target']:<26} {row['verdict']:<6}"
            f"  cpu {cpu_shown:>6} {row.get('cpu_verdict', '')}"
        )


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    git = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False)
    cz = find_tool("cz")
    cz_version = ""
    if cz:
        cz_version = subprocess.run(
            [cz, "version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "git": git.stdout.strip(),
        "commitizen": cz_version,
        "git_cliff": find_tool("git-cliff") or "not installed",
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated; 10k ok")
    parser.add_argument("--out", type=Path, default=make_history.DEFAULT_OUT, help="repo cache")
    parser.add_argument("--repeat", type=int, default=5, help="runs per command (slow: fewer)")
    parser.add_argument("--startup-repeat", type=int, default=10, help="runs per start-up cmd")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per run")
    parser.add_argument("--cz-timeout", type=float, default=120.0, help="for cz and git-cliff")
    parser.add_argument("--skip-cz", action="store_true", help="do not run commitizen")
    parser.add_argument(
        "--skip-many-tags", action="store_true", help="skip the history with unreachable tags"
    )
    parser.add_argument("--skip-paths", action="store_true", help="skip the project in a subfolder")
    parser.add_argument(
        "--releaser",
        default=f"{shlex.quote(sys.executable)} -m releaser",
        help="how to run releaser (default: this python -m releaser, working tree first)",
    )
    parser.add_argument(
        "--json", type=Path, default=Path(__file__).resolve().parent / "results.json"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the tables and write the JSON results."""
    args = parse_args(argv)
    compile_tree()
    sizes = sorted(make_history._iter_sizes(args.sizes))
    results: dict[int, list[Timing]] = {}
    repos: dict[int, Path] = {}
    for size in sizes:
        repos[size] = make_history.ensure_repo(size, args.out)
        print(f"benchmarking {size} commits in {repos[size]}", file=sys.stderr)
        results[size] = bench_size(size, repos[size], args)
        print_table(f"{size} commits", results[size])
    tagged: list[Timing] = []
    if not args.skip_many_tags:
        size = sizes[-1]
        repo = make_history.ensure_repo(size, args.out, many_tags=True)
        print(f"benchmarking {size} commits with many tags in {repo}", file=sys.stderr)
        tagged = bench_many_tags(size, repo, args)
        print_table(f"{size} commits, {make_history.SIDE_TAGS} more tags out of reach", tagged)
    filtered: list[Timing] = []
    if not args.skip_paths:
        size = sizes[-1]
        print(f"benchmarking {size} commits, project in {PACKAGE_DIR}", file=sys.stderr)
        filtered = bench_paths(size, repos[size], args)
        print_table(f"{size} commits, project in {PACKAGE_DIR} (--project)", filtered)
    with tempfile.TemporaryDirectory(prefix="releaser-bench-") as tmp:
        message = Path(tmp) / "COMMIT_EDITMSG"
        message.write_text(GOOD_MESSAGE)
        startup = bench_startup(repos[sizes[0]], args, message)
        imports = heavy_imports(args, message, repos[sizes[0]])
    print_table("start-up", startup)
    print("\nheavy imports at start-up (" + ", ".join(HEAVY) + ")")
    for label, info in imports.items():
        assert isinstance(info, dict)
        heavy = info["heavy"] or "none"
        if info["exit"] != 0:
            heavy = f"{heavy} (the command failed, so the check is incomplete)"
        print(f"  releaser {label:<10} exit {info['exit']}  heavy: {heavy}")
    rows = all_ratios(results, tagged, filtered, sizes[-1])
    # The same ratios of CPU time (user + sys of releaser or git and their children)
    cpu = {size: as_cpu(timings) for size, timings in results.items()}
    cpu_rows = all_ratios(cpu, as_cpu(tagged), as_cpu(filtered), sizes[-1])
    for row, cpu_row in zip(rows, cpu_rows, strict=True):
        row["cpu_value"], row["cpu_verdict"] = cpu_row["value"], cpu_row["verdict"]
    print_ratios(rows)
    payload = {
        "machine": machine(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "results": [
            asdict(t) | {"best": t.best, "median": t.median, "best_cpu": t.best_cpu}
            for size in sizes
            for t in results[size]
        ],
        "many_tags": [
            asdict(t) | {"best": t.best, "median": t.median, "best_cpu": t.best_cpu} for t in tagged
        ],
        "paths": [
            asdict(t) | {"best": t.best, "median": t.median, "best_cpu": t.best_cpu}
            for t in filtered
        ],
        "startup": [
            asdict(t) | {"best": t.best, "median": t.median, "best_cpu": t.best_cpu}
            for t in startup
        ],
        "imports": imports,
        "ratios": rows,
    }
    args.json.write_text(json.dumps(payload, indent=2) + "\n")
    print(f"\nwrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
