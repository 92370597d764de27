#include "store/postgres/migrations.h"

#include <algorithm>
#include <set>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "ops/log.h"
#include "store/postgres/pq.h"
#include "store/postgres/sql.h"

namespace fte::pg {
namespace {

// Mirror of src/store/migrations/postgres/0001_init.sql (checked byte for byte by a unit test).
constexpr std::string_view k0001Init =
    R"sql(-- fte PostgreSQL schema, version 1. The same tables and columns as sqlite/0001_init.sql, with
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
)sql";


// Mirror of src/store/migrations/postgres/0002_intake_function.sql (same test).
constexpr std::string_view k0002IntakeFunction =
    R"sql(-- fte PostgreSQL schema, version 2: the intake and the event append as server-side functions, so
-- that a group-commit batch of intakes costs one round trip instead of ~14 per intake (see
-- src/store/postgres/README.md, "Intake: one server call per batch"). No table changes.

-- fte_ingest(items, now): the intake of src/store/store.h for each element of `items` (a JSON
-- array, in order), with the rules of the statement-by-statement version it replaces: identity →
-- customer (identity advisory locks when creating or linking), conversation, ticket, message
-- (deduplicated on (channel, channel_message_id)). Each element runs in its own subtransaction, so
-- a failing one rolls back alone and is reported in its row; one that lost a create race to another
-- process (unique violation on an identity or channel-message constraint) runs again, up to 3 runs,
-- and finds the winner's row. Transient errors (serialization failure, deadlock, lost connection,
-- shutdown) are raised: the caller runs its whole transaction again. Later elements see earlier
-- ones (one transaction): a channel message id twice in one call is a duplicate the second time.
--
-- An element (JSON object; the caller normalises identities and allocates ids):
--   ch        channel: email | whatsapp | webform
--   cmid      channel message id, or null (no deduplication)
--   bad       true: the caller refused this element (its identity); only deduplicated, then
--             reported as status 'invalid' (a duplicate stays a duplicate, as before)
--   email     normalised email, or null;  phone: E.164 number, or null
--   ptype     identifier type of the phone: 'whatsapp' on WhatsApp, else 'phone'
--   keys      identity advisory-lock keys (bigint, the FNV-1a keys of ingest.cpp)
--   name, subject, category, priority, body: text ('' when empty; priority already defaulted)
--   thread    Gmail thread id of an email, or null
--   raw       raw body or null;  att: attachments JSON or null
--   at        received at (ms);  corr: correlation id ('' when none)
--   customer, conversation, message, ticket: ids to use for rows this element creates
--   fp        fingerprint of the phone for the identity-conflict audit row, or null
-- A result row per element: r_n (0-based index), r_status ('new' | 'duplicate' | 'invalid' |
-- 'error'), the ids, r_other_customer_id (set when email and phone belonged to different
-- customers: the email's won, an audit row was written), r_runs, and for 'error' the SQLSTATE,
-- constraint name and primary message (never DETAIL, which carries row values).
CREATE FUNCTION fte_ingest(p_items jsonb, p_now bigint)
RETURNS TABLE (r_n integer, r_status text, r_message_id text, r_conversation_id text,
               r_ticket_id text, r_customer_id text, r_other_customer_id text, r_runs integer,
               r_sqlstate text, r_constraint text, r_error text)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  v_item jsonb;
  v_ch text; v_cmid text; v_email text; v_phone text; v_ptype text; v_thread text;
  v_at bigint;
  v_by_email text; v_by_phone text; v_found_ptype text; v_phone_known boolean;
  v_customer text; v_created boolean; v_link_phone boolean;
  v_conv text; v_last_ch text; v_conv_created boolean;
  v_ticket text; v_tstatus text;
  v_state text; v_constraint text; v_error text;
BEGIN
  FOR r_n, v_item IN
    SELECT (x.n - 1)::integer, x.e FROM jsonb_array_elements(p_items) WITH ORDINALITY AS x(e, n)
    ORDER BY x.n
  LOOP
    r_runs := 0;
    LOOP
      r_runs := r_runs + 1;
      r_status := NULL; r_message_id := NULL; r_conversation_id := NULL; r_ticket_id := NULL;
      r_customer_id := NULL; r_other_customer_id := NULL;
      r_sqlstate := NULL; r_constraint := NULL; r_error := NULL;
      BEGIN
        v_ch := v_item->>'ch';
        v_cmid := v_item->>'cmid';
        -- Deduplication first: a duplicate writes nothing and returns the first one's ids.
        IF v_cmid IS NOT NULL THEN
          SELECT m.id, m.conversation_id, m.ticket_id, c.customer_id
            INTO r_message_id, r_conversation_id, r_ticket_id, r_customer_id
            FROM messages m JOIN conversations c ON c.id = m.conversation_id
           WHERE m.channel = v_ch AND m.channel_message_id = v_cmid;
          IF FOUND THEN
            r_status := 'duplicate';
            EXIT;
          END IF;
        END IF;
        IF (v_item->>'bad')::boolean IS TRUE THEN
          r_status := 'invalid';
          EXIT;
        END IF;
        v_email := v_item->>'email';
        v_phone := v_item->>'phone';
        v_ptype := v_item->>'ptype';
        v_thread := v_item->>'thread';
        v_at := (v_item->>'at')::bigint;

        -- Customer. Optimistic first: a known customer whose identifiers are all recorded needs no
        -- lock; otherwise take the identity locks (held to COMMIT) and look up again, so that two
        -- processes creating or linking the same identity run one after the other.
        FOR pass IN 1..2 LOOP
          v_by_email := NULL; v_by_phone := NULL; v_found_ptype := NULL;
          IF v_email IS NOT NULL THEN
            SELECT i.customer_id INTO v_by_email FROM customer_identifiers i
             WHERE i.type = 'email' AND i.value = v_email;
          END IF;
          IF v_phone IS NOT NULL THEN
            SELECT i.customer_id, i.type INTO v_by_phone, v_found_ptype FROM customer_identifiers i
             WHERE i.type IN ('phone', 'whatsapp') AND i.value = v_phone
             ORDER BY (i.type = v_ptype) DESC, i.id LIMIT 1;
          END IF;
          v_phone_known := COALESCE(v_found_ptype = v_ptype, false);
          EXIT WHEN pass = 2
            OR ((v_email IS NULL OR v_by_email IS NOT NULL) AND (v_phone IS NULL OR v_phone_known)
                AND (v_by_email IS NULL OR v_by_phone IS NULL OR v_by_email = v_by_phone));
          PERFORM count(pg_advisory_xact_lock(k.k))
             FROM (SELECT (jsonb_array_elements_text(v_item->'keys'))::bigint AS k ORDER BY 1) k;
        END LOOP;

        v_created := false;
        IF v_by_email IS NULL AND v_by_phone IS NULL THEN
          -- A new customer. Its identifiers are inserted without ON CONFLICT: a concurrent creator
          -- makes this fail (unique violation), and the element runs again and finds it.
          v_customer := v_item->>'customer';
          v_created := true;
          INSERT INTO customers(id, name, email, phone, created_at)
          VALUES (v_customer, v_item->>'name', v_email, v_phone, p_now);
          IF v_email IS NOT NULL THEN
            INSERT INTO customer_identifiers(customer_id, type, value, created_at)
            VALUES (v_customer, 'email', v_email, p_now);
          END IF;
          IF v_phone IS NOT NULL THEN
            INSERT INTO customer_identifiers(customer_id, type, value, created_at)
            VALUES (v_customer, v_ptype, v_phone, p_now);
          END IF;
        ELSE
          v_link_phone := v_phone IS NOT NULL AND NOT v_phone_known;
          IF v_by_email IS NOT NULL AND v_by_phone IS NOT NULL AND v_by_email <> v_by_phone THEN
            -- Never merge silently: the email's customer wins this message; the number stays with
            -- the customer that has it, and the audit trail lets a human merge later.
            v_customer := v_by_email;
            v_link_phone := false;
            r_other_customer_id := v_by_phone;
            INSERT INTO audit_log(kind, correlation_id, detail, created_at)
            VALUES ('identity_conflict', COALESCE(v_item->>'corr', ''),
                    '{"customer_id":' || to_json(v_by_email)::text ||
                    ',"other_customer_id":' || to_json(v_by_phone)::text ||
                    ',"identifier_type":"phone","identifier_fingerprint":' ||
                    to_json(COALESCE(v_item->>'fp', ''))::text ||
                    ',"channel":' || to_json(v_ch)::text ||
                    ',"resolution":"email_customer_preferred"}',
                    p_now);
          ELSE
            v_customer := COALESCE(v_by_email, v_by_phone);
          END IF;
          IF v_email IS NOT NULL AND v_by_email IS NULL THEN
            INSERT INTO customer_identifiers(customer_id, type, value, created_at)
            VALUES (v_customer, 'email', v_email, p_now) ON CONFLICT (type, value) DO NOTHING;
            UPDATE customers SET email = v_email WHERE id = v_customer AND email IS NULL;
          END IF;
          IF v_link_phone THEN
            INSERT INTO customer_identifiers(customer_id, type, value, created_at)
            VALUES (v_customer, v_ptype, v_phone, p_now) ON CONFLICT (type, value) DO NOTHING;
            UPDATE customers SET phone = v_phone WHERE id = v_customer AND phone IS NULL;
          END IF;
          IF v_item->>'name' <> '' THEN
            UPDATE customers SET name = v_item->>'name' WHERE id = v_customer AND name = '';
          END IF;
        END IF;

        -- Conversation. Email continues its Gmail thread. Otherwise the customer's most recent
        -- open conversation active within 24 h continues, on any channel, recording a channel
        -- switch, except that a new mail thread does not join another mail thread's conversation.
        v_conv := NULL;
        v_last_ch := NULL;
        IF NOT v_created AND v_thread IS NOT NULL THEN
          SELECT c.id, c.last_channel INTO v_conv, v_last_ch FROM conversations c
           WHERE c.customer_id = v_customer AND c.thread_id = v_thread
           ORDER BY c.last_inbound_at DESC, c.pos DESC LIMIT 1;
        END IF;
        IF v_conv IS NULL AND NOT v_created THEN
          IF v_thread IS NULL THEN
            SELECT c.id, c.last_channel INTO v_conv, v_last_ch FROM conversations c
             WHERE c.customer_id = v_customer AND c.status = 'open'
               AND c.last_inbound_at >= v_at - 86400000
             ORDER BY c.last_inbound_at DESC, c.pos DESC LIMIT 1;
          ELSE
            SELECT c.id, c.last_channel INTO v_conv, v_last_ch FROM conversations c
             WHERE c.customer_id = v_customer AND c.status = 'open'
               AND c.last_inbound_at >= v_at - 86400000 AND c.thread_id IS NULL
             ORDER BY c.last_inbound_at DESC, c.pos DESC LIMIT 1;
          END IF;
        END IF;
        v_conv_created := v_conv IS NULL;
        IF v_conv_created THEN
          v_conv := v_item->>'conversation';
          INSERT INTO conversations(id, customer_id, initial_channel, last_channel, thread_id,
                                    started_at, last_inbound_at)
          VALUES (v_conv, v_customer, v_ch, v_ch, v_thread, v_at, v_at);
        ELSE
          UPDATE conversations
             SET channel_switches = channel_switches + (CASE WHEN last_channel <> v_ch THEN 1 ELSE 0 END),
                 last_channel = v_ch, last_inbound_at = GREATEST(last_inbound_at, v_at),
                 thread_id = COALESCE(thread_id, v_thread)
           WHERE id = v_conv;
          IF v_last_ch <> v_ch THEN
            INSERT INTO channel_switches(conversation_id, from_channel, to_channel, message_id,
                                         created_at)
            VALUES (v_conv, v_last_ch, v_ch, v_item->>'message', v_at);
          END IF;
        END IF;

        -- Ticket: joins the conversation's ticket that is still being worked on (a web form is
        -- always a new request), reopening a responded one; else creates the element's ticket.
        v_ticket := NULL;
        IF NOT v_conv_created AND v_ch <> 'webform' THEN
          SELECT t.id, t.status INTO v_ticket, v_tstatus FROM tickets t
           WHERE t.conversation_id = v_conv AND t.status IN ('received', 'open', 'responded')
           ORDER BY t.created_at DESC, t.pos DESC LIMIT 1;
          IF v_ticket IS NOT NULL AND v_tstatus = 'responded' THEN
            UPDATE tickets SET status = 'open', updated_at = p_now
             WHERE id = v_ticket AND status = 'responded';
          END IF;
        END IF;
        IF v_ticket IS NULL THEN
          v_ticket := v_item->>'ticket';
          INSERT INTO tickets(id, customer_id, conversation_id, source_channel, subject, category,
                              priority, status, created_at, updated_at)
          VALUES (v_ticket, v_customer, v_conv, v_ch, v_item->>'subject', v_item->>'category',
                  v_item->>'priority', 'received', v_at, p_now);
        END IF;

        INSERT INTO messages(id, conversation_id, ticket_id, channel, direction, role, content,
                             raw_content, attachments, channel_message_id, created_at)
        VALUES (v_item->>'message', v_conv, v_ticket, v_ch, 'inbound', 'customer',
                v_item->>'body', v_item->>'raw', v_item->>'att', v_cmid, v_at);

        r_status := 'new';
        r_message_id := v_item->>'message';
        r_conversation_id := v_conv;
        r_ticket_id := v_ticket;
        r_customer_id := v_customer;
        EXIT;
      EXCEPTION WHEN OTHERS THEN
        -- (A statement timeout, 57014, is not caught by OTHERS: it cancels the whole call.)
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_constraint = CONSTRAINT_NAME,
                                v_error = MESSAGE_TEXT;
        IF v_state IN ('40001', '40P01', '57P01', '57P02', '57P03') OR v_state LIKE '08%' THEN
          RAISE;
        END IF;
        IF v_state = '23505' AND r_runs < 3 AND v_constraint IN
           ('customers_email_key', 'customer_identifiers_type_value_key',
            'messages_channel_channel_message_id_key') THEN
          CONTINUE;
        END IF;
        r_status := 'error';
        r_message_id := NULL; r_conversation_id := NULL; r_ticket_id := NULL;
        r_customer_id := NULL; r_other_customer_id := NULL;
        r_sqlstate := v_state;
        r_constraint := NULLIF(v_constraint, '');
        r_error := v_error;
        EXIT;
      END;
    END LOOP;
    RETURN NEXT;
  END LOOP;
END
$fn$;

-- fte_append_events(events, now, instance): appends the outbox events of a batch, in order, and
-- returns their seq. It takes the event-log lock first (held to COMMIT: appenders of all
-- processes commit their events one at a time, in seq order, README "Event sequence numbers") and
-- sends the wake-up NOTIFY with the appending store's instance id. One round trip where the
-- statement-by-statement version took three. `events` is a JSON array of [topic, key, envelope].
CREATE FUNCTION fte_append_events(p_events json, p_now bigint, p_instance text)
RETURNS SETOF bigint
LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  PERFORM pg_advisory_xact_lock(7308471164);
  RETURN QUERY
    WITH ins AS (
      INSERT INTO events(topic, key, envelope, created_at)
      SELECT e->>0, e->>1, e->>2, p_now FROM json_array_elements(p_events) WITH ORDINALITY AS x(e, n)
      ORDER BY n RETURNING seq)
    SELECT ins.seq FROM ins;
  PERFORM pg_notify('fte_events', p_instance);
END
$fn$;
)sql";

// Mirror of src/store/migrations/postgres/0004_relay_and_limits.sql.
constexpr std::string_view k0004RelayAndLimits = R"sql(-- fte PostgreSQL schema, version 4: one outbox relay per store, event retention, shared limits.

-- The server's clock in ms since the epoch: lease expiry is decided by the server alone.
CREATE OR REPLACE FUNCTION fte_now_ms() RETURNS bigint LANGUAGE sql VOLATILE AS
$$ SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint $$;

-- Leases: one row per job that exactly one process may do at a time (the outbox relay, the event
-- pruner). `epoch` grows by one at every change of holder (fencing token). expires_at is ms on the
-- server's clock (the processes' clocks never decide who holds a lease).
CREATE TABLE IF NOT EXISTS leases (
  name       text PRIMARY KEY,
  holder     text NOT NULL,
  epoch      bigint NOT NULL,
  expires_at bigint NOT NULL
);

-- Fixed-window counters shared by every process: durable ones (the LLM spend of the day, in
-- micro-USD) here, rate-limit windows in the UNLOGGED table below (no WAL write on the form's hot
-- path; a server crash empties it, which only restarts the current windows).
CREATE TABLE IF NOT EXISTS shared_counters (
  key          text NOT NULL,
  window_start bigint NOT NULL,
  total        bigint NOT NULL,
  expires_at   bigint NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE UNLOGGED TABLE IF NOT EXISTS rate_counters (
  key          text NOT NULL,
  window_start bigint NOT NULL,
  total        bigint NOT NULL,
  expires_at   bigint NOT NULL,
  PRIMARY KEY (key, window_start)
);
)sql";

// Mirror of src/store/migrations/postgres/0005_embedding_cache.sql (same test).
constexpr std::string_view k0005EmbeddingCache = R"sql(-- fte PostgreSQL schema, version 5: model embeddings of knowledge texts by content key, so that an
-- unchanged knowledge base is not sent to the embeddings model again (src/kb/text_embedder.h).
CREATE TABLE embedding_cache (
  model       TEXT NOT NULL,
  content_key TEXT NOT NULL,              -- kb::content_key of the embedded text
  embedding   BYTEA NOT NULL,             -- little-endian float32 array, L2-normalised
  created_at  BIGINT NOT NULL,
  PRIMARY KEY (model, content_key)
);
)sql";

// Mirror of src/store/migrations/postgres/0006_customer_email_by_identifier.sql (same test).
constexpr std::string_view k0006CustomerEmailByIdentifier = R"sql(-- fte PostgreSQL schema, version 6: customers.email without its own UNIQUE index (as SQLite 0006).
-- The constitution's "customer email unique when present" is kept by the unique
-- customer_identifiers(type, value): every customers.email is written together with its 'email'
-- identifier, in the same transaction (the store conformance test
-- EveryCustomerEmailIsAnIdentifierOfThatCustomer), and rows of older databases get theirs here.
-- customers_email_key was a second B-tree keyed by a random value, written by every new customer
-- with an email (docs/BENCHMARKS.md Round 9).
INSERT INTO customer_identifiers(customer_id, type, value, created_at)
  SELECT id, 'email', email, created_at FROM customers WHERE email IS NOT NULL AND email <> ''
  ON CONFLICT (type, value) DO NOTHING;
ALTER TABLE customers DROP CONSTRAINT customers_email_key;
)sql";

// Mirror of src/store/migrations/postgres/0008_intake_indexes.sql (same test).
constexpr std::string_view k0008IntakeIndexes = R"sql(-- fte PostgreSQL schema, version 8: two B-trees that every intake wrote and no query reads
-- (docs/BENCHMARKS.md Round 10).
--   * customer_identifiers is keyed by (type, value), the unique key every lookup uses: the
--     identity column `id` keeps ordering a number's identifiers (it stays unique: GENERATED
--     ALWAYS), but its own primary-key index, which no query or foreign key read, is gone. The
--     key keeps the name of the UNIQUE it replaces, which the intake's race handling and its
--     error messages name.
--   * events loses events_topic (topic, seq): every read of the log walks seq in order (a window
--     of at most 10,000 seqs after the reader's position, filtered by topic there), and the
--     pruner goes by seq; the primary key serves them all.
ALTER TABLE customer_identifiers DROP CONSTRAINT customer_identifiers_pkey;
ALTER TABLE customer_identifiers DROP CONSTRAINT customer_identifiers_type_value_key;
ALTER TABLE customer_identifiers
  ADD CONSTRAINT customer_identifiers_type_value_key PRIMARY KEY (type, value);
DROP INDEX events_topic;
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "0001_init.sql", k0001Init},
      {2, "0002_intake_function.sql", k0002IntakeFunction},
      {4, "0004_relay_and_limits.sql", k0004RelayAndLimits},
      {5, "0005_embedding_cache.sql", k0005EmbeddingCache},
      {6, "0006_customer_email_by_identifier.sql", k0006CustomerEmailByIdentifier},
      {8, "0008_intake_indexes.sql", k0008IntakeIndexes},
  };
  return all;
}

MigrationOutcome apply_migrations(Connection& c) {
  MigrationOutcome out;
  c.run(sql::kMigrationLock);
  try {
    c.simple(sql::kCreateSchemaMigrations);
    out.version = static_cast<int>(c.run(sql::kSchemaVersion).first_i64().value_or(0));
    int latest = migrations().empty() ? 0 : migrations().back().version;
    if (out.version > latest)
      throw Error(ErrorKind::unavailable,
                  "the database schema (version " + std::to_string(out.version) +
                      ") is newer than this binary (version " + std::to_string(latest) + ")");
    // Each migration not yet recorded runs once, in version order (a version numbered below the
    // newest applied one, e.g. after branches merged, still runs).
    std::set<std::int64_t> applied;
    {
      auto r = c.run(sql::kAppliedVersions);
      for (int i = 0; i < r.rows(); ++i) applied.insert(r.i64(i, 0));
    }
    for (const auto& m : migrations()) {
      if (applied.count(m.version)) continue;
      Transaction tx(c);
      c.simple(std::string(m.sql));
      c.run(sql::kRecordMigration, m.version, m.name, now_ms());
      tx.commit();
      out.version = std::max(out.version, m.version);
      ++out.applied;
      ops::info("postgres migration applied", {},
                {{"version", std::to_string(m.version)}, {"name", std::string(m.name)}});
    }
    // pgvector where the server has it; a failure here only means "not installed".
    try {
      Transaction tx(c);
      c.simple("CREATE EXTENSION IF NOT EXISTS vector");
      tx.commit();
    } catch (const DbError& e) {
      if (e.connection_lost()) throw;
    }
    out.pgvector = c.run(sql::kHasVector).first_i64().value_or(0) > 0;
    c.run(sql::kMigrationUnlock);
  } catch (...) {
    // Closing the session releases the lock too; unlocking here keeps a healthy session usable.
    if (c.ok() && !c.in_transaction()) {
      try {
        c.run(sql::kMigrationUnlock);
      } catch (...) {
      }
    }
    throw;
  }
  return out;
}

}  // namespace fte::pg
