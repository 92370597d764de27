#!/usr/bin/env python3
"""Accepted → reply stored, at a steady rate (open loop), against a running `fte serve` on SQLite.

Sends web-form submissions at --rate per second for --seconds (each from a distinct customer),
waits until every ticket has its first response, then reads the store: per ticket,
first_response_at - created_at (both stamped by fte: the intake commit and the reply commit).
Also prints the submit round trip as the client saw it.

  FTE_SUBMIT_RATE_PER_MINUTE=0 FTE_DATABASE_URL=sqlite:///tmp/b/fte.db build/fte serve &
  bench/reply_latency.py --url http://127.0.0.1:8080 --db /tmp/b/fte.db --rate 500 --seconds 20
"""
import argparse, http.client, json, sqlite3, threading, time, urllib.parse
from concurrent.futures import ThreadPoolExecutor


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))] if v else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--db", required=True)
    ap.add_argument("--rate", type=float, default=500)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--workers", type=int, default=64)
    a = ap.parse_args()
    u = urllib.parse.urlparse(a.url)
    local = threading.local()
    ids, rtts, errors = [], [], [0]
    lock = threading.Lock()

    def submit(i):
        c = getattr(local, "c", None)
        if c is None:
            c = local.c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
        body = json.dumps({"name": "Bench User", "email": f"lat-{i}@example.com", "subject": "Password",
                           "category": "technical", "priority": "low",
                           "message": "How do I reset my password? I forgot it."})
        t0 = time.perf_counter()
        try:
            c.request("POST", "/support/submit", body, {"Content-Type": "application/json"})
            r = c.getresponse()
            data = r.read()
            dt = time.perf_counter() - t0
            with lock:
                if r.status == 201:
                    ids.append(json.loads(data)["ticket_id"])
                    rtts.append(dt * 1000)
                else:
                    errors[0] += 1
        except Exception:
            local.c = None
            with lock:
                errors[0] += 1

    n = int(a.rate * a.seconds)
    start = time.perf_counter()
    with ThreadPoolExecutor(a.workers) as pool:
        for i in range(n):
            due = start + i / a.rate
            now = time.perf_counter()
            if due > now:
                time.sleep(due - now)  # pacing of the open-loop generator
            pool.submit(submit, i)
    sent_for = time.perf_counter() - start
    db = sqlite3.connect(a.db, timeout=30)
    deadline = time.time() + 120
    lat = []
    while time.time() < deadline:
        q = "SELECT first_response_at - created_at FROM tickets WHERE id IN (%s) AND first_response_at IS NOT NULL"
        lat = []
        for k in range(0, len(ids), 500):
            chunk = ids[k:k + 500]
            lat += [r[0] for r in db.execute(q % ",".join("?" * len(chunk)), chunk)]
        if len(lat) >= len(ids):
            break
        time.sleep(0.5)  # polling the database for the last replies
    print(f"offered {n} at {a.rate:.0f}/s over {sent_for:.1f}s; accepted {len(ids)}, errors {errors[0]}")
    print(f"submit round trip ms: p50 {pct(rtts, 50):.2f}  p99 {pct(rtts, 99):.2f}")
    print(f"accepted -> reply stored ms ({len(lat)} replies): p50 {pct(lat, 50):.0f}  p95 {pct(lat, 95):.0f}  p99 {pct(lat, 99):.0f}  max {max(lat) if lat else 'n/a'}")


if __name__ == "__main__":
    main()
