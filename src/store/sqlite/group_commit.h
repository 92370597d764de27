// The single writer of a SQLite store (DESIGN §8, group commit). It owns the write connection and
// a bounded queue of write operations. Its thread takes everything queued (up to max_batch), runs
// it in one BEGIN IMMEDIATE … COMMIT, and only after the COMMIT returned completes every operation
// of the batch. One fsync therefore acknowledges a whole batch. A failing operation rolls back
// alone and gets its own error: the batch first runs without savepoints (they cost a copy of every
// page an operation touches); when an operation of a batch of several fails, the whole
// transaction is rolled back and the batch runs again with each operation inside its own
// SAVEPOINT, as do the next kIsolateAfterFailure batches. An operation's `run` may therefore run
// twice before its batch commits: it must write only through the connection and OpContext (its
// results are taken from the last run). An operation that may wait (call_gathered) lets the writer
// hold back a batch that holds nothing else for a short while, so that the next write shares it
// (see the constructor's `gather`).
//
// Thread-safety: submit/call/on_events_appended may be called from any thread. Completions and
// events-appended callbacks run on the writer thread, after the commit. A blocking call() made
// from the writer thread between batches (e.g. from a completion) runs inline as a transaction of
// its own instead of deadlocking; one made from inside a running operation is refused with
// Error(internal). submit() from the writer thread queues for the next batch, so a completion
// must not wait for the result of an operation it submitted (Store::ingest from a completion).
// read_if_idle may be called from any thread but the writer's: it borrows the connection between
// batches (a batch holds the connection's mutex for its transaction) and never waits for one.
// Failure: a full queue throws Error(busy); a stopped writer throws Error(unavailable); a failed
// COMMIT fails every operation of the batch (nothing of it was written). The destructor runs what
// is queued, then stops.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/store.h"

namespace fte::sqlite {

// What an operation tells the writer about itself while it runs.
struct OpContext {
  bool appended_events = false;  // wakes on_events_appended listeners after the commit
  std::vector<std::string> topics;  // the topics appended to (each once)
  std::vector<StoredEvent>* feed = nullptr;  // when set: a copy of each appended event, in order
};

class GroupCommitWriter {
 public:
  struct Op {
    std::function<void(Connection&, OpContext&)> run;  // inside the batch; may throw
    std::function<void(std::exception_ptr)> complete;  // after the commit; null error = durable
    // May wait (at most the writer's `gather`; `briefly`: a quarter of it) for other operations
    // to share its transaction.
    bool may_wait = false;
    bool briefly = false;
    std::chrono::steady_clock::time_point deadline{};  // set by submit for one that may wait
    std::chrono::steady_clock::time_point queued{};    // set by submit() (the latency profile)
  };
  // Where the time of the operations that waited long went (issue 18, round 13): each submitted
  // operation's time from submit() to the end of its batch's COMMIT, by bucket, and every one of
  // >= 5 ms counted once under the first cause that applies, in this order: it waited for a pause
  // between two batches of >= 1 ms (after_batch: the WAL catch-up); its batch's COMMIT took >= 2 ms;
  // the writer was off the CPU for >= 2 ms of its batch (preempted, or blocked in the kernel); the
  // writer was idle when it was queued and began its batch >= 1 ms later (a late wake-up, or a
  // batch gathered on purpose: Op::may_wait); it waited >= 2.5 ms behind earlier batches; none of
  // these. Logged at debug level at most once a second (the changes since the last line) and kept
  // for tests; one clock read per operation.
  struct LatencyProfile {
    std::uint64_t ops = 0, batches = 0;
    std::uint64_t under_1ms = 0, under_2_5ms = 0, under_5ms = 0, under_10ms = 0, over_10ms = 0;
    std::uint64_t slow_after_pause = 0, slow_commit = 0, slow_off_cpu = 0, slow_woken_late = 0,
                  slow_queued = 0, slow_other = 0;
    std::uint64_t pauses = 0, pause_us = 0;  // pauses between batches of >= 1 ms, and their time
    std::uint64_t off_cpu_batches = 0;       // batches with >= 2 ms of the writer off the CPU
    std::uint64_t max_batch = 0;             // since the last log line
    std::uint64_t cpu_us = 0;                // the writer's CPU time in batches
  };
  struct Stats {
    std::uint64_t batches = 0;
    std::uint64_t ops = 0;
    std::uint64_t run_us = 0;     // time spent running operations
    std::uint64_t commit_us = 0;  // time spent in COMMIT (the WAL write and its fsync)
    std::uint64_t cpu_us = 0;     // CPU time of the writer thread in batches (not wall time)
    std::uint64_t isolated_reruns = 0;  // batches run again with a savepoint per operation
    std::uint64_t gathered = 0;         // times the writer began to wait for company (`gather`)
    std::uint64_t idle_reads = 0;       // read_if_idle calls run on the writer's connection
    std::uint64_t batches_after_read = 0;  // batches that waited for such a read to end
  };

  // `after_batch` runs on the writer thread after each batch's completions, outside any
  // transaction (the checkpointer's catch-up, checkpointer.h). `gather`: when everything queued
  // may wait (Op::may_wait) and an operation that may not wait was queued within the last
  // 10 × `gather` (intakes are flowing), the writer starts the batch only once one of them has
  // waited as long as it may, an operation that may not wait arrives, or `gather_ops` are queued —
  // so that the writes of several tickets share one transaction, and the pages they share (the
  // tails of the event log, the messages and their indexes) go to the WAL once instead of once per
  // write. Without intakes arriving (a backlog drained) nothing waits. thread_slice_us > 0: the
  // writer thread asks the scheduler for that slice (core/thread_slice.h).
  GroupCommitWriter(std::unique_ptr<Connection> c, std::size_t capacity, std::size_t max_batch,
                    std::function<void()> after_batch = {},
                    std::chrono::microseconds gather = std::chrono::microseconds{0},
                    std::size_t gather_ops = 64, int thread_slice_us = 0);
  ~GroupCommitWriter();
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Queues an operation. Throws Error(busy) when the queue is full, Error(unavailable) once
  // stopping; `complete` is then not called.
  void submit(Op op);

  // Runs f(Connection&, OpContext&) in the next batch and returns its result once committed;
  // rethrows its error (or the commit's).
  template <class F>
  auto call(F&& f) -> std::invoke_result_t<F&, Connection&, OpContext&> {
    using R = std::invoke_result_t<F&, Connection&, OpContext&>;
    if constexpr (std::is_void_v<R>) {
      run_and_wait([&](Connection& c, OpContext& cx) { f(c, cx); });
    } else {
      std::optional<R> out;
      run_and_wait([&](Connection& c, OpContext& cx) { out.emplace(f(c, cx)); });
      return std::move(*out);
    }
  }

  // As call(), as an operation that may wait up to `gather` (`briefly`: a quarter of it) for
  // company in its transaction.
  template <class F>
  auto call_gathered(F&& f, bool briefly = false)
      -> std::invoke_result_t<F&, Connection&, OpContext&> {
    using R = std::invoke_result_t<F&, Connection&, OpContext&>;
    if constexpr (std::is_void_v<R>) {
      run_and_wait([&](Connection& c, OpContext& cx) { f(c, cx); }, true, briefly);
    } else {
      std::optional<R> out;
      run_and_wait([&](Connection& c, OpContext& cx) { out.emplace(f(c, cx)); }, true, briefly);
      return std::move(*out);
    }
  }

  // Runs f(Connection&) in a read transaction on the writer's own connection, from another thread,
  // when no batch holds that connection, and returns true; returns false at once, without running
  // f, when a batch holds it (or when called on the writer thread): the caller then reads through
  // a reader connection. The writer's page cache holds the pages it just wrote and survives its own
  // commits, where a reader connection's whole cache is dropped at its first transaction after any
  // commit and read again with a pread per page (issue 18, round 15). The next batch waits for f
  // (a few B-tree lookups) to end. f's error propagates; the read transaction then ends.
  template <class F>
  bool read_if_idle(F&& f) {
    if (std::this_thread::get_id() == thread_id_) return false;
    std::unique_lock lk(conn_mu_, std::try_to_lock);
    if (!lk.owns_lock()) {
      idle_reads_refused_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    idle_reads_.fetch_add(1, std::memory_order_relaxed);
    ReadTransaction tx(*conn_);
    f(*conn_);
    return true;
  }

  void on_events_appended(std::function<void()> cb);
  // Listeners told the topics the batch appended to.
  void on_events_appended_to(std::function<void(const std::vector<std::string>&)> cb);
  // Listeners handed each committed batch's appended events (before the topics listeners).
  void on_events_committed(Store::EventsCommitted cb);
  Stats stats() const {
    return {batches_.load(),   ops_.load(),    run_us_.load(),
            commit_us_.load(), cpu_us_.load(), isolated_reruns_.load(),
            gathered_.load(),  idle_reads_.load(), batches_after_read_.load()};
  }
  std::size_t queue_depth() const;
  LatencyProfile latency_profile() const;

 private:
  void run_and_wait(std::function<void(Connection&, OpContext&)> body, bool may_wait = false,
                    bool briefly = false);
  bool gathering() const;         // under mu_: everything queued may wait, and not enough of it yet
  bool company_expected() const;  // under mu_: an operation that may not wait came recently
  void loop();
  // The latency profile's share of a batch (writer thread): t0 its start, t1 COMMIT's start, t2
  // COMMIT's end, cpu_us the writer's CPU time in it.
  void profile_batch(const std::vector<Op>& batch, std::chrono::steady_clock::time_point t0,
                     std::chrono::steady_clock::time_point t1,
                     std::chrono::steady_clock::time_point t2, std::uint64_t cpu_us);
  void log_profile();
  struct BatchOutcome {
    std::vector<std::exception_ptr> errors;
    std::vector<char> appended;
    std::vector<std::vector<std::string>> topics;
    std::shared_ptr<CommittedEvents> committed;
    std::chrono::steady_clock::time_point t1;  // the operations ran; COMMIT starts
  };
  void run_batch(std::vector<Op>& batch);
  bool try_batch(std::vector<Op>& batch, bool isolate, BatchOutcome& out);
  void notify_events(const std::vector<std::string>& topics);

  std::unique_ptr<Connection> conn_;
  // Held by a batch's transaction (writer thread) and by read_if_idle (other threads).
  std::mutex conn_mu_;
  std::atomic<std::uint64_t> idle_reads_{0}, idle_reads_refused_{0}, batches_after_read_{0};
  const std::size_t capacity_;
  const std::size_t max_batch_;
  const std::function<void()> after_batch_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Op> queue_;
  std::size_t queued_urgent_ = 0;  // queued operations that may not wait
  bool stopping_ = false;
  const std::chrono::microseconds gather_;
  const std::size_t gather_ops_;
  const int thread_slice_us_;
  // When the last operation that may not wait was queued; the writer waits for company only within
  // kCompanyWindow × gather_ of it.
  std::chrono::steady_clock::time_point last_urgent_{};
  static constexpr int kCompanyWindow = 10;

  std::mutex listeners_mu_;
  std::vector<std::function<void(const std::vector<std::string>&)>> listeners_;
  std::vector<Store::EventsCommitted> feeds_;
  std::atomic<bool> feeding_{false};  // feeds_ is not empty

  bool in_batch_ = false;  // writer thread only
  // Batches still run with a savepoint per operation after one failed without (writer thread).
  static constexpr int kIsolateAfterFailure = 64;
  int isolate_batches_ = 0;
  std::atomic<std::uint64_t> isolated_reruns_{0};
  std::atomic<std::uint64_t> batches_{0}, ops_{0}, run_us_{0}, commit_us_{0}, cpu_us_{0},
      gathered_{0};
  // The latency profile: the writer thread writes it, latency_profile() copies it under prof_mu_.
  mutable std::mutex prof_mu_;
  LatencyProfile prof_, prof_logged_;
  std::chrono::steady_clock::time_point prof_logged_at_{};
  std::chrono::steady_clock::time_point idle_since_{};  // under mu_: the writer began waiting
  bool idle_ = false;                                   // under mu_
  std::chrono::steady_clock::time_point batch_idle_since_{};  // writer thread: of this batch
  bool batch_after_idle_ = false;                             // writer thread
  std::chrono::steady_clock::time_point pause_end_{};  // writer thread: the last pause's end
  std::thread thread_;
  std::thread::id thread_id_;
};

}  // namespace fte::sqlite
