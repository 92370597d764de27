// WorkerPool: see worker_pool.h.
#include "http/worker_pool.h"

#include <algorithm>
#include <exception>

#include "ops/log.h"

namespace fte::http {

WorkerPool::WorkerPool(int threads, std::size_t queue_limit) : queue_limit_(queue_limit) {
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() {
  stop();
}

bool WorkerPool::try_submit(std::function<void()> task) {
  {
    std::lock_guard lk(mu_);
    // Waiting tasks beyond the idle threads count against the limit.
    if (stopping_ || queue_.size() + running_ >= threads_.size() + queue_limit_) return false;
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
  return true;
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lk(mu_);
  return queue_.size();
}

void WorkerPool::stop() {
  std::deque<std::function<void()>> dropped;
  {
    std::lock_guard lk(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    dropped.swap(queue_);
  }
  cv_.notify_all();
  dropped.clear();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void WorkerPool::run() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      task = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    try {
      task();
    } catch (const std::exception& e) {
      ops::error("http worker task failed", {}, {{"what", e.what()}});
    } catch (...) {
      ops::error("http worker task failed", {}, {{"what", "unknown exception"}});
    }
    std::lock_guard lk(mu_);
    --running_;
  }
}

}  // namespace fte::http
