// Store: the CRM (customers, identifiers, conversations, messages, tickets, escalations, knowledge
// chunks, feedback, audit) plus the transactional outbox / local event log.
//
// Every write that changes state commits together with the events it emits (`outbox`), in one
// transaction: a crash either keeps both or neither. Implementations group concurrent writes into
// one transaction (group commit) and call each completion only after its batch committed.
//
// Implementations: sqlite/ (embedded default), postgres/. One conformance suite
// (tests/unit/store) runs on both. Thread-safe: every method may be called from any thread.
// Failure: methods throw fte::Error (unavailable/timeout are retryable; conflict, not_found,
// invalid_argument are not). Async methods report the error through the callback instead.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.h"
#include "core/envelope.h"

namespace fte {

// Events to append to the outbox, computed once the ingest knows the ids.
using OutboxFn = std::function<std::vector<std::pair<std::string, Envelope>>(const IngestResult&)>;

struct IngestOutcome {
  std::exception_ptr error;  // null on success
  IngestResult result;
};

// What create_ticket records (idempotent on ticket id).
struct TicketUpsert {
  std::string ticket_id;
  std::string customer_id;
  std::string conversation_id;
  Channel channel = Channel::webform;
  std::string subject;
  std::string category;
  std::string priority;
};

// The result of one agent run, written in one transaction with its outbox events.
struct AgentOutcome {
  std::string idempotency_key;  // of the incoming event; a second commit with it is a no-op
  std::string ticket_id;
  std::string conversation_id;
  Channel channel = Channel::webform;
  std::vector<std::string> reply_parts;  // outbound message(s), channel-formatted; may be empty
  std::string reply_message_id;          // id of the (first) outbound message, chosen by caller
  bool escalated = false;
  std::string escalation_reason;  // reason code
  std::string escalation_urgency;
  std::string escalation_context;  // sanitised
  std::string category;
  double sentiment = -1;           // -1 when unknown
  std::string trace_json;          // the run's trace, PII masked
  std::int64_t latency_ms = 0;
  std::int64_t tokens_in = 0, tokens_out = 0;
  std::string engine;
  // create_ticket's upsert when the agent did not write it during the run: applied first, in the
  // outcome's transaction, exactly as Store::upsert_ticket (one write per ticket fewer).
  std::optional<TicketUpsert> ticket;
};

struct StoredEvent {
  std::int64_t seq = 0;
  std::string topic;
  Envelope envelope;
};

// The events one committed transaction of this process appended, in seq order: every seq from
// first_seq to last_seq is one of `events`, and every event below first_seq was committed before.
struct CommittedEvents {
  std::int64_t first_seq = 0, last_seq = 0;
  std::vector<StoredEvent> events;
};


struct ChannelStats {
  Channel channel = Channel::webform;
  std::int64_t tickets = 0, answered = 0, escalated = 0, helpful_yes = 0, helpful_no = 0;
  std::vector<std::int64_t> first_response_ms;  // per answered ticket
};

struct EscalationRow {
  std::string id;
  std::string ticket_id;
  std::string reason;
  std::string urgency;
  std::string status;  // open|assigned|resolved
  Channel channel = Channel::webform;
  std::int64_t created_at_ms = 0;
};

// A reply written by a person in the console; delivered through the ticket's channel like the
// agent's.
struct HumanReply {
  std::string ticket_id;
  std::string message_id;  // chosen by the caller (the outbound event carries it)
  std::string text;        // already channel-formatted
  std::string author;      // who wrote it (console user label; no PII)
};

// One stored agent run (the audit trail of spec V).
struct AgentRunRow {
  std::string ticket_id;
  std::string idempotency_key;
  std::string engine;
  bool escalated = false;
  std::string trace_json;  // PII masked by the agent
  std::int64_t latency_ms = 0, tokens_in = 0, tokens_out = 0, created_at_ms = 0;
};

// The outcome of a leased delivery claim (Store::claim_delivery_leased).
enum class DeliveryClaim {
  claimed,      // first claim: send
  resumed,      // an earlier claim older than the lease never finished (its worker died between
                // the claim and the provider's answer): taken over; that attempt may have arrived
  finished,     // finish_delivery was called: sent (or given up) before, never send again
  in_progress,  // claimed less than the lease ago and not finished: another worker is sending
};

// What the agent worker reads before a run: whether the event was already handled, and if not,
// the customer's history (nullopt: no such customer).
struct AgentRunInputs {
  bool processed = false;
  std::optional<CustomerHistory> history;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual std::string backend() const = 0;  // "sqlite" or "postgres"
  virtual void ping() = 0;                  // throws Error(unavailable) when not reachable

  // --- intake ---
  // Finds or creates the customer by its identifiers, finds or creates the conversation, stores the
  // inbound message (deduplicated on (channel, channel_message_id)), creates the ticket with
  // msg.ticket_id unless the conversation already has an open ticket (then joins it; a web-form
  // submission is always a new request with its own subject, so it always gets its own ticket), and appends
  // the events of `outbox` — all in one transaction. A duplicate returns duplicate=true with the
  // existing ids and writes nothing. `done` runs after the commit, on a store thread.
  virtual void ingest_async(InboundMessage msg, OutboxFn outbox,
                            std::function<void(IngestOutcome)> done) = 0;
  IngestResult ingest(InboundMessage msg, OutboxFn outbox);  // blocking wrapper

  // --- agent tools ---
  virtual Ticket upsert_ticket(const TicketUpsert& t) = 0;
  virtual std::optional<CustomerHistory> customer_history(const std::string& customer_id,
                                                          int max_messages) = 0;
  virtual bool is_processed(const std::string& idempotency_key) = 0;
  // is_processed and, when not processed, customer_history, read in one snapshot (the agent
  // worker's reads before a run). The default makes the two calls; a store may do it in one
  // read transaction.
  virtual AgentRunInputs agent_run_inputs(const std::string& idempotency_key,
                                          const std::string& customer_id, int max_messages);
  // Returns false (and writes nothing) when the outcome's idempotency key was already committed.
  virtual bool commit_agent_outcome(const AgentOutcome& o,
                                    const std::vector<std::pair<std::string, Envelope>>& outbox) = 0;

  // --- reads for the API ---
  virtual std::optional<TicketView> ticket_view(const std::string& ticket_id) = 0;
  virtual std::optional<Customer> find_customer(IdentifierType type, const std::string& value) = 0;
  virtual std::vector<StoredMessage> conversation_messages(const std::string& conversation_id) = 0;
  virtual std::vector<ChannelStats> channel_stats() = 0;
  virtual std::vector<EscalationRow> open_escalations(int limit) = 0;

  // --- delivery ---
  // Records the dedup key before a provider call; false when it was already recorded (sent before).
  virtual bool claim_delivery(const std::string& dedup_key, const std::string& message_id) = 0;
  // claim_delivery whose claim expires after `lease_ms` unless finish_delivery marks it done, so
  // that a send interrupted by a crash is taken over instead of never happening. The default (for
  // stores without it) never takes over: claimed or finished.
  virtual DeliveryClaim claim_delivery_leased(const std::string& dedup_key,
                                              const std::string& message_id, std::int64_t lease_ms) {
    (void)lease_ms;
    return claim_delivery(dedup_key, message_id) ? DeliveryClaim::claimed : DeliveryClaim::finished;
  }
  // Marks a claimed send done (the provider answered, or it was given up): never taken over.
  virtual void finish_delivery(const std::string& dedup_key, const std::string& message_id) {
    (void)dedup_key, (void)message_id;
  }
  // `message_id`: the stored message, or for a provider's status callback its provider id.
  // `provider_id`: the provider's id(s) of what was sent, comma-separated when the reply went out as
  // several provider messages (WhatsApp parts); each of them finds the message afterwards.
  virtual void set_delivery_status(const std::string& message_id, const std::string& status,
                                   const std::string& provider_id) = 0;
  // A delivery with no provider call (a web-form reply, shown on the status page): claims
  // `dedup_key`, marks it finished, records `status` on the message and appends `outbox`.
  // `finished` (nothing written) when it was finished before; `in_progress` (nothing written)
  // while another worker's claim holds it. The default runs the steps one after another; SQLite
  // and PostgreSQL do them in one transaction.
  virtual DeliveryClaim deliver_without_provider(
      const std::string& dedup_key, const std::string& message_id, const std::string& status,
      std::int64_t lease_ms, const std::vector<std::pair<std::string, Envelope>>& outbox);
  // The outbound message a provider id (e.g. a Twilio MessageSid, any part's) was recorded on; for
  // status callbacks that must act on a failure. nullopt when none.
  virtual std::optional<StoredMessage> message_by_provider_id(const std::string& provider_id) = 0;

  // --- human console ---
  // Stores `r` as an outbound message (role human) on the ticket's conversation, marks the ticket
  // responded (first response time included) and its open escalations assigned, and appends
  // `outbox` — one transaction. Throws not_found for an unknown ticket.
  virtual void record_human_reply(const HumanReply& r,
                                  const std::vector<std::pair<std::string, Envelope>>& outbox) = 0;
  // status: open|resolved|closed. resolved/closed also resolve the ticket's open escalations.
  // Throws not_found for an unknown ticket, invalid_argument for another status.
  virtual void set_ticket_status(const std::string& ticket_id, const std::string& status) = 0;
  // The ticket's agent runs, oldest first.
  virtual std::vector<AgentRunRow> agent_runs(const std::string& ticket_id) = 0;

  // --- feedback ---
  virtual void record_feedback(const std::string& ticket_id, bool helpful) = 0;

  // --- knowledge base ---
  virtual void replace_knowledge(const std::string& source, const std::vector<KnowledgeChunk>& c) = 0;
  virtual std::vector<KnowledgeChunk> load_knowledge() = 0;
  // Vector search in the database (PostgreSQL with pgvector): up to k (chunk id, cosine) pairs
  // nearest to `query` (an embedding of the dimension the store holds, see
  // PostgresStore::set_knowledge_vectors), best first; std::nullopt when this store has no SQL
  // vector search (the default: SQLite, test fakes) or it cannot answer now (no vectors stored,
  // another dimension, database unreachable) — the caller then uses its in-process index.
  virtual std::optional<std::vector<std::pair<std::string, float>>> knowledge_vector_search(
      const std::vector<float>& query, int k) {
    (void)query;
    (void)k;
    return std::nullopt;
  }

  // --- embedding cache (model vectors of knowledge texts by content key; kb::EmbeddingCache) ---
  // The cached vectors of `keys` for `model` (keys not cached are absent); default: none cached.
  virtual std::vector<std::pair<std::string, std::vector<float>>> cached_embeddings(
      const std::string& model, const std::vector<std::string>& keys) {
    (void)model;
    (void)keys;
    return {};
  }
  // Stores (or replaces) vectors; default: nothing kept.
  virtual void cache_embeddings(const std::string& model,
                                const std::vector<std::pair<std::string, std::vector<float>>>& rows) {
    (void)model;
    (void)rows;
  }

  // A value that changes whenever the stored knowledge base changes (an import by any process), so
  // running agents can reload it; "" when the store cannot tell (test fakes: never reload).
  virtual std::string knowledge_revision() { return {}; }

  // --- event log (outbox; the `local` bus reads it directly) ---
  virtual std::int64_t append_events(const std::vector<std::pair<std::string, Envelope>>& ev) = 0;
  virtual std::vector<StoredEvent> read_events(const std::vector<std::string>& topics,
                                               std::int64_t after_seq, int limit) = 0;
  virtual std::int64_t load_offset(const std::string& group, const std::string& topic) = 0;
  // Forward only: the stored offset becomes max(stored, seq), so a late commit never moves it back.
  virtual void commit_offset(const std::string& group, const std::string& topic,
                             std::int64_t seq) = 0;
  // commit_offset for each of `topics` (the local bus's consumer commits all its topics at once).
  // The default makes one call per topic; the SQLite store writes them in one operation.
  virtual void commit_offsets(const std::string& group, const std::vector<std::string>& topics,
                              std::int64_t seq);
  virtual std::int64_t last_event_seq() = 0;
  // Called (on a store thread) after any transaction that appended events; used by the local bus
  // to wake its consumers without polling.
  virtual void on_events_appended(std::function<void()> cb) = 0;
  // The same, told which topics grew (empty: not known, any may have). The default passes empty.
  using TopicsAppended = std::function<void(const std::vector<std::string>& topics)>;
  virtual void on_events_appended_to(TopicsAppended cb) {
    on_events_appended([cb = std::move(cb)] { cb({}); });
  }
  // Hands cb the events of every commit of this process that appended some (on a store thread, in
  // commit order), so the local bus need not read them back. Returns false when the store does
  // not (cb is then never called; use on_events_appended_to).
  using EventsCommitted = std::function<void(const std::shared_ptr<const CommittedEvents>&)>;
  virtual bool on_events_committed(EventsCommitted) { return false; }

  // --- one relay per store, retention, shared limits (issue 16; docs/DECISIONS.md) ---
  // Lease rows let exactly one process of a deployment do a job (the outbox relay, the pruner).
  // acquire_lease takes, keeps or renews lease `name` for `holder` until ttl_ms from now on the
  // store's clock (PostgreSQL: the server's, so replicas' clocks do not matter). Returns the
  // lease's epoch while `holder` has it: the same epoch when renewing an unexpired lease, the
  // previous epoch + 1 when taking a free or expired one (also the holder's own expired lease);
  // 0 when another holder's lease is still valid. Atomic across processes.
  virtual std::int64_t acquire_lease(const std::string& name, const std::string& holder,
                                     std::int64_t ttl_ms);
  // Gives the lease up (expires it now) when `holder` has it; a no-op otherwise.
  virtual void release_lease(const std::string& name, const std::string& holder);
  // The unexpired leases whose name starts with `prefix` (store's clock), in name order: how the
  // Kafka partition leases count live members and see which partitions are taken.
  struct LeaseHolder {
    std::string name, holder;
    std::int64_t epoch = 0;
    std::int64_t expires_at_ms = 0;  // store's clock
  };
  virtual std::vector<LeaseHolder> live_leases(const std::string& prefix);
  // The fenced, forward-only offset commit of a lease holder: in one statement, and only while
  // `holder` still holds lease `lease` with `epoch` unexpired, sets each (group, topic) to
  // max(stored, seq). False (nothing written) when fenced: the lease is lost or expired.
  virtual bool commit_offsets_fenced(const std::string& group, const std::vector<std::string>& topics,
                                     std::int64_t seq, const std::string& lease,
                                     const std::string& holder, std::int64_t epoch);
  // Deletes up to `limit` of the oldest events created before `before_ms` that every consumer
  // has passed: an event stays while a consumer_offsets row of its topic is below its seq.
  // Returns the number deleted (call again while it returns `limit`).
  virtual std::int64_t prune_events(std::int64_t before_ms, int limit);
  struct EventLogStats {
    std::int64_t rows = 0;  // exact below a million; above, the seq span (an upper bound, no scan)
    std::int64_t oldest_created_at_ms = 0;  // 0 when empty
  };
  virtual EventLogStats event_log_stats();
  // A counter shared by every process on this store (fixed windows, e.g. one per minute or per
  // UTC day): adds `amount` (0 = read) to counter `key` of the window starting at window_start_ms
  // and returns the window's new total, atomically across processes. `expires_at_ms`: when the
  // row may be deleted (prune_counters). durable=false allows a cheaper write that a database
  // crash may lose (PostgreSQL: an UNLOGGED table) — for rate limits, not for money.
  virtual std::int64_t add_to_counter(const std::string& key, std::int64_t window_start_ms,
                                      std::int64_t amount, std::int64_t expires_at_ms, bool durable);
  virtual std::int64_t prune_counters(std::int64_t now_ms);  // deletes expired windows

  // --- audit ---
  virtual void audit(const std::string& kind, const std::string& correlation_id,
                     const std::string& detail_json) = 0;
};

// For backends: the provider ids of a delivery ("SM1,SM2" → {"SM1","SM2"}; empty parts dropped),
// and the deliveries key under which each part's id is recorded.
std::vector<std::string> split_provider_ids(const std::string& provider_ids);
inline constexpr std::string_view kProviderKeyPrefix = "provider:";
// The deliveries key that marks a claimed send finished (Store::finish_delivery).
inline constexpr std::string_view kDeliveryDonePrefix = "done:";

struct StoreOptions {
  std::string url;  // sqlite://PATH or postgres://...
  int pool_size = 8;
  int busy_timeout_ms = 5000;
  int write_queue = 10000;  // bound of the group-commit write queue; when full, writes fail busy
  int writers = 0;  // PostgreSQL: group-commit writer connections (FTE_PG_WRITERS; 0: default)
  int thread_slice_us = 0;  // SQLite: the writer thread's scheduler slice (core/thread_slice.h)
};

// Built by the wiring layer; throws Error naming FTE_DATABASE_URL on a bad URL or unreachable store.
std::unique_ptr<Store> open_sqlite_store(const StoreOptions& o);

}  // namespace fte
