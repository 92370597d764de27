// The group-commit writer of a PostgreSQL store (DESIGN §8). One thread owns one connection and a
// bounded queue of write operations (or shares one with other writers, below); it takes everything
// queued (up to max_batch), runs it in one transaction — each operation inside its own SAVEPOINT
// when the batch has several, so a failing one rolls back alone — then appends the batch's outbox
// events in one call under the event-log lock (fte_append_events), COMMITs, and only then completes
// each operation. One commit (one WAL flush) acknowledges the whole batch, and the event-log lock
// is held only for the final append and COMMIT. BEGIN travels with the batch's first statement and
// COMMIT with the event append (libpq pipeline mode, pq.h): a batch of intakes is two round trips.
//
// Grouped operations: adjacent operations of a batch that name the same `group` function run
// together in one call of it (up to Options::max_group), instead of one `run` each — the intake
// sends a whole batch of messages to the server as one statement (ingest.cpp). The group function
// isolates its items itself (the server runs each in a subtransaction, and runs again one that
// lost a create race to another process) and reports an error per item. An item that failed after
// its writes were made (`undo`: e.g. its outbox function threw) and a group call that failed as a
// whole (not transiently) make the writer roll the transaction back and run the batch again at
// once without those operations, which keep their errors.
//
// Filling a batch: when the previous batch held several operations (callers are concurrent) and
// fewer are queued, the writer waits up to Options::fill_wait for as many before it starts the
// next: per-batch costs (the statement's executor start, the commit's WAL flush, the round trips)
// are shared by more operations. A writer whose previous batch held one never waits.
//
// Several writers of one store (Options::shared; they append without the event-log lock, see
// Options::ordered_append): one queue, and the turn. A writer takes a batch
// only while no other writer is running a batch's statements, and hands the turn on when it sends
// the batch's COMMIT (with the event append). So the next batch's statements run on another
// connection while this one waits for its commit's WAL flush, instead of after it, and a batch
// still holds everything queued since the previous one was taken: a writer never splits a batch
// with another (docs/BENCHMARKS.md Round 12). A writer that runs an operation inline (call() from
// a completion) does so without the turn.
//
// Retries: a transient error (lost connection, deadlock, serialization failure) rolls the batch
// back and runs it again on a fresh connection, with backoff, up to RetryPolicy::attempts; after
// that every operation fails with Error(unavailable). A connection lost during COMMIT is not
// retried (the outcome is unknown): the operations fail with Error(unavailable) and the caller's
// retry is deduplicated by the store (channel message id, idempotency key, dedup key).
//
// Thread-safety: submit/call/on_events_appended from any thread. Completions and listeners run
// on the writer thread after the commit; a blocking call() made there runs inline as a
// transaction of its own. Failure: a full queue throws Error(busy), a stopped writer
// Error(unavailable). The destructor runs what is queued, then stops.
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
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "core/envelope.h"
#include "store/postgres/pq.h"
#include "store/postgres/retry.h"

namespace fte::pg {

struct WriterQueue;  // below

// What an operation hands the writer while it runs; reset when the operation runs again.
struct OpContext {
  // Outbox events to append at the end of the batch, in order.
  std::vector<std::pair<std::string, Envelope>> events;
  std::int64_t last_seq = 0;  // seq of the operation's last event, known after the commit
};

class Writer {
 public:
  struct Options {
    Connection::Options connection;
    std::size_t capacity = 10000;
    std::size_t max_batch = 256;
    std::size_t max_group = 256;  // operations per group call (1: one call per operation)
    RetryPolicy retry;
    std::string instance_id;  // NOTIFY payload, so that this process can skip its own
    // Take the event-log lock to COMMIT (fte_append_events' lock: appends commit in seq order).
    // Off with several writers: readers wait for gaps instead (PostgresStore::read_events).
    bool ordered_append = true;
    // Under load (the previous batch held several operations), wait up to this long for the
    // queue to hold as many as that batch did before taking it: fewer, larger batches (0: never).
    std::chrono::microseconds fill_wait{0};
    // The queue and the turn this writer shares with the store's other writers (make_shared());
    // null: its own (capacity from above).
    std::shared_ptr<WriterQueue> shared;
  };
  // One operation of a group call; the group function fills `error` (and `undo`) per item.
  struct GroupItem {
    void* payload = nullptr;  // the operation's Op::payload
    OpContext* cx = nullptr;  // reset before the call
    std::exception_ptr error;
    bool undo = false;   // failed with its writes still in the transaction: run the batch again
    int extra_runs = 0;  // runs of this item beyond the first inside the group call (lost races)
    bool set_based = false;  // written by the group's set-based statement (Stats::set_ops)
  };
  // Runs items together; may run more than once; throws when the call failed as a whole.
  using GroupFn = void (*)(Connection&, std::vector<GroupItem>&);
  struct Op {
    std::function<void(Connection&, OpContext&)> run;  // may run more than once; may throw
    std::function<void(std::exception_ptr, const OpContext&)> complete;  // after the commit
    GroupFn group = nullptr;        // when set, the operation runs through it instead of `run`
    std::shared_ptr<void> payload;  // the group function's input and output for this operation
  };
  struct Stats {
    std::uint64_t batches = 0, ops = 0, retried_batches = 0, retried_ops = 0, connects = 0;
    std::uint64_t group_calls = 0;  // calls of group functions (one per run of adjacent intakes)
    std::uint64_t set_ops = 0;      // group items written by the set-based intake statement
  };

  explicit Writer(Options o);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void submit(Op op);
  // Runs what is queued (with the queue's other writers), then stops this writer's thread. The
  // queue refuses new operations from the first stop() on.
  void stop();

  // Runs f(Connection&, OpContext&) in the next batch; returns its result once committed.
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
  // As call(), returning the seq of the operation's last appended event.
  std::int64_t call_for_seq(std::function<void(Connection&, OpContext&)> f) {
    return run_and_wait(std::move(f));
  }

  // A queue for `writers` sharing it (Options::shared), holding at most `capacity` operations.
  static std::shared_ptr<WriterQueue> make_shared(std::size_t capacity);

  void on_events_appended(std::function<void()> cb);
  bool on_writer_thread() const { return std::this_thread::get_id() == thread_id_; }
  void notify_listeners();  // also used by the LISTEN thread for other processes' appends
  Stats stats() const {
    return {batches_.load(),  ops_.load(),         retried_batches_.load(), retried_ops_.load(),
            connects_.load(), group_calls_.load(), set_ops_.load()};
  }

 private:
  std::int64_t run_and_wait(std::function<void(Connection&, OpContext&)> body);
  void loop();
  void run_batch(std::vector<Op>& batch);
  // One attempt; throws a transient DbError when the whole batch should run again. Operations
  // marked in `settled` failed for good (errors[i] holds why) and are skipped.
  void attempt(std::vector<Op>& batch, std::vector<std::exception_ptr>& errors,
               std::vector<OpContext>& cx, std::vector<char>& settled, bool& committing);
  // Runs the batch's operations inside the open transaction; false when it must be rolled back
  // and run again (an operation was settled).
  bool run_ops(Connection& c, std::vector<Op>& batch, std::vector<std::exception_ptr>& errors,
               std::vector<OpContext>& cx, std::vector<char>& settled);
  Connection& connection();
  void hand_on_turn();  // when this writer holds the turn: the next batch may start elsewhere

  const Options o_;
  std::unique_ptr<Connection> conn_;
  const std::shared_ptr<WriterQueue> q_;
  bool turn_ = false;  // writer thread only: this writer holds the queue's turn

  std::mutex listeners_mu_;
  std::vector<std::function<void()>> listeners_;

  bool in_batch_ = false;  // writer thread only
  std::atomic<std::uint64_t> batches_{0}, ops_{0}, retried_batches_{0}, retried_ops_{0},
      connects_{0}, group_calls_{0}, set_ops_{0};
  std::thread thread_;
  std::thread::id thread_id_;
};

// The operations waiting for one writer or several (Writer::Options::shared), and the turn.
struct WriterQueue {
  explicit WriterQueue(std::size_t cap) : capacity(cap) {}
  const std::size_t capacity;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Writer::Op> ops;
  bool stopping = false;
  bool turn_taken = false;  // a writer is running a batch's statements
  bool filling = false;     // the writer with the turn waits for its batch to fill
  std::size_t last = 0;     // operations in the batch taken last
};

}  // namespace fte::pg
