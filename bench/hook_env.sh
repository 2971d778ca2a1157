#!/usr/bin/env bash
# The commit-msg hook's environment, measured through pre-commit itself: packages, size, CPU and
# wall time of `pre-commit install-hooks` with a new PRE_COMMIT_HOME, in a throwaway repository
# whose .pre-commit-config.yaml points at a clone of this repository at HEAD. Packages come from
# the package index (no local pip configuration); the pip cache is empty unless --warm.
#
#   bash bench/hook_env.sh [--warm] [PROJECT_DIR]     # default: this repository, cold pip cache
set -euo pipefail
warm=""
if [ "${1:-}" = "--warm" ]; then warm=1; shift; fi
project="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_CACHE_DIR="$work/pip-cache"
unset PIP_FIND_LINKS PIP_NO_CACHE_DIR PYTHONPATH PIP_CONSTRAINT
git clone --quiet "$project" "$work/hooks"
rev=$(git -C "$work/hooks" rev-parse HEAD)
git init --quiet "$work/repo"
cat > "$work/repo/.pre-commit-config.yaml" <<YAML
default_install_hook_types: [commit-msg]
repos:
  - repo: $work/hooks
    rev: $rev
    hooks:
      - id: releaser-lint
YAML
run() {  # one install-hooks with a new PRE_COMMIT_HOME; prints "cpu wall"
  rm -rf "$work/home"
  (cd "$work/repo" && PRE_COMMIT_HOME="$work/home" /usr/bin/time -f '%U %S %e' -o "$work/time" \
    pre-commit install-hooks >/dev/null)
  awk '{printf "%.1f %.1f\n", $1 + $2, $3}' "$work/time"
}
if [ -n "$warm" ]; then run >/dev/null; else export PIP_NO_CACHE_DIR=1; fi
load_before=$(cut -d' ' -f1 /proc/loadavg)
read -r cpu wall < <(run)
load_after=$(cut -d' ' -f1 /proc/loadavg)
env_dir=$(find "$work/home" -maxdepth 2 -type d -name 'py_env-*' | head -n1)
# what pip put there for the hook (virtualenv's seed packages pip/setuptools/wheel left out)
packages=$("$env_dir/bin/python" -m pip list --format=freeze 2>/dev/null \
  | grep -Eicv '^(pip|setuptools|wheel)==')
size=$(du -sm "$env_dir" | cut -f1)
# the same columns as bench/install_table.sh; the load when it started, and when it ended
printf '| the commit-msg hook'"'"'s environment (`pre-commit install-hooks`, %s pip cache) | %d | %d MB | %s s | %s s | %s-%s |\n' \
  "$([ -n "$warm" ] && echo warm || echo no)" "$packages" "$size" "$cpu" "$wall" \
  "$load_before" "$load_after"
"$env_dir/bin/python" -m pip list --format=freeze 2>/dev/null | tr '\n' ' ' >&2; echo >&2
