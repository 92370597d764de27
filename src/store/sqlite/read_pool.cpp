#include "store/sqlite/read_pool.h"

#include "core/error.h"

namespace fte::sqlite {

ReadPool::ReadPool(const std::string& path, int size, int busy_timeout_ms)
    : wait_(std::chrono::milliseconds(busy_timeout_ms > 0 ? busy_timeout_ms : 1)) {
  Connection::Options o;
  o.path = path;
  o.read_only = true;
  o.busy_timeout_ms = busy_timeout_ms;
  for (int i = 0; i < (size > 0 ? size : 1); ++i) idle_.push_back(std::make_unique<Connection>(o));
}

ReadPool::Lease ReadPool::acquire() {
  std::unique_lock lk(mu_);
  if (!cv_.wait_for(lk, wait_, [&] { return !idle_.empty(); }))
    throw Error(ErrorKind::busy, "no store read connection became free in time");
  auto c = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(c));
}

void ReadPool::release(std::unique_ptr<Connection> c) {
  {
    std::lock_guard lk(mu_);
    idle_.push_back(std::move(c));
  }
  cv_.notify_one();
}

}  // namespace fte::sqlite
