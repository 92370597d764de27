# Shared by the bench scripts that start fte on loopback (source it; not run by the tests).
# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# start_fte ROLE BIN DIR PORT: `BIN ROLE` in the background on sqlite://DIR/fte.db at PORT, every
# request allowed from one address, warnings only (log in DIR/log); sets FTE_PID.
start_fte() {
  FTE_SUBMIT_RATE_PER_MINUTE=0 FTE_LOG_LEVEL=warn FTE_HTTP_PORT=$4 FTE_DATABASE_URL=sqlite://$3/fte.db \
    "$2" "$1" >"$3/log" 2>&1 &
  FTE_PID=$!
}
# cpu_ticks PID...: utime + stime of the processes given (clock ticks).
cpu_ticks() {
  local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t
}
# us_per TICKS N: CPU µs per item for TICKS clock ticks over N items ("?" when N is 0 or empty).
us_per() {
  awk -v d="$1" -v n="${2:-0}" -v hz="$(getconf CLK_TCK)" 'BEGIN { if (n > 0) printf "%.0f", d * 1e6 / hz / n; else print "?" }'
}
# wait_health PORT: until GET /health answers (at most 10 s).
wait_health() {
  for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$1/health" && return 0; sleep 0.1; done
  return 0
}
