#!/usr/bin/env bash
# The install table of README.md "Light installs": packages, size, CPU and wall time of each
# install, each in a new venv, straight from the package index (no pip cache, no local
# config), and the load average when it started (the machine may be shared). The last row is
# the commit-msg hook's environment as pre-commit makes it (bench/hook_env.sh).
#
#   bash bench/install_table.sh [PROJECT_DIR]     # default: this repository
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="$(cd "${1:-$here/..}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PIP_CONFIG_FILE=/dev/null PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
unset PIP_FIND_LINKS PIP_CONSTRAINT PYTHONPATH

measure() {  # NAME 'PIP-ARGS' ['MORE-PIP-ARGS']: one or two pip installs, timed together
  local name="$1"; shift
  python3 -m venv "$work/$name"
  local before; before=$("$work/$name/bin/python" -m pip list --format=freeze | wc -l)
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  local start; start=$(date +%s.%N)
  local cpu=0 args
  for args in "$@"; do
    # shellcheck disable=SC2086 # each argument is a list of pip arguments without spaces
    /usr/bin/time -f '%U %S' -o "$work/time" "$work/$name/bin/python" -m pip install --quiet $args
    cpu=$(awk -v sum="$cpu" '{print sum + $1 + $2}' "$work/time")
  done
  local seconds; seconds=$(echo "$(date +%s.%N) - $start" | bc)
  local after; after=$("$work/$name/bin/python" -m pip list --format=freeze | wc -l)
  local size; size=$(du -sm "$work/$name" | cut -f1)
  printf '| `%s` | %d | %d MB | %.1f s | %.1f s | %s |\n' \
    "$name" "$((after - before))" "$size" "$cpu" "$seconds" "$load"
}

echo "| what is installed | packages | size | CPU | wall | load |"
echo "|---|---|---|---|---|---|"
measure "pip install releaser-cut" "$project"
measure "pip install releaser-cut[release]" "$project[release]"
if [ -f "$project/action/requirements.lock" ]; then
  measure "the Action's install step, cold cache" \
    "--require-hashes --no-deps -r $project/action/requirements.lock" \
    "--no-deps --no-build-isolation $project"
fi
bash "$here/hook_env.sh" "$project"
