#!/usr/bin/env bash
# bench/ab_serve.sh: interleaved A/B of `fte serve` end to end (accepted -> reply stored) for two or
# more fte binaries, on a shared machine where one run's req/s says little: each round starts a
# fresh `fte serve` per binary on an empty SQLite database, offers the same open-loop load with
# bench_reply_latency, and prints the server's CPU per ticket (user + system from /proc, the
# column to compare), reply p50/p99, peak RSS and the load average. Take medians over rounds.
#
#   bench/ab_serve.sh RATE SECONDS ROUNDS BIN...       e.g. bench/ab_serve.sh 1000 10 3 /tmp/old/fte build/fte
#
# BUILD (default build/) must hold bench/bench_reply_latency. Not run by the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=$1 SEC=$2 ROUNDS=$3; shift 3
CLIENT=${BUILD:-$PWD/build}/bench/bench_reply_latency
[[ -x $CLIENT ]] || { echo "no $CLIENT (cmake --build build --target bench_reply_latency)" >&2; exit 1; }
source bench/lib.sh
for _ in $(seq "$ROUNDS"); do
  for BIN in "$@"; do
    D=$(mktemp -d /tmp/fte-ab-XXXXXX); PORT=$(free_port)
    start_fte serve "$BIN" "$D" "$PORT"; PID=$FTE_PID
    wait_health "$PORT"
    T0=$(cpu_ticks "$PID")
    "$CLIENT" --port "$PORT" --db "$D/fte.db" --rate "$RATE" --seconds "$SEC" >"$D/out" 2>&1 || true
    T1=$(cpu_ticks "$PID")
    HWM=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$PID/status")
    ANS=$(sed -nE 's/.* ([0-9]+) answered.*/\1/p' "$D/out")
    R=$(sed -nE 's/^accepted -> reply stored ms: p50 ([0-9.]+) .* p99 ([0-9.]+).*/reply p50 \1 ms p99 \2 ms/p' "$D/out")
    CPU=$(us_per $((T1 - T0)) "$ANS")
    echo "$BIN rate $RATE/s: cpu_us/ticket $CPU, $R, answered ${ANS:-?}, rss ${HWM} MB, load $(cut -d' ' -f1 /proc/loadavg)"
    kill "$PID"; wait "$PID" 2>/dev/null || true; rm -rf "$D"
  done
done
