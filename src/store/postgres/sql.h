// Every SQL statement of the PostgreSQL store, as a named constant. The name is the server-side
// prepared statement's name: each connection prepares a statement at its first use and reuses it
// (pq.h), and every statement runs under the session's statement_timeout. Parameters ($1, $2, ...)
// are listed in the comment above each statement, in order; they are cast where PostgreSQL could
// not infer their type.
#pragma once
#include "store/postgres/pq.h"

namespace fte::pg::sql {

// clang-format off

// A message by a provider's id ($1): the id it was last sent under, or any part of a reply sent as
// several provider messages (recorded in deliveries as "provider:<id>").
#define FTE_PG_BY_PROVIDER_ID                                                             \
  "(provider_id = $1 OR id = (SELECT message_id FROM deliveries WHERE dedup_key = "      \
  "'provider:' || $1))"

// --- column lists shared by reads ---------------------------------------------------------------
#define FTE_PG_TICKET_COLUMNS                                                               \
  "id, customer_id, conversation_id, source_channel, subject, category, priority, status, " \
  "escalation_reason, created_at, updated_at, first_response_at"
#define FTE_PG_MESSAGE_COLUMNS(p)                                                              \
  p "id, " p "conversation_id, " p "ticket_id, " p "channel, " p "direction, " p "role, " p \
    "content, " p "delivery_status, " p "created_at, " p "channel_message_id"
#define FTE_PG_CUSTOMER_COLUMNS(p) p "id, " p "name, " p "email, " p "phone, " p "created_at"

inline constexpr Sql kPing{"fte_ping", "SELECT 1"};

// --- migrations ---------------------------------------------------------------------------------
// An arbitrary constant: the session-level advisory lock that serialises migrations.
inline constexpr Sql kMigrationLock{"fte_migration_lock", "SELECT pg_advisory_lock(7308471163)"};
inline constexpr Sql kMigrationUnlock{"fte_migration_unlock",
                                      "SELECT pg_advisory_unlock(7308471163)"};
inline constexpr char kCreateSchemaMigrations[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
inline constexpr Sql kSchemaVersion{"fte_schema_version",
                                    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"};
inline constexpr Sql kAppliedVersions{"fte_applied_versions",
                                      "SELECT version FROM schema_migrations"};
// version, name, applied_at
inline constexpr Sql kRecordMigration{
    "fte_record_migration",
    "INSERT INTO schema_migrations(version, name, applied_at) VALUES ($1, $2, $3)"};
inline constexpr Sql kHasVector{"fte_has_vector",
                                "SELECT count(*) FROM pg_extension WHERE extname = 'vector'"};

// --- intake -------------------------------------------------------------------------------------
// The intake of a batch of messages in one call (migration 0002_intake_function.sql, which
// documents the elements and the result row): items (JSON array), now → one row per item:
// index, status, message id, conversation id, ticket id, customer id, other customer id, runs,
// SQLSTATE, constraint, error message
inline constexpr Sql kIngest{"fte_ingest", "SELECT * FROM fte_ingest($1::jsonb, $2::bigint)"};
// The set-based intake (ingest.cpp, README "Intake: one statement per batch"). First the identity
// advisory locks of the whole batch, sorted (keys: bigint[] text), in a statement of their own so
// that the intake's snapshot, taken after them, sees what their previous holders committed.
// It also sets plan_cache_mode for the transaction: the intake statement's plan does not depend
// on its parameters, but PostgreSQL's "auto" kept planning it afresh per call (~1 ms, measured).
// And enable_seqscan off until kIngestSetPlanned: that one plan is kept for the connection's life
// (until an ANALYZE invalidates it), and made while the tables are empty or small — a new
// database — it scanned the whole tickets table once per batch (docs/BENCHMARKS.md Round 9).
// Every lookup of the statement (and of its foreign-key checks) has an index.
inline constexpr Sql kIngestLocks{
    "fte_ingest_locks",
    "SELECT set_config('plan_cache_mode', 'force_generic_plan', true), "
    "set_config('enable_seqscan', 'off', true), "
    "(SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT DISTINCT k FROM unnest($1::bigint[]) k "
    "ORDER BY k) s)"};
// Then fte_ingest's rules as one statement over the batch (the same JSON elements, each with its
// index `n`): it looks every element up in one snapshot and writes the longest prefix of elements
// it can decide alone — duplicates, refused ones, new customers, and known customers whose
// identifiers are all recorded and agree — that share no channel message id with an earlier
// element, nor (when it writes) an email, number or customer with an earlier element that writes;
// the rest of the batch goes to fte_ingest, which sees this prefix's rows. Rows, like fte_ingest's, for the prefix only, in order: index, status, message
// id, conversation id, ticket id, customer id, other customer id (NULL), runs (1), SQLSTATE,
// constraint, error (NULL). Any error fails the statement as a whole (the caller then runs the
// whole batch through fte_ingest). items (JSON array), now. Planned on empty tables, any plan
// looks free, so the statement leaves the planner no whole-index read to pick (kIngestLocks rules
// out sequential scans): each UPDATE also names its rows as `id = ANY (ARRAY(...))` of the ids it
// joins on (the same rows; an index condition), and the duplicate lookup takes the conversation's
// customer by a scalar subquery instead of a join (an index ordered for a merge join could serve
// that join whole).
inline constexpr Sql kIngestSet{
    "fte_ingest_set",
    "WITH x AS ("
    " SELECT * FROM json_to_recordset($1::json) AS x(n int, ch text, cmid text, bad boolean,"
    "  email text, phone text, ptype text, name text, subject text, category text, priority text,"
    "  body text, thread text, raw text, att text, \"at\" bigint, customer text,"
    "  conversation text, message text, ticket text)),"
    " k AS ("
    " SELECT x.*, d.id AS d_message, d.conversation_id AS d_conversation, d.ticket_id AS d_ticket,"
    "  d.customer_id AS d_customer, COALESCE(e.customer_id, p.customer_id) AS known,"
    "  CASE WHEN d.id IS NOT NULL THEN 'duplicate' WHEN x.bad IS TRUE THEN 'invalid'"
    "   WHEN e.customer_id IS NULL AND p.customer_id IS NULL THEN 'create'"
    "   WHEN (x.email IS NULL OR e.customer_id IS NOT NULL) AND (x.phone IS NULL OR p.type = x.ptype)"
    "    AND (e.customer_id IS NULL OR p.customer_id IS NULL OR e.customer_id = p.customer_id)"
    "    THEN 'known' ELSE 'rows' END AS kind"
    " FROM x"
    " LEFT JOIN LATERAL (SELECT m.id, m.conversation_id, m.ticket_id,"
    "  (SELECT c.customer_id FROM conversations c WHERE c.id = m.conversation_id) AS customer_id"
    "  FROM messages m WHERE m.channel = x.ch AND m.channel_message_id = x.cmid LIMIT 1) d ON true"
    " LEFT JOIN LATERAL (SELECT i.customer_id FROM customer_identifiers i"
    "  WHERE i.type = 'email' AND i.value = x.email LIMIT 1) e ON true"
    " LEFT JOIN LATERAL (SELECT i.customer_id, i.type FROM customer_identifiers i"
    "  WHERE i.type IN ('phone', 'whatsapp') AND i.value = x.phone"
    "  ORDER BY (i.type = x.ptype) DESC, i.id LIMIT 1) p ON true),"
    " cut AS ("
    " SELECT min(n) AS n FROM (SELECT n, kind,"
    "  CASE WHEN cmid IS NULL THEN 1 ELSE row_number() OVER (PARTITION BY ch, cmid ORDER BY n) END r1,"
    "  CASE WHEN we IS NULL THEN 1 ELSE row_number() OVER (PARTITION BY we ORDER BY n) END r2,"
    "  CASE WHEN wp IS NULL THEN 1 ELSE row_number() OVER (PARTITION BY wp ORDER BY n) END r3,"
    "  CASE WHEN wk IS NULL THEN 1 ELSE row_number() OVER (PARTITION BY wk ORDER BY n) END r4"
    "  FROM (SELECT k.*, CASE WHEN w THEN email END AS we, CASE WHEN w THEN phone END AS wp,"
    "   CASE WHEN w THEN known END AS wk"
    "   FROM (SELECT k.*, kind NOT IN ('duplicate', 'invalid') AS w FROM k) k) k) z"
    "  WHERE kind = 'rows' OR r1 > 1 OR r2 > 1 OR r3 > 1 OR r4 > 1),"
    " f AS (SELECT k.* FROM k WHERE k.n < COALESCE((SELECT n FROM cut), 2147483647)),"
    " w AS ("
    " SELECT f.n, f.kind, f.ch, f.cmid, f.name, f.email, f.phone, f.ptype, f.subject, f.category,"
    "  f.priority, f.body, f.thread, f.raw, f.att, f.\"at\", f.message,"
    "  CASE WHEN f.kind = 'create' THEN f.customer ELSE f.known END AS cust,"
    "  COALESCE(t.id, o.id) AS old_conv, COALESCE(t.last_channel, o.last_channel) AS last_ch,"
    "  COALESCE(t.id, o.id, f.conversation) AS conv, tk.id AS old_ticket, tk.status AS old_status,"
    "  COALESCE(tk.id, f.ticket) AS tick"
    " FROM f"
    " LEFT JOIN LATERAL (SELECT c.id, c.last_channel FROM conversations c"
    "  WHERE f.kind = 'known' AND f.thread IS NOT NULL AND c.customer_id = f.known"
    "  AND c.thread_id = f.thread ORDER BY c.last_inbound_at DESC, c.pos DESC LIMIT 1) t ON true"
    " LEFT JOIN LATERAL (SELECT c.id, c.last_channel FROM conversations c"
    "  WHERE f.kind = 'known' AND t.id IS NULL AND c.customer_id = f.known AND c.status = 'open'"
    "  AND c.last_inbound_at >= f.\"at\" - 86400000 AND (f.thread IS NULL OR c.thread_id IS NULL)"
    "  ORDER BY c.last_inbound_at DESC, c.pos DESC LIMIT 1) o ON true"
    " LEFT JOIN LATERAL (SELECT tt.id, tt.status FROM tickets tt"
    "  WHERE f.ch <> 'webform' AND tt.conversation_id = COALESCE(t.id, o.id)"
    "  AND tt.status IN ('received', 'open', 'responded')"
    "  ORDER BY tt.created_at DESC, tt.pos DESC LIMIT 1) tk ON true"
    " WHERE f.kind IN ('create', 'known')),"
    " c1 AS (INSERT INTO customers(id, name, email, phone, created_at)"
    " SELECT cust, name, email, phone, $2::bigint FROM w WHERE kind = 'create' ORDER BY n),"
    " c2 AS (INSERT INTO customer_identifiers(customer_id, type, value, created_at)"
    " SELECT w.cust, v.type, v.value, $2::bigint"
    "  FROM w, LATERAL (VALUES (0, 'email', w.email), (1, w.ptype, w.phone)) v(o, type, value)"
    "  WHERE w.kind = 'create' AND v.value IS NOT NULL ORDER BY w.n, v.o),"
    " c3 AS (UPDATE customers cu SET name = w.name FROM w"
    " WHERE w.kind = 'known' AND w.name <> '' AND cu.id = w.cust AND cu.name = ''"
    "  AND cu.id = ANY (ARRAY(SELECT cust FROM w WHERE kind = 'known' AND name <> ''))),"
    " v1 AS (INSERT INTO conversations(id, customer_id, initial_channel, last_channel, thread_id,"
    "  started_at, last_inbound_at)"
    " SELECT conv, cust, ch, ch, thread, \"at\", \"at\" FROM w WHERE old_conv IS NULL ORDER BY n),"
    " v2 AS (UPDATE conversations c SET channel_switches = c.channel_switches"
    "  + (CASE WHEN c.last_channel <> w.ch THEN 1 ELSE 0 END), last_channel = w.ch,"
    "  last_inbound_at = GREATEST(c.last_inbound_at, w.\"at\"),"
    "  thread_id = COALESCE(c.thread_id, w.thread)"
    " FROM w WHERE c.id = w.old_conv"
    "  AND c.id = ANY (ARRAY(SELECT old_conv FROM w WHERE old_conv IS NOT NULL))),"
    " v3 AS (INSERT INTO channel_switches(conversation_id, from_channel, to_channel, message_id,"
    "  created_at)"
    " SELECT old_conv, last_ch, ch, message, \"at\" FROM w"
    "  WHERE old_conv IS NOT NULL AND last_ch <> ch ORDER BY n),"
    " t1 AS (UPDATE tickets tt SET status = 'open', updated_at = $2::bigint FROM w"
    " WHERE tt.id = w.old_ticket AND w.old_status = 'responded' AND tt.status = 'responded'"
    "  AND tt.id = ANY (ARRAY(SELECT old_ticket FROM w WHERE old_status = 'responded'))),"
    " t2 AS (INSERT INTO tickets(id, customer_id, conversation_id, source_channel, subject,"
    "  category, priority, status, created_at, updated_at)"
    " SELECT tick, cust, conv, ch, subject, category, priority, 'received', \"at\", $2::bigint"
    "  FROM w WHERE old_ticket IS NULL ORDER BY n),"
    " m1 AS (INSERT INTO messages(id, conversation_id, ticket_id, channel, direction, role, content,"
    "  raw_content, attachments, channel_message_id, created_at)"
    " SELECT message, conv, tick, ch, 'inbound', 'customer', body, raw, att, cmid, \"at\""
    "  FROM w ORDER BY n)"
    " SELECT f.n, CASE WHEN f.kind IN ('create', 'known') THEN 'new' ELSE f.kind END,"
    "  COALESCE(w.message, f.d_message), COALESCE(w.conv, f.d_conversation),"
    "  COALESCE(w.tick, f.d_ticket), COALESCE(w.cust, f.d_customer), NULL::text, 1,"
    "  NULL::text, NULL::text, NULL::text"
    " FROM f LEFT JOIN w ON w.n = f.n ORDER BY f.n"};
// After kIngestSet (also when it failed behind a savepoint): the rest of the transaction plans
// with the session's enable_seqscan again.
inline constexpr Sql kIngestSetPlanned{"", "SET LOCAL enable_seqscan TO DEFAULT"};
// id, customer, conversation, channel, subject, category, priority, status, created_at, updated_at
// (create_ticket of a ticket the intake did not create)
inline constexpr Sql kInsertTicket{
    "fte_insert_ticket",
    "INSERT INTO tickets(id, customer_id, conversation_id, source_channel, subject, category, "
    "priority, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};

// --- tickets ------------------------------------------------------------------------------------
// id
inline constexpr Sql kSelectTicket{"fte_select_ticket",
                                   "SELECT " FTE_PG_TICKET_COLUMNS " FROM tickets WHERE id = $1"};
// id, subject, category, priority, now
inline constexpr Sql kUpdateTicketFromAgent{
    "fte_update_ticket_from_agent",
    "UPDATE tickets SET subject = CASE WHEN $2::text <> '' THEN $2::text ELSE subject END, "
    "category = CASE WHEN $3::text <> '' THEN $3::text ELSE category END, "
    "priority = CASE WHEN $4::text <> '' THEN $4::text ELSE priority END, "
    "status = CASE WHEN status = 'received' THEN 'open' ELSE status END, updated_at = $5 "
    "WHERE id = $1"};
// customer id, limit
inline constexpr Sql kTicketsOfCustomer{
    "fte_tickets_of_customer",
    "SELECT " FTE_PG_TICKET_COLUMNS
    " FROM tickets WHERE customer_id = $1 ORDER BY created_at DESC, pos DESC LIMIT $2"};
// id, escalated, reason, has reply, category, now
inline constexpr Sql kApplyOutcomeToTicket{
    "fte_apply_outcome_to_ticket",
    "UPDATE tickets SET status = CASE WHEN status IN ('resolved', 'closed') THEN status "
    "WHEN $2::boolean THEN 'escalated' WHEN status = 'escalated' THEN status "
    "WHEN $4::boolean THEN 'responded' WHEN status = 'received' THEN 'open' ELSE status END, "
    "escalation_reason = CASE WHEN $2::boolean THEN $3::text ELSE escalation_reason END, "
    "first_response_at = CASE WHEN $4::boolean THEN COALESCE(first_response_at, $6::bigint) "
    "ELSE first_response_at END, "
    "category = CASE WHEN $5::text <> '' THEN $5::text ELSE category END, updated_at = $6 "
    "WHERE id = $1"};

// --- customers ----------------------------------------------------------------------------------
// id
inline constexpr Sql kSelectCustomer{
    "fte_select_customer", "SELECT " FTE_PG_CUSTOMER_COLUMNS("") " FROM customers WHERE id = $1"};
// type, alternative type, value
inline constexpr Sql kFindCustomerByIdentifier{
    "fte_find_customer_by_identifier",
    "SELECT " FTE_PG_CUSTOMER_COLUMNS("c.") " FROM customer_identifiers i "
    "JOIN customers c ON c.id = i.customer_id WHERE i.type IN ($1, $2) AND i.value = $3 "
    "ORDER BY i.id LIMIT 1"};

// --- messages -----------------------------------------------------------------------------------
// customer id, limit (newest first across channels)
inline constexpr Sql kMessagesOfCustomer{
    "fte_messages_of_customer",
    "SELECT " FTE_PG_MESSAGE_COLUMNS("m.") " FROM messages m "
    "JOIN conversations c ON c.id = m.conversation_id WHERE c.customer_id = $1 "
    "ORDER BY m.created_at DESC, m.pos DESC LIMIT $2"};
// ticket id (oldest first); found through the ticket's conversation, like SQLite
inline constexpr Sql kMessagesOfTicket{
    "fte_messages_of_ticket",
    "SELECT " FTE_PG_MESSAGE_COLUMNS("") " FROM messages "
    "WHERE conversation_id = (SELECT conversation_id FROM tickets WHERE id = $1) "
    "AND ticket_id = $1 ORDER BY created_at, pos"};
// conversation id (oldest first)
inline constexpr Sql kMessageByProviderId{
    "fte_message_by_provider_id",
    "SELECT " FTE_PG_MESSAGE_COLUMNS("") " FROM messages WHERE " FTE_PG_BY_PROVIDER_ID " LIMIT 1"};
inline constexpr Sql kMessagesOfConversation{
    "fte_messages_of_conversation",
    "SELECT " FTE_PG_MESSAGE_COLUMNS("") " FROM messages WHERE conversation_id = $1 "
    "ORDER BY created_at, pos"};
// id, conversation, ticket, channel, content, tokens, latency_ms, at
inline constexpr Sql kInsertOutboundMessage{
    "fte_insert_outbound_message",
    "INSERT INTO messages(id, conversation_id, ticket_id, channel, direction, role, content, "
    "delivery_status, tokens, latency_ms, created_at) "
    "VALUES ($1, $2, $3, $4, 'outbound', 'agent', $5, 'pending', $6, $7, $8)"};
// Delivery statuses only move forward (as in SQLite). $1 key, $2 status, $3 provider id|NULL
#define FTE_PG_DELIVERY_RANK(x)                                                      \
  "(CASE " x " WHEN 'pending' THEN 0 WHEN 'queued' THEN 1 WHEN 'accepted' THEN 1 "   \
  "WHEN 'sending' THEN 1 WHEN 'sent' THEN 2 WHEN 'not_configured' THEN 2 "            \
  "WHEN 'failed' THEN 2 WHEN 'undelivered' THEN 2 WHEN 'delivered' THEN 3 "           \
  "WHEN 'read' THEN 4 ELSE 0 END)"
#define FTE_PG_SET_DELIVERY(where)                                                       \
  "UPDATE messages SET delivery_status = CASE WHEN " FTE_PG_DELIVERY_RANK("$2::text") " >= " \
  FTE_PG_DELIVERY_RANK("COALESCE(delivery_status, 'pending')")                          \
  " THEN $2::text ELSE delivery_status END, provider_id = COALESCE($3::text, provider_id) WHERE " where
inline constexpr Sql kSetDeliveryStatus{"fte_set_delivery_status",
                                        FTE_PG_SET_DELIVERY("id = $1")};
inline constexpr Sql kSetDeliveryStatusByProvider{"fte_set_delivery_status_by_provider",
                                                  FTE_PG_SET_DELIVERY(FTE_PG_BY_PROVIDER_ID)};

// --- agent outcome ------------------------------------------------------------------------------
// key, now
inline constexpr Sql kMarkProcessed{
    "fte_mark_processed",
    "INSERT INTO processed_events(idempotency_key, processed_at) VALUES ($1, $2) "
    "ON CONFLICT (idempotency_key) DO NOTHING"};
// key
inline constexpr Sql kIsProcessed{"fte_is_processed",
                                  "SELECT 1 FROM processed_events WHERE idempotency_key = $1"};
// id, ticket, reason, urgency, context, now
inline constexpr Sql kInsertEscalation{
    "fte_insert_escalation",
    "INSERT INTO escalations(id, ticket_id, reason, urgency, context, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $6)"};
// conversation id, sentiment
inline constexpr Sql kSetConversationSentiment{
    "fte_set_conversation_sentiment", "UPDATE conversations SET sentiment = $2 WHERE id = $1"};
// ticket, key, engine, escalated, trace, latency, tokens in, tokens out, now
inline constexpr Sql kInsertAgentRun{
    "fte_insert_agent_run",
    "INSERT INTO agent_runs(ticket_id, idempotency_key, engine, escalated, trace_json, "
    "latency_ms, tokens_in, tokens_out, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};

// --- human console ------------------------------------------------------------------------------
// id, conversation, ticket, channel, content, now
inline constexpr Sql kInsertHumanMessage{
    "fte_insert_human_message",
    "INSERT INTO messages(id, conversation_id, ticket_id, channel, direction, role, content, "
    "delivery_status, created_at) "
    "VALUES ($1, $2, $3, $4, 'outbound', 'human', $5, 'pending', $6)"};
// ticket, now
inline constexpr Sql kTicketHumanReplied{
    "fte_ticket_human_replied",
    "UPDATE tickets SET status = CASE WHEN status IN ('resolved', 'closed') THEN status "
    "ELSE 'responded' END, first_response_at = COALESCE(first_response_at, $2::bigint), "
    "updated_at = $2 WHERE id = $1"};
// ticket, now
inline constexpr Sql kAssignEscalations{
    "fte_assign_escalations",
    "UPDATE escalations SET status = 'assigned', updated_at = $2 "
    "WHERE ticket_id = $1 AND status = 'open'"};
// ticket, now
inline constexpr Sql kResolveEscalations{
    "fte_resolve_escalations",
    "UPDATE escalations SET status = 'resolved', updated_at = $2 "
    "WHERE ticket_id = $1 AND status IN ('open', 'assigned')"};
// ticket, status, now
inline constexpr Sql kSetTicketStatus{
    "fte_set_ticket_status", "UPDATE tickets SET status = $2, updated_at = $3 WHERE id = $1"};
// ticket
inline constexpr Sql kSelectAgentRuns{
    "fte_select_agent_runs",
    "SELECT ticket_id, idempotency_key, engine, escalated, trace_json, latency_ms, tokens_in, "
    "tokens_out, created_at FROM agent_runs WHERE ticket_id = $1 ORDER BY created_at, id"};

// --- reads for the API --------------------------------------------------------------------------
inline constexpr Sql kTicketCountsByChannel{
    "fte_ticket_counts_by_channel",
    "SELECT source_channel, COUNT(*), COUNT(first_response_at), COUNT(escalation_reason) "
    "FROM tickets GROUP BY source_channel"};
inline constexpr Sql kFeedbackByChannel{
    "fte_feedback_by_channel",
    "SELECT t.source_channel, COUNT(*) FILTER (WHERE f.helpful), "
    "COUNT(*) FILTER (WHERE NOT f.helpful) FROM feedback f "
    "JOIN tickets t ON t.id = f.ticket_id GROUP BY t.source_channel"};
// channel, limit (most recent tickets first)
inline constexpr Sql kFirstResponseLatencies{
    "fte_first_response_latencies",
    "SELECT first_response_at - created_at FROM tickets WHERE source_channel = $1 "
    "AND first_response_at IS NOT NULL ORDER BY created_at DESC LIMIT $2"};
// limit (oldest first: the queue a human works through)
inline constexpr Sql kOpenEscalations{
    "fte_open_escalations",
    "SELECT e.id, e.ticket_id, e.reason, e.urgency, e.status, t.source_channel, e.created_at "
    "FROM escalations e JOIN tickets t ON t.id = e.ticket_id "
    "WHERE e.status IN ('open', 'assigned') ORDER BY e.created_at, e.pos LIMIT $1"};

// --- delivery and feedback ----------------------------------------------------------------------
// dedup key, message id, now
inline constexpr Sql kClaimDelivery{
    "fte_claim_delivery",
    "INSERT INTO deliveries(dedup_key, message_id, created_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (dedup_key) DO NOTHING"};
// key, now, claimed at or before, done key: takes over a stale claim that never finished
inline constexpr Sql kTakeOverDelivery{
    "fte_take_over_delivery",
    "UPDATE deliveries SET created_at = $2 WHERE dedup_key = $1 AND created_at <= $3 "
    "AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.dedup_key = $4)"};
// key
inline constexpr Sql kDeliveryRecorded{"fte_delivery_recorded",
                                       "SELECT 1 FROM deliveries WHERE dedup_key = $1"};
// ticket id
inline constexpr Sql kTicketExists{"fte_ticket_exists", "SELECT 1 FROM tickets WHERE id = $1"};
// ticket id, helpful, now
inline constexpr Sql kUpsertFeedback{
    "fte_upsert_feedback",
    "INSERT INTO feedback(ticket_id, helpful, created_at, updated_at) VALUES ($1, $2, $3, $3) "
    "ON CONFLICT (ticket_id) DO UPDATE SET helpful = excluded.helpful, "
    "updated_at = excluded.updated_at"};

// --- knowledge base -----------------------------------------------------------------------------
// source
// The import's time stamp: now, but always after every stamp already there (see kKnowledgeRevision).
inline constexpr Sql kKnowledgeStamp{
    "fte_knowledge_stamp",
    "SELECT greatest($1::bigint, coalesce(max(created_at), 0) + 1) FROM knowledge_base"};
inline constexpr Sql kDeleteKnowledgeSource{"fte_delete_knowledge_source",
                                            "DELETE FROM knowledge_base WHERE source = $1"};
// id, title, content, category, source, embedding (bytea)|NULL, now
inline constexpr Sql kInsertKnowledge{
    "fte_insert_knowledge",
    "INSERT INTO knowledge_base(id, title, content, category, source, embedding, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6::bytea, $7)"};
// Changes with every import: each one stamps its rows after every earlier stamp (kKnowledgeStamp),
// an import that only removes rows changes the count, and pos is an identity.
inline constexpr Sql kKnowledgeRevision{
    "fte_knowledge_revision",
    "SELECT count(*)::text || ':' || coalesce(max(created_at), 0)::text || ':' || "
    "coalesce(max(pos), 0)::text FROM knowledge_base"};
inline constexpr Sql kSelectKnowledge{
    "fte_select_knowledge",
    "SELECT id, title, content, category, source, embedding FROM knowledge_base "
    "ORDER BY source, pos"};

// --- embedding cache (0005) ---------------------------------------------------------------------
// model, content keys (text[] literal) → content key, embedding (bytea, little-endian float32)
inline constexpr Sql kSelectEmbeddings{
    "fte_select_embeddings",
    "SELECT content_key, embedding FROM embedding_cache WHERE model = $1 "
    "AND content_key = ANY($2::text[])"};
// model, content key, embedding (bytea), now
inline constexpr Sql kUpsertEmbedding{
    "fte_upsert_embedding",
    "INSERT INTO embedding_cache(model, content_key, embedding, created_at) "
    "VALUES ($1, $2, $3::bytea, $4) "
    "ON CONFLICT (model, content_key) DO UPDATE SET embedding = excluded.embedding"};

// --- knowledge vectors (pgvector; vectors.cpp) ----------------------------------------------------
// The dimension of knowledge_base.embedding_vec (vector(n): atttypmod = n); no row without it.
inline constexpr Sql kKnowledgeVectorDims{
    "fte_knowledge_vector_dims",
    "SELECT atttypmod FROM pg_attribute WHERE attrelid = 'knowledge_base'::regclass "
    "AND attname = 'embedding_vec' AND NOT attisdropped"};
// Serialises set_knowledge_vectors across processes (DDL and the updates).
inline constexpr Sql kLockKnowledgeVectors{"fte_lock_knowledge_vectors",
                                           "SELECT pg_advisory_xact_lock(7308471165)"};
// ids (text[]), vectors (vector[] as text) → rows changed (unchanged vectors are not rewritten)
inline constexpr Sql kUpdateKnowledgeVectors{
    "fte_update_knowledge_vectors",
    "UPDATE knowledge_base k SET embedding_vec = v.e "
    "FROM unnest($1::text[], $2::vector[]) AS v(id, e) "
    "WHERE k.id = v.id AND k.embedding_vec IS DISTINCT FROM v.e"};
// The nearest chunks through the HNSW index, as a function so that its `SET enable_seqscan = off`
// holds for this query alone: PostgreSQL's cost model does not count the 1,024-dimension distance
// per row, and with the vectors TOASTed it estimates a sequential scan (every vector detoasted and
// compared: 200 ms at 5,000 chunks on PGlite) cheaper than the index (15 ms). Created (or
// replaced) by set_knowledge_vectors with the column.
inline constexpr const char* kCreateKnowledgeNearest =
    "CREATE OR REPLACE FUNCTION fte_knowledge_nearest(q vector, k integer) "
    "RETURNS TABLE (id text, cosine double precision) LANGUAGE sql STABLE "
    "SET enable_seqscan = off AS $$ "
    "SELECT kb.id, 1 - (kb.embedding_vec <=> q) FROM knowledge_base kb "
    "ORDER BY kb.embedding_vec <=> q LIMIT k $$";
// query (vector, binary), k → id, cosine; nearest first (hnsw.ef_search set on the session)
inline constexpr Sql kKnowledgeVectorSearch{
    "fte_knowledge_vector_search", "SELECT id, cosine FROM fte_knowledge_nearest($1::vector, $2)"};

// --- event log ----------------------------------------------------------------------------------
// The lock-free append (several writer connections; README, "Event sequence numbers"), sent in one
// round trip with the COMMIT: the prelude queues the wake-up NOTIFY (instance id); the insert
// takes the events as three text arrays in binary format (pq.h binary_text_array: topics, keys,
// envelopes; then now) → seq of each, in order. Binary arrays are copied, not parsed: as a JSON
// array (jsonb), the server lexed every ~1 KB envelope, escaped inside a JSON string, before
// storing it (docs/BENCHMARKS.md Rounds 9 and 10). The texts stored are the same.
inline constexpr Sql kAppendPrelude{
    "fte_append_prelude", "SELECT pg_notify('fte_events', $1::text)"};
// The event-log lock of fte_append_events, for a store that keeps commits in seq order.
inline constexpr Sql kEventLogLock{"fte_event_log_lock", "SELECT pg_advisory_xact_lock(7308471164)"};
inline constexpr Sql kInsertEvents{
    "fte_insert_events",
    "INSERT INTO events(topic, key, envelope, created_at) "
    "SELECT t, k, e, $4::bigint FROM unnest($1::text[], $2::text[], $3::text[]) "
    "WITH ORDINALITY AS x(t, k, e, n) ORDER BY n RETURNING seq"};

// Reading the event log up to a watermark (README, "Event sequence numbers"): every seq at or below
// it is committed (visible to this statement) or never will be. $1 after seq, $2 limit, $3 a seq
// known to be such a watermark[, $4 topics]. From b = max(after, known) the watermark moves over
// the seqs that follow without a gap. Rows: b, watermark, highest seq seen (above it: a gap), then
// the events (seq, topic, envelope; NULL when none) after $1 up to the watermark, in seq order.
#define FTE_PG_READ_EVENTS_HEAD                                                                   \
  "WITH base AS MATERIALIZED (SELECT GREATEST($1::bigint, $3::bigint) AS b), "                    \
  "scan AS MATERIALIZED (SELECT e.seq, row_number() OVER (ORDER BY e.seq) AS rn FROM events e "   \
  "WHERE e.seq > (SELECT b FROM base) ORDER BY e.seq LIMIT 10000), "                              \
  "wm AS MATERIALIZED (SELECT base.b, COALESCE((SELECT max(seq) FROM scan), base.b) AS seen, "    \
  "base.b + COALESCE((SELECT max(rn) FROM scan WHERE seq - rn = base.b), 0) AS safe FROM base) "  \
  "SELECT wm.b, wm.safe, wm.seen, e.seq, e.topic, e.envelope FROM wm LEFT JOIN LATERAL ("        \
  "SELECT seq, topic, envelope FROM events WHERE seq > $1::bigint AND seq <= wm.safe "
#define FTE_PG_READ_EVENTS_TAIL " ORDER BY seq LIMIT $2) e ON true ORDER BY e.seq"
inline constexpr Sql kReadEventsSafeAll{"fte_read_events_safe_all",
                                        FTE_PG_READ_EVENTS_HEAD FTE_PG_READ_EVENTS_TAIL};
inline constexpr Sql kReadEventsSafeOfTopics{
    "fte_read_events_safe_of_topics",
    FTE_PG_READ_EVENTS_HEAD "AND topic = ANY($4::text[])" FTE_PG_READ_EVENTS_TAIL};
#undef FTE_PG_READ_EVENTS_HEAD
#undef FTE_PG_READ_EVENTS_TAIL
// The transactions (virtualtransaction ids, a text[] literal) that hold the lock an INSERT into
// events takes before it draws a seq: the only ones that may still commit a seq drawn until now.
#define FTE_PG_EVENT_APPENDERS                                                                    \
  "FROM pg_locks WHERE locktype = 'relation' AND relation = 'events'::regclass AND mode = "       \
  "'RowExclusiveLock' AND database = (SELECT oid FROM pg_database WHERE datname = "              \
  "current_database())"
inline constexpr Sql kEventAppenders{
    "fte_event_appenders",
    "SELECT COALESCE(array_agg(virtualtransaction), '{}')::text " FTE_PG_EVENT_APPENDERS};
// those appenders (text[]) → whether none of them is still running
inline constexpr Sql kEventAppendersGone{
    "fte_event_appenders_gone",
    "SELECT NOT EXISTS (SELECT 1 " FTE_PG_EVENT_APPENDERS " AND virtualtransaction = ANY($1::text[]))"};
#undef FTE_PG_EVENT_APPENDERS
inline constexpr Sql kLastEventSeq{"fte_last_event_seq",
                                   "SELECT COALESCE(MAX(seq), 0) FROM events"};
// group, topic
inline constexpr Sql kLoadOffset{
    "fte_load_offset", "SELECT seq FROM consumer_offsets WHERE group_name = $1 AND topic = $2"};
// group, topic, seq, now: forward only (a late or duplicate commit never moves it back)
inline constexpr Sql kCommitOffset{
    "fte_commit_offset",
    "INSERT INTO consumer_offsets(group_name, topic, seq, updated_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (group_name, topic) DO UPDATE SET "
    "seq = GREATEST(consumer_offsets.seq, excluded.seq), updated_at = excluded.updated_at"};

// --- leases, fenced offsets, retention, shared counters (migration 0004) ------------------------
// Times are the server's (fte_now_ms). name, holder, ttl → epoch (no row: another holder's lease
// is valid). The same holder with an unexpired lease keeps its epoch; a free or expired lease
// moves to the caller with epoch + 1. Concurrent callers serialise on the row (ON CONFLICT).
inline constexpr Sql kAcquireLease{
    "fte_acquire_lease",
    "INSERT INTO leases(name, holder, epoch, expires_at) VALUES ($1, $2, 1, fte_now_ms() + $3) "
    "ON CONFLICT (name) DO UPDATE SET "
    "epoch = CASE WHEN leases.holder = excluded.holder AND leases.expires_at > fte_now_ms() "
    "THEN leases.epoch ELSE leases.epoch + 1 END, "
    "holder = excluded.holder, expires_at = excluded.expires_at "
    "WHERE leases.holder = excluded.holder OR leases.expires_at <= fte_now_ms() "
    "RETURNING epoch"};
// name, holder
inline constexpr Sql kReleaseLease{
    "fte_release_lease",
    "UPDATE leases SET expires_at = fte_now_ms() WHERE name = $1 AND holder = $2 "
    "AND expires_at > fte_now_ms()"};
// prefix: unexpired leases whose name starts with it (no LIKE: names hold '_')
inline constexpr Sql kLiveLeases{
    "fte_live_leases",
    "SELECT name, holder, epoch, expires_at FROM leases WHERE left(name, length($1)) = $1 "
    "AND expires_at > fte_now_ms() ORDER BY name"};
// group, topics (text[]), seq, lease, holder, epoch, now: forward only, and only while the lease
// is held with that epoch — checked under a share lock on the lease row, so a takeover commits
// either before (this writes nothing) or after this statement
inline constexpr Sql kCommitOffsetsFenced{
    "fte_commit_offsets_fenced",
    "INSERT INTO consumer_offsets(group_name, topic, seq, updated_at) "
    "SELECT $1, t, $3, $7 FROM unnest($2::text[]) AS t WHERE EXISTS (SELECT 1 FROM leases "
    "WHERE name = $4 AND holder = $5 AND epoch = $6 AND expires_at > fte_now_ms() FOR SHARE) "
    "ON CONFLICT (group_name, topic) DO UPDATE SET "
    "seq = GREATEST(consumer_offsets.seq, excluded.seq), updated_at = excluded.updated_at"};
// before, limit: the oldest events (a window of `limit` seqs from the oldest) created before
// `before` that no consumer of their topic still has ahead of it
inline constexpr Sql kPruneEvents{
    "fte_prune_events",
    "DELETE FROM events WHERE seq <= (SELECT min(seq) FROM events) + $2 AND created_at < $1 "
    "AND NOT EXISTS (SELECT 1 FROM consumer_offsets o WHERE o.topic = events.topic "
    "AND o.seq < events.seq)"};
// rows (exact below a million, else the seq span: an upper bound that costs no scan), oldest
inline constexpr Sql kEventLogStats{
    "fte_event_log_stats",
    "WITH b AS (SELECT min(seq) AS lo, max(seq) AS hi FROM events) "
    "SELECT COALESCE(CASE WHEN hi - lo < 1000000 THEN (SELECT count(*) FROM events) "
    "ELSE hi - lo + 1 END, 0), COALESCE((SELECT created_at FROM events WHERE seq = lo), 0) FROM b"};
// key, window_start, amount, expires_at → total
inline constexpr Sql kAddToCounter{
    "fte_add_to_counter",
    "INSERT INTO shared_counters AS c(key, window_start, total, expires_at) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (key, window_start) DO UPDATE SET "
    "total = c.total + excluded.total, expires_at = GREATEST(c.expires_at, excluded.expires_at) "
    "RETURNING total"};
inline constexpr Sql kAddToRateCounter{
    "fte_add_to_rate_counter",
    "INSERT INTO rate_counters AS c(key, window_start, total, expires_at) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (key, window_start) DO UPDATE SET "
    "total = c.total + excluded.total, expires_at = GREATEST(c.expires_at, excluded.expires_at) "
    "RETURNING total"};
// now
inline constexpr Sql kPruneCounters{
    "fte_prune_counters",
    "WITH a AS (DELETE FROM shared_counters WHERE expires_at <= $1 RETURNING 1), "
    "b AS (DELETE FROM rate_counters WHERE expires_at <= $1 RETURNING 1) "
    "SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM b)"};

// --- audit --------------------------------------------------------------------------------------
// kind, correlation id, detail json, now
inline constexpr Sql kInsertAudit{
    "fte_insert_audit",
    "INSERT INTO audit_log(kind, correlation_id, detail, created_at) VALUES ($1, $2, $3, $4)"};

// clang-format on

#undef FTE_PG_TICKET_COLUMNS
#undef FTE_PG_MESSAGE_COLUMNS
#undef FTE_PG_CUSTOMER_COLUMNS
#undef FTE_PG_DELIVERY_RANK
#undef FTE_PG_SET_DELIVERY
#undef FTE_PG_BY_PROVIDER_ID

}  // namespace fte::pg::sql
