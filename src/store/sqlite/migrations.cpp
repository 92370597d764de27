#include "store/sqlite/migrations.h"

#include <algorithm>
#include <set>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/sql.h"

namespace fte::sqlite {

namespace {

// Mirror of src/store/migrations/sqlite/0001_init.sql (checked byte for byte by a unit test).
constexpr std::string_view k0001Init = R"sql(-- fte SQLite schema, version 1.
-- Times are INTEGER milliseconds since the Unix epoch (UTC). Ids are lower-case UUID text: the
-- store's own rows use time-ordered UUIDv7 (inserts append to the id indexes); ticket ids are the
-- gateway's random UUIDv4 (a public reference must not be guessable).
-- Indexes are few on purpose: each one is a random page write per intake under load.
-- Identifier values arrive normalised (lower-case email, E.164 phone) and match exactly.
-- Integrity rules of the constitution (IV) are constraints here, not only code:
--   customer email unique when present; every message references a conversation; every
--   conversation references a customer; a ticket exists before the first agent response
--   (trigger below); channel message ids are stored and unique per channel (deduplication).

CREATE TABLE customers (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL DEFAULT '',
  email       TEXT UNIQUE,               -- NULL when unknown; unique when present
  phone       TEXT,
  created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE customer_identifiers (
  id          INTEGER PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  type        TEXT NOT NULL CHECK (type IN ('email', 'phone', 'whatsapp')),
  value       TEXT NOT NULL CHECK (value <> ''),
  created_at  INTEGER NOT NULL,
  UNIQUE (type, value)
) STRICT;

CREATE TABLE conversations (
  id               TEXT PRIMARY KEY,
  customer_id      TEXT NOT NULL REFERENCES customers(id),
  initial_channel  TEXT NOT NULL CHECK (initial_channel IN ('email', 'whatsapp', 'webform')),
  last_channel     TEXT NOT NULL CHECK (last_channel IN ('email', 'whatsapp', 'webform')),
  channel_switches INTEGER NOT NULL DEFAULT 0,
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  sentiment        REAL,                 -- 0 (angry) .. 1 (happy); NULL until the agent scored it
  thread_id        TEXT,                 -- Gmail thread id of an email conversation
  started_at       INTEGER NOT NULL,
  last_inbound_at  INTEGER NOT NULL,     -- any channel
  ended_at         INTEGER
) STRICT;
CREATE INDEX conversations_customer ON conversations(customer_id);
CREATE INDEX conversations_thread ON conversations(thread_id) WHERE thread_id IS NOT NULL;

-- One row per change of channel inside a conversation (e.g. web form, then WhatsApp).
CREATE TABLE channel_switches (
  id              INTEGER PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  from_channel    TEXT NOT NULL CHECK (from_channel IN ('email', 'whatsapp', 'webform')),
  to_channel      TEXT NOT NULL CHECK (to_channel IN ('email', 'whatsapp', 'webform')),
  message_id      TEXT NOT NULL,
  created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX channel_switches_conversation ON channel_switches(conversation_id);

-- id is the public reference a customer sees (128-bit random UUID allocated by the gateway).
CREATE TABLE tickets (
  id                TEXT PRIMARY KEY,
  customer_id       TEXT NOT NULL REFERENCES customers(id),
  conversation_id   TEXT NOT NULL REFERENCES conversations(id),
  source_channel    TEXT NOT NULL CHECK (source_channel IN ('email', 'whatsapp', 'webform')),
  subject           TEXT NOT NULL DEFAULT '',
  category          TEXT NOT NULL DEFAULT '',
  priority          TEXT NOT NULL DEFAULT 'medium',
  status            TEXT NOT NULL DEFAULT 'received'
                    CHECK (status IN ('received', 'open', 'responded', 'escalated',
                                      'resolved', 'closed')),
  escalation_reason TEXT,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  first_response_at INTEGER
) STRICT;
CREATE INDEX tickets_customer ON tickets(customer_id, created_at);
CREATE INDEX tickets_conversation ON tickets(conversation_id);

CREATE TABLE messages (
  id                 TEXT PRIMARY KEY,
  conversation_id    TEXT NOT NULL REFERENCES conversations(id),
  ticket_id          TEXT REFERENCES tickets(id),
  channel            TEXT NOT NULL CHECK (channel IN ('email', 'whatsapp', 'webform')),
  direction          TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  role               TEXT NOT NULL CHECK (role IN ('customer', 'agent', 'human', 'system')),
  content            TEXT NOT NULL,
  raw_content        TEXT,               -- as received, when it differs (quoted text kept)
  attachments        TEXT,               -- JSON array of {filename, content_type, size, text}
  channel_message_id TEXT,               -- Gmail message id, Twilio MessageSid, form submission id
  delivery_status    TEXT,               -- outbound: pending|queued|sent|delivered|read|failed|...
  provider_id        TEXT,               -- provider's id of a sent message (e.g. Twilio SID)
  tokens             INTEGER,
  latency_ms         INTEGER,
  created_at         INTEGER NOT NULL,
  UNIQUE (channel, channel_message_id)
) STRICT;
CREATE INDEX messages_conversation ON messages(conversation_id, created_at);
CREATE INDEX messages_provider ON messages(provider_id) WHERE provider_id IS NOT NULL;

-- "Ticket creation MUST precede first agent response."
CREATE TRIGGER messages_outbound_needs_ticket BEFORE INSERT ON messages
WHEN NEW.direction = 'outbound'
 AND (NEW.ticket_id IS NULL OR NOT EXISTS (SELECT 1 FROM tickets WHERE id = NEW.ticket_id))
BEGIN
  SELECT RAISE(ABORT, 'ticket_before_response: an outbound message needs an existing ticket');
END;
CREATE TRIGGER messages_outbound_keeps_ticket BEFORE UPDATE OF ticket_id, direction ON messages
WHEN NEW.direction = 'outbound'
 AND (NEW.ticket_id IS NULL OR NOT EXISTS (SELECT 1 FROM tickets WHERE id = NEW.ticket_id))
BEGIN
  SELECT RAISE(ABORT, 'ticket_before_response: an outbound message needs an existing ticket');
END;

CREATE TABLE knowledge_base (
  id         TEXT PRIMARY KEY,
  title      TEXT NOT NULL,
  content    TEXT NOT NULL,
  category   TEXT NOT NULL DEFAULT '',
  source     TEXT NOT NULL,
  embedding  BLOB,                       -- native float32 array; NULL when computed in process
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX knowledge_base_source ON knowledge_base(source);

CREATE TABLE escalations (
  id         TEXT PRIMARY KEY,
  ticket_id  TEXT NOT NULL REFERENCES tickets(id),
  reason     TEXT NOT NULL,
  urgency    TEXT NOT NULL DEFAULT 'normal',
  status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'assigned', 'resolved')),
  assignee   TEXT,
  context    TEXT NOT NULL DEFAULT '',   -- sanitised, no PII
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX escalations_status ON escalations(status, created_at);
CREATE INDEX escalations_ticket ON escalations(ticket_id);

-- Consumers' idempotency: an event whose key is here was fully handled.
CREATE TABLE processed_events (
  idempotency_key TEXT PRIMARY KEY,
  processed_at    INTEGER NOT NULL
) STRICT;

-- Outbound sends: the dedup key is recorded before the provider is called.
CREATE TABLE deliveries (
  dedup_key  TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- The transactional outbox, and the log of the `local` bus.
CREATE TABLE events (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  topic      TEXT NOT NULL,
  key        TEXT NOT NULL DEFAULT '',
  envelope   TEXT NOT NULL,              -- the envelope as JSON
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX events_topic ON events(topic, seq);

-- Consumer positions in `events` (and other cursors, e.g. a Gmail history id).
CREATE TABLE consumer_offsets (
  group_name TEXT NOT NULL,
  topic      TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (group_name, topic)
) STRICT;

CREATE TABLE audit_log (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL,
  correlation_id TEXT NOT NULL DEFAULT '',
  detail         TEXT NOT NULL DEFAULT '{}',  -- JSON, PII masked by the caller
  created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX audit_log_kind ON audit_log(kind, created_at);

-- One vote per ticket; a later vote replaces the earlier one.
CREATE TABLE feedback (
  ticket_id  TEXT PRIMARY KEY REFERENCES tickets(id),
  helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- One row per agent run (no index: read for audits and offline analysis, written per ticket).
CREATE TABLE agent_runs (
  id              INTEGER PRIMARY KEY,
  ticket_id       TEXT NOT NULL REFERENCES tickets(id),
  idempotency_key TEXT NOT NULL,
  engine          TEXT NOT NULL DEFAULT '',
  escalated       INTEGER NOT NULL DEFAULT 0,
  trace_json      TEXT NOT NULL DEFAULT '{}',  -- PII masked by the agent
  latency_ms      INTEGER NOT NULL DEFAULT 0,
  tokens_in       INTEGER NOT NULL DEFAULT 0,
  tokens_out      INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL
) STRICT;
)sql";

// Mirror of src/store/migrations/sqlite/0003_relay_and_limits.sql.
constexpr std::string_view k0003RelayAndLimits = R"sql(-- fte SQLite schema, version 3: one outbox relay per store, event retention, shared limits.

-- Leases: one row per job that exactly one process may do at a time (the outbox relay, the event
-- pruner). `epoch` grows by one at every change of holder (fencing token); expires_at in ms.
CREATE TABLE IF NOT EXISTS leases (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  epoch      INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;

-- Fixed-window counters shared by every process on the store: per-client form submissions, per-
-- customer throttles, the LLM spend of the day (micro-USD). Rows past expires_at are deleted.
CREATE TABLE IF NOT EXISTS shared_counters (
  key          TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  total        INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
) STRICT;
)sql";

// Mirror of src/store/migrations/sqlite/0004_embedding_cache.sql (same test).
constexpr std::string_view k0004EmbeddingCache = R"sql(-- fte SQLite schema, version 4: model embeddings of knowledge texts by content key, so that an
-- unchanged knowledge base is not sent to the embeddings model again (src/kb/text_embedder.h).
CREATE TABLE embedding_cache (
  model       TEXT NOT NULL,
  content_key TEXT NOT NULL,              -- kb::content_key of the embedded text
  embedding   BLOB NOT NULL,              -- native float32 array, L2-normalised
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (model, content_key)
) STRICT, WITHOUT ROWID;
)sql";

// Mirror of src/store/migrations/sqlite/0005_check_equalities.sql (same test).
constexpr std::string_view k0005CheckEqualities = R"sql(-- fte SQLite schema, version 5: the same CHECK constraints, written `col = 'a' OR col = 'b'`
-- instead of `col IN ('a', 'b')`. SQLite checks an IN list of constants by building a temporary
-- B-tree of the list at every INSERT or UPDATE (about ten per intake); the equalities are plain
-- comparisons. Nothing on disk depends on a CHECK constraint's text, so the tables' definitions
-- are edited in place (SQLite's documented procedure for such changes: writable_schema, then a
-- new schema cookie, here by a DDL statement), without copying a row. Allowed values unchanged.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (type IN (''email'', ''phone'', ''whatsapp''))',
    'CHECK (type = ''email'' OR type = ''phone'' OR type = ''whatsapp'')')
  WHERE type = 'table' AND name = 'customer_identifiers';
UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
    'CHECK (initial_channel IN (''email'', ''whatsapp'', ''webform''))',
    'CHECK (initial_channel = ''email'' OR initial_channel = ''whatsapp'' OR initial_channel = ''webform'')'),
    'CHECK (last_channel IN (''email'', ''whatsapp'', ''webform''))',
    'CHECK (last_channel = ''email'' OR last_channel = ''whatsapp'' OR last_channel = ''webform'')'),
    'CHECK (status IN (''open'', ''closed''))',
    'CHECK (status = ''open'' OR status = ''closed'')')
  WHERE type = 'table' AND name = 'conversations';
UPDATE sqlite_schema SET sql = replace(replace(sql,
    'CHECK (from_channel IN (''email'', ''whatsapp'', ''webform''))',
    'CHECK (from_channel = ''email'' OR from_channel = ''whatsapp'' OR from_channel = ''webform'')'),
    'CHECK (to_channel IN (''email'', ''whatsapp'', ''webform''))',
    'CHECK (to_channel = ''email'' OR to_channel = ''whatsapp'' OR to_channel = ''webform'')')
  WHERE type = 'table' AND name = 'channel_switches';
UPDATE sqlite_schema SET sql = replace(replace(sql,
    'CHECK (source_channel IN (''email'', ''whatsapp'', ''webform''))',
    'CHECK (source_channel = ''email'' OR source_channel = ''whatsapp'' OR source_channel = ''webform'')'),
    'CHECK (status IN (''received'', ''open'', ''responded'', ''escalated'',
                                      ''resolved'', ''closed''))',
    'CHECK (status = ''received'' OR status = ''open'' OR status = ''responded'' OR status = ''escalated'' OR status = ''resolved'' OR status = ''closed'')')
  WHERE type = 'table' AND name = 'tickets';
UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
    'CHECK (channel IN (''email'', ''whatsapp'', ''webform''))',
    'CHECK (channel = ''email'' OR channel = ''whatsapp'' OR channel = ''webform'')'),
    'CHECK (direction IN (''inbound'', ''outbound''))',
    'CHECK (direction = ''inbound'' OR direction = ''outbound'')'),
    'CHECK (role IN (''customer'', ''agent'', ''human'', ''system''))',
    'CHECK (role = ''customer'' OR role = ''agent'' OR role = ''human'' OR role = ''system'')')
  WHERE type = 'table' AND name = 'messages';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (status IN (''open'', ''assigned'', ''resolved''))',
    'CHECK (status = ''open'' OR status = ''assigned'' OR status = ''resolved'')')
  WHERE type = 'table' AND name = 'escalations';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (helpful IN (0, 1))',
    'CHECK (helpful = 0 OR helpful = 1)')
  WHERE type = 'table' AND name = 'feedback';
PRAGMA writable_schema = OFF;
-- A schema change of its own, so that every connection (any process) reads the edited definitions.
CREATE TABLE fte_schema_reload (x INTEGER);
DROP TABLE fte_schema_reload;
)sql";

// Mirror of src/store/migrations/sqlite/0006_customer_email_by_identifier.sql.
constexpr std::string_view k0006CustomerEmailByIdentifier = R"sql(-- fte SQLite schema, version 6: customers.email without its own UNIQUE index.
-- The constitution's "customer email unique when present" is kept by the unique
-- customer_identifiers(type, value): every customers.email is written together with its 'email'
-- identifier (the store conformance test EveryCustomerEmailIsAnIdentifierOfThatCustomer), and rows
-- of older databases get theirs here. The UNIQUE was a second B-tree keyed by a random value: a
-- random page write per new customer. A table rebuild: the migration runner runs this file with
-- foreign keys off and commits only when PRAGMA foreign_key_check finds nothing.
INSERT OR IGNORE INTO customer_identifiers(customer_id, type, value, created_at)
  SELECT id, 'email', email, created_at FROM customers WHERE email IS NOT NULL AND email <> '';
CREATE TABLE customers_new (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL DEFAULT '',
  email       TEXT,                      -- NULL when unknown; unique through customer_identifiers
  phone       TEXT,
  created_at  INTEGER NOT NULL
) STRICT;
INSERT INTO customers_new(id, name, email, phone, created_at)
  SELECT id, name, email, phone, created_at FROM customers;
DROP TABLE customers;
ALTER TABLE customers_new RENAME TO customers;
)sql";

// Mirror of src/store/migrations/sqlite/0007_outbound_ticket_check.sql.
constexpr std::string_view k0007OutboundTicketCheck = R"sql(-- fte SQLite schema, version 7: "an outbound message needs an existing ticket" as a CHECK plus the
-- foreign key on messages.ticket_id (as PostgreSQL's 0001 has it), instead of two triggers. A
-- table with a BEFORE trigger makes SQLite run every INSERT into it inside a statement journal
-- (a copy of each page the statement touches), the largest cost of an intake's message insert.
-- The foreign key already refuses a ticket_id that names no ticket (every store connection runs
-- with foreign_keys on), so the triggers' remaining case is a NULL ticket_id, which the named
-- CHECK refuses. Rows already stored satisfy it (the triggers refused the others since 0001),
-- so the table's definition is edited in place as in 0005, without copying a row.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
    '  UNIQUE (channel, channel_message_id)
) STRICT',
    '  UNIQUE (channel, channel_message_id),
  CONSTRAINT ticket_before_response CHECK (direction = ''inbound'' OR ticket_id IS NOT NULL)
) STRICT')
  WHERE type = 'table' AND name = 'messages';
PRAGMA writable_schema = OFF;
-- Refuse (integer overflow: the migration's transaction rolls back) rather than drop the triggers
-- when the definition did not have the text replaced above.
SELECT CASE WHEN (SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'messages')
                 LIKE '%CONSTRAINT ticket_before_response CHECK%'
            THEN 0 ELSE abs(-9223372036854775808) END;
DROP TRIGGER messages_outbound_needs_ticket;
DROP TRIGGER messages_outbound_keeps_ticket;
)sql";

constexpr std::string_view k0008KeyedTablesWithoutRowid = R"sql(-- fte SQLite schema, version 8: the three tables looked up only by their text key —
-- processed_events, deliveries, consumer_offsets — WITHOUT ROWID. A rowid table with a TEXT
-- PRIMARY KEY is two B-trees (the rows by rowid, and the key's index pointing at them): every
-- agent outcome wrote a page of each for its idempotency mark, and every reply's delivery two of
-- each for its claim and its finish. Keyed by the text itself the row lives in one B-tree (one
-- page per insert fewer in the WAL, one B-tree insert instead of two). Nothing reads their rowid.
-- Same columns, constraints and rows; the tables are rebuilt (no foreign key names them).
CREATE TABLE processed_events_new (
  idempotency_key TEXT PRIMARY KEY,
  processed_at    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO processed_events_new(idempotency_key, processed_at)
  SELECT idempotency_key, processed_at FROM processed_events;
DROP TABLE processed_events;
ALTER TABLE processed_events_new RENAME TO processed_events;

CREATE TABLE deliveries_new (
  dedup_key  TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO deliveries_new(dedup_key, message_id, created_at)
  SELECT dedup_key, message_id, created_at FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;

CREATE TABLE consumer_offsets_new (
  group_name TEXT NOT NULL,
  topic      TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (group_name, topic)
) STRICT, WITHOUT ROWID;
INSERT INTO consumer_offsets_new(group_name, topic, seq, updated_at)
  SELECT group_name, topic, seq, updated_at FROM consumer_offsets;
DROP TABLE consumer_offsets;
ALTER TABLE consumer_offsets_new RENAME TO consumer_offsets;
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "0001_init.sql", k0001Init},
      {3, "0003_relay_and_limits.sql", k0003RelayAndLimits},
      {4, "0004_embedding_cache.sql", k0004EmbeddingCache},
      {5, "0005_check_equalities.sql", k0005CheckEqualities},
      {6, "0006_customer_email_by_identifier.sql", k0006CustomerEmailByIdentifier, true},
      {7, "0007_outbound_ticket_check.sql", k0007OutboundTicketCheck},
      {8, "0008_keyed_tables_without_rowid.sql", k0008KeyedTablesWithoutRowid},
  };
  return all;
}

int apply_migrations(Connection& c) {
  // A migration that rebuilds a table runs with foreign keys off (the only way SQLite lets a
  // referenced table be dropped and recreated), which a connection can switch only outside a
  // transaction: the migrations before it commit first, then a second transaction runs it and the
  // rest, and commits only when foreign_key_check finds no dangling reference.
  bool foreign_keys_off = false;
  auto keys_back_on = [&] {
    if (foreign_keys_off) c.exec("PRAGMA foreign_keys = ON");
    foreign_keys_off = false;
  };
  try {
    for (;;) {
      c.prepare(sql::kBeginImmediate).run();
      int current = 0;
      bool needs_keys_off = false;
      try {
        c.prepare(sql::kCreateSchemaMigrations).run();
        current = static_cast<int>(c.prepare(sql::kSchemaVersion).first_int().value_or(0));
        int newest = migrations().back().version;
        if (current > newest)
          throw Error(ErrorKind::unavailable,
                      "the database schema is version " + std::to_string(current) +
                          ", newer than this binary (" + std::to_string(newest) + ")");
        // Each migration not yet recorded runs once, in version order (a version numbered below
        // the newest applied one, e.g. after branches merged, still runs). Re-read in every
        // transaction: another process may have migrated in between.
        std::set<std::int64_t> applied;
        {
          auto st = c.prepare(sql::kAppliedVersions);
          while (st.step()) applied.insert(st.i64(0));
        }
        for (const auto& m : migrations()) {
          if (applied.count(m.version)) continue;
          if (m.rebuilds_tables && !foreign_keys_off) {
            needs_keys_off = true;
            break;
          }
          c.exec(std::string(m.sql));
          c.prepare(sql::kRecordMigration).bind(m.version, m.name, now_ms()).run();
          current = std::max(current, m.version);
        }
        if (foreign_keys_off && c.prepare("PRAGMA foreign_key_check").step())
          throw Error(ErrorKind::internal, "a table rebuild left a dangling foreign key");
        c.prepare(sql::kCommit).run();
      } catch (...) {
        if (c.in_transaction()) c.prepare(sql::kRollback).run();
        throw;
      }
      if (!needs_keys_off) {
        keys_back_on();
        return current;
      }
      c.exec("PRAGMA foreign_keys = OFF");
      foreign_keys_off = true;
    }
  } catch (const Error& e) {
    keys_back_on();
    if (e.kind() == ErrorKind::unavailable) throw;
    throw Error(ErrorKind::unavailable, std::string("schema migration failed: ") + e.what());
  } catch (...) {
    keys_back_on();
    throw;
  }
}

}  // namespace fte::sqlite
