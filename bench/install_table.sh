#!/usr/bin/env bash
# The install table of README.md "Light installs": packages, size and time of each install,
# each in a new venv, straight from the package index (no pip cache, no local config).
#
#   bash bench/install_table.sh [PROJECT_DIR]     # default: this repository
set -euo pipefail
project="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PIP_CONFIG_FILE=/dev/null PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
unset PIP_FIND_LINKS PYTHONPATH

measure() {  # NAME 'PIP-ARGS' ['MORE-PIP-ARGS']: one or two pip installs, timed together
  local name="$1"; shift
  python3 -m venv "$work/$name"
  local before; before=$("$work/$name/bin/python" -m pip list --format=freeze | wc -l)
  local start; start=$(date +%s.%N)
  local args
  for args in "$@"; do
    # shellcheck disable=SC2086 # each argument is a list of pip arguments without spaces
    "$work/$name/bin/python" -m pip install --quiet $args
  done
  local seconds; seconds=$(echo "$(date +%s.%N) - $start" | bc)
  local after; after=$("$work/$name/bin/python" -m pip list --format=freeze | wc -l)
  local size; size=$(du -sm "$work/$name" | cut -f1)
  printf '| `%s` | %d | %d MB | %.1f s |\n' "$name" "$((after - before))" "$size" "$seconds"
}

echo "| what is installed | packages | size | time |"
echo "|---|---|---|---|"
measure "pip install releaser-cut" "$project"
measure "pip install releaser-cut[release]" "$project[release]"
if [ -f "$project/action/requirements.lock" ]; then
  measure "the Action's install step, cold cache" \
    "--require-hashes --no-deps -r $project/action/requirements.lock" \
    "--no-deps --no-build-isolation $project"
fi
