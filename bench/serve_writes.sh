#!/usr/bin/env bash
# bench/serve_writes.sh: what `fte serve` writes and asks the kernel for, per ticket, end to end —
# numbers that move little with the shared machine's load, unlike CPU time. For each binary, in
# turn and ROUNDS times: a fresh `fte serve` on an empty SQLite database, bench_reply_latency's web
# form at RATE/s for SECONDS, and per answered ticket the server's CPU µs, bytes it wrote
# (/proc/PID/io wchar: every write call, the WAL's included; write_bytes: what reached the block
# layer, often 0 before a checkpoint), and its futex / fcntl / pread64 / pwrite64 calls
# (`perf stat` syscall tracepoints, when perf may read them). Issue 18, round 13.
#
#   bench/serve_writes.sh RATE SECONDS ROUNDS BIN...      e.g. bench/serve_writes.sh 500 8 2 /tmp/old/fte build/fte
#
# A BIN may be a wrapper script that `exec`s fte (e.g. to append ?gather_us=0 to FTE_DATABASE_URL).
# BUILD (default build/) must hold bench/bench_reply_latency. Not run by the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=$1 SEC=$2 ROUNDS=$3; shift 3
CLIENT=${BUILD:-$PWD/build}/bench/bench_reply_latency
[[ -x $CLIENT ]] || { echo "no $CLIENT (cmake --build build --target bench_reply_latency)" >&2; exit 1; }
source bench/lib.sh
EV=syscalls:sys_enter_futex,syscalls:sys_enter_fcntl,syscalls:sys_enter_pread64,syscalls:sys_enter_pwrite64
for _ in $(seq "$ROUNDS"); do
  for BIN in "$@"; do
    D=$(mktemp -d /tmp/fte-sw-XXXXXX); PORT=$(free_port)
    start_fte serve "$BIN" "$D" "$PORT"; PID=$FTE_PID
    wait_health "$PORT"
    T0=$(awk '{print $14 + $15}' "/proc/$PID/stat")
    W0=$(awk '/^wchar/ {print $2}' "/proc/$PID/io"); B0=$(awk '/^write_bytes/ {print $2}' "/proc/$PID/io")
    perf stat -x, -e "$EV" -p "$PID" -o "$D/perf" 2>/dev/null &
    PERF=$!
    "$CLIENT" --port "$PORT" --db "$D/fte.db" --rate "$RATE" --seconds "$SEC" >"$D/out" 2>&1 || true
    kill -INT "$PERF" 2>/dev/null || true; wait "$PERF" 2>/dev/null || true
    T1=$(awk '{print $14 + $15}' "/proc/$PID/stat")
    W1=$(awk '/^wchar/ {print $2}' "/proc/$PID/io"); B1=$(awk '/^write_bytes/ {print $2}' "/proc/$PID/io")
    ANS=$(sed -nE 's/.* ([0-9]+) answered.*/\1/p' "$D/out"); ANS=${ANS:-0}
    R=$(sed -nE 's/^accepted -> reply stored ms: p50 ([0-9.]+) .* p99 ([0-9.]+).*/reply p50 \1 p99 \2 ms/p' "$D/out")
    SYS=$(awk -F, -v n="$ANS" 'n > 0 && $3 ~ /sys_enter_/ { sub(/.*sys_enter_/, "", $3); printf "%s %.1f ", $3, $1 / n }' "$D/perf" 2>/dev/null || true)
    awk -v bin="$BIN" -v d=$((T1 - T0)) -v n="$ANS" -v hz="$(getconf CLK_TCK)" -v w=$((W1 - W0)) -v b=$((B1 - B0)) \
        -v sys="$SYS" -v r="$R" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
      'BEGIN { if (n == 0) { print bin ": nothing answered"; exit }
               printf "%s: %d tickets, cpu_us/ticket %.0f, wchar %.1f KB/ticket, write_bytes %.1f KB/ticket, %s%s, load %s\n",
                      bin, n, d * 1e6 / hz / n, w / n / 1024, b / n / 1024, sys, r, load }'
    kill "$PID"; wait "$PID" 2>/dev/null || true; rm -rf "$D"
  done
done
