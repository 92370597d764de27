#!/usr/bin/env bash
# Coverage gate of the specification (constitution, "Coverage Targets"): builds the unit tests of
# the agent and of the channels with `--coverage -O0` in build-cov/ (its own folder, so build/ is
# never touched), runs them, prints gcovr's per-file table for each area and fails when an area's
# line coverage is below its threshold:
#   agent tools    src/agent/runtime/support_tools.* and the tool runtime (tool.*, runner.*)   >= 90 %
#   channels       src/channels/** (web form, email/Gmail, WhatsApp Twilio and Meta)     >= 80 %
# Called by scripts/test.sh (skip with FTE_TEST_COVERAGE=0); runs alone too. gcovr comes from
# Debian (scripts/install-deps.sh). The tests' own output goes to build-cov/coverage-tests.log.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
out=build-cov
targets=(test_unit_agent test_unit_channels_email test_unit_channels_webform test_unit_channels_whatsapp)
cmake -S . -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0 --coverage" \
  -DCMAKE_EXE_LINKER_FLAGS=--coverage -DFTE_WERROR=ON -DFTE_SANITIZE=OFF -DFTE_BUILD_TESTS=ON \
  -DFTE_BUILD_BENCH=OFF -DCMAKE_CXX_FLAGS= >/dev/null
cmake --build "$out" -j "$jobs" --target "${targets[@]}" >"$out/coverage-build.log" 2>&1 ||
  { tail -50 "$out/coverage-build.log" >&2; exit 1; }
find "$out" -name '*.gcda' -delete
: >"$out/coverage-tests.log"
failed=0
pids=()
for t in "${targets[@]}"; do  # the binaries run from the source root, as under ctest
  "$out/tests/$t" --gtest_brief=1 >>"$out/coverage-tests.log" 2>&1 &
  pids+=($!)
  if ((${#pids[@]} >= jobs)); then wait "${pids[0]}" || failed=1; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done
if ((failed)); then
  tail -80 "$out/coverage-tests.log" >&2
  echo "coverage: a test failed under the coverage build (see $out/coverage-tests.log)" >&2
  exit 1
fi

status=0
gate() {  # gate NAME THRESHOLD FILTER...
  local name=$1 min=$2
  shift 2
  local filters=()
  for f in "$@"; do filters+=(--filter "$f"); done
  echo "coverage: $name (lines, threshold ${min}%)"
  if ! gcovr -r . --object-directory "$out" -j "$jobs" "${filters[@]}" --exclude '.*_fuzz\.cpp$' \
      --exclude-unreachable-branches --print-summary --fail-under-line "$min"; then
    echo "coverage: FAILED $name is below ${min}% of lines" >&2
    status=1
  fi
}
gate "agent tools" 90 'src/agent/runtime/(support_tools|tool|runner)\.(h|cpp)$'
gate "channel adapters" 80 'src/channels/'
exit $status
