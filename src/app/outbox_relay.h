// OutboxRelay: publishes the store's transactional outbox (the events table) to Kafka, with
// exactly one active relay per store however many processes run one (docs/DECISIONS.md, "One
// outbox relay per store").
//
// Every process in Kafka mode runs an OutboxRelay; they compete for the store lease
// `RelayOptions::name` (Store::acquire_lease). The holder reads the outbox in seq order from the
// relay's stored position, publishes each event (parallel lanes by event key, so one key stays in
// order), then commits the position with Store::commit_offsets_fenced — forward only, and only if
// it still holds the lease with its epoch. The others stand by and poll the lease; when the leader
// dies or stops renewing, one of them takes over once the lease expired (within lease_ms plus one
// poll) and continues from the stored position.
//
// Fencing: the leader renews the lease (one statement) when a third of it has passed, checked
// before every publish, and stops publishing at 80% of lease_ms after the start of its last
// successful renewal on its own monotonic clock — before any other process can have taken over on
// the store's clock. A leader that was paused (GC, SIGSTOP, a stalled disk) therefore notices on
// resume, before it publishes anything more, and its offset commit is refused. The residual: a
// pause between that check and the record reaching the broker longer than the remaining 20%
// margin can let one record be published twice (consumers are idempotent).
//
// Failures: Kafka unavailable → the record is retried with backoff for as long as it takes (never
// the DLQ; give the relay a bus whose publish timeout is under a third of lease_ms, as runtime.cpp
// does, so that it renews the lease between attempts during a broker outage); a record the broker or client rejects for good (Error(invalid_argument): too large,
// invalid) is tried poison_attempts times, then a "dead_letter" envelope naming it and the error
// goes to fte.dlq and the relay moves on. The store unavailable → the batch is retried.
// Exactly once across a crash between publish and commit (docs/DECISIONS.md, "The relay's tail
// check"): a leader remembers which seqs it published since its last commit (a failed commit,
// e.g. the store restarting, does not re-publish them), and on taking the lease — a new leader, or
// the same process after a gap — it reads the events after the stored position (at most
// 2 × batch: what any former leader can have published uncommitted) and the tail of each
// partition of their topics (the last that many records, PublishedTail on the Kafka bus), and
// skips each event whose event id is already there (per event, not per max seq: lanes publish
// out of seq order), or whose dead letter (idempotency key dlq:<name>:<event id>) is among the
// last records of fte.dlq (that window plus 1000 for consumers' letters). When the tail cannot be read (attempts of tail_check_timeout_ms, lease
// renewed between them, for tail_check_budget_ms in all) the relay warns, counts
// fte_relay_tail_check_failures_total and publishes at-least-once, as without the check. A bus
// that is not a PublishedTail (the local bus) needs no check.
// Thread-safe; one thread per relay plus `lanes` threads per batch. stop() finishes or abandons
// the batch in hand (uncommitted: the next leader publishes what of it is not on the topic yet)
// and releases the lease.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bus/bus.h"
#include "ops/metrics.h"
#include "store/store.h"

namespace fte::app {

struct RelayOptions {
  std::vector<std::string> topics;        // outbox topics (unprefixed); default: outbox_topics()
  std::string name = "fte-outbox-relay";  // lease name and consumer-offsets group
  std::int64_t lease_ms = 10000;          // FTE_RELAY_LEASE_SECONDS
  int poll_ms = 100;                      // standby and idle poll (appends wake the leader too)
  int batch = 256;
  int lanes = 4;
  int poison_attempts = 3;  // tries of a record rejected for good before fte.dlq
  int backoff_initial_ms = 100;
  int backoff_max_ms = 5000;
  std::string holder;  // this relay's id in the lease; default: a fresh UUID
  int tail_check_timeout_ms = 3000;   // one tail read (capped at lease_ms / 3)
  int tail_check_budget_ms = 30000;   // tail reads before falling back to at-least-once
  // Test hooks, on the relay thread with each batch read: before any of it is published, and
  // after all of it was acknowledged, before the position is committed.
  std::function<void(const std::vector<StoredEvent>&)> before_publish;
  std::function<void(const std::vector<StoredEvent>&)> after_publish;
};

// Every topic the pipeline writes into the outbox.
std::vector<std::string> outbox_topics();

class OutboxRelay {
 public:
  OutboxRelay(Store& store, Bus& kafka, ops::Metrics& metrics, RelayOptions o);
  ~OutboxRelay();
  OutboxRelay(const OutboxRelay&) = delete;
  OutboxRelay& operator=(const OutboxRelay&) = delete;

  void stop();
  bool leader() const;
  std::int64_t epoch() const;
  const std::string& holder() const { return o_.holder; }
  // Events of each relayed topic not yet published (capped at 10000), from the stored position.
  std::vector<Bus::Lag> lag();

 private:
  struct LeaseLost {};
  struct Stopping {};
  void run();
  bool take_lease();
  void ensure_lease();  // throws LeaseLost
  void step_down(const char* why);
  bool relay_batch();   // false when there was nothing to publish
  void check_tail();    // after taking the lease: marks events already on the topics
  bool already_published(std::int64_t seq);
  void publish_lane(const std::vector<const StoredEvent*>& events);
  void publish_one(const StoredEvent& ev);
  void dead_letter(const StoredEvent& ev, const std::string& error);
  void pause(int ms);  // throws Stopping when stopped while waiting
  bool stopping();

  Store& store_;
  Bus& kafka_;
  ops::Metrics& metrics_;
  RelayOptions o_;

  mutable std::mutex lease_mu_;
  std::int64_t epoch_ = 0;  // 0: not the leader
  std::chrono::steady_clock::time_point renew_at_, valid_until_;
  std::int64_t position_ = 0;  // last seq published and committed (leader only)
  bool tail_checked_ = true;   // relay thread only; false from take_lease until check_tail ran

  std::mutex skip_mu_;
  std::set<std::int64_t> on_topic_;  // seqs past position_ known to be on their topic

  struct Waker {
    std::mutex mu;
    std::condition_variable cv;
    std::uint64_t generation = 0;
    bool stopping = false;
  };
  std::shared_ptr<Waker> waker_ = std::make_shared<Waker>();
  std::thread thread_;
};

}  // namespace fte::app
