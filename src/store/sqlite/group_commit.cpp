#include "store/sqlite/group_commit.h"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "core/error.h"
#include "core/thread_slice.h"
#include "core/wake_burst.h"
#include "ops/log.h"
#include "store/sqlite/sql.h"

namespace fte::sqlite {
namespace {

std::uint64_t thread_cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000u +
         static_cast<std::uint64_t>(ts.tv_nsec) / 1000u;
}

}  // namespace

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Connection> c, std::size_t capacity,
                                     std::size_t max_batch, std::function<void()> after_batch,
                                     std::chrono::microseconds gather, std::size_t gather_ops,
                                     int thread_slice_us)
    : conn_(std::move(c)),
      capacity_(capacity ? capacity : 1),
      max_batch_(max_batch ? max_batch : 1),
      after_batch_(std::move(after_batch)),
      gather_(gather),
      gather_ops_(std::max<std::size_t>(gather_ops, 1)),
      thread_slice_us_(thread_slice_us) {
  thread_ = std::thread([this] { loop(); });
  thread_id_ = thread_.get_id();
}

GroupCommitWriter::~GroupCommitWriter() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void GroupCommitWriter::submit(Op op) {
  const auto now = std::chrono::steady_clock::now();  // one clock read per operation
  op.queued = now;
  bool wake = true;
  if (gather_.count() <= 0) op.may_wait = false;
  if (op.may_wait) op.deadline = now + (op.briefly ? gather_ / 4 : gather_);
  {
    std::lock_guard lk(mu_);
    if (stopping_) throw Error(ErrorKind::unavailable, "the store is closing");
    if (queue_.size() >= capacity_) throw Error(ErrorKind::busy, "the store's write queue is full");
    // One that may wait wakes the writer only when it is the first queued (the writer then waits
    // for its deadline) or fills the gathering batch; the writer takes the others with it.
    if (op.may_wait) {
      // (A brief one wakes it too: its deadline may come before the one the writer waits for.)
      wake = queue_.empty() || queue_.size() + 1 >= gather_ops_ || op.briefly;
    } else {
      ++queued_urgent_;
      if (gather_.count() > 0) last_urgent_ = now;
    }
    queue_.push_back(std::move(op));
  }
  if (wake) cv_.notify_one();
}

bool GroupCommitWriter::gathering() const {
  return !stopping_ && queued_urgent_ == 0 && queue_.size() < gather_ops_;
}

bool GroupCommitWriter::company_expected() const {
  // Only while writes that may not wait (intakes) keep arriving: without them (a backlog drained,
  // a quiet hour) waiting would only hold the agent's lanes back.
  return std::chrono::steady_clock::now() - last_urgent_ <= kCompanyWindow * gather_;
}

GroupCommitWriter::LatencyProfile GroupCommitWriter::latency_profile() const {
  std::lock_guard lk(prof_mu_);
  return prof_;
}

std::size_t GroupCommitWriter::queue_depth() const {
  std::lock_guard lk(mu_);
  return queue_.size();
}

void GroupCommitWriter::on_events_appended(std::function<void()> cb) {
  on_events_appended_to([cb = std::move(cb)](const std::vector<std::string>&) { cb(); });
}

void GroupCommitWriter::on_events_appended_to(std::function<void(const std::vector<std::string>&)> cb) {
  std::lock_guard lk(listeners_mu_);
  listeners_.push_back(std::move(cb));
}

void GroupCommitWriter::on_events_committed(Store::EventsCommitted cb) {
  std::lock_guard lk(listeners_mu_);
  feeds_.push_back(std::move(cb));
  feeding_.store(true);
}

void GroupCommitWriter::run_and_wait(std::function<void(Connection&, OpContext&)> body,
                                     bool may_wait, bool briefly) {
  if (std::this_thread::get_id() == thread_id_) {
    if (in_batch_)
      throw Error(ErrorKind::internal, "a store write was started from inside a store transaction");
    // From a completion or listener on the writer thread: the connection is idle between
    // batches, so this operation runs right here as a transaction of its own.
    std::exception_ptr err;
    std::vector<Op> one;
    batch_after_idle_ = false;
    one.push_back(Op{std::move(body), [&err](std::exception_ptr e) { err = std::move(e); }});
    run_batch(one);
    if (err) std::rethrow_exception(err);
    return;
  }
  // Completion hands the error over under a lock; only this thread holds it afterwards.
  struct Waiter {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    std::exception_ptr error;
  } w;
  Op op{std::move(body),
        [&w](std::exception_ptr e) {
          std::lock_guard lk(w.mu);
          w.error = std::move(e);
          w.done = true;
          w.cv.notify_one();
        },
        may_wait,
        briefly,
        {}};
  submit(std::move(op));
  std::exception_ptr err;
  {
    std::unique_lock lk(w.mu);
    w.cv.wait(lk, [&] { return w.done; });
    err = std::move(w.error);
  }
  if (err) std::rethrow_exception(err);
}

void GroupCommitWriter::loop() {
  if (thread_slice_us_ > 0) request_short_slice(std::chrono::microseconds(thread_slice_us_));
  std::vector<Op> batch;
  for (;;) {
    {
      std::unique_lock lk(mu_);
      if (queue_.empty() && !stopping_) {
        idle_ = true;
        idle_since_ = std::chrono::steady_clock::now();
      }
      cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
      batch_after_idle_ = idle_;
      batch_idle_since_ = idle_since_;
      idle_ = false;
      if (queue_.empty()) return;  // stopping and drained
      if (gathering() && company_expected()) {
        // Everything queued may wait: for company, until the oldest has waited `gather`.
        // (Or until an operation that may not wait arrives, enough of them are queued, or stop.)
        gathered_.fetch_add(1, std::memory_order_relaxed);
        for (;;) {
          auto deadline = queue_.front().deadline;
          for (const auto& op : queue_) deadline = std::min(deadline, op.deadline);
          const std::size_t n = queue_.size();
          if (!cv_.wait_until(lk, deadline, [&] { return !gathering() || queue_.size() != n; }) ||
              !gathering())
            break;  // the earliest deadline passed, or no more waiting
        }
      }
      while (!queue_.empty() && batch.size() < max_batch_) {
        if (!queue_.front().may_wait) --queued_urgent_;
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    run_batch(batch);
    batch.clear();
    if (after_batch_) {
      const auto a = std::chrono::steady_clock::now();
      after_batch_();
      const auto b = std::chrono::steady_clock::now();
      if (b - a >= std::chrono::milliseconds(1)) {
        pause_end_ = b;
        std::lock_guard lk(prof_mu_);
        ++prof_.pauses;
        prof_.pause_us += static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(b - a).count());
      }
    }
    log_profile();
  }
}

// The latency profile's changes since the last line, at debug level, at most once a second.
void GroupCommitWriter::log_profile() {
  const auto now = std::chrono::steady_clock::now();
  if (now - prof_logged_at_ < std::chrono::seconds(1)) return;
  LatencyProfile p, d;
  {
    std::lock_guard lk(prof_mu_);
    p = prof_;
    d = prof_logged_;
    prof_logged_ = p;
    prof_.max_batch = 0;
  }
  prof_logged_at_ = now;
  if (p.ops == d.ops) return;
  auto f = [](std::uint64_t a, std::uint64_t b) { return std::to_string(a - b); };
  auto total = [](const std::atomic<std::uint64_t>& n) {
    return std::to_string(n.load(std::memory_order_relaxed));
  };
  ops::log(ops::Level::debug, "sqlite writer latency profile", {},
           {{"ops", f(p.ops, d.ops)},
            {"batches", f(p.batches, d.batches)},
            {"max_batch", std::to_string(p.max_batch)},
            {"cpu_us", f(p.cpu_us, d.cpu_us)},
            {"under_1ms", f(p.under_1ms, d.under_1ms)},
            {"under_2_5ms", f(p.under_2_5ms, d.under_2_5ms)},
            {"under_5ms", f(p.under_5ms, d.under_5ms)},
            {"under_10ms", f(p.under_10ms, d.under_10ms)},
            {"over_10ms", f(p.over_10ms, d.over_10ms)},
            {"slow_after_pause", f(p.slow_after_pause, d.slow_after_pause)},
            {"slow_commit", f(p.slow_commit, d.slow_commit)},
            {"slow_off_cpu", f(p.slow_off_cpu, d.slow_off_cpu)},
            {"slow_woken_late", f(p.slow_woken_late, d.slow_woken_late)},
            {"slow_queued", f(p.slow_queued, d.slow_queued)},
            {"slow_other", f(p.slow_other, d.slow_other)},
            {"pauses", f(p.pauses, d.pauses)},
            {"pause_us", f(p.pause_us, d.pause_us)},
            {"off_cpu_batches", f(p.off_cpu_batches, d.off_cpu_batches)},
            {"idle_reads_total", total(idle_reads_)},
            {"idle_reads_refused_total", total(idle_reads_refused_)},
            {"batches_after_read_total", total(batches_after_read_)}});
}

void GroupCommitWriter::profile_batch(const std::vector<Op>& batch,
                                      std::chrono::steady_clock::time_point t0,
                                      std::chrono::steady_clock::time_point t1,
                                      std::chrono::steady_clock::time_point t2,
                                      std::uint64_t cpu_us) {
  using Ms = std::chrono::duration<double, std::milli>;
  const double commit_ms = Ms(t2 - t1).count();
  const double off_cpu_ms = Ms(t2 - t0).count() - static_cast<double>(cpu_us) / 1000.0;
  std::lock_guard lk(prof_mu_);
  LatencyProfile& p = prof_;
  ++p.batches;
  p.cpu_us += cpu_us;
  p.max_batch = std::max<std::uint64_t>(p.max_batch, batch.size());
  if (off_cpu_ms >= 2.0) ++p.off_cpu_batches;
  for (const Op& op : batch) {
    if (op.queued == std::chrono::steady_clock::time_point{}) continue;  // not submit()ted
    ++p.ops;
    const double total = Ms(t2 - op.queued).count();
    if (total < 1.0) ++p.under_1ms;
    else if (total < 2.5) ++p.under_2_5ms;
    else if (total < 5.0) ++p.under_5ms;
    else if (total < 10.0) ++p.under_10ms;
    else ++p.over_10ms;
    if (total < 5.0) continue;
    const double waited = Ms(t0 - op.queued).count();
    if (pause_end_ > op.queued && pause_end_ <= t0) ++p.slow_after_pause;
    else if (commit_ms >= 2.0) ++p.slow_commit;
    else if (off_cpu_ms >= 2.0) ++p.slow_off_cpu;
    else if (batch_after_idle_ && op.queued >= batch_idle_since_ && waited >= 1.0) ++p.slow_woken_late;
    else if (waited >= 2.5) ++p.slow_queued;
    else ++p.slow_other;
  }
}

bool GroupCommitWriter::try_batch(std::vector<Op>& batch, bool isolate, BatchOutcome& out) {
  const std::size_t n = batch.size();
  out.errors.assign(n, nullptr);
  out.appended.assign(n, 0);
  out.topics.assign(n, {});
  // The committed operations' events for the feed listeners: a failed operation's events are
  // dropped, and the seqs it took are reused by the next operation (its savepoint rolled back the
  // AUTOINCREMENT counter too), so the committed events' seqs stay consecutive.
  const bool feeding = feeding_.load(std::memory_order_relaxed);
  out.committed = feeding ? std::make_shared<CommittedEvents>() : nullptr;
  std::vector<StoredEvent> op_events;
  auto drop_all = [&] {
    std::fill(out.appended.begin(), out.appended.end(), 0);
    if (out.committed) out.committed->events.clear();
  };
  Connection& c = *conn_;
  std::unique_lock conn_lk(conn_mu_, std::try_to_lock);  // a read_if_idle in progress ends first
  if (!conn_lk.owns_lock()) {
    batches_after_read_.fetch_add(1, std::memory_order_relaxed);
    conn_lk.lock();
  }
  out.t1 = std::chrono::steady_clock::now();
  try {
    c.prepare(sql::kBeginImmediate).run();
    in_batch_ = true;
    for (std::size_t i = 0; i < n; ++i) {
      OpContext cx;
      op_events.clear();
      if (feeding) cx.feed = &op_events;
      if (isolate) c.prepare(sql::kSavepoint).run();
      try {
        batch[i].run(c, cx);
        if (isolate) c.prepare(sql::kRelease).run();
        out.appended[i] = cx.appended_events ? 1 : 0;
        out.topics[i] = std::move(cx.topics);
        if (out.committed)
          for (auto& e : op_events) out.committed->events.push_back(std::move(e));
      } catch (...) {
        out.errors[i] = std::current_exception();
        if (!c.in_transaction()) {
          // SQLite rolled the whole transaction back (I/O error, full disk, ...): nothing of this
          // batch was kept, so every operation fails.
          in_batch_ = false;
          auto why = Error(ErrorKind::unavailable, "the store transaction was rolled back");
          for (std::size_t j = 0; j < n; ++j)
            if (j != i) out.errors[j] = std::make_exception_ptr(why);
          drop_all();
          break;
        }
        if (!isolate) {
          // No savepoint to return to: the whole transaction goes. Alone in its batch the
          // operation has its error and nothing was written, as with a savepoint; with others
          // the batch runs again, each operation in its own savepoint.
          in_batch_ = false;
          drop_all();
          c.prepare(sql::kRollback).run();
          out.t1 = std::chrono::steady_clock::now();
          return n == 1;
        }
        c.prepare(sql::kRollbackToSavepoint).run();
        c.prepare(sql::kRelease).run();
      }
    }
    in_batch_ = false;
    out.t1 = std::chrono::steady_clock::now();
    if (c.in_transaction()) c.prepare(sql::kCommit).run();
  } catch (...) {
    in_batch_ = false;
    auto e = std::current_exception();
    for (auto& x : out.errors) x = e;
    drop_all();
    if (c.in_transaction()) {
      try {
        c.prepare(sql::kRollback).run();
      } catch (...) {
      }
    }
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      ops::error("store batch failed", {}, {{"ops", std::to_string(n)}, {"error", ex.what()}});
    }
  }
  return true;
}

void GroupCommitWriter::run_batch(std::vector<Op>& batch) {
  auto t0 = std::chrono::steady_clock::now();
  auto cpu0 = thread_cpu_us();
  BatchOutcome out;
  // Savepoints only after a recent failure: each one copies every page an operation touches into
  // a sub-journal first, which is most of an intake's cost besides the B-tree inserts themselves.
  bool isolate = isolate_batches_ > 0;
  if (isolate) --isolate_batches_;
  if (!try_batch(batch, isolate, out)) {
    isolated_reruns_.fetch_add(1, std::memory_order_relaxed);
    isolate_batches_ = kIsolateAfterFailure;
    try_batch(batch, true, out);
  }
  auto& errors = out.errors;
  auto& appended = out.appended;
  auto& topics = out.topics;
  auto& committed = out.committed;
  auto t1 = out.t1;
  auto t2 = std::chrono::steady_clock::now();
  using us = std::chrono::microseconds;
  run_us_.fetch_add(static_cast<std::uint64_t>(std::chrono::duration_cast<us>(t1 - t0).count()),
                    std::memory_order_relaxed);
  commit_us_.fetch_add(static_cast<std::uint64_t>(std::chrono::duration_cast<us>(t2 - t1).count()),
                       std::memory_order_relaxed);
  const std::uint64_t cpu = thread_cpu_us() - cpu0;
  cpu_us_.fetch_add(cpu, std::memory_order_relaxed);
  profile_batch(batch, t0, t1, t2, cpu);
  batches_.fetch_add(1, std::memory_order_relaxed);
  ops_.fetch_add(batch.size(), std::memory_order_relaxed);

  bool any_events = false;
  std::vector<std::string> grown;  // topics appended to by the committed operations
  // The answers these completions hand to other threads wake each of those threads once.
  std::optional<WakeBurst> burst(std::in_place);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (appended[i] && !errors[i]) {
      any_events = true;
      for (auto& t : topics[i])
        if (std::find(grown.begin(), grown.end(), t) == grown.end()) grown.push_back(std::move(t));
    }
    if (!batch[i].complete) continue;
    try {
      batch[i].complete(std::move(errors[i]));  // no reference stays on this thread
    } catch (const std::exception& ex) {
      ops::error("store completion threw", {}, {{"error", ex.what()}});
    } catch (...) {
      ops::error("store completion threw", {}, {});
    }
  }
  burst.reset();
  if (committed && !committed->events.empty()) {
    committed->first_seq = committed->events.front().seq;
    committed->last_seq = committed->events.back().seq;
    std::vector<Store::EventsCommitted> fs;
    {
      std::lock_guard lk(listeners_mu_);
      fs = feeds_;
    }
    std::shared_ptr<const CommittedEvents> out = std::move(committed);
    for (auto& f : fs) {
      try {
        f(out);
      } catch (...) {
        ops::error("events-committed listener threw", {}, {});
      }
    }
  }
  if (any_events) notify_events(grown);
}

void GroupCommitWriter::notify_events(const std::vector<std::string>& topics) {
  std::vector<std::function<void(const std::vector<std::string>&)>> ls;
  {
    std::lock_guard lk(listeners_mu_);
    ls = listeners_;
  }
  for (auto& l : ls) {
    try {
      l(topics);
    } catch (...) {
      ops::error("events-appended listener threw", {}, {});
    }
  }
}

}  // namespace fte::sqlite
