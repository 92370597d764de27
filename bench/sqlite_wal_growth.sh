#!/usr/bin/env bash
# bench/sqlite_wal_growth.sh: the SQLite WAL's size during sustained intake (issue 18, round 10).
# Starts `fte gateway` on an empty database, drives it with wrk (16 connections, bench/submit.lua)
# for SECS seconds (default 12), prints the WAL file's size every second, then wrk's p50/p99/max,
# the server's CPU per request, the bytes it read per request (mostly the checkpointer's copies) and
# the fdatasync calls it made (perf). A WAL that restarts stays near checkpoint_pages × 4 KB; one
# that does not grows by every commit.
# With LOG_LEVEL=debug it also lists the WAL restarts the writer's catch-up made (round 11): the
# frames it copied and how long that batch boundary waited, in µs.
#   [SECS=30] [LOG_LEVEL=debug] bench/sqlite_wal_growth.sh [BINARY] [URL-QUERY, e.g. ?checkpoint_pages=64000]
# Not run by the tests (timings are not asserted).
set -euo pipefail
BIN=${1:-$(dirname "$0")/../build/fte}; Q=${2:-}; SECS=${SECS:-12}
D=$(mktemp -d /tmp/fte-walgrowth-XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
FTE_SUBMIT_RATE_PER_MINUTE=0 FTE_LOG_LEVEL=${LOG_LEVEL:-warn} FTE_HTTP_PORT=$PORT FTE_DATABASE_URL="sqlite://$D/fte.db$Q" \
  "$BIN" gateway >"$D/log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$D"' EXIT
for _ in $(seq 100); do curl -fs -o /dev/null "localhost:$PORT/health" && break; sleep 0.1; done
t0=$(awk '{print $14+$15}' /proc/$PID/stat); r0=$(awk '/^rchar/{print $2}' /proc/$PID/io)
wrk -t2 -c16 -d${SECS}s --latency -s "$(dirname "$0")/submit.lua" "http://127.0.0.1:$PORT/support/submit" >"$D/wrk.txt" &
W=$!
perf stat -e syscalls:sys_enter_fdatasync -p $PID -- sleep $((SECS - 1)) 2>"$D/perf.txt" &
P=$!
printf 'wal MB each second:'
for _ in $(seq $((SECS - 1))); do sleep 1; printf ' %s' $(( $(stat -c %s "$D/fte.db-wal") / 1048576 )); done; echo
wait $W; wait $P || true
t1=$(awk '{print $14+$15}' /proc/$PID/stat); r1=$(awk '/^rchar/{print $2}' /proc/$PID/io)
n=$(awk '/requests in/ {print $1}' "$D/wrk.txt")
echo "req_per_s=$(awk '/Requests\/sec/ {print int($2)}' "$D/wrk.txt")" \
  "p50=$(awk '$1=="50%" {print $2}' "$D/wrk.txt") p99=$(awk '$1=="99%" {print $2}' "$D/wrk.txt")" \
  "max=$(awk '$1=="Latency" {print $4}' "$D/wrk.txt")"
echo "requests=$n cpu_us_per_req=$(awk -v d=$((t1-t0)) -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.0f", d*1e6/hz/n}')" \
  "read_kb_per_req=$(awk -v d=$((r1-r0)) -v n="$n" 'BEGIN{printf "%.1f", d/1024/n}')" \
  "fdatasync=$(awk '/fdatasync/{print $1}' "$D/perf.txt")" "load=$(cut -d' ' -f1 /proc/loadavg)"
R=$(grep 'WAL restarted after a catch-up' "$D/log" || true)
[[ -z $R ]] || echo "restarts=$(wc -l <<<"$R") catch_up frames/us:" \
  $(sed -E 's/.*"catch_up_frames":"([0-9]+)".*"catch_up_us":"([0-9]+)".*/\1\/\2/' <<<"$R")
