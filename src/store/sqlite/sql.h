// Every SQL statement of the SQLite store, as a named constant. Connections cache the prepared
// statement by the constant's address (connection.h), so each is compiled once per connection.
// Parameters are positional (?1, ?2, ...) in the order the comment gives.
#pragma once

namespace fte::sqlite::sql {

// clang-format off

// --- transactions -------------------------------------------------------------------------------
inline constexpr char kBegin[] = "BEGIN";
inline constexpr char kBeginImmediate[] = "BEGIN IMMEDIATE";
inline constexpr char kCommit[] = "COMMIT";
inline constexpr char kRollback[] = "ROLLBACK";
inline constexpr char kSavepoint[] = "SAVEPOINT op";
inline constexpr char kRelease[] = "RELEASE op";
inline constexpr char kRollbackToSavepoint[] = "ROLLBACK TO op";
inline constexpr char kPing[] = "SELECT 1";

// --- migrations ---------------------------------------------------------------------------------
inline constexpr char kCreateSchemaMigrations[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT";
inline constexpr char kSchemaVersion[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
inline constexpr char kAppliedVersions[] = "SELECT version FROM schema_migrations";
// version, name, applied_at
inline constexpr char kRecordMigration[] =
    "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?1, ?2, ?3)";

// A message by a provider's id (?1): the id it was last sent under, or any part of a reply sent as
// several provider messages (recorded in deliveries as "provider:<id>").
#define FTE_BY_PROVIDER_ID                                                                \
  "(provider_id = ?1 OR id = (SELECT message_id FROM deliveries WHERE dedup_key = "      \
  "'provider:' || ?1))"

// --- column lists shared by reads ---------------------------------------------------------------
#define FTE_TICKET_COLUMNS                                                                   \
  "id, customer_id, conversation_id, source_channel, subject, category, priority, status, " \
  "escalation_reason, created_at, updated_at, first_response_at"
#define FTE_MESSAGE_COLUMNS(p)                                                                 \
  p "id, " p "conversation_id, " p "ticket_id, " p "channel, " p "direction, " p "role, " p \
    "content, " p "delivery_status, " p "created_at, " p "channel_message_id"
#define FTE_CUSTOMER_COLUMNS(p) p "id, " p "name, " p "email, " p "phone, " p "created_at"

// --- intake -------------------------------------------------------------------------------------
// channel, channel_message_id → message id, conversation id, ticket id, customer id
inline constexpr char kFindMessageByChannelId[] =
    "SELECT m.id, m.conversation_id, m.ticket_id, c.customer_id FROM messages m "
    "JOIN conversations c ON c.id = m.conversation_id "
    "WHERE m.channel = ?1 AND m.channel_message_id = ?2";
// value → customer id
inline constexpr char kFindCustomerByEmail[] =
    "SELECT customer_id FROM customer_identifiers WHERE type = 'email' AND value = ?1";
// value → customer id, type, id of each row (at most two: a number is the same person whether it
// came as a phone or over WhatsApp; the caller prefers its own type's row, else the first; no
// sort in SQLite, as for the conversation lookups below)
inline constexpr char kFindCustomerByPhone[] =
    "SELECT customer_id, type, id FROM customer_identifiers WHERE type IN ('phone', 'whatsapp') "
    "AND value = ?1";
// id, name, email|NULL, phone|NULL, created_at
inline constexpr char kInsertCustomer[] =
    "INSERT INTO customers(id, name, email, phone, created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
// customer id, type, value, created_at
inline constexpr char kInsertIdentifier[] =
    "INSERT INTO customer_identifiers(customer_id, type, value, created_at) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(type, value) DO NOTHING";
// customer id, email
inline constexpr char kFillCustomerEmail[] =
    "UPDATE customers SET email = ?2 WHERE id = ?1 AND email IS NULL";
// customer id, phone
inline constexpr char kFillCustomerPhone[] =
    "UPDATE customers SET phone = ?2 WHERE id = ?1 AND phone IS NULL";
// customer id, name
inline constexpr char kFillCustomerName[] =
    "UPDATE customers SET name = ?2 WHERE id = ?1 AND name = '' AND ?2 <> ''";
// customer id, thread id → conversation id, last channel
// These three return every matching conversation of one customer (a handful at most) with
// last_inbound_at and rowid: the caller keeps the latest (ingest.cpp, latest_row). An
// ORDER BY … LIMIT 1 here made SQLite sort them in a temporary B-tree on every returning
// customer's intake, on the writer (round 14).
inline constexpr char kFindConversationByThread[] =
    "SELECT id, last_channel, last_inbound_at, rowid FROM conversations "
    "WHERE customer_id = ?1 AND thread_id = ?2";
// customer id, active-since ms → conversation id, last channel
inline constexpr char kFindRecentConversation[] =
    "SELECT id, last_channel, last_inbound_at, rowid FROM conversations WHERE customer_id = ?1 "
    "AND status = 'open' AND last_inbound_at >= ?2";
// customer id, active-since ms → conversation id, last channel (one not bound to a mail thread)
inline constexpr char kFindRecentUnthreadedConversation[] =
    "SELECT id, last_channel, last_inbound_at, rowid FROM conversations WHERE customer_id = ?1 "
    "AND status = 'open' AND last_inbound_at >= ?2 AND thread_id IS NULL";
// id, customer id, channel, thread id|NULL, at
inline constexpr char kInsertConversation[] =
    "INSERT INTO conversations(id, customer_id, initial_channel, last_channel, thread_id, "
    "started_at, last_inbound_at) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?5)";
// id, channel, at, thread id|NULL
inline constexpr char kTouchConversation[] =
    "UPDATE conversations SET channel_switches = channel_switches + (last_channel <> ?2), "
    "last_channel = ?2, last_inbound_at = MAX(last_inbound_at, ?3), "
    "thread_id = COALESCE(thread_id, ?4) WHERE id = ?1";
// conversation id, from, to, message id, at
inline constexpr char kInsertChannelSwitch[] =
    "INSERT INTO channel_switches(conversation_id, from_channel, to_channel, message_id, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
// conversation id → ticket id, status, created_at, rowid of each ticket still worked on (a few;
// the caller keeps the latest, the later row on a tie: no sort in SQLite)
inline constexpr char kFindActiveTicket[] =
    "SELECT id, status, created_at, rowid FROM tickets WHERE conversation_id = ?1 "
    "AND status IN ('received', 'open', 'responded')";
// ticket id, now
inline constexpr char kReopenTicket[] =
    "UPDATE tickets SET status = 'open', updated_at = ?2 WHERE id = ?1 AND status = 'responded'";
// id, customer, conversation, channel, subject, category, priority, status, created_at, updated_at
inline constexpr char kInsertTicket[] =
    "INSERT INTO tickets(id, customer_id, conversation_id, source_channel, subject, category, "
    "priority, status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
// id, conversation, ticket, channel, content, raw|NULL, attachments|NULL, channel msg id|NULL, at
inline constexpr char kInsertInboundMessage[] =
    "INSERT INTO messages(id, conversation_id, ticket_id, channel, direction, role, content, "
    "raw_content, attachments, channel_message_id, created_at) "
    "VALUES (?1, ?2, ?3, ?4, 'inbound', 'customer', ?5, ?6, ?7, ?8, ?9)";

// --- tickets ------------------------------------------------------------------------------------
// id
inline constexpr char kSelectTicket[] = "SELECT " FTE_TICKET_COLUMNS " FROM tickets WHERE id = ?1";
// id, subject, category, priority, now
inline constexpr char kUpdateTicketFromAgent[] =
    "UPDATE tickets SET subject = CASE WHEN ?2 <> '' THEN ?2 ELSE subject END, "
    "category = CASE WHEN ?3 <> '' THEN ?3 ELSE category END, "
    "priority = CASE WHEN ?4 <> '' THEN ?4 ELSE priority END, "
    "status = CASE WHEN status = 'received' THEN 'open' ELSE status END, updated_at = ?5 "
    "WHERE id = ?1";
// customer id, limit
inline constexpr char kTicketsOfCustomer[] =
    "SELECT " FTE_TICKET_COLUMNS
    " FROM tickets WHERE customer_id = ?1 ORDER BY created_at DESC, rowid DESC LIMIT ?2";
// id, escalated, reason, has reply, category, now
inline constexpr char kApplyOutcomeToTicket[] =
    "UPDATE tickets SET status = CASE WHEN status IN ('resolved', 'closed') THEN status "
    "WHEN ?2 THEN 'escalated' WHEN status = 'escalated' THEN status WHEN ?4 THEN 'responded' "
    "WHEN status = 'received' THEN 'open' ELSE status END, "
    "escalation_reason = CASE WHEN ?2 THEN ?3 ELSE escalation_reason END, "
    "first_response_at = CASE WHEN ?4 THEN COALESCE(first_response_at, ?6) "
    "ELSE first_response_at END, "
    "category = CASE WHEN ?5 <> '' THEN ?5 ELSE category END, updated_at = ?6 WHERE id = ?1";

// --- customers ----------------------------------------------------------------------------------
// id
inline constexpr char kSelectCustomer[] =
    "SELECT " FTE_CUSTOMER_COLUMNS("") " FROM customers WHERE id = ?1";
// type, alternative type, value
inline constexpr char kFindCustomerByIdentifier[] =
    "SELECT " FTE_CUSTOMER_COLUMNS("c.") " FROM customer_identifiers i "
    "JOIN customers c ON c.id = i.customer_id WHERE i.type IN (?1, ?2) AND i.value = ?3 "
    "ORDER BY i.id LIMIT 1";

// --- messages -----------------------------------------------------------------------------------
// customer id, limit (newest first across channels)
inline constexpr char kMessagesOfCustomer[] =
    "SELECT " FTE_MESSAGE_COLUMNS("m.") " FROM messages m "
    "JOIN conversations c ON c.id = m.conversation_id WHERE c.customer_id = ?1 "
    "ORDER BY m.created_at DESC, m.rowid DESC LIMIT ?2";
// ticket id (oldest first). A ticket's messages live in its conversation: the conversation index
// finds them, so messages need no index on ticket_id (one random page write less per intake).
inline constexpr char kMessagesOfTicket[] =
    "SELECT " FTE_MESSAGE_COLUMNS("") " FROM messages "
    "WHERE conversation_id = (SELECT conversation_id FROM tickets WHERE id = ?1) "
    "AND ticket_id = ?1 ORDER BY created_at, rowid";
// conversation id (oldest first)
inline constexpr char kMessageByProviderId[] =
    "SELECT " FTE_MESSAGE_COLUMNS("") " FROM messages WHERE " FTE_BY_PROVIDER_ID " LIMIT 1";
inline constexpr char kMessagesOfConversation[] =
    "SELECT " FTE_MESSAGE_COLUMNS("") " FROM messages WHERE conversation_id = ?1 "
    "ORDER BY created_at, rowid";
// id, conversation, ticket, channel, content, tokens, latency_ms, at
inline constexpr char kInsertOutboundMessage[] =
    "INSERT INTO messages(id, conversation_id, ticket_id, channel, direction, role, content, "
    "delivery_status, tokens, latency_ms, created_at) "
    "VALUES (?1, ?2, ?3, ?4, 'outbound', 'agent', ?5, 'pending', ?6, ?7, ?8)";
// Delivery statuses only move forward (pending < queued < sent < delivered < read); failed and
// undelivered replace anything but delivered/read. Used by id and, for provider callbacks, by the
// provider's id. ?1 key, ?2 status, ?3 provider id|NULL
#define FTE_DELIVERY_RANK(x)                                                         \
  "(CASE " x " WHEN 'pending' THEN 0 WHEN 'queued' THEN 1 WHEN 'accepted' THEN 1 "   \
  "WHEN 'sending' THEN 1 WHEN 'sent' THEN 2 WHEN 'not_configured' THEN 2 "            \
  "WHEN 'failed' THEN 2 WHEN 'undelivered' THEN 2 WHEN 'delivered' THEN 3 "           \
  "WHEN 'read' THEN 4 ELSE 0 END)"
#define FTE_SET_DELIVERY(where)                                                       \
  "UPDATE messages SET delivery_status = CASE WHEN " FTE_DELIVERY_RANK("?2") " >= "    \
  FTE_DELIVERY_RANK("COALESCE(delivery_status, 'pending')")                           \
  " THEN ?2 ELSE delivery_status END, provider_id = COALESCE(?3, provider_id) WHERE " where
inline constexpr char kSetDeliveryStatus[] = FTE_SET_DELIVERY("id = ?1");
inline constexpr char kSetDeliveryStatusByProvider[] = FTE_SET_DELIVERY(FTE_BY_PROVIDER_ID);

// --- agent outcome ------------------------------------------------------------------------------
// key, now
inline constexpr char kMarkProcessed[] =
    "INSERT INTO processed_events(idempotency_key, processed_at) VALUES (?1, ?2) "
    "ON CONFLICT(idempotency_key) DO NOTHING";
// key
inline constexpr char kIsProcessed[] = "SELECT 1 FROM processed_events WHERE idempotency_key = ?1";
// id, ticket, reason, urgency, context, now
inline constexpr char kInsertEscalation[] =
    "INSERT INTO escalations(id, ticket_id, reason, urgency, context, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";
// conversation id, sentiment
inline constexpr char kSetConversationSentiment[] =
    "UPDATE conversations SET sentiment = ?2 WHERE id = ?1";
// ticket, key, engine, escalated, trace, latency, tokens in, tokens out, now
inline constexpr char kInsertAgentRun[] =
    "INSERT INTO agent_runs(ticket_id, idempotency_key, engine, escalated, trace_json, latency_ms, "
    "tokens_in, tokens_out, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

// --- human console ------------------------------------------------------------------------------
// id, conversation, ticket, channel, content, now
inline constexpr char kInsertHumanMessage[] =
    "INSERT INTO messages(id, conversation_id, ticket_id, channel, direction, role, content, "
    "delivery_status, created_at) VALUES (?1, ?2, ?3, ?4, 'outbound', 'human', ?5, 'pending', ?6)";
// ticket, now
inline constexpr char kTicketHumanReplied[] =
    "UPDATE tickets SET status = CASE WHEN status IN ('resolved', 'closed') THEN status "
    "ELSE 'responded' END, first_response_at = COALESCE(first_response_at, ?2), updated_at = ?2 "
    "WHERE id = ?1";
inline constexpr char kAssignEscalations[] =
    "UPDATE escalations SET status = 'assigned', updated_at = ?2 "
    "WHERE ticket_id = ?1 AND status = 'open'";
inline constexpr char kResolveEscalations[] =
    "UPDATE escalations SET status = 'resolved', updated_at = ?2 "
    "WHERE ticket_id = ?1 AND status IN ('open', 'assigned')";
// ticket, status, now
inline constexpr char kSetTicketStatus[] =
    "UPDATE tickets SET status = ?2, updated_at = ?3 WHERE id = ?1";
inline constexpr char kSelectAgentRuns[] =
    "SELECT ticket_id, idempotency_key, engine, escalated, trace_json, latency_ms, tokens_in, "
    "tokens_out, created_at FROM agent_runs WHERE ticket_id = ?1 ORDER BY created_at, id";

// --- reads for the API --------------------------------------------------------------------------
inline constexpr char kTicketCountsByChannel[] =
    "SELECT source_channel, COUNT(*), COUNT(first_response_at), COUNT(escalation_reason) "
    "FROM tickets GROUP BY source_channel";
inline constexpr char kFeedbackByChannel[] =
    "SELECT t.source_channel, SUM(f.helpful), SUM(1 - f.helpful) FROM feedback f "
    "JOIN tickets t ON t.id = f.ticket_id GROUP BY t.source_channel";
// channel, limit (most recent tickets first)
inline constexpr char kFirstResponseLatencies[] =
    "SELECT first_response_at - created_at FROM tickets WHERE source_channel = ?1 "
    "AND first_response_at IS NOT NULL ORDER BY created_at DESC LIMIT ?2";
// limit (oldest first: the queue a human works through)
inline constexpr char kOpenEscalations[] =
    "SELECT e.id, e.ticket_id, e.reason, e.urgency, e.status, t.source_channel, e.created_at "
    "FROM escalations e JOIN tickets t ON t.id = e.ticket_id "
    "WHERE e.status IN ('open', 'assigned') ORDER BY e.created_at, e.rowid LIMIT ?1";

// --- delivery and feedback ----------------------------------------------------------------------
// dedup key, message id, now
inline constexpr char kClaimDelivery[] =
    "INSERT INTO deliveries(dedup_key, message_id, created_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT(dedup_key) DO NOTHING";
// key, now, claimed at or before, done key: takes over a stale claim that never finished
inline constexpr char kTakeOverDelivery[] =
    "UPDATE deliveries SET created_at = ?2 WHERE dedup_key = ?1 AND created_at <= ?3 "
    "AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.dedup_key = ?4)";
// key
inline constexpr char kDeliveryRecorded[] = "SELECT 1 FROM deliveries WHERE dedup_key = ?1";
// ticket id
inline constexpr char kTicketExists[] = "SELECT 1 FROM tickets WHERE id = ?1";
// ticket id, helpful, now
inline constexpr char kUpsertFeedback[] =
    "INSERT INTO feedback(ticket_id, helpful, created_at, updated_at) VALUES (?1, ?2, ?3, ?3) "
    "ON CONFLICT(ticket_id) DO UPDATE SET helpful = excluded.helpful, "
    "updated_at = excluded.updated_at";

// --- knowledge base -----------------------------------------------------------------------------
// source
// The import's time stamp: now, but always after every stamp already there (see kKnowledgeRevision).
inline constexpr char kKnowledgeStamp[] =
    "SELECT max(?1, coalesce(max(created_at), 0) + 1) FROM knowledge_base";
inline constexpr char kDeleteKnowledgeSource[] = "DELETE FROM knowledge_base WHERE source = ?1";
// id, title, content, category, source, embedding|NULL, now
inline constexpr char kInsertKnowledge[] =
    "INSERT INTO knowledge_base(id, title, content, category, source, embedding, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
// Changes with every import: each one stamps its rows after every earlier stamp (kKnowledgeStamp),
// and an import that only removes rows changes the count.
inline constexpr char kKnowledgeRevision[] =
    "SELECT count(*) || ':' || coalesce(max(created_at), 0) || ':' || coalesce(max(rowid), 0) "
    "FROM knowledge_base";
inline constexpr char kSelectKnowledge[] =
    "SELECT id, title, content, category, source, embedding FROM knowledge_base "
    "ORDER BY source, rowid";

// --- embedding cache (0004) ---------------------------------------------------------------------
// model, content key
inline constexpr char kSelectEmbedding[] =
    "SELECT embedding FROM embedding_cache WHERE model = ?1 AND content_key = ?2";
// model, content key, embedding, now
inline constexpr char kUpsertEmbedding[] =
    "INSERT INTO embedding_cache(model, content_key, embedding, created_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT(model, content_key) DO UPDATE SET embedding = excluded.embedding";

// --- event log ----------------------------------------------------------------------------------
// topic, key, envelope json, now
inline constexpr char kInsertEvent[] =
    "INSERT INTO events(topic, key, envelope, created_at) VALUES (?1, ?2, ?3, ?4)";
// after seq, limit
inline constexpr char kReadEventsAll[] =
    "SELECT seq, topic, envelope FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2";
// after seq, topic, limit
inline constexpr char kReadEventsOfTopic[] =
    "SELECT seq, topic, envelope FROM events WHERE topic = ?2 AND seq > ?1 ORDER BY seq LIMIT ?3";
// after seq, topics as a JSON array, limit
inline constexpr char kReadEventsOfTopics[] =
    "SELECT seq, topic, envelope FROM events WHERE seq > ?1 "
    "AND topic IN (SELECT value FROM json_each(?2)) ORDER BY seq LIMIT ?3";
inline constexpr char kLastEventSeq[] = "SELECT COALESCE(MAX(seq), 0) FROM events";
// group, topic
inline constexpr char kLoadOffset[] =
    "SELECT seq FROM consumer_offsets WHERE group_name = ?1 AND topic = ?2";
// group, topic, seq, now: forward only (a late or duplicate commit never moves it back)
inline constexpr char kCommitOffset[] =
    "INSERT INTO consumer_offsets(group_name, topic, seq, updated_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT(group_name, topic) DO UPDATE SET seq = MAX(consumer_offsets.seq, excluded.seq), "
    "updated_at = excluded.updated_at";

// --- leases, fenced offsets, retention, shared counters (migration 0003) ------------------------
// name, holder, now, ttl → epoch (no row: another holder's lease is valid). Same holder with an
// unexpired lease keeps its epoch; a free or expired lease moves to the caller with epoch + 1.
inline constexpr char kAcquireLease[] =
    "INSERT INTO leases(name, holder, epoch, expires_at) VALUES (?1, ?2, 1, ?3 + ?4) "
    "ON CONFLICT(name) DO UPDATE SET "
    "epoch = CASE WHEN leases.holder = excluded.holder AND leases.expires_at > ?3 "
    "THEN leases.epoch ELSE leases.epoch + 1 END, "
    "holder = excluded.holder, expires_at = excluded.expires_at "
    "WHERE leases.holder = excluded.holder OR leases.expires_at <= ?3 "
    "RETURNING epoch";
// name, holder, now
inline constexpr char kReleaseLease[] =
    "UPDATE leases SET expires_at = ?3 WHERE name = ?1 AND holder = ?2 AND expires_at > ?3";
// prefix, now: unexpired leases whose name starts with the prefix (no LIKE: names hold '_')
inline constexpr char kLiveLeases[] =
    "SELECT name, holder, epoch, expires_at FROM leases WHERE substr(name, 1, length(?1)) = ?1 "
    "AND expires_at > ?2 ORDER BY name";
// name, holder, epoch, now → 1 while held
inline constexpr char kLeaseHeld[] =
    "SELECT COUNT(*) FROM leases WHERE name = ?1 AND holder = ?2 AND epoch = ?3 AND expires_at > ?4";
// group, topic, seq, now: forward only
inline constexpr char kCommitOffsetForward[] =
    "INSERT INTO consumer_offsets(group_name, topic, seq, updated_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT(group_name, topic) DO UPDATE SET seq = MAX(consumer_offsets.seq, excluded.seq), "
    "updated_at = excluded.updated_at";
// before, limit: the oldest events (a window of `limit` seqs from the oldest) created before
// `before` that no consumer of their topic still has ahead of it
inline constexpr char kPruneEvents[] =
    "DELETE FROM events WHERE seq <= (SELECT MIN(seq) FROM events) + ?2 AND created_at < ?1 "
    "AND NOT EXISTS (SELECT 1 FROM consumer_offsets o WHERE o.topic = events.topic "
    "AND o.seq < events.seq)";
// rows (exact below a million, else the seq span: an upper bound that costs no scan), oldest
inline constexpr char kEventLogStats[] =
    "WITH b AS (SELECT MIN(seq) AS lo, MAX(seq) AS hi FROM events) "
    "SELECT COALESCE(CASE WHEN hi - lo < 1000000 THEN (SELECT COUNT(*) FROM events) "
    "ELSE hi - lo + 1 END, 0), COALESCE((SELECT created_at FROM events WHERE seq = lo), 0) FROM b";
// key, window_start, amount, expires_at → total
inline constexpr char kAddToCounter[] =
    "INSERT INTO shared_counters(key, window_start, total, expires_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT(key, window_start) DO UPDATE SET total = total + excluded.total, "
    "expires_at = MAX(expires_at, excluded.expires_at) RETURNING total";
// now
inline constexpr char kPruneCounters[] = "DELETE FROM shared_counters WHERE expires_at <= ?1";

// --- audit --------------------------------------------------------------------------------------
// kind, correlation id, detail json, now
inline constexpr char kInsertAudit[] =
    "INSERT INTO audit_log(kind, correlation_id, detail, created_at) VALUES (?1, ?2, ?3, ?4)";

// clang-format on

#undef FTE_TICKET_COLUMNS
#undef FTE_MESSAGE_COLUMNS
#undef FTE_BY_PROVIDER_ID
#undef FTE_CUSTOMER_COLUMNS
#undef FTE_DELIVERY_RANK
#undef FTE_SET_DELIVERY

}  // namespace fte::sqlite::sql
