#!/usr/bin/env python3
"""bench/sqlite_wal_pages.py: where the WAL's pages go in `fte serve` end to end (issue 18, round 13).

Starts `fte serve` on a fresh SQLite database, pins the WAL with a read transaction of its own (so
no checkpoint restarts it and every frame of the run stays in the file), offers RATE web forms a
second for SECONDS with bench_reply_latency, copies the database and its WAL, and reads the WAL's
frames: per write transaction (commit frame) the pages it wrote, each page named by the B-tree it
belongs to (dbstat of the copied database). Prints per ticket: transactions, frames, bytes, and the
frames per B-tree, and a breakdown of the transactions by the kind of write they hold (intake,
outcome, delivery, offsets — told apart by the B-trees they touched).

  python3 bench/sqlite_wal_pages.py BIN [RATE] [SECONDS]     e.g. build/fte 500 4

BUILD (default build/) must hold bench/bench_reply_latency. Not run by the tests.
"""
import collections, os, shutil, socket, sqlite3, struct, subprocess, sys, tempfile, time, urllib.request

binary = sys.argv[1]
rate = sys.argv[2] if len(sys.argv) > 2 else "500"
secs = sys.argv[3] if len(sys.argv) > 3 else "4"
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
client = os.path.join(os.environ.get("BUILD", os.path.join(root, "build")), "bench/bench_reply_latency")

d = tempfile.mkdtemp(prefix="fte-walpages-")
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
db_path = os.path.join(d, "fte.db")
env = dict(os.environ, FTE_SUBMIT_RATE_PER_MINUTE="0", FTE_LOG_LEVEL="warn", FTE_HTTP_PORT=str(port),
           FTE_DATABASE_URL="sqlite://" + db_path)
server = subprocess.Popen([binary, "serve"], env=env, stdout=open(os.path.join(d, "log"), "w"),
                          stderr=subprocess.STDOUT)
try:
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1); break
        except Exception:
            time.sleep(0.1)
    pin = sqlite3.connect(db_path, isolation_level=None)
    pin.execute("BEGIN"); pin.execute("SELECT count(*) FROM sqlite_schema").fetchall()
    wal_start = os.path.getsize(db_path + "-wal")
    out = subprocess.run([client, "--port", str(port), "--db", db_path, "--rate", rate,
                          "--seconds", secs], capture_output=True, text=True).stdout
    time.sleep(0.5)  # the delivery and offset writes after the last reply
    shutil.copy(db_path + "-wal", os.path.join(d, "copy.db-wal"))
    shutil.copy(db_path, os.path.join(d, "copy.db"))
finally:
    server.terminate(); server.wait()
print(out.strip().splitlines()[-1] if out.strip() else "(no client output)")
tickets = sqlite3.connect(os.path.join(d, "copy.db")).execute("SELECT count(*) FROM tickets").fetchone()[0]
names = dict(sqlite3.connect(os.path.join(d, "copy.db")).execute("SELECT pageno, name FROM dbstat"))

wal = open(os.path.join(d, "copy.db-wal"), "rb").read()
page_size = struct.unpack(">I", wal[8:12])[0]
salt = wal[16:24]
frame = 24 + page_size
txs, cur = [], []
off = 32
while off + frame <= len(wal):
    pgno, commit = struct.unpack(">II", wal[off:off + 8])
    if wal[off + 8:off + 16] != salt: break
    cur.append(pgno)
    if commit:
        txs.append(cur); cur = []
    off += frame
shutil.rmtree(d)

def kind(trees):
    if "agent_runs" in trees: return "outcome"
    if "deliveries" in trees: return "delivery"
    if "tickets" in trees or "customers" in trees: return "intake"
    if trees <= {"consumer_offsets", "sqlite_autoindex_consumer_offsets_1"}: return "offsets"
    return "other"

per_tree = collections.Counter()
kinds = collections.Counter(); kind_frames = collections.Counter()
for t in txs:
    trees = {names.get(p, "?") for p in t}
    k = "+".join(sorted({kind({n}) if n in ("agent_runs", "deliveries", "tickets", "customers") else "" for n in trees} - {""})) or kind(trees)
    kinds[k] += 1; kind_frames[k] += len(t)
    for p in t: per_tree[names.get(p, "?")] += 1
frames = sum(len(t) for t in txs)
print(f"tickets {tickets}, write transactions {len(txs)} ({len(txs) / tickets:.2f} per ticket), "
      f"frames {frames} ({frames / tickets:.1f} per ticket, {frames * frame / tickets / 1024:.0f} KB "
      f"per ticket), page size {page_size}")
print("transactions by content (kinds of write a transaction touched): count, frames per transaction")
for k, n in kinds.most_common():
    print(f"  {k:28s} {n:6d}  {kind_frames[k] / n:6.1f}")
print("frames per ticket by B-tree:")
for n, c in per_tree.most_common():
    print(f"  {n:40s} {c / tickets:6.2f}")
