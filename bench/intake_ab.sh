#!/usr/bin/env bash
# bench/intake_ab.sh: interleaved A/B runs of SQLite web-form intake (`fte gateway`, 16
# connections), for a shared machine where only pairs run minutes apart compare. Each run starts
# a fresh process on an empty database, drives it with `wrk -t2 -c16 --latency -s
# bench/submit.lua` for SECS (default 10) and prints one line: req/s, p50, p99, max, fte CPU µs
# per request (user + system ÷ requests, as compare.sh), the load average at the start, context
# switches per request (`perf stat -e context-switches` on the process), answers sent directly
# (FTE_HTTP_DIRECT_ANSWERS), and per thread the voluntary / involuntary switches per request
# (threads named by start order: t1 = the first thread after main, ...).
#   [SECS=10] [ROUNDS=3] bench/intake_ab.sh "A-LABEL=ENV... BINARY" "B-LABEL=ENV... BINARY" ...
# e.g. bench/intake_ab.sh "main=/tmp/main/fte" "this=build/fte" "direct=FTE_HTTP_DIRECT_ANSWERS=1 build/fte"
# Not run by the tests (timings are not asserted).
set -uo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
SECS=${SECS:-10}
ROUNDS=${ROUNDS:-3}
switches() {  # PID: "tid voluntary involuntary" per thread
  for t in /proc/"$1"/task/*; do
    awk -v t="${t##*/}" '/^voluntary_ctxt_switches/ {v=$2} /^nonvoluntary_ctxt_switches/ {n=$2}
      END {print t, v, n}' "$t/status" 2>/dev/null
  done
}
run() {  # LABEL ENV... BINARY
  local label=$1; shift
  local bin=${*: -1} envs=("${@:1:$#-1}")
  local d port
  d=$(mktemp -d /tmp/fte-intake-ab-XXXXXX)
  port=$(free_port)
  (
    if ((${#envs[@]})); then export "${envs[@]}"; fi
    start_fte gateway "$bin" "$d" "$port"
    echo "$FTE_PID" >"$d/pid"
    wait
  ) &
  local runner=$!
  for _ in $(seq 50); do [[ -s $d/pid ]] && break; sleep 0.1; done
  local pid
  pid=$(cat "$d/pid")
  wait_health "$port"
  local load t0 t1 n
  load=$(cut -d' ' -f1 /proc/loadavg)
  switches "$pid" >"$d/cs0"
  t0=$(cpu_ticks "$pid")
  perf stat -e context-switches -p "$pid" -- sleep $((SECS - 1)) 2>"$d/perf.txt" &
  local perfpid=$!
  wrk -t2 -c16 -d"${SECS}"s --latency -s bench/submit.lua "http://127.0.0.1:$port/support/submit" >"$d/wrk.txt"
  wait $perfpid
  t1=$(cpu_ticks "$pid")
  switches "$pid" >"$d/cs1"
  curl -s "http://127.0.0.1:$port/metrics" >"$d/metrics.txt"
  kill "$pid"; wait $runner 2>/dev/null
  n=$(awk '/requests in/ {print $1}' "$d/wrk.txt")
  printf '%-10s req/s %6d  p50 %-8s p99 %-8s max %-9s cpu %3s us/req  load %s  cs/req %s  direct %s  non-2xx %s\n' \
    "$label" "$(awk '/Requests\/sec/ {print int($2)}' "$d/wrk.txt")" \
    "$(awk '$1=="50%" {print $2}' "$d/wrk.txt")" "$(awk '$1=="99%" {print $2}' "$d/wrk.txt")" \
    "$(awk '$1=="Latency" {print $4}' "$d/wrk.txt")" \
    "$(us_per $((t1 - t0)) "$n")" \
    "$load" "$(awk -v n="$n" -v s="$SECS" '/context-switches/ {gsub(",","",$1); printf "%.2f", $1/n*s/(s-1)}' "$d/perf.txt")" \
    "$(awk '/^fte_http_answers_sent_directly_total/ {print $2}' "$d/metrics.txt")" \
    "$(awk '/Non-2xx/ {print $NF}' "$d/wrk.txt")"
  awk -v n="$n" 'NR==FNR {v[$1]=$2; i[$1]=$3; next}
    ($1 in v) {k++; dv=($2-v[$1])/n; di=($3-i[$1])/n; if (dv+di >= 0.01) printf " t%d %.2f/%.2f", k-1, dv, di}
    END {print ""}' "$d/cs0" "$d/cs1" | sed 's/^/           switches per request by thread (voluntary\/involuntary):/'
  rm -rf "$d"
}
for ((r = 1; r <= ROUNDS; r++)); do
  for spec in "$@"; do
    label=${spec%%=*}
    rest=${spec#*=}
    # shellcheck disable=SC2086
    run "$label" $rest
  done
done
