// The embedded Store on one SQLite file in WAL mode (the default deployment, DESIGN §1).
//
// Writes — ingest, agent outcomes, tickets, offsets, events, audit — go through one
// GroupCommitWriter (one connection, one thread, batches of operations per transaction, each
// acknowledged after its batch committed). Reads use a ReadPool of read-only connections.
// Durability: WAL with synchronous=NORMAL by default — an acknowledged write survives a process
// crash (SIGKILL included); an OS crash or power loss can take back at most the last second of
// commits (the checkpointer fsyncs the WAL at least once a second). `?synchronous=full` in the URL
// fsyncs every commit (power-loss safe, ~4× slower here). See src/store/sqlite/README.md.
//
// Thread-safe: every method may be called from any thread. Completions (`done`) and
// events-appended listeners run on the writer thread after the commit; they may call any method,
// blocking ones included, except the blocking Store::ingest wrapper (it would wait for the thread
// it runs on — use ingest_async there). Failure: fte::Error as documented in store/store.h;
// ingest_async reports a full write queue (busy) or a closing store (unavailable) by calling
// `done` at once on the caller's thread.
#pragma once
#include <memory>
#include <string>

#include "store/sqlite/checkpointer.h"
#include "store/sqlite/group_commit.h"
#include "store/sqlite/read_pool.h"
#include "store/store.h"

namespace fte::sqlite {

struct SqliteLocation {
  std::string path;  // file to open
  bool synchronous_full = false;
  int checkpoint_pages = 16000;  // WAL pages (~64 MB) that start a background checkpoint
  // How long a write that may wait for company (agent outcome, reply delivery, consumer offsets)
  // waits for other writes to share its transaction; 0: never (GroupCommitWriter's `gather`).
  int gather_us = 2000;
  bool temporary = false;       // sqlite::memory: → a private temporary file removed at close
};
// Parses sqlite://PATH[?synchronous=full|normal] and sqlite::memory:. Throws
// Error(invalid_argument) naming FTE_DATABASE_URL.
SqliteLocation parse_sqlite_url(const std::string& url);

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const StoreOptions& o);
  ~SqliteStore() override;

  std::string backend() const override { return "sqlite"; }
  void ping() override;

  void ingest_async(InboundMessage msg, OutboxFn outbox,
                    std::function<void(IngestOutcome)> done) override;

  Ticket upsert_ticket(const TicketUpsert& t) override;
  std::optional<CustomerHistory> customer_history(const std::string& customer_id,
                                                  int max_messages) override;
  bool is_processed(const std::string& idempotency_key) override;
  AgentRunInputs agent_run_inputs(const std::string& idempotency_key,
                                  const std::string& customer_id, int max_messages) override;
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
  void record_feedback(const std::string& ticket_id, bool helpful) override;
  void record_human_reply(const HumanReply& r,
                          const std::vector<std::pair<std::string, Envelope>>& outbox) override;
  void set_ticket_status(const std::string& ticket_id, const std::string& status) override;
  std::vector<AgentRunRow> agent_runs(const std::string& ticket_id) override;
  std::optional<StoredMessage> message_by_provider_id(const std::string& provider_id) override;

  void replace_knowledge(const std::string& source, const std::vector<KnowledgeChunk>& c) override;
  std::vector<KnowledgeChunk> load_knowledge() override;
  std::string knowledge_revision() override;
  std::vector<std::pair<std::string, std::vector<float>>> cached_embeddings(
      const std::string& model, const std::vector<std::string>& keys) override;
  void cache_embeddings(const std::string& model,
                        const std::vector<std::pair<std::string, std::vector<float>>>& rows) override;

  std::int64_t append_events(const std::vector<std::pair<std::string, Envelope>>& ev) override;
  std::vector<StoredEvent> read_events(const std::vector<std::string>& topics,
                                       std::int64_t after_seq, int limit) override;
  std::int64_t load_offset(const std::string& group, const std::string& topic) override;
  void commit_offset(const std::string& group, const std::string& topic, std::int64_t seq) override;
  void commit_offsets(const std::string& group, const std::vector<std::string>& topics,
                      std::int64_t seq) override;
  std::int64_t last_event_seq() override;
  void on_events_appended(std::function<void()> cb) override;
  void on_events_appended_to(TopicsAppended cb) override;
  bool on_events_committed(EventsCommitted cb) override;

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

  // For benchmarks and tests: batches committed and operations in them so far.
  GroupCommitWriter::Stats writer_stats() const { return writer_->stats(); }
  const std::string& path() const { return loc_.path; }

 private:
  SqliteLocation loc_;
  std::string temp_dir_;  // removed at close when loc_.temporary
  std::unique_ptr<Checkpointer> checkpointer_;
  std::unique_ptr<GroupCommitWriter> writer_;
  std::unique_ptr<ReadPool> readers_;
};

// --- transaction bodies shared by the store's methods (writes.cpp, ingest.cpp) ------------------
IngestResult ingest_in_tx(Connection& c, OpContext& cx, const InboundMessage& msg,
                          const OutboxFn& outbox);
Ticket upsert_ticket_in_tx(Connection& c, const TicketUpsert& t);
bool agent_outcome_in_tx(Connection& c, OpContext& cx, const AgentOutcome& o,
                         const std::vector<std::pair<std::string, Envelope>>& outbox);
std::int64_t append_events_in_tx(Connection& c, OpContext& cx,
                                 const std::vector<std::pair<std::string, Envelope>>& ev);
void audit_in_tx(Connection& c, const std::string& kind, const std::string& correlation_id,
                 const std::string& detail_json);

}  // namespace fte::sqlite
