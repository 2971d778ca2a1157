#!/usr/bin/env bash
# Mutation testing of releaser/core with mutmut (settings: [tool.mutmut] in pyproject.toml).
#
#   bash scripts/mutation.sh            # run (resumes where the last run stopped), then the summary
#   bash scripts/mutation.sh --fresh    # forget the last run's results first
#   bash scripts/mutation.sh 'releaser.core.lint*'   # only these mutants (mutmut's name globs)
#
# Too slow for every CI run: run it by hand and put the score in README.md ("Testing").
# It runs at a low priority (nice 10: the machine is shared) and only the core's fast unit tests.
# Needs `pip install -e '.[test,mutation]'`. Inspect a survivor with `mutmut show NAME`.
set -euo pipefail
cd "$(dirname "$0")/.."
unset PYTHONPATH   # the tests must import the mutated copy in mutants/, not this tree
if [ "${1:-}" = "--fresh" ]; then
  rm -rf mutants
  shift
fi
jobs="${MUTMUT_JOBS:-2}"
export HYPOTHESIS_PROFILE=mutation   # fewer examples per property, per mutant (tests/conftest.py)
nice -n 10 python -m mutmut run --max-children "$jobs" "$@" || true
python - <<'PY'
import collections, subprocess
out = subprocess.run(["python", "-m", "mutmut", "results", "--all", "true"],
                     capture_output=True, text=True).stdout
counts = collections.Counter()
for line in out.splitlines():
    name, _, status = line.strip().rpartition(": ")
    if name:
        counts[status] += 1
checked = sum(counts.values()) - counts["not checked"]
killed = counts["killed"] + counts["timeout"]
print(dict(counts))
if counts["timeout"]:
    print(f"{counts['timeout']} timeouts are counted as killed; on a loaded machine a slow run "
          "also times out: confirm them on a quiet one (mutmut run NAME)")
if checked:
    print(f"mutation score: {killed}/{checked} = {100 * killed / checked:.1f}% of the checked "
          f"mutants killed; {counts['not checked']} not checked yet (run again to resume)")
PY
