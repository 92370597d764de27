// Partition leases (FTE_KAFKA_ASSIGNMENT=lease) with two consumers of one group, each with its own
// Store instance (two replicas) on SQLite or a real PostgreSQL server, on librdkafka's mock
// cluster: a member that joins gets its fair share while the first keeps the rest, a member that
// stops hands its partitions over, and no record is lost or handled twice across either move.
// live_leases() itself (prefix, expiry) is checked on both backends.
#include <librdkafka/rdkafka.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "app/instance_leases.h"
#include "core/clock.h"
#include "leases_world.h"

namespace fte::leasetest {
namespace {

using namespace std::chrono_literals;
const std::string kGroup = "agents";
const std::string kTopic(topics::tickets_incoming);

// What one consumer handled: event ids with counts, shared by both consumers' records.
struct Handled {
  std::mutex mu;
  std::map<std::string, int> times;            // over both consumers
  std::map<std::string, std::set<std::string>> by;  // consumer → ids
  void add(const std::string& who, const std::string& id) {
    std::lock_guard lk(mu);
    ++times[id];
    by[who].insert(id);
  }
  bool all(const std::vector<std::string>& ids) {
    std::lock_guard lk(mu);
    for (const auto& id : ids)
      if (!times.count(id)) return false;
    return true;
  }
  int of(const std::string& who, const std::vector<std::string>& ids) {
    std::lock_guard lk(mu);
    int n = 0;
    for (const auto& id : ids) n += static_cast<int>(by[who].count(id));
    return n;
  }
  int repeated() {
    std::lock_guard lk(mu);
    int n = 0;
    for (const auto& [id, t] : times) n += t > 1;
    return n;
  }
};

class LeaseBus : public relaytest::TwoReplicasTest {
 protected:
  void SetUp() override {
    TwoReplicasTest::SetUp();
    if (IsSkipped()) return;
    producer_ = open_kafka_bus(cluster_.bootstrap(), {}, relaytest::quick_kafka());
  }
  std::unique_ptr<Bus> consumer(Store& s, const std::string& who) {
    auto bus = open_kafka_bus(cluster_.bootstrap(), {}, lease_options(s, who));
    bus->subscribe(kGroup, {kTopic}, [this, who](const Envelope& e, const std::string&) {
      handled_.add(who, e.event_id);
    });
    return bus;
  }
  std::vector<std::string> publish(int n, const std::string& tag) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      auto e = make_envelope("ticket.incoming", tag + "-cust-" + std::to_string(i % 9),
                             "{\"n\":" + std::to_string(i) + "}", "", "");
      producer_->publish(kTopic, e);
      ids.push_back(e.event_id);
    }
    return ids;
  }
  std::map<std::string, int> holders() { return partition_holders(*a_, kGroup); }

  KafkaMockCluster cluster_{KafkaMockOptions{1, 3, ""}};
  std::unique_ptr<Bus> producer_;
  Handled handled_;
};

TEST_P(LeaseBus, AJoiningMemberTakesItsShareWithoutLosingOrRepeatingRecords) {
  auto a = consumer(*a_, "a");
  ASSERT_TRUE(eventually([&] { return holders() == std::map<std::string, int>{{"a", 3}}; }))
      << "a lone member claims every partition";
  auto first = publish(30, "first");
  ASSERT_TRUE(eventually([&] { return handled_.all(first); }));

  // b joins while records keep coming: 3 partitions, 2 members → 2 and 1.
  std::atomic<bool> go{true};
  std::vector<std::string> during;
  std::mutex during_mu;
  std::thread pump([&] {
    for (int i = 0; go; ++i) {
      auto ids = publish(3, "during" + std::to_string(i));
      std::lock_guard lk(during_mu);
      during.insert(during.end(), ids.begin(), ids.end());
      std::this_thread::sleep_for(20ms);  // paces the producer; no assertion depends on it
    }
  });
  auto b = consumer(*b_, "b");
  bool split = eventually([&] {
    auto h = holders();
    return h.size() == 2 && h["a"] == 2 && h["b"] == 1;
  });
  go = false;
  pump.join();
  ASSERT_TRUE(split) << "a keeps 2 partitions, b claims 1";

  auto after = publish(30, "after");
  std::vector<std::string> all = first;
  all.insert(all.end(), during.begin(), during.end());
  all.insert(all.end(), after.begin(), after.end());
  ASSERT_TRUE(eventually([&] { return handled_.all(all); })) << "records lost in the move";
  EXPECT_GT(handled_.of("b", after), 0) << "b consumes its partition";
  EXPECT_GT(handled_.of("a", after), 0) << "a keeps consuming the others";
  EXPECT_EQ(handled_.repeated(), 0) << "a handed over after committing: nothing handled twice";
}

TEST_P(LeaseBus, AStoppedMemberHandsItsPartitionsToTheOther) {
  auto a = consumer(*a_, "a");
  auto b = consumer(*b_, "b");
  ASSERT_TRUE(eventually([&] {
    auto h = holders();
    return h.size() == 2 && h["a"] + h["b"] == 3;
  }));
  auto before = publish(30, "before");
  ASSERT_TRUE(eventually([&] { return handled_.all(before); }));
  a->stop();  // graceful (preStop drain): commits, then releases its leases
  ASSERT_TRUE(eventually([&] { return holders() == std::map<std::string, int>{{"b", 3}}; }))
      << "b claims the released partitions";
  auto after = publish(30, "after");
  ASSERT_TRUE(eventually([&] { return handled_.all(after); }));
  EXPECT_EQ(handled_.of("b", after), 30);
  EXPECT_EQ(handled_.repeated(), 0);
}

// librdkafka's murmur2 partitioner (the producer's): the partition a key's records go to.
int partition_of(const std::string& key) {
  return rd_kafka_msg_partitioner_murmur2_random(nullptr, key.data(), key.size(), 3, nullptr, nullptr);
}

TEST_P(LeaseBus, AConsumerThatLostALeaseHandlesNothingOfThatPartitionUntilItHasItBack) {
  std::mutex mu;
  std::map<std::string, std::chrono::steady_clock::time_point> at;  // event id → handled
  auto a = open_kafka_bus(cluster_.bootstrap(), {}, lease_options(*a_, "a"));
  a->subscribe(kGroup, {kTopic}, [&](const Envelope& e, const std::string&) {
    handled_.add("a", e.event_id);
    std::lock_guard lk(mu);
    at.emplace(e.event_id, std::chrono::steady_clock::now());
  });
  ASSERT_TRUE(eventually([&] { return holders() == std::map<std::string, int>{{"a", 3}}; }));

  // Another holder takes partition 0's lease (as a replica would after a's lease lapsed).
  const std::string p0 = "kafka:" + kGroup + ":p:" + kTopic + ":0";
  Store& s = *b_;
  ASSERT_TRUE(eventually([&] {
    auto l = s.live_leases(p0);
    if (!l.empty() && l[0].holder == "thief/1") return true;
    if (!l.empty()) s.release_lease(p0, l[0].holder);
    return s.acquire_lease(p0, "thief/1", 60000) > 0;
  }));
  const std::int64_t stolen_at = s.live_leases(p0).at(0).expires_at_ms - 60000;
  // a's member slot renewed after the theft: its renewal of partition 0, right after, found it gone.
  ASSERT_TRUE(eventually([&] {
    for (const auto& l : s.live_leases("kafka:" + kGroup + ":member:"))
      if (l.holder.rfind("a/", 0) == 0 && l.expires_at_ms > stolen_at + 2000) return true;
    return false;
  }));
  EXPECT_EQ(holders(), (std::map<std::string, int>{{"a", 2}, {"thief", 1}}));

  std::vector<std::string> on_p0, elsewhere;
  for (int i = 0; i < 30; ++i) {
    const std::string key = "key-" + std::to_string(i);
    auto e = make_envelope("ticket.incoming", key, "{}", "", "");
    producer_->publish(kTopic, e);
    (partition_of(key) == 0 ? on_p0 : elsewhere).push_back(e.event_id);
  }
  ASSERT_FALSE(on_p0.empty());
  ASSERT_TRUE(eventually([&] { return handled_.all(elsewhere); }));
  const auto released = std::chrono::steady_clock::now();
  EXPECT_EQ(handled_.of("a", on_p0), 0) << "partition 0 handled without its lease";
  s.release_lease(p0, "thief/1");
  ASSERT_TRUE(eventually([&] { return handled_.all(on_p0); })) << "a claims partition 0 again";
  std::lock_guard lk(mu);
  for (const auto& id : on_p0) EXPECT_GT(at.at(id), released);
  EXPECT_EQ(handled_.repeated(), 0);
}

TEST_P(LeaseBus, LiveLeasesListsUnexpiredLeasesUnderAPrefix) {
  Store& s = *a_;
  ASSERT_GT(s.acquire_lease("kafka:g_1:p:t:0", "x/1", 60000), 0);
  ASSERT_GT(s.acquire_lease("kafka:g_1:member:0", "x/1", 60000), 0);
  ASSERT_GT(s.acquire_lease("kafka:g_1:p:t:1", "y/2", 1), 0);  // expires at once
  ASSERT_GT(s.acquire_lease("kafka:gX1:p:t:0", "z/3", 60000), 0);  // '_' is no wildcard
  ASSERT_TRUE(eventually([&] { return s.live_leases("kafka:g_1:p:").size() == 1; }, 5s));
  auto live = s.live_leases("kafka:g_1:");
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(live[0].name, "kafka:g_1:member:0");
  EXPECT_EQ(live[1].name, "kafka:g_1:p:t:0");
  EXPECT_EQ(live[1].holder, "x/1");
  EXPECT_GT(live[1].epoch, 0);
  s.release_lease("kafka:g_1:p:t:0", "x/1");
  EXPECT_EQ(s.live_leases("kafka:g_1:p:").size(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, LeaseBus, ::testing::Values("sqlite", "postgres"),
                         relaytest::param_name);

}  // namespace
}  // namespace fte::leasetest

namespace fte::leasetest {
namespace {

TEST_P(LeaseBus, ARestartedInstanceReleasesOnlyItsPredecessorsLeases) {
  Store& s = *a_;
  ASSERT_GT(s.acquire_lease("fte-outbox-relay", app::lease_holder("agent-1"), 60000), 0);
  ASSERT_GT(s.acquire_lease("kafka:fte-agent:p:t:0", app::lease_holder("agent-1"), 60000), 0);
  ASSERT_GT(s.acquire_lease("kafka:fte-agent:p:t:1", app::lease_holder("agent-10"), 60000), 0);
  ASSERT_GT(s.acquire_lease("kafka:fte-agent:p:t:2", app::lease_holder(""), 60000), 0);
  EXPECT_EQ(app::release_predecessor_leases(s, "agent-1"), 2);
  auto live = s.live_leases("");
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(live[0].holder.rfind("agent-10/", 0), 0u);
  EXPECT_EQ(app::release_predecessor_leases(s, ""), 0) << "no instance id: nothing is anyone's";
}

}  // namespace
}  // namespace fte::leasetest
