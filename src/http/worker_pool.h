// WorkerPool: a fixed set of threads with a bounded queue, where the HTTP server runs handlers that
// may block (store queries, metrics collectors, webhooks), so the I/O threads that answer /health
// never wait on storage. try_submit() never blocks: when every thread is busy and the queue holds
// `queue_limit` tasks it returns false, and the caller answers 503 + Retry-After.
// Thread-safe. stop() drops queued tasks (destroying them on the calling thread) and joins the
// threads after their current task; a task that blocks forever blocks stop() too.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace fte::http {

class WorkerPool {
 public:
  WorkerPool(int threads, std::size_t queue_limit);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  bool try_submit(std::function<void()> task);
  void stop();
  std::size_t queued() const;
  int threads() const { return static_cast<int>(threads_.size()); }

 private:
  void run();

  const std::size_t queue_limit_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  std::size_t running_ = 0;  // tasks being run
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace fte::http
