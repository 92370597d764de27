#!/usr/bin/env bash
# Quick start, command 2: installs what is missing, builds everything (Release, warnings as errors)
# and runs every test with ctest: unit, integration (real PostgreSQL 15, librdkafka's mock Kafka
# cluster, kcat), end-to-end (the real `fte` binary), the security suite (tests/security) and browser tests.
# Optional: FTE_TEST_LABEL=unit runs one label; FTE_TEST_SANITIZE=1 adds an ASan+UBSan build of the
# unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
if [[ -f tests/browser/package.json ]]; then
  (cd tests/browser && { [[ -d node_modules/playwright-core ]] || npm install --no-audit --no-fund --loglevel=error; })
fi
if [[ -f tests/pglite/package.json ]]; then  # PGlite + pgvector for tests/unit/store_pgvector
  (cd tests/pglite && { [[ -d node_modules/@electric-sql/pglite-pgvector ]] || npm install --no-audit --no-fund --loglevel=error; })
fi
jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DFTE_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
args=(--test-dir build --output-on-failure -j "$jobs" --timeout 900)
[[ -n ${FTE_TEST_LABEL:-} ]] && args+=(-L "$FTE_TEST_LABEL")
ctest "${args[@]}"
if [[ ${FTE_TEST_SANITIZE:-0} == 1 ]]; then
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFTE_SANITIZE=ON -DFTE_BUILD_BENCH=OFF >/dev/null
  cmake --build build-asan -j "$jobs"
  ctest --test-dir build-asan --output-on-failure -j "$jobs" -L unit
fi
