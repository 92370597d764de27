#!/usr/bin/env bash
# bench/agent_instructions.sh: the agent's instructions per ticket in `fte serve`, counted by
# valgrind's callgrind (deterministic: unlike CPU time it does not move with the shared machine's
# load). Starts `fte serve` under callgrind on an empty SQLite database, offers bench_reply_latency's
# web form at a low rate (default 20/s for 15 s = 300 tickets), and counts the instructions inside
# AgentWorker::handle (the event's read, the run, the commit), less the intent model's one-time
# load. Compare two builds: run it for each (about 30 s apiece; not run by the tests).
#
#   bench/agent_instructions.sh BIN [RATE] [SECONDS]      e.g. bench/agent_instructions.sh build/fte
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$1 RATE=${2:-20} SEC=${3:-15}
CLIENT=${BUILD:-$PWD/build}/bench/bench_reply_latency
command -v valgrind >/dev/null || { echo "needs valgrind" >&2; exit 1; }
D=$(mktemp -d /tmp/fte-cg-XXXXXX); trap 'rm -rf "$D"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
FTE_SUBMIT_RATE_PER_MINUTE=0 FTE_LOG_LEVEL=warn FTE_HTTP_PORT=$PORT FTE_DATABASE_URL=sqlite://$D/fte.db \
  valgrind --tool=callgrind --callgrind-out-file="$D/cg.out" --toggle-collect='fte::app::AgentWorker::handle*' \
  "$BIN" serve >"$D/log" 2>&1 &
PID=$!
for _ in $(seq 600); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.2; done
"$CLIENT" --port "$PORT" --db "$D/fte.db" --rate "$RATE" --seconds "$SEC" >"$D/out" 2>&1 || true
kill "$PID"; wait "$PID" 2>/dev/null || true
ANS=$(sed -nE 's/.* ([0-9]+) answered.*/\1/p' "$D/out")
ALL=$(callgrind_annotate "$D/cg.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}')
LOAD=$(callgrind_annotate --inclusive=yes "$D/cg.out" 2>/dev/null |
       awk '/IntentModel::IntentModel/ && !f {gsub(",","",$1); print $1; f=1}')
echo "$BIN: $ALL instructions in AgentWorker::handle for ${ANS:-?} tickets, intent model load ${LOAD:-0}:" \
     "$(( (ALL - ${LOAD:-0}) / ${ANS:-1} )) per ticket"
