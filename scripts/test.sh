#!/usr/bin/env bash
# Quick start, command 2: installs what is missing, builds everything (Release, warnings as errors)
# and runs every test with ctest — labels `unit` (tests/unit: the store and bus suites run against
# a real PostgreSQL 15 and librdkafka's mock Kafka cluster), `integration` (tests/integration, when
# that folder has suites), `e2e` (the real `fte` binary, with PostgreSQL, Kafka and fake
# Gmail/Twilio), `security` (tests/security), `browser` (Chromium via playwright-core), `deploy` and
# `docs` (tests/scripts) —
# then the coverage gate (scripts/coverage.sh: per-area table, fails below the spec's thresholds).
# build/ is configured with every option this depends on (scripts/cmake-options.sh, shared with
# scripts/run.sh), so a build/ left by run.sh or by hand never switches the tests off; ctest fails
# when it finds no tests. The last lines repeat ctest's summary and the coverage verdict.
# Optional: FTE_TEST_LABEL=unit runs one label (and skips coverage); FTE_TEST_COVERAGE=0 skips
# coverage; FTE_TEST_SANITIZE=1 adds an ASan+UBSan build of the unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
scripts/install-deps.sh
if [[ -f tests/browser/package.json ]]; then
  (cd tests/browser && { [[ -d node_modules/playwright-core ]] || npm install --no-audit --no-fund --loglevel=error; })
fi
if [[ -f tests/pglite/package.json ]]; then  # PGlite + pgvector for tests/unit/store_pgvector
  (cd tests/pglite && { [[ -d node_modules/@electric-sql/pglite-pgvector ]] || npm install --no-audit --no-fund --loglevel=error; })
fi
jobs=$(nproc)
source scripts/cmake-options.sh
cmake -S . -B build "${FTE_CMAKE_OPTIONS[@]}" >/dev/null
cmake --build build -j "$jobs"
args=(--test-dir build --output-on-failure -j "$jobs" --timeout 900 --no-tests=error)
[[ -n ${FTE_TEST_LABEL:-} ]] && args+=(-L "$FTE_TEST_LABEL")
log=build/ctest-summary.log
status=0
ctest "${args[@]}" 2>&1 | tee "$log" || status=1
summary=$(grep -E '^[0-9]+% tests passed' "$log" | tail -1 || true)
if [[ ${FTE_TEST_SANITIZE:-0} == 1 ]]; then
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFTE_SANITIZE=ON -DFTE_WERROR=ON \
    -DFTE_BUILD_TESTS=ON -DFTE_BUILD_BENCH=OFF -DCMAKE_CXX_FLAGS= >/dev/null
  cmake --build build-asan -j "$jobs"
  ctest --test-dir build-asan --output-on-failure -j "$jobs" -L unit --no-tests=error || status=1
fi
coverage="coverage: skipped"
if [[ ${FTE_TEST_COVERAGE:-1} != 0 && -z ${FTE_TEST_LABEL:-} ]]; then
  if scripts/coverage.sh; then coverage="coverage: gate passed"; else coverage="coverage: gate FAILED"; status=1; fi
fi
echo
echo "scripts/test.sh: ${summary:-ctest printed no summary (it failed before running tests)}"
echo "scripts/test.sh: $coverage"
echo "scripts/test.sh: $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s in all"
exit $status
