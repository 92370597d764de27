// A bounded pool of PostgreSQL connections that fails fast (STYLE practice 7). At most `max_size`
// connections exist; they are opened lazily. When all are leased, at most `max_waiters` callers
// wait, each until `acquire_timeout`; a caller beyond that, or one whose deadline passes, gets
// Error(busy) at once and the exhaustion is counted (Stats::exhausted, for a metric) instead of a
// queue that grows without limit. A connection that broke while leased is dropped on return;
// after a lost connection the caller drops the idle ones too (they point at the same dead
// server), so the pool reconnects by itself when the server comes back.
//
// Thread-safe. Leases must not outlive the pool. Failure: acquire throws Error(busy) when
// exhausted and DbError(unavailable) when a new connection cannot be opened.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "store/postgres/pq.h"

namespace fte::pg {

class Pool {
 public:
  struct Options {
    Connection::Options connection;
    int max_size = 8;
    int max_waiters = 64;
    std::chrono::milliseconds acquire_timeout{2000};
  };
  struct Stats {
    int size = 0;  // open connections, leased or idle
    int idle = 0;
    int waiting = 0;  // callers waiting for a connection now
    std::uint64_t acquired = 0;
    std::uint64_t exhausted = 0;  // acquires refused: wait queue full or deadline passed
    std::uint64_t connects = 0;
    std::uint64_t connect_failures = 0;
    std::uint64_t dropped = 0;  // connections closed because they broke
  };

  class Lease {
   public:
    Lease(Lease&& o) noexcept : pool_(o.pool_), c_(std::move(o.c_)) { o.pool_ = nullptr; }
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_) pool_->give_back(std::move(c_));
    }
    Connection& operator*() const { return *c_; }
    Connection* operator->() const { return c_.get(); }

   private:
    friend class Pool;
    Lease(Pool* p, std::unique_ptr<Connection> c) : pool_(p), c_(std::move(c)) {}
    Pool* pool_;
    std::unique_ptr<Connection> c_;
  };

  explicit Pool(Options o);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  Lease acquire();
  // Closes the idle connections (after a lost connection: they are most likely dead too).
  void drop_idle();
  Stats stats() const;
  const Options& options() const { return o_; }

 private:
  void give_back(std::unique_ptr<Connection> c);

  const Options o_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int size_ = 0;
  int waiting_ = 0;
  Stats counters_;
};

}  // namespace fte::pg
