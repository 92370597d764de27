#!/usr/bin/env bash
# bench/intake_instructions.sh: user-space instructions per web-form intake of `fte gateway` on
# SQLite, counted by callgrind (load-independent, unlike CPU time on a shared machine; kernel work
# is not counted). Starts the binary under valgrind on an empty database, warms it with 4 s of
# `wrk -c8 -s bench/submit.lua`, zeroes the counters, drives it for SECS more (default 15), dumps,
# and prints the instructions per request of the whole process, the writer thread's loop, the
# intake transaction and the I/O threads (from callgrind_annotate --inclusive=yes).
#   [SECS=15] bench/intake_instructions.sh [BINARY] [OUT-PREFIX]
# Not run by the tests.
set -euo pipefail
BIN=$(realpath "${1:-$(dirname "$0")/../build/fte}"); OUT=${2:-/tmp/fte-intake-cg}; SECS=${SECS:-15}
SUBMIT=$(realpath "$(dirname "$0")/submit.lua")
D=$(mktemp -d /tmp/fte-cg-XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
rm -f "$OUT".*
FTE_SUBMIT_RATE_PER_MINUTE=0 FTE_LOG_LEVEL=warn FTE_HTTP_PORT=$PORT FTE_DATABASE_URL="sqlite://$D/fte.db" \
  valgrind --tool=callgrind --callgrind-out-file="$OUT.%p" "$BIN" gateway >"$D/log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$D"' EXIT
for _ in $(seq 600); do curl -fs -o /dev/null "localhost:$PORT/health" && break; sleep 0.2; done
wrk -t1 -c8 -d4s -s "$SUBMIT" "http://127.0.0.1:$PORT/support/submit" >/dev/null
callgrind_control -z $PID >/dev/null
wrk -t1 -c8 -d${SECS}s -s "$SUBMIT" "http://127.0.0.1:$PORT/support/submit" >"$D/wrk.txt"
callgrind_control -d $PID >/dev/null
n=$(awk '/requests in/ {print $1}' "$D/wrk.txt")
f=$(ls "$OUT".*.1 | head -1)
echo "requests=$n (callgrind data: $f)"
callgrind_annotate --inclusive=yes --threshold=100 "$f" 2>/dev/null | grep -E '^ *[0-9,]+ ' |
  awk -v n="$n" '{c=$1; gsub(",","",c); sub(/^ *[0-9,]+ *\( *[0-9.]+%\) */, ""); printf "%9.0f per request %s\n", c/n, substr($0,1,110)}' |
  grep -E 'PROGRAM TOTALS|GroupCommitWriter::loop|ingest_in_tx|HttpServer::start|Checkpointer::loop'
