#include "store/postgres/pool.h"

#include <algorithm>

namespace fte::pg {

Pool::Pool(Options o) : o_(std::move(o)) {}

Pool::~Pool() {
  std::lock_guard lk(mu_);
  idle_.clear();
}

Pool::Lease Pool::acquire() {
  auto deadline = std::chrono::steady_clock::now() + o_.acquire_timeout;
  std::unique_lock lk(mu_);
  for (;;) {
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      ++counters_.acquired;
      return Lease(this, std::move(c));
    }
    if (size_ < std::max(1, o_.max_size)) {
      ++size_;  // reserve the slot, connect outside the lock
      lk.unlock();
      try {
        auto c = std::make_unique<Connection>(o_.connection);
        lk.lock();
        ++counters_.connects;
        ++counters_.acquired;
        return Lease(this, std::move(c));
      } catch (...) {
        lk.lock();
        --size_;
        ++counters_.connect_failures;
        cv_.notify_one();
        throw;
      }
    }
    if (waiting_ >= o_.max_waiters) {
      ++counters_.exhausted;
      throw Error(ErrorKind::busy, "postgres: connection pool exhausted (wait queue full)");
    }
    ++waiting_;
    bool woke = cv_.wait_until(lk, deadline,
                               [&] { return !idle_.empty() || size_ < std::max(1, o_.max_size); });
    --waiting_;
    if (!woke) {
      ++counters_.exhausted;
      throw Error(ErrorKind::busy, "postgres: no connection free within the acquire deadline");
    }
  }
}

void Pool::give_back(std::unique_ptr<Connection> c) {
  std::unique_ptr<Connection> doomed;  // closed outside the lock
  {
    std::lock_guard lk(mu_);
    if (c && c->ok() && c->idle()) {
      idle_.push_back(std::move(c));
    } else {
      doomed = std::move(c);
      --size_;
      ++counters_.dropped;
    }
  }
  cv_.notify_one();
}

void Pool::drop_idle() {
  std::vector<std::unique_ptr<Connection>> doomed;
  {
    std::lock_guard lk(mu_);
    doomed.swap(idle_);
    size_ -= static_cast<int>(doomed.size());
    counters_.dropped += doomed.size();
  }
  cv_.notify_all();
}

Pool::Stats Pool::stats() const {
  std::lock_guard lk(mu_);
  Stats s = counters_;
  s.size = size_;
  s.idle = static_cast<int>(idle_.size());
  s.waiting = waiting_;
  return s;
}

}  // namespace fte::pg
