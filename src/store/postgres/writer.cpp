#include "store/postgres/writer.h"

#include <algorithm>

#include "core/clock.h"
#include "core/envelope.h"
#include "ops/log.h"
#include "store/postgres/sql.h"

namespace fte::pg {
std::shared_ptr<WriterQueue> Writer::make_shared(std::size_t capacity) {
  return std::make_shared<WriterQueue>(capacity);
}

Writer::Writer(Options o) : o_(std::move(o)), q_(o_.shared ? o_.shared : make_shared(o_.capacity)) {
  thread_ = std::thread([this] { loop(); });
  thread_id_ = thread_.get_id();
}

Writer::~Writer() {
  stop();
}

void Writer::stop() {
  {
    std::lock_guard lk(q_->mu);
    q_->stopping = true;  // every writer of the queue: what is queued runs, then they stop
  }
  q_->cv.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Writer::submit(Op op) {
  bool filling = false;
  {
    std::lock_guard lk(q_->mu);
    if (q_->stopping) throw Error(ErrorKind::unavailable, "the store is closing");
    if (q_->ops.size() >= q_->capacity)
      throw Error(ErrorKind::busy, "the store's write queue is full");
    q_->ops.push_back(std::move(op));
    filling = q_->filling;
  }
  // One idle writer takes it; a writer filling its batch must count it (the others wait for the
  // turn it holds and would sleep again).
  if (filling)
    q_->cv.notify_all();
  else
    q_->cv.notify_one();
}

void Writer::hand_on_turn() {
  if (!turn_) return;
  turn_ = false;
  {
    std::lock_guard lk(q_->mu);
    q_->turn_taken = false;
  }
  q_->cv.notify_all();
}

void Writer::on_events_appended(std::function<void()> cb) {
  std::lock_guard lk(listeners_mu_);
  listeners_.push_back(std::move(cb));
}

void Writer::notify_listeners() {
  std::vector<std::function<void()>> ls;
  {
    std::lock_guard lk(listeners_mu_);
    ls = listeners_;
  }
  for (auto& l : ls) {
    try {
      l();
    } catch (...) {
      ops::error("events-appended listener threw", {}, {});
    }
  }
}

std::int64_t Writer::run_and_wait(std::function<void(Connection&, OpContext&)> body) {
  if (std::this_thread::get_id() == thread_id_) {
    if (in_batch_)
      throw Error(ErrorKind::internal, "a store write was started from inside a store transaction");
    std::exception_ptr err;
    std::int64_t seq = 0;
    std::vector<Op> one;
    one.push_back(Op{std::move(body), [&](std::exception_ptr e, const OpContext& cx) {
                       err = std::move(e);
                       seq = cx.last_seq;
                     }});
    run_batch(one);
    if (err) std::rethrow_exception(err);
    return seq;
  }
  struct Waiter {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    std::exception_ptr error;
    std::int64_t seq = 0;
  } w;
  submit(Op{std::move(body), [&w](std::exception_ptr e, const OpContext& cx) {
              std::lock_guard lk(w.mu);
              w.error = std::move(e);
              w.seq = cx.last_seq;
              w.done = true;
              w.cv.notify_one();
            }});
  std::unique_lock lk(w.mu);
  w.cv.wait(lk, [&] { return w.done; });
  if (w.error) std::rethrow_exception(w.error);
  return w.seq;
}

void Writer::loop() {
  std::vector<Op> batch;
  auto& q = *q_;
  for (;;) {
    {
      std::unique_lock lk(q.mu);
      // The turn: no other writer of the queue is running a batch's statements.
      q.cv.wait(lk,
                [&] { return (q.stopping && q.ops.empty()) || (!q.ops.empty() && !q.turn_taken); });
      if (q.ops.empty()) return;  // stopping and drained
      q.turn_taken = true;
      turn_ = true;
      const std::size_t want = std::min(q.last, o_.max_batch);
      if (o_.fill_wait.count() > 0 && want > 1 && q.ops.size() < want) {
        q.filling = true;
        q.cv.wait_for(lk, o_.fill_wait, [&] { return q.stopping || q.ops.size() >= want; });
        q.filling = false;
      }
      while (!q.ops.empty() && batch.size() < o_.max_batch) {
        batch.push_back(std::move(q.ops.front()));
        q.ops.pop_front();
      }
      q.last = batch.size();
    }
    run_batch(batch);
    hand_on_turn();  // a batch that never reached its COMMIT
    batch.clear();
  }
}

Connection& Writer::connection() {
  if (conn_ && !conn_->ok()) conn_.reset();
  if (!conn_) {
    conn_ = std::make_unique<Connection>(o_.connection);
    ++connects_;
  }
  return *conn_;
}

bool Writer::run_ops(Connection& c, std::vector<Op>& batch, std::vector<std::exception_ptr>& errors,
                     std::vector<OpContext>& cx, std::vector<char>& settled) {
  std::size_t live = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) live += !settled[i];
  // Plain operations run inside SAVEPOINT op when anything else shares their transaction.
  const bool savepoints = live > 1;
  const std::size_t max_group = std::max<std::size_t>(1, o_.max_group);
  for (std::size_t i = 0; i < batch.size();) {
    if (settled[i]) {
      ++i;
      continue;
    }
    if (batch[i].group) {
      // This operation and the adjacent ones of the same group: one call.
      const auto fn = batch[i].group;
      std::vector<std::size_t> idx;
      std::vector<GroupItem> items;
      std::size_t j = i;
      for (; j < batch.size() && idx.size() < max_group; ++j) {
        if (settled[j]) continue;
        if (batch[j].group != fn) break;
        cx[j] = OpContext{};
        errors[j] = nullptr;
        idx.push_back(j);
        GroupItem item;
        item.payload = batch[j].payload.get();
        item.cx = &cx[j];
        items.push_back(std::move(item));
      }
      bool again = false;
      ++group_calls_;
      try {
        fn(c, items);
      } catch (const DbError& e) {
        if (e.transient()) throw;  // the whole batch runs again
        for (auto k : idx) errors[k] = std::current_exception();
        again = true;
      } catch (...) {
        for (auto k : idx) errors[k] = std::current_exception();
        again = true;
      }
      if (again) {
        // The call failed as a whole; the transaction may be aborted: run the rest without it.
        for (auto k : idx) {
          cx[k] = OpContext{};
          settled[k] = 1;
        }
        if (!c.ok())
          throw DbError(ErrorKind::unavailable, "postgres: connection lost", "", "", true);
        return false;
      }
      for (std::size_t k = 0; k < idx.size(); ++k) {
        auto& item = items[k];
        retried_ops_ += static_cast<std::uint64_t>(std::max(0, item.extra_runs));
        set_ops_ += item.set_based ? 1 : 0;
        errors[idx[k]] = std::move(item.error);
        if (errors[idx[k]]) cx[idx[k]] = OpContext{};  // a failed operation appends nothing
        if (item.undo) {
          settled[idx[k]] = 1;
          again = true;
        }
      }
      if (again) return false;
      i = j;
      continue;
    }
    cx[i] = OpContext{};
    errors[i] = nullptr;
    if (savepoints) c.simple("SAVEPOINT op");
    try {
      batch[i].run(c, cx[i]);
      if (savepoints) c.simple("RELEASE SAVEPOINT op");
    } catch (const DbError& e) {
      if (e.transient()) throw;  // the whole batch runs again
      errors[i] = std::current_exception();
    } catch (...) {
      errors[i] = std::current_exception();
    }
    if (errors[i]) {
      cx[i] = OpContext{};  // a failed operation appends nothing
      if (!c.ok()) throw DbError(ErrorKind::unavailable, "postgres: connection lost", "", "", true);
      if (savepoints) {
        c.simple("ROLLBACK TO SAVEPOINT op");
        c.simple("RELEASE SAVEPOINT op");
      } else {
        c.simple("ROLLBACK");
        c.begin_with_next();
      }
    }
    ++i;
  }
  return true;
}

void Writer::attempt(std::vector<Op>& batch, std::vector<std::exception_ptr>& errors,
                     std::vector<OpContext>& cx, std::vector<char>& settled, bool& committing) {
  Connection& c = connection();
  for (;;) {
    if (std::all_of(settled.begin(), settled.end(), [](char s) { return s != 0; })) return;
    c.begin_with_next();  // sent with the batch's first statement, in one round trip
    in_batch_ = true;
    bool complete = run_ops(c, batch, errors, cx, settled);
    in_batch_ = false;
    if (complete) break;
    c.simple("ROLLBACK");  // and again, without the operations just settled
  }

  // The batch's outbox, in operation order, appended last (with the event-log lock, held to
  // COMMIT, when the commits must come in seq order) with the NOTIFY; the COMMIT goes in the same
  // round trip.
  std::vector<std::string> envelopes;
  std::vector<std::string_view> topics, keys;
  for (std::size_t i = 0; i < batch.size(); ++i)
    for (const auto& [topic, e] : cx[i].events) {
      topics.push_back(topic);
      keys.push_back(e.key);
      envelopes.push_back(to_json_keeping_payload(e));
    }
  hand_on_turn();  // the next batch's statements may run on another connection meanwhile
  if (envelopes.empty()) {
    committing = true;
    c.commit();
    committing = false;
    return;
  }
  Params events, prelude;
  {
    std::vector<std::string_view> texts(envelopes.begin(), envelopes.end());
    auto t = binary_text_array(topics), k = binary_text_array(keys), x = binary_text_array(texts);
    events.add(Bytes{t.data(), t.size()}).add(Bytes{k.data(), k.size()});
    events.add(Bytes{x.data(), x.size()}).add(now_ms());
  }
  prelude.add(o_.instance_id);
  std::vector<Connection::Step> steps{{&sql::kAppendPrelude, &prelude}};
  if (o_.ordered_append) steps.push_back({&sql::kEventLogLock});
  steps.push_back({&sql::kInsertEvents, &events});
  const int n_steps = static_cast<int>(steps.size());
  int failed = -1;
  Result r;
  committing = true;
  try {
    r = std::move(c.steps_and_commit(steps, &failed).back());
  } catch (...) {
    if (failed >= 0 && failed < n_steps) committing = false;  // COMMIT was never run
    throw;
  }
  committing = false;
  std::vector<std::int64_t> seqs;
  seqs.reserve(static_cast<std::size_t>(r.rows()));
  for (int k = 0; k < r.rows(); ++k) seqs.push_back(r.i64(k, 0));
  std::sort(seqs.begin(), seqs.end());
  if (seqs.size() != envelopes.size()) {  // cannot happen; committed all the same
    ops::error(
        "postgres: the event append returned a wrong row count", {},
        {{"events", std::to_string(envelopes.size())}, {"rows", std::to_string(seqs.size())}});
    return;
  }
  std::size_t at = 0;
  for (auto& x : cx) {
    at += x.events.size();
    if (!x.events.empty()) x.last_seq = seqs[at - 1];
  }
}

void Writer::run_batch(std::vector<Op>& batch) {
  std::vector<std::exception_ptr> errors(batch.size());
  std::vector<OpContext> cx(batch.size());
  std::vector<char> settled(batch.size(), 0);
  for (int attempt_no = 1;; ++attempt_no) {
    bool committing = false;
    std::exception_ptr failed;
    bool transient = false;
    try {
      attempt(batch, errors, cx, settled, committing);
      break;
    } catch (const DbError& e) {
      failed = std::current_exception();
      transient = e.transient();
    } catch (...) {
      failed = std::current_exception();
    }
    in_batch_ = false;
    if (conn_) conn_->forget_begin();
    if (conn_ && conn_->ok() && conn_->in_transaction()) {
      try {
        conn_->simple("ROLLBACK");
      } catch (...) {
      }
    }
    if (conn_ && !conn_->ok()) conn_.reset();
    if (!transient || committing || attempt_no >= o_.retry.attempts) {
      for (std::size_t i = 0; i < batch.size(); ++i)
        if (!settled[i]) errors[i] = failed;  // a settled one keeps its own error
      for (auto& x : cx) x = OpContext{};
      try {
        std::rethrow_exception(failed);
      } catch (const std::exception& ex) {
        ops::error("postgres store batch failed", {},
                   {{"ops", std::to_string(batch.size())}, {"error", ex.what()}});
      } catch (...) {
      }
      break;
    }
    ++retried_batches_;
    std::this_thread::sleep_for(backoff_for(o_.retry, attempt_no - 1));
  }
  batches_.fetch_add(1, std::memory_order_relaxed);
  ops_.fetch_add(batch.size(), std::memory_order_relaxed);

  bool any_events = false;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    any_events = any_events || (!errors[i] && !cx[i].events.empty());
    if (!batch[i].complete) continue;
    try {
      batch[i].complete(std::move(errors[i]), cx[i]);
    } catch (const std::exception& ex) {
      ops::error("store completion threw", {}, {{"error", ex.what()}});
    } catch (...) {
      ops::error("store completion threw", {}, {});
    }
  }
  if (any_events) notify_listeners();
}

}  // namespace fte::pg
