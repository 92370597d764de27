#!/usr/bin/env bash
# Runs one browser test file (tests/browser/*.test.mjs) with Node's test runner, for the ctest
# scripts tests/scripts/browser_*.sh. Needs FTE_BINARY (the fte binary; ctest sets it), Node.js,
# Debian's /usr/bin/chromium and playwright-core (installed here from package-lock.json when
# missing; no browser is ever downloaded). The test file starts fte itself on a free port with a
# temporary database and stops it on exit.
# Screenshots go to $FTE_SCREENSHOT_DIR (default: a temp dir); to refresh the committed ones:
#   FTE_SCREENSHOT_DIR=docs/screenshots ctest --test-dir build -L browser
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
file=$1
: "${FTE_BINARY:?FTE_BINARY must point at the fte binary}"
export FTE_SOURCE_DIR="${FTE_SOURCE_DIR:-$(cd "$here/../.." && pwd)}"
[[ -x ${FTE_CHROMIUM:-/usr/bin/chromium} ]] || { echo "FAIL: no Chromium at ${FTE_CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)"; exit 1; }
command -v node >/dev/null || { echo "FAIL: node is not installed"; exit 1; }
if [[ ! -d $here/node_modules/playwright-core ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [[ -n ${FTE_SCREENSHOT_DIR:-} && ${FTE_SCREENSHOT_DIR} != /* ]]; then
  export FTE_SCREENSHOT_DIR="$FTE_SOURCE_DIR/$FTE_SCREENSHOT_DIR"
fi
cd "$here"
exec node --test --test-reporter=spec --test-timeout=240000 "$file"
