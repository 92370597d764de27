#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, builds fte (Release) and starts `fte serve` on
# the embedded default — SQLite in var/fte.db, the local bus, the offline agent engine and the
# sample knowledge base in data/kb — with the support form on http://localhost:${FTE_HTTP_PORT:-8080}/.
# Any FTE_* variable you set is passed through (see `build/fte serve --help`).
# build/ is configured with exactly the options scripts/test.sh uses (scripts/cmake-options.sh), so
# the two commands share one build folder in either order and neither undoes the other; this one
# builds only the `fte` target.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
source scripts/cmake-options.sh
cmake -S . -B build "${FTE_CMAKE_OPTIONS[@]}" >/dev/null
cmake --build build --target fte
mkdir -p var
export FTE_HTTP_PORT=${FTE_HTTP_PORT:-8080}
export FTE_DATABASE_URL=${FTE_DATABASE_URL:-sqlite://var/fte.db}
export FTE_KB_PATH=${FTE_KB_PATH:-data/kb}
export FTE_WEB_DIR=${FTE_WEB_DIR:-web}
export FTE_COMPANY_NAME=${FTE_COMPANY_NAME:-Rotaloom}  # the sample company of data/kb (fictional)
echo "fte: starting on http://localhost:$FTE_HTTP_PORT/ (Ctrl-C stops it)" >&2
exec build/fte serve
