#!/usr/bin/env bash
# bench/compare.sh: intake throughput of this build beside the machine's ceiling (nginx serving a
# static JSON file) and the previous release, started one after another on loopback and driven by
# the same wrk command; prints one markdown table. Not run by the tests (timings are not asserted).
#
#   bench/compare.sh                      # nginx, previous release (50d0c7c), this build; SQLite
#   bench/compare.sh --pg                 # also both fte builds on a temporary PostgreSQL 15
#   bench/compare.sh --e2e                # `fte serve` end to end: accepted -> reply stored
#
# Options / environment:
#   --prev REF (PREV_REF)      previous release, built once into $CACHE/<sha> (git worktree + Release)
#   --build DIR (BUILD)        this build's directory (default build/; needs fte, and for --e2e
#                              bench/bench_reply_latency)
#   --conns "16 64" (CONNS)    wrk connection counts; --seconds N (SECONDS_PER_RUN, default 15)
#   --rates "1000 2000" (RATES) offered rates for --e2e; --only "nginx prev this" (ONLY)
# Each fte row starts a fresh process on an empty database (FTE_SUBMIT_RATE_PER_MINUTE=0: every
# request comes from one address). RSS is the process's peak resident set (VmHWM) after the run;
# for nginx the sum over master and workers. "non-2xx" counts refused requests (wrk's "Non-2xx").
# "server CPU µs/req" is the server's user + system CPU time during the run divided by the requests
# answered: unlike req/s it hardly depends on what else the machine is running.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PREV_REF=${PREV_REF:-50d0c7c}
BUILD=${BUILD:-$ROOT/build}
CONNS=${CONNS:-"16 64"}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
RATES=${RATES:-"1000 2000"}
ONLY=${ONLY:-"nginx prev this"}
CACHE=${CACHE:-/tmp/fte-bench-cache}
MODE=intake PG=0
while (($#)); do
  case $1 in
    --prev) PREV_REF=$2; shift ;;
    --build) BUILD=$(realpath "$2"); shift ;;
    --conns) CONNS=$2; shift ;;
    --seconds) SECONDS_PER_RUN=$2; shift ;;
    --rates) RATES=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --pg) PG=1 ;;
    --e2e) MODE=e2e ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/fte-compare-XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -f $WORK/pg/data/postmaster.pid ]]; then
    runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$WORK/pg/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "compare: $*" >&2; }
source bench/lib.sh  # free_port, cpu_ticks, us_per
wait_http() {  # url, seconds
  for _ in $(seq 1 $(($2 * 10))); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "no answer from $1" >&2; return 1
}
hwm_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
ms() {  # wrk latency ("812.00us", "3.10ms", "1.20s") -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n *= 1; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# The previous release: a Release build of PREV_REF, cached by commit.
prev_binary() {
  local sha; sha=$(git rev-parse --verify "$PREV_REF^{commit}")
  local out=$CACHE/$sha/fte
  if [[ ! -x $out ]]; then
    log "building the previous release $PREV_REF ($sha) into $CACHE/$sha (once)"
    mkdir -p "$CACHE/$sha"
    local src=$CACHE/$sha/src
    rm -rf "$src"; git worktree prune
    git worktree add --detach "$src" "$sha" >/dev/null 2>&1
    cmake -S "$src" -B "$src/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$src/build" -j2 --target fte >"$CACHE/$sha/build.log" 2>&1 ||
      { echo "build failed, see $CACHE/$sha/build.log" >&2; exit 1; }
    cp "$src/build/fte" "$out"
    git worktree remove --force "$src"
  fi
  echo "$out"
}

# Runs wrk against the server whose processes are given; prints "req/s|p50|p99|non2xx|cpu µs/req".
drive() {  # url, connections, script or "", pids...
  local url=$1 c=$2 script=$3; shift 3
  local args=(-t2 "-c$c" "-d${SECONDS_PER_RUN}s" --latency)
  [[ -n $script ]] && args+=(-s "$script")
  local t0; t0=$(cpu_ticks "$@")
  wrk "${args[@]}" "$url" >"$WORK/wrk.txt" 2>&1
  local t1; t1=$(cpu_ticks "$@")
  local n; n=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
  local cpu; cpu=$(us_per $((t1 - t0)) "$n")
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$WORK/wrk.txt")
  p50=$(ms "$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")")
  p99=$(ms "$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")")
  bad=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.txt"); bad=${bad:-0}
  echo "$rps|$p50|$p99|$bad|$cpu"
}

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 ms | $5 ms | $6 | $7 | $8 MB |"); }

run_nginx() {
  command -v nginx >/dev/null || {
    log "installing nginx-light"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
  }
  local d=$WORK/nginx port; port=$(free_port)
  mkdir -p "$d/www" "$d/tmp"; chmod 755 "$WORK" "$d" "$d/www"  # workers run as www-data
  printf '{"ticket_id":"0190d5a4-6a8e-7c1f-9e43-2b7d1f0c9a11","message":"Thank you for contacting us! Our AI assistant will respond shortly.","estimated_response_time":"within 5 minutes","status_url":"/support/ticket/0190d5a4-6a8e-7c1f-9e43-2b7d1f0c9a11"}' >"$d/www/submit.json"
  cat >"$d/nginx.conf" <<EOF
daemon off; worker_processes 2; pid $d/nginx.pid; error_log $d/error.log warn;
events { worker_connections 4096; }
http {
  access_log off; client_body_temp_path $d/tmp; proxy_temp_path $d/tmp; fastcgi_temp_path $d/tmp;
  uwsgi_temp_path $d/tmp; scgi_temp_path $d/tmp;
  server { listen 127.0.0.1:$port; root $d/www; location / { default_type application/json; } }
}
EOF
  for c in $CONNS; do
    nginx -p "$d" -c "$d/nginx.conf" & local pid=$!; PIDS+=("$pid")
    wait_http "http://127.0.0.1:$port/submit.json" 10
    local procs; procs=("$pid" $(pgrep -P "$pid"))
    IFS='|' read -r rps p50 p99 bad cpu < <(drive "http://127.0.0.1:$port/submit.json" "$c" "" "${procs[@]}")
    local kb=0 w; for w in "${procs[@]}"; do kb=$((kb + $(hwm_kb "$w"))); done
    row "nginx static file (GET)" "$c" "$rps" "$p50" "$p99" "$bad" "$cpu" $((kb / 1024))
    kill -QUIT "$pid"; wait "$pid" 2>/dev/null || true
  done
}

start_fte() {  # binary, role, database url, port -> pid in FTE_PID
  FTE_SUBMIT_RATE_PER_MINUTE=0 FTE_LOG_LEVEL=warn FTE_HTTP_PORT=$4 FTE_DATABASE_URL=$3 \
    "$1" "$2" >>"$WORK/fte.log" 2>&1 &
  FTE_PID=$!; PIDS+=("$FTE_PID")
  wait_http "http://127.0.0.1:$4/health" 30
}
stop_fte() { kill "$1"; wait "$1" 2>/dev/null || true; }

pg_start() {
  local bin=/usr/lib/postgresql/15/bin d=$WORK/pg
  PG_PORT=$(free_port)
  mkdir -p "$d"; chmod 755 "$WORK"; chown postgres:postgres "$d"  # initdb runs as postgres
  runuser -u postgres -- "$bin/initdb" -D "$d/data" -A trust -U postgres -E UTF8 --locale=C >"$d/initdb.log" 2>&1 ||
    { cat "$d/initdb.log" >&2; exit 1; }
  printf "\nport = %d\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nmax_connections = 200\nshared_buffers = 64MB\n" \
    "$PG_PORT" "$d" >>"$d/data/postgresql.conf"
  runuser -u postgres -- "$bin/pg_ctl" -w -D "$d/data" -l "$d/server.log" start >/dev/null
  PG_DB=0
}
pg_url() {  # sets PG_URL to a fresh database for each row (not called in a subshell: PG_DB counts)
  PG_DB=$((PG_DB + 1))
  runuser -u postgres -- psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE bench$PG_DB" >/dev/null
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/bench$PG_DB"
}

run_fte_intake() {  # label, binary, store
  for c in $CONNS; do
    local port url; port=$(free_port)
    if [[ $3 == sqlite ]]; then mkdir -p "$WORK/db$c"; rm -f "$WORK/db$c"/*; url=sqlite://$WORK/db$c/fte.db
    else pg_url; url=$PG_URL; fi
    start_fte "$2" gateway "$url" "$port"
    IFS='|' read -r rps p50 p99 bad cpu < <(drive "http://127.0.0.1:$port/support/submit" "$c" "$ROOT/bench/submit.lua" "$FTE_PID")
    row "$1: \`fte gateway\`, $3" "$c" "$rps" "$p50" "$p99" "$bad" "$cpu" $(($(hwm_kb "$FTE_PID") / 1024))
    stop_fte "$FTE_PID"
  done
}

run_fte_e2e() {  # label, binary
  local client=$BUILD/bench/bench_reply_latency
  [[ -x $client ]] || cmake --build "$BUILD" -j2 --target bench_reply_latency >/dev/null
  for r in $RATES; do
    local port; port=$(free_port); rm -rf "$WORK/e2e"; mkdir -p "$WORK/e2e"
    start_fte "$2" serve "sqlite://$WORK/e2e/fte.db" "$port"
    local t0; t0=$(cpu_ticks "$FTE_PID")
    "$client" --port "$port" --db "$WORK/e2e/fte.db" --rate "$r" --seconds "$SECONDS_PER_RUN" >"$WORK/e2e.txt" 2>&1 || true
    local t1; t1=$(cpu_ticks "$FTE_PID")
    local sent acc err ans sp99 r50 r99
    read -r sent acc err ans < <(sed -nE 's/.*: ([0-9]+) sent in .*s, ([0-9]+) accepted, ([0-9]+) errors, ([0-9]+) answered.*/\1 \2 \3 \4/p' "$WORK/e2e.txt")
    sp99=$(sed -nE 's/^submit .* p99 ([0-9.]+).*/\1/p' "$WORK/e2e.txt")
    read -r r50 r99 < <(sed -nE 's/^accepted -> reply stored ms: p50 ([0-9.]+) .* p99 ([0-9.]+).*/\1 \2/p' "$WORK/e2e.txt")
    local cpu; cpu=$(us_per $((t1 - t0)) "$ans")
    ROWS+=("| $1: \`fte serve\` | $r/s | ${acc:-?} of ${sent:-?} (${err:-?} errors) | ${ans:-?} | ${sp99:-?} ms | ${r50:-?} ms | ${r99:-?} ms | $cpu | $(($(hwm_kb "$FTE_PID") / 1024)) MB |")
    stop_fte "$FTE_PID"
  done
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
THIS=$BUILD/fte
[[ -x $THIS ]] || { echo "no $THIS: build it first (cmake --build build --target fte)" >&2; exit 1; }
[[ " $ONLY " == *" prev "* ]] && PREV=$(prev_binary)
[[ $PG == 1 ]] && pg_start
if [[ $MODE == intake ]]; then
  [[ " $ONLY " == *" nginx "* ]] && run_nginx
  for store in sqlite $([[ $PG == 1 ]] && echo postgres); do
    [[ " $ONLY " == *" prev "* ]] && run_fte_intake "previous release ($PREV_REF)" "$PREV" "$store"
    [[ " $ONLY " == *" this "* ]] && run_fte_intake "this build ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo +changes))" "$THIS" "$store"
  done
  echo "| server | connections | req/s | p50 | p99 | non-2xx | server CPU µs/req | peak RSS |"
  echo "|---|---|---|---|---|---|---|---|"
else
  [[ " $ONLY " == *" prev "* ]] && run_fte_e2e "previous release ($PREV_REF)" "$PREV"
  [[ " $ONLY " == *" this "* ]] && run_fte_e2e "this build ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo +changes))" "$THIS"
  echo "| server | offered | accepted | answered | submit p99 | reply p50 | reply p99 | server CPU µs/ticket | peak RSS |"
  echo "|---|---|---|---|---|---|---|---|---|"
fi
printf '%s\n' "${ROWS[@]}"
echo
echo "wrk -t2 -cN -d${SECONDS_PER_RUN}s --latency on $(nproc) cores, load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
