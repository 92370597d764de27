#!/usr/bin/env bash
# bench/sqlite_wal_growth.sh: the SQLite WAL's size during sustained intake (issue 18, round 10).
# Starts `fte gateway` on an empty database, drives it with wrk (16 connections, bench/submit.lua)
# for SECS seconds (default 12), prints the WAL file's size every second, then wrk's p50/p99/max,
# the server's CPU per request, the bytes it read per request (mostly the checkpointer's copies) and
# the fdatasync calls it made (perf). A WAL that restarts stays near checkpoint_pages × 4 KB; one
# that does not grows by every commit.
# With LOG_LEVEL=debug it also lists the WAL restarts the writer's catch-up made (round 11): the
# frames it copied and how long that batch boundary waited, in µs; and (round 13) where the slow
# requests' time went: the writer's latency profile summed over the run (operations by time from
# submit to commit, those of >= 5 ms by cause; group_commit.h) beside the server's own histograms
# (request read -> answer written, and the answers' handoff to their I/O thread), as shares of
# the requests over 2.5 / 5 / 10 ms.
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
curl -fs "localhost:$PORT/metrics" >"$D/metrics.txt" || true
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
[[ ${LOG_LEVEL:-} == debug ]] && python3 - "$D/log" "$D/metrics.txt" <<'PY'
import json, re, sys
t = {}
for line in open(sys.argv[1]):
    try: j = json.loads(line)
    except ValueError: continue
    if j.get("msg") != "sqlite writer latency profile": continue
    for k, v in j.items():
        if k not in ("ts", "level", "msg", "correlation_id", "max_batch"): t[k] = t.get(k, 0) + int(v)
if t.get("ops"):
    slow = t["under_10ms"] + t["over_10ms"]
    print("writer: ops=%d ops/batch=%.1f cpu_us/op=%.1f submit->commit >=5ms=%.2f%% (%d) by cause:" % (
        t["ops"], t["ops"] / t["batches"], t["cpu_us"] / t["ops"], 100 * slow / t["ops"], slow),
        " ".join("%s=%d" % (k[5:], t[k]) for k in ("slow_after_pause", "slow_commit", "slow_off_cpu",
                                                   "slow_woken_late", "slow_queued", "slow_other")),
        "pauses=%d (%.0f ms)" % (t["pauses"], t["pause_us"] / 1000))
def over(name, match):
    b = {}
    for line in open(sys.argv[2]):
        if line.startswith(name + "_bucket") and match in line:
            le = re.search(r'le="([^"]+)"', line).group(1)
            b[le] = b.get(le, 0) + float(line.split()[-1])
    n = b.get("+Inf", 0)
    return "n=%d" % n + "".join(" >%gms=%.2f%%" % (float(le) * 1000, 100 * (n - b[le]) / n)
                                for le in ("0.0025", "0.005", "0.01") if n and le in b)
print("http read->written:", over("fte_http_request_duration_seconds", 'route="/support/submit"'))
print("answer handoff to the I/O thread:", over("fte_http_answer_handoff_seconds", ""))
PY
