// The Bus conformance suite (DESIGN §4): one set of behaviour tests that every Bus backend passes.
// A backend joins with one small file (see kafka_backend.cpp) that defines how to build a fresh
// world — a broker cluster, a database — and instantiates the suite for it:
//
//   INSTANTIATE_TEST_SUITE_P(local, BusConformance,
//                            ::testing::Values(BusBackend{"local", make_local_world, false}),
//                            backend_name);
//
// Each test gets its own world; world->open() may be called several times to get several Bus
// instances ("processes") sharing that world. Tests wait on conditions with deadlines.
#pragma once
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "bus/bus.h"

namespace fte::bustest {

class BusWorld {
 public:
  virtual ~BusWorld() = default;
  // A new Bus on this world. The topics of spec III exist (with o.topic_prefix).
  virtual std::unique_ptr<Bus> open(const BusOptions& o) = 0;
};

struct BusBackend {
  std::string name;
  std::function<std::unique_ptr<BusWorld>()> make_world;
  bool balances_groups = true;  // members of one consumer group split the work between them
};

inline void PrintTo(const BusBackend& b, std::ostream* os) {
  *os << b.name;
}
inline std::string backend_name(const ::testing::TestParamInfo<BusBackend>& i) {
  return i.param.name;
}

// What the handlers of one test saw, in arrival order. Thread-safe; wait() wakes on every event.
class Seen {
 public:
  struct Event {
    Envelope envelope;
    std::string topic;
    std::string consumer;  // which subscription saw it
  };

  void add(const Envelope& e, const std::string& topic, const std::string& consumer = {}) {
    {
      std::lock_guard lk(mu_);
      events_.push_back({e, topic, consumer});
    }
    cv_.notify_all();
  }
  // Waits until pred(events) holds or the deadline passes; returns whether it held.
  bool wait(const std::function<bool(const std::vector<Event>&)>& pred,
            std::chrono::milliseconds deadline = std::chrono::seconds(20)) {
    std::unique_lock lk(mu_);
    return cv_.wait_for(lk, deadline, [&] { return pred(events_); });
  }
  std::vector<Event> events() {
    std::lock_guard lk(mu_);
    return events_;
  }
  std::size_t count_of(const std::string& event_id) {
    std::lock_guard lk(mu_);
    std::size_t n = 0;
    for (const auto& e : events_) n += e.envelope.event_id == event_id;
    return n;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Event> events_;
};

class BusConformance : public ::testing::TestWithParam<BusBackend> {
 protected:
  void SetUp() override { world_ = GetParam().make_world(); }
  void TearDown() override { world_.reset(); }

  std::unique_ptr<Bus> open(BusOptions o = fast_options()) { return world_->open(o); }
  static BusOptions fast_options() {
    BusOptions o;
    o.max_attempts = 3;
    o.backoff_initial_ms = 5;
    o.backoff_max_ms = 40;
    return o;
  }

  std::unique_ptr<BusWorld> world_;
};

}  // namespace fte::bustest
