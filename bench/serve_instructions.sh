#!/usr/bin/env bash
# bench/serve_instructions.sh: the whole `fte serve` process's instructions per ticket, end to end
# (HTTP intake, the SQLite writer, the bus, the agent's lanes, delivery, the checkpointer: every
# thread), counted by valgrind's callgrind — a yardstick that does not move with the shared
# machine's load, unlike CPU time (bench/agent_instructions.sh counts the agent's run alone).
# Starts `fte serve` under callgrind with instrumentation off on an empty SQLite database, turns it
# on once /health answers (startup and the knowledge base's load are not counted), offers
# bench_reply_latency's web form at a low rate (default 20/s for 15 s = 300 tickets), and divides
# the instructions counted until shutdown by the tickets answered, less the intent model's
# one-time load. Then the largest inclusive shares (the stages of a ticket) per ticket.
# User-space instructions only: system calls are bench/serve_writes.sh's. Not run by the tests.
#
#   bench/serve_instructions.sh BIN [RATE] [SECONDS]      e.g. bench/serve_instructions.sh build/fte
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$1 RATE=${2:-20} SEC=${3:-15}
CLIENT=${BUILD:-$PWD/build}/bench/bench_reply_latency
command -v valgrind >/dev/null || { echo "needs valgrind" >&2; exit 1; }
[[ -x $CLIENT ]] || { echo "no $CLIENT (cmake --build build --target bench_reply_latency)" >&2; exit 1; }
source bench/lib.sh
D=$(mktemp -d /tmp/fte-si-XXXXXX); trap 'rm -rf "$D"' EXIT
PORT=$(free_port)
FTE_SUBMIT_RATE_PER_MINUTE=0 FTE_LOG_LEVEL=warn FTE_HTTP_PORT=$PORT FTE_DATABASE_URL=sqlite://$D/fte.db \
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$D/cg.out" "$BIN" serve >"$D/log" 2>&1 &
PID=$!
for _ in $(seq 600); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.2; done
callgrind_control -i on "$PID" >/dev/null
"$CLIENT" --port "$PORT" --db "$D/fte.db" --rate "$RATE" --seconds "$SEC" >"$D/out" 2>&1 || true
kill "$PID"; wait "$PID" 2>/dev/null || true
ANS=$(sed -nE 's/.* ([0-9]+) answered.*/\1/p' "$D/out"); ANS=${ANS:-0}
[[ $ANS -gt 0 ]] || { echo "$BIN: nothing answered" >&2; cat "$D/out" >&2; exit 1; }
callgrind_annotate --inclusive=yes --threshold=100 "$D/cg.out" 2>/dev/null >"$D/incl"
ALL=$(awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}' "$D/incl")
LOAD=$(awk '/IntentModel::IntentModel/ && !f {gsub(",","",$1); print $1; f=1}' "$D/incl")
echo "$BIN: $ALL instructions for $ANS tickets, intent model load ${LOAD:-0}:" \
     "$(( (ALL - ${LOAD:-0}) / ANS )) per ticket (the whole process)"
# The stages, inclusive, per ticket (a function's share includes what it calls; stages overlap
# where one calls another, e.g. the writer's batch runs the intake's and the outcome's bodies).
for f in 'fte::http::(anonymous namespace)::Session::on_read' 'fte::app::StoreIntake::accept' \
         'fte::sqlite::GroupCommitWriter::loop' 'fte::sqlite::GroupCommitWriter::try_batch' \
         'sqlite3WalFrames' 'fte::app::AgentWorker::handle' 'fte::agent::SupportAgent::run' \
         'fte::sqlite::SqliteStore::agent_run_inputs' 'fte::sqlite::SqliteStore::commit_agent_outcome' \
         'fte::app::DeliveryWorker::handle' 'fte::sqlite::Checkpointer' \
         'fte::(anonymous namespace)::LocalBus::consume' 'fte::agent::Trace::to_json' \
         'fte::to_json_keeping_payload'; do
  awk -v f="$f" -v n="$ANS" 'index($0, f) && !seen {gsub(",","",$1); printf "  %-60s %9d per ticket\n", f, $1 / n; seen=1}' "$D/incl"
done
[[ -n ${KEEP:-} ]] && cp "$D/cg.out" "$KEEP" || true
