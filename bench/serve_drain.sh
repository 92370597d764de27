#!/usr/bin/env bash
# bench/serve_drain.sh: how fast `fte serve` works off a backlog (issue 18, round 13). A gateway
# (the first BIN, `fte gateway`: intake only) accepts N web forms at 1,000/s; then, ROUNDS times
# and for each BIN in turn, `fte serve` starts on a copy of that database and answers the backlog —
# no intakes arrive meanwhile. Prints the seconds until every ticket has its first response and the
# server's CPU µs per ticket. Needs the sqlite3 CLI and bc.
#
#   bench/serve_drain.sh N ROUNDS BIN...      e.g. bench/serve_drain.sh 6000 2 /tmp/old/fte build/fte
#
# A BIN may be a wrapper script that `exec`s fte. BUILD (default build/) must hold
# bench/bench_reply_latency. Not run by the tests.
set -uo pipefail
cd "$(dirname "$0")/.."
N=$1 ROUNDS=$2; shift 2
CLIENT=${BUILD:-$PWD/build}/bench/bench_reply_latency
source bench/lib.sh
D=$(mktemp -d /tmp/fte-drain-XXXXXX); PORT=$(free_port)
start_fte gateway "$1" "$D" "$PORT"; G=$FTE_PID
wait_health "$PORT"
# The client waits for replies that never come: stopped once it has submitted.
timeout $((N / 1000 + 3)) "$CLIENT" --port "$PORT" --db "$D/fte.db" --rate 1000 --seconds $((N / 1000)) >/dev/null 2>&1
kill "$G"; wait "$G" 2>/dev/null
N=$(sqlite3 "$D/fte.db" 'SELECT count(*) FROM tickets')
echo "backlog: $N tickets"
for _ in $(seq "$ROUNDS"); do
  for BIN in "$@"; do
    E=$(mktemp -d /tmp/fte-drain-XXXXXX); cp "$D"/fte.db* "$E"/; PORT=$(free_port)
    start_fte serve "$BIN" "$E" "$PORT"; P=$FTE_PID
    T0=$(date +%s.%N); C0=$(awk '{print $14 + $15}' "/proc/$P/stat")
    until [[ $(sqlite3 "$E/fte.db" 'SELECT count(*) FROM tickets WHERE first_response_at IS NOT NULL' 2>/dev/null || echo 0) -ge $N ]]; do sleep 0.2; done
    T1=$(date +%s.%N); C1=$(awk '{print $14 + $15}' "/proc/$P/stat")
    echo "$BIN: $N answered in $(echo "$T1 - $T0" | bc) s, cpu_us/ticket $(( (C1 - C0) * 1000000 / $(getconf CLK_TCK) / N )), load $(cut -d' ' -f1 /proc/loadavg)"
    kill "$P"; wait "$P" 2>/dev/null; rm -rf "$E"
  done
done
rm -rf "$D"
