#!/usr/bin/env bash
# bench/pg_writers.sh: `fte gateway` intake on PostgreSQL with N writer connections, and where the
# CPU goes: besides wrk's req/s and latency it prints the CPU time per intake of fte and of the
# PostgreSQL backends serving fte (application_name=fte), each run on a fresh database, and the
# intakes per commit (≈ the writer's batch size), shared-buffer accesses and WAL bytes per intake
# (from pg_stat_database and the WAL position: work counts that the machine's load does not move).
#
#   bench/pg_writers.sh postgres://postgres@127.0.0.1:5432 "1 4 1 4" 64 [SECONDS]
#
# Arguments: a server URL without a database (psql must reach it: trust or PGPASSWORD), writer
# counts to run one after another (interleave them: the machine's load moves), wrk connections.
# Environment: FTE (the binary, default build/fte), OPTS (store options appended to fte's database
# URL, e.g. OPTS='?ingest=rows' for the intake through fte_ingest alone).
# Reads /proc of the backends: run it on the database's host. Not run by the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=$1; WRITERS=$2; CONNS=$3; SECONDS_PER_RUN=${4:-10}; FTE=${FTE:-build/fte}; OPTS=${OPTS:-}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
for w in $WRITERS; do
  db=fte_writers_$$_$RANDOM
  psql -q "$BASE/postgres" -c "CREATE DATABASE $db" >/dev/null
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  FTE_PG_WRITERS=$w FTE_SUBMIT_RATE_PER_MINUTE=0 FTE_LOG_LEVEL=warn FTE_HTTP_PORT=$port \
    FTE_DATABASE_URL=$BASE/$db$OPTS "$FTE" gateway >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.1; done
  # commits, buffer accesses (shared hits + reads) of this database, the server's WAL position
  dbstats() {
    psql -qtA -F' ' "$BASE/$db" -c "SELECT xact_commit, blks_hit + blks_read, pg_current_wal_lsn() - '0/0'::pg_lsn FROM pg_stat_database WHERE datname = current_database()"
  }
  read -r x0 b0 w0 <<<"$(dbstats)"
  backends=$(psql -qtA "$BASE/$db" -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'fte' AND datname = current_database()")
  declare -A b0=()
  for p in $backends; do b0[$p]=$(ticks "$p"); done
  t0=$(ticks $pid); s0=$(date +%s%N)
  out=$(wrk -t2 -c"$CONNS" -d"${SECONDS_PER_RUN}s" --latency -s bench/submit.lua "http://127.0.0.1:$port/support/submit")
  t1=$(ticks $pid); s1=$(date +%s%N)
  # every backend's CPU during the run (a backend that started during it: from 0), and the busiest
  # one's share of the wall time: the writer's backend, ~1.0 when the server side is the limit
  pg=0; busiest=0
  for p in $(psql -qtA "$BASE/$db" -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'fte' AND datname = current_database()"); do
    d=$(( $(ticks "$p") - ${b0[$p]:-0} )); pg=$((pg + d)); (( d > busiest )) && busiest=$d
  done
  n=$(psql -qtA "$BASE/$db" -c "SELECT count(*) FROM messages")
  sleep 1  # the backends report their commits to the statistics at most once a second
  read -r x1 b1 w1 <<<"$(dbstats)"
  hz=$(getconf CLK_TCK)
  echo "writers=$w${OPTS:+ opts=$OPTS} conns=$CONNS req/s=$(awk '/Requests\/sec/ {print $2}' <<<"$out") p50=$(awk '$1 == "50%" {print $2}' <<<"$out") p99=$(awk '$1 == "99%" {print $2}' <<<"$out") intakes=$n fte_us/intake=$(( (t1 - t0) * 1000000 / hz / n )) pg_backend_us/intake=$(( pg * 1000000 / hz / n )) writer_backend_busy=$(awk -v b="$busiest" -v hz="$hz" -v ns=$((s1 - s0)) 'BEGIN {printf "%.2f", b / hz / (ns / 1e9)}') intakes/commit=$(awk -v n="$n" -v c=$((x1 - x0)) 'BEGIN {printf "%.1f", c ? n / c : 0}') buffers/intake=$(( (b1 - b0) / n )) wal_bytes/intake=$(awk -v n="$n" -v w0="$w0" -v w1="$w1" 'BEGIN {printf "%d", (w1 - w0) / n}') load=$(cut -d' ' -f1 /proc/loadavg)"
  kill $pid; wait $pid 2>/dev/null || true
  psql -q "$BASE/postgres" -c "DROP DATABASE $db" >/dev/null
done
