// A small pool of read-only connections to a WAL database: readers see the last committed state
// and never block the writer nor each other. A lease gives one connection to one thread.
//
// Thread-safety: acquire() from any thread. Failure: when every connection stays leased for
// longer than the wait limit, acquire() throws Error(busy) instead of queueing without bound;
// opening throws Error(unavailable).
#pragma once
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/connection.h"

namespace fte::sqlite {

class ReadPool {
 public:
  ReadPool(const std::string& path, int size, int busy_timeout_ms);

  class Lease {
   public:
    Lease(ReadPool& p, std::unique_ptr<Connection> c) : pool_(p), conn_(std::move(c)) {}
    ~Lease() { pool_.release(std::move(conn_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }

   private:
    ReadPool& pool_;
    std::unique_ptr<Connection> conn_;
  };

  Lease acquire();

 private:
  void release(std::unique_ptr<Connection> c);

  std::chrono::milliseconds wait_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace fte::sqlite
