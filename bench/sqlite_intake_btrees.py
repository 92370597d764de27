#!/usr/bin/env python3
"""bench/sqlite_intake_btrees.py: a model of the SQLite writer's per-intake B-tree work, to try
schema variants before writing a migration (issue 18, round 6). It creates the schema of
src/store/migrations/sqlite/0001_init.sql (CHECK lists as 0005's equalities) in a fresh WAL file
and runs the statements of a new web-form customer's intake (dedupe lookup, customer lookup, five
inserts, the event), 8 intakes per transaction, with Python's sqlite3; prints the process CPU per
intake. Python's own per-statement cost is included, so compare variants, not absolute numbers.

  python3 bench/sqlite_intake_btrees.py VARIANT N [IDS]
  VARIANT: base | no-email-unique (customers.email without UNIQUE) | without-rowid (customers,
           conversations, tickets, messages WITHOUT ROWID)
  IDS:     fte (default: time-ordered row ids as new_row_id, random v4 ticket ids, the ticket id
           as the form's channel message id, as the web form does) | random (v4 everywhere)
           | ordered (time-ordered everywhere)
Not run by the tests.
"""
import itertools, os, random, re, sqlite3, sys, tempfile, time, uuid

variant, n = sys.argv[1], int(sys.argv[2])
ids = sys.argv[3] if len(sys.argv) > 3 else "fte"
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
schema = open(os.path.join(root, "src/store/migrations/sqlite/0001_init.sql")).read()
schema = re.sub(r"CHECK \((\w+) IN \(([^)]*)\)\)", lambda m: "CHECK (" + " OR ".join(
    f"{m.group(1)} = {v.strip()}" for v in m.group(2).split(",")) + ")", schema)
if variant == "no-email-unique":
    schema = schema.replace("email       TEXT UNIQUE,", "email       TEXT,")
elif variant == "without-rowid":
    for t in ["customers", "conversations", "tickets", "messages"]:
        schema = re.sub(r"(CREATE TABLE %s \((?:.|\n)*?\n\)) STRICT;" % t,
                        r"\1 STRICT, WITHOUT ROWID;", schema)
elif variant != "base":
    sys.exit("unknown variant " + variant)

counter = itertools.count()
def ordered(): return "%012x" % (1700000000000 + next(counter)) + str(uuid.uuid4())[12:]
def v4(): return str(uuid.uuid4())
row_id = v4 if ids == "random" else ordered
ticket_id = ordered if ids == "ordered" else v4

d = tempfile.mkdtemp(prefix="fte-btrees-")
db = sqlite3.connect(os.path.join(d, "fte.db"), isolation_level=None)
db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
db.executescript(schema)
env = ('{"event_id":"%s","type":"ticket.incoming","payload":{"ticket_id":"%s",'
       '"channel":"webform","body":"How do I reset my password? I forgot it."}}')
rows = []
for i in range(n):
    t = ticket_id()
    rows.append((row_id(), row_id(), t, row_id(), t if ids == "fte" else row_id(),
                 f"{random.getrandbits(40):x}@example.com"))
t0 = time.process_time()
for k in range(0, n, 8):
    db.execute("BEGIN")
    for (cu, cv, tk, ms, cmid, em) in rows[k:k + 8]:
        db.execute("SELECT id FROM messages WHERE channel = 'webform' AND channel_message_id = ?",
                   (cmid,)).fetchall()
        db.execute("SELECT customer_id FROM customer_identifiers WHERE type = 'email' AND value = ?",
                   (em,)).fetchall()
        db.execute("INSERT INTO customers(id, name, email, phone, created_at) "
                   "VALUES (?, 'Bench', ?, NULL, 1)", (cu, em))
        db.execute("INSERT INTO customer_identifiers(customer_id, type, value, created_at) "
                   "VALUES (?, 'email', ?, 1) ON CONFLICT(type, value) DO NOTHING", (cu, em))
        db.execute("INSERT INTO conversations(id, customer_id, initial_channel, last_channel, "
                   "thread_id, started_at, last_inbound_at) "
                   "VALUES (?, ?, 'webform', 'webform', NULL, 1, 1)", (cv, cu))
        db.execute("INSERT INTO tickets(id, customer_id, conversation_id, source_channel, subject, "
                   "category, priority, status, created_at, updated_at) VALUES "
                   "(?, ?, ?, 'webform', 'Password', 'technical', 'low', 'received', 1, 1)",
                   (tk, cu, cv))
        db.execute("INSERT INTO messages(id, conversation_id, ticket_id, channel, direction, role, "
                   "content, channel_message_id, created_at) VALUES (?, ?, ?, 'webform', "
                   "'inbound', 'customer', 'How do I reset my password? I forgot it.', ?, 1)",
                   (ms, cv, tk, cmid))
        db.execute("INSERT INTO events(topic, key, envelope, created_at) "
                   "VALUES ('fte.tickets.incoming', ?, ?, 1)", (cu, env % (v4(), tk)))
    db.execute("COMMIT")
cpu = time.process_time() - t0
print(f"variant={variant} ids={ids} intakes={n} sqlite={sqlite3.sqlite_version} "
      f"cpu_us/intake={cpu / n * 1e6:.1f}")
db.close()
for f in os.listdir(d):
    os.remove(os.path.join(d, f))
os.rmdir(d)
