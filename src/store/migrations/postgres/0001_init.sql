-- fte PostgreSQL schema, version 1. The same tables and columns as sqlite/0001_init.sql, with
-- these differences:
--   * times are BIGINT milliseconds since the Unix epoch (UTC), ids TEXT (lower-case UUIDs);
--   * integer row ids are identity columns; tables whose key is text get `pos`, an identity column
--     that orders rows inserted in the same millisecond (SQLite uses its rowid for that);
--   * yes/no columns are BOOLEAN; embeddings are BYTEA (little-endian float32);
--   * "an outbound message needs a ticket" is a CHECK plus the foreign key, not a trigger.
-- Identifier values arrive normalised (lower-case email, E.164 phone) and match exactly.
-- Integrity rules of the constitution (IV) are constraints here, not only code:
--   customer email unique when present; every message references a conversation; every
--   conversation references a customer; a ticket exists before the first agent response;
--   channel message ids are stored and unique per channel (deduplication).

CREATE TABLE customers (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL DEFAULT '',
  email       TEXT UNIQUE,               -- NULL when unknown; unique when present
  phone       TEXT,
  created_at  BIGINT NOT NULL
);

CREATE TABLE customer_identifiers (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  type        TEXT NOT NULL CHECK (type IN ('email', 'phone', 'whatsapp')),
  value       TEXT NOT NULL CHECK (value <> ''),
  created_at  BIGINT NOT NULL,
  UNIQUE (type, value)
);

CREATE TABLE conversations (
  id               TEXT PRIMARY KEY,
  pos              BIGINT GENERATED ALWAYS AS IDENTITY,
  customer_id      TEXT NOT NULL REFERENCES customers(id),
  initial_channel  TEXT NOT NULL CHECK (initial_channel IN ('email', 'whatsapp', 'webform')),
  last_channel     TEXT NOT NULL CHECK (last_channel IN ('email', 'whatsapp', 'webform')),
  channel_switches INTEGER NOT NULL DEFAULT 0,
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  sentiment        DOUBLE PRECISION,     -- 0 (angry) .. 1 (happy); NULL until the agent scored it
  thread_id        TEXT,                 -- Gmail thread id of an email conversation
  started_at       BIGINT NOT NULL,
  last_inbound_at  BIGINT NOT NULL,      -- any channel
  ended_at         BIGINT
);
CREATE INDEX conversations_customer ON conversations(customer_id);
CREATE INDEX conversations_thread ON conversations(thread_id) WHERE thread_id IS NOT NULL;

-- One row per change of channel inside a conversation (e.g. web form, then WhatsApp).
CREATE TABLE channel_switches (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  from_channel    TEXT NOT NULL CHECK (from_channel IN ('email', 'whatsapp', 'webform')),
  to_channel      TEXT NOT NULL CHECK (to_channel IN ('email', 'whatsapp', 'webform')),
  message_id      TEXT NOT NULL,
  created_at      BIGINT NOT NULL
);
CREATE INDEX channel_switches_conversation ON channel_switches(conversation_id);

-- id is the public reference a customer sees (128-bit random UUID allocated by the gateway).
CREATE TABLE tickets (
  id                TEXT PRIMARY KEY,
  pos               BIGINT GENERATED ALWAYS AS IDENTITY,
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
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL,
  first_response_at BIGINT
);
CREATE INDEX tickets_customer ON tickets(customer_id, created_at);
CREATE INDEX tickets_conversation ON tickets(conversation_id);

CREATE TABLE messages (
  id                 TEXT PRIMARY KEY,
  pos                BIGINT GENERATED ALWAYS AS IDENTITY,
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
  latency_ms         BIGINT,
  created_at         BIGINT NOT NULL,
  UNIQUE (channel, channel_message_id),
  -- "Ticket creation MUST precede first agent response": with the foreign key above, an outbound
  -- message can only reference a ticket that exists.
  CONSTRAINT messages_outbound_needs_ticket CHECK (direction = 'inbound' OR ticket_id IS NOT NULL)
);
CREATE INDEX messages_conversation ON messages(conversation_id, created_at);
CREATE INDEX messages_provider ON messages(provider_id) WHERE provider_id IS NOT NULL;

CREATE TABLE knowledge_base (
  id         TEXT PRIMARY KEY,
  pos        BIGINT GENERATED ALWAYS AS IDENTITY,
  title      TEXT NOT NULL,
  content    TEXT NOT NULL,
  category   TEXT NOT NULL DEFAULT '',
  source     TEXT NOT NULL,
  embedding  BYTEA,                      -- little-endian float32 array; NULL when computed in process
  created_at BIGINT NOT NULL
);
CREATE INDEX knowledge_base_source ON knowledge_base(source);

CREATE TABLE escalations (
  id         TEXT PRIMARY KEY,
  pos        BIGINT GENERATED ALWAYS AS IDENTITY,
  ticket_id  TEXT NOT NULL REFERENCES tickets(id),
  reason     TEXT NOT NULL,
  urgency    TEXT NOT NULL DEFAULT 'normal',
  status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'assigned', 'resolved')),
  assignee   TEXT,
  context    TEXT NOT NULL DEFAULT '',   -- sanitised, no PII
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX escalations_status ON escalations(status, created_at);
CREATE INDEX escalations_ticket ON escalations(ticket_id);

-- Consumers' idempotency: an event whose key is here was fully handled.
CREATE TABLE processed_events (
  idempotency_key TEXT PRIMARY KEY,
  processed_at    BIGINT NOT NULL
);

-- Outbound sends: the dedup key is recorded before the provider is called.
CREATE TABLE deliveries (
  dedup_key  TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- The transactional outbox, and the log of the `local` bus. Sequence numbers are assigned under
-- a transaction-scoped advisory lock held until COMMIT (see src/store/postgres/README.md), so a
-- reader never sees seq N+1 committed before seq N.
CREATE TABLE events (
  seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  topic      TEXT NOT NULL,
  key        TEXT NOT NULL DEFAULT '',
  envelope   TEXT NOT NULL,              -- the envelope as JSON
  created_at BIGINT NOT NULL
);
CREATE INDEX events_topic ON events(topic, seq);

-- Consumer positions in `events` (and other cursors, e.g. a Gmail history id).
CREATE TABLE consumer_offsets (
  group_name TEXT NOT NULL,
  topic      TEXT NOT NULL,
  seq        BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (group_name, topic)
);

CREATE TABLE audit_log (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind           TEXT NOT NULL,
  correlation_id TEXT NOT NULL DEFAULT '',
  detail         TEXT NOT NULL DEFAULT '{}',  -- JSON, PII masked by the caller
  created_at     BIGINT NOT NULL
);
CREATE INDEX audit_log_kind ON audit_log(kind, created_at);

-- One vote per ticket; a later vote replaces the earlier one.
CREATE TABLE feedback (
  ticket_id  TEXT PRIMARY KEY REFERENCES tickets(id),
  helpful    BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- One row per agent run (the console reads a ticket's runs: indexed by ticket, unlike SQLite).
CREATE TABLE agent_runs (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id       TEXT NOT NULL REFERENCES tickets(id),
  idempotency_key TEXT NOT NULL,
  engine          TEXT NOT NULL DEFAULT '',
  escalated       BOOLEAN NOT NULL DEFAULT false,
  trace_json      TEXT NOT NULL DEFAULT '{}',  -- PII masked by the agent
  latency_ms      BIGINT NOT NULL DEFAULT 0,
  tokens_in       BIGINT NOT NULL DEFAULT 0,
  tokens_out      BIGINT NOT NULL DEFAULT 0,
  created_at      BIGINT NOT NULL
);
CREATE INDEX agent_runs_ticket ON agent_runs(ticket_id);
