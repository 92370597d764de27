// The Store conformance suite (DESIGN §4): one set of behaviour tests that every Store backend
// passes. A backend joins with one small file (sqlite_backend.cpp; a PostgreSQL backend adds
// postgres_backend.cpp without touching the others) that says how to build a fresh, empty database
// and instantiates the suite for it:
//
//   INSTANTIATE_TEST_SUITE_P(postgres, StoreConformance,
//                            ::testing::Values(StoreBackend{"postgres", make_pg_world}),
//                            backend_name);
//
// make_world returns nullptr and fills `skip_reason` when the backend's server is not available;
// the tests of that backend are then skipped, not failed. world->open() may be called again after
// the previous Store was destroyed: that is a process restart on the same database (durability).
// Tests wait on conditions with deadlines, never on sleeps.
#pragma once
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>

#include "store/store.h"

namespace fte::storetest {

class StoreWorld {
 public:
  virtual ~StoreWorld() = default;
  // A Store on this world's database; `o.url` is filled in by the world.
  virtual std::unique_ptr<Store> open(StoreOptions o) = 0;
};

struct StoreBackend {
  std::string name;
  std::function<std::unique_ptr<StoreWorld>(std::string& skip_reason)> make_world;
};

inline void PrintTo(const StoreBackend& b, std::ostream* os) {
  *os << b.name;
}
inline std::string backend_name(const ::testing::TestParamInfo<StoreBackend>& i) {
  return i.param.name;
}

class StoreConformance : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    std::string reason;
    world_ = GetParam().make_world(reason);
    if (!world_) GTEST_SKIP() << GetParam().name << " backend not available: " << reason;
    store_ = world_->open(StoreOptions{});
  }
  void TearDown() override {
    store_.reset();
    world_.reset();
  }
  // Closes the store and opens it again on the same database.
  void reopen() {
    store_.reset();
    store_ = world_->open(StoreOptions{});
  }
  Store& store() { return *store_; }

  std::unique_ptr<StoreWorld> world_;
  std::unique_ptr<Store> store_;
};

// A flag that one thread raises and another waits for, with a deadline.
class Signal {
 public:
  void raise() {
    // Notifies under the lock: a waiter cannot return (and destroy this) before notify finished.
    std::lock_guard lk(mu_);
    ++count_;
    cv_.notify_all();
  }
  bool wait_for_count(int n, std::chrono::milliseconds deadline = std::chrono::seconds(20)) {
    std::unique_lock lk(mu_);
    return cv_.wait_for(lk, deadline, [&] { return count_ >= n; });
  }
  int count() {
    std::lock_guard lk(mu_);
    return count_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int count_ = 0;
};

}  // namespace fte::storetest
