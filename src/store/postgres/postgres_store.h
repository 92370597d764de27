// The PostgreSQL Store (`postgres://` or `postgresql://`, the scaled-out deployment, DESIGN §1):
// several processes (gateway, agent, deliver pods) share one database.
//
// Writes go through a few group-commit Writers per store (writer.h: one connection each, batches
// of operations per transaction, acknowledged after COMMIT). Reads lease a connection from a bounded
// Pool (pool.h: fails fast with Error(busy) when exhausted). Every statement is a named prepared
// statement (sql.h) under the session's statement_timeout. Transient errors — a lost connection,
// serialization failure, deadlock — are retried with backoff (retry.h); the pool and the writer
// reconnect by themselves, so the store recovers without being reopened when the server returns.
// Opening applies the migrations under an advisory lock (migrations.h).
//
// URL: a libpq URI plus the store's own options, which are removed before libpq sees it:
//   statement_timeout_ms (default 5000), acquire_timeout_ms (pool acquire deadline, default
//   StoreOptions::busy_timeout_ms), pool_max_waiters (default 64), hnsw_ef_search (pgvector's
//   search beam for knowledge_vector_search, 1..1000, default 200; at least k is used),
//   ingest_batch_max (intakes sent in one fte_ingest call, 1..256, default 256 = a whole batch).
//   ingest (set: one set-based statement per batch, the default; rows: fte_ingest alone).
//   writers (group-commit writer connections, 1..32; default FTE_PG_WRITERS via
//   StoreOptions::writers, else 1; 1 keeps the event-log lock to COMMIT).
//   batch_fill_us (0..1000000, default 300): when the previous batch held several operations, a
//   writer waits up to this long for as many to be queued before it takes the next batch (0: no
//   wait). A lone caller (previous batch of one) never waits.
// StoreOptions::pool_size is the read pool's size; write_queue bounds each writer's queue.
//
// Thread-safe: every method may be called from any thread. Completions (`done`) and
// events-appended listeners run on the writer thread after the commit (or, for other processes'
// appends, on the LISTEN thread); they may call any method except the blocking Store::ingest
// wrapper. Failure: fte::Error as in store/store.h — a server that is gone gives
// Error(unavailable) (retryable) after the retries; nothing of a failed write is kept.
// See src/store/postgres/README.md for the decisions.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "store/postgres/event_listener.h"
#include "store/postgres/pool.h"
#include "store/postgres/retry.h"
#include "store/postgres/writer.h"
#include "store/store.h"

namespace fte {

// Built by the wiring layer; throws Error naming FTE_DATABASE_URL on a bad URL or an unreachable
// server.
std::unique_ptr<Store> open_postgres_store(const StoreOptions& o);

// Which knowledge-search path a store supports, for /ready and the start-up log: "pgvector" when
// the database has the vector extension, "in-process index" otherwise (embeddings stored as bytea,
// the in-process index rebuilt from load_knowledge()); "" for a store of another backend.
std::string postgres_knowledge_mode(const Store& s);

namespace pg {

struct PostgresLocation {
  std::string conninfo;  // the URL without the store's own options, handed to libpq
  std::string redacted;  // the URL with its password masked, for messages
  int statement_timeout_ms = 5000;
  int acquire_timeout_ms = -1;  // -1: StoreOptions::busy_timeout_ms
  int max_waiters = 64;
  int hnsw_ef_search = 200;
  int ingest_batch_max = 256;  // intakes per fte_ingest call (1: one call per intake)
  int batch_fill_us = 300;      // Writer::Options::fill_wait (docs/BENCHMARKS.md Round 9)
  int writers = 0;             // group-commit writer connections (0: StoreOptions::writers)
  bool ingest_set = true;      // URL ingest=set|rows: the set-based intake, or fte_ingest alone
};
// Throws Error(invalid_argument) naming FTE_DATABASE_URL.
PostgresLocation parse_postgres_url(const std::string& url);

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(const StoreOptions& o);
  ~PostgresStore() override;

  std::string backend() const override { return "postgres"; }
  void ping() override;

  void ingest_async(InboundMessage msg, OutboxFn outbox,
                    std::function<void(IngestOutcome)> done) override;

  Ticket upsert_ticket(const TicketUpsert& t) override;
  std::optional<CustomerHistory> customer_history(const std::string& customer_id,
                                                  int max_messages) override;
  bool is_processed(const std::string& idempotency_key) override;
  bool commit_agent_outcome(const AgentOutcome& o,
                            const std::vector<std::pair<std::string, Envelope>>& outbox) override;

  std::optional<TicketView> ticket_view(const std::string& ticket_id) override;
  std::optional<Customer> find_customer(IdentifierType type, const std::string& value) override;
  std::vector<StoredMessage> conversation_messages(const std::string& conversation_id) override;
  std::vector<ChannelStats> channel_stats() override;
  std::vector<EscalationRow> open_escalations(int limit) override;

  bool claim_delivery(const std::string& dedup_key, const std::string& message_id) override;
  DeliveryClaim claim_delivery_leased(const std::string& dedup_key, const std::string& message_id,
                                      std::int64_t lease_ms) override;
  void finish_delivery(const std::string& dedup_key, const std::string& message_id) override;
  DeliveryClaim deliver_without_provider(
      const std::string& dedup_key, const std::string& message_id, const std::string& status,
      std::int64_t lease_ms, const std::vector<std::pair<std::string, Envelope>>& outbox) override;
  void set_delivery_status(const std::string& message_id, const std::string& status,
                           const std::string& provider_id) override;
  void record_human_reply(const HumanReply& r,
                          const std::vector<std::pair<std::string, Envelope>>& outbox) override;
  void set_ticket_status(const std::string& ticket_id, const std::string& status) override;
  std::vector<AgentRunRow> agent_runs(const std::string& ticket_id) override;
  std::optional<StoredMessage> message_by_provider_id(const std::string& provider_id) override;
  void record_feedback(const std::string& ticket_id, bool helpful) override;

  void replace_knowledge(const std::string& source, const std::vector<KnowledgeChunk>& c) override;
  std::vector<KnowledgeChunk> load_knowledge() override;
  std::string knowledge_revision() override;
  std::vector<std::pair<std::string, std::vector<float>>> cached_embeddings(
      const std::string& model, const std::vector<std::string>& keys) override;
  void cache_embeddings(const std::string& model,
                        const std::vector<std::pair<std::string, std::vector<float>>>& rows) override;
  // pgvector mode with vectors stored (set_knowledge_vectors, by any process): the nearest chunks
  // by cosine through the HNSW index, `SET hnsw.ef_search` = max(k, hnsw_ef_search), k <= 1000;
  // an all-zero query finds nothing. std::nullopt without pgvector, before vectors are stored,
  // for a query of another dimension, or when the database fails (logged once per outage).
  std::optional<std::vector<std::pair<std::string, float>>> knowledge_vector_search(
      const std::vector<float>& query, int k) override;

  // pgvector mode: stores each chunk's vector (id → n floats, the same n for all, 1..2000 — the
  // knowledge base's embedding folded to n dims, kb::KnowledgeBase::export_embeddings) in
  // knowledge_base.embedding_vec vector(n), adding that column and its HNSW cosine index
  // (`USING hnsw (embedding_vec vector_cosine_ops)`) on first use, or again when n changed. Ids
  // not in the table are ignored; rows whose vector is unchanged are not rewritten, so processes
  // starting with the same knowledge rewrite no row. One transaction on a connection of its own
  // (not the writer's; opened at first use and kept), under an advisory lock (processes starting at
  // once take turns), with no statement timeout budget below 15 minutes (building the index on a
  // large table is slow). Returns the rows changed. Throws Error(invalid_argument) for bad
  // dimensions, Error(unavailable) without pgvector or when the database fails.
  std::size_t set_knowledge_vectors(
      const std::vector<std::pair<std::string, std::vector<float>>>& vectors);
  // The dimension of the stored vectors (0: none stored or no pgvector); re-read from the
  // database when this process has not stored any.
  int knowledge_vector_dims();

  std::int64_t append_events(const std::vector<std::pair<std::string, Envelope>>& ev) override;
  std::vector<StoredEvent> read_events(const std::vector<std::string>& topics,
                                       std::int64_t after_seq, int limit) override;
  std::int64_t load_offset(const std::string& group, const std::string& topic) override;
  void commit_offset(const std::string& group, const std::string& topic, std::int64_t seq) override;
  std::int64_t last_event_seq() override;
  void on_events_appended(std::function<void()> cb) override;

  void audit(const std::string& kind, const std::string& correlation_id,
             const std::string& detail_json) override;

  std::int64_t acquire_lease(const std::string& name, const std::string& holder,
                             std::int64_t ttl_ms) override;
  void release_lease(const std::string& name, const std::string& holder) override;
  std::vector<LeaseHolder> live_leases(const std::string& prefix) override;
  bool commit_offsets_fenced(const std::string& group, const std::vector<std::string>& topics,
                             std::int64_t seq, const std::string& lease, const std::string& holder,
                             std::int64_t epoch) override;
  std::int64_t prune_events(std::int64_t before_ms, int limit) override;
  EventLogStats event_log_stats() override;
  std::int64_t add_to_counter(const std::string& key, std::int64_t window_start_ms,
                              std::int64_t amount, std::int64_t expires_at_ms, bool durable) override;
  std::int64_t prune_counters(std::int64_t now_ms) override;

  // "pgvector" or "in-process index" (see postgres_knowledge_mode).
  std::string knowledge_mode() const { return pgvector_ ? "pgvector" : "in-process index"; }
  // For metrics (pool exhaustion, connections) and tests.
  Pool::Stats pool_stats() const { return pool_->stats(); }
  Writer::Stats writer_stats() const;
  int writer_count() const { return static_cast<int>(writers_.size()); }
  int schema_version() const { return schema_version_; }
  int migrations_applied() const { return migrations_applied_; }

 private:
  // Runs f(Connection&) on a pooled connection, retrying transient errors.
  template <class F>
  auto read(F&& f) -> decltype(f(std::declval<Connection&>()));

  PostgresLocation loc_;
  Connection::Options conn_;
  std::string instance_id_;
  RetryPolicy retry_;
  bool pgvector_ = false;
  std::atomic<int> vector_dims_{0};                 // of embedding_vec; 0 = not known yet
  std::atomic<bool> vector_search_failing_{false};  // log a failing search once per outage
  std::mutex vectors_mu_;                           // one set_knowledge_vectors at a time
  std::unique_ptr<Connection> vectors_conn_;  // set_knowledge_vectors' own, opened at first use
  int schema_version_ = 0;
  int migrations_applied_ = 0;
  std::unique_ptr<Pool> pool_;
  // The group-commit writers (one connection each). Several commit at once: their events may then
  // commit out of seq order, and read_events waits for gaps (README, "Event sequence numbers").
  std::vector<std::unique_ptr<Writer>> writers_;
  // The writer for the next operation: the calling writer's own (a completion that writes runs
  // inline), else the first whose queue is short (postgres_store.cpp).
  Writer& writer();
  // read_events' watermark, shared by the store's readers (reads.cpp).
  std::mutex events_mu_;
  std::int64_t safe_seq_ = 0;        // every seq at or below is committed or never will be
  std::string gap_holders_;  // a gap waits for these appenders to end (text[]; "": no gap)
  std::int64_t gap_seen_ = 0;        // the highest seq seen past the gap
  std::int64_t gap_since_ms_ = 0;    // when the gap was first seen
  bool gap_warned_ = false;          // a gap waited for too long was logged
  std::mutex listener_mu_;
  std::unique_ptr<EventListener> listener_;  // started by the first on_events_appended
};

// --- transaction bodies shared by the store's methods (ingest.cpp, writes.cpp) ------------------
// One queued intake: its message and outbox in, its result out (set when it succeeded).
struct IngestOp {
  InboundMessage msg;
  OutboxFn outbox;
  std::function<void(IngestOutcome)> done;
  IngestResult result;
};
// The writer's group functions of intakes (Writer::Op::group; payloads are IngestOps). Set-based
// (the default): one statement over the whole batch, then fte_ingest for the part of it that
// statement leaves (ingest.cpp). Rows (URL `ingest=rows`): all of them in one call of fte_ingest,
// each isolated in its own subtransaction on the server.
void ingest_group(Connection& c, std::vector<Writer::GroupItem>& items);
void ingest_group_rows(Connection& c, std::vector<Writer::GroupItem>& items);
Ticket upsert_ticket_in_tx(Connection& c, const TicketUpsert& t);
bool agent_outcome_in_tx(Connection& c, OpContext& cx, const AgentOutcome& o,
                         const std::vector<std::pair<std::string, Envelope>>& outbox);
// Queues the events for the end of the batch (validated here: a topic is required).
void append_events_in_tx(OpContext& cx, const std::vector<std::pair<std::string, Envelope>>& ev);
void audit_in_tx(Connection& c, const std::string& kind, const std::string& correlation_id,
                 const std::string& detail_json);

template <class F>
auto PostgresStore::read(F&& f) -> decltype(f(std::declval<Connection&>())) {
  return with_retries(
      retry_,
      [&] {
        auto c = pool_->acquire();
        return f(*c);
      },
      [this](const DbError& e) {
        if (e.connection_lost()) pool_->drop_idle();
      });
}

}  // namespace pg
}  // namespace fte
