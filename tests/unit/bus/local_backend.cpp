// The local backend of the Bus conformance suite: the store's durable event log (SQLite in a temp
// dir). Each "process" of a test is another Bus on the same database, as when several fte roles
// share one database file. Members of one group do not split the work on `local` (each
// subscription reads the log in order), hence balances_groups = false.
#include <atomic>
#include <boost/json.hpp>
#include <condition_variable>
#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>

#include "bus/local/local_bus.h"
#include "bus_conformance.h"
#include "store/store.h"
#include "support/process.h"

namespace fte::bustest {
namespace {

class LocalWorld final : public BusWorld {
 public:
  LocalWorld() : dir_(fte::testing::temp_dir("fte-bus-local")) {
    StoreOptions so;
    so.url = "sqlite://" + (dir_ / "bus.db").string();
    store_ = open_sqlite_store(so);
  }
  ~LocalWorld() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::unique_ptr<Bus> open(const BusOptions& o) override {
    LocalBusOptions lo;
    lo.poll_ms = 20;
    return open_local_bus(*store_, o, lo);
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace

// Lanes are long-lived and the consumer keeps reading while a lane is busy: an event whose handler
// is stuck holds back only its own lane (its key's order), not events read after it on other lanes
// (a per-batch barrier would hold every lane until the stuck one returned). Its offset is not
// committed past the stuck event, so a restart delivers it again.
TEST(LocalBusLanes, AStuckKeyDoesNotHoldBackOtherKeysReadAfterIt) {
  using namespace std::chrono_literals;
  LocalWorld world;
  BusOptions o;
  o.max_attempts = 1;
  auto bus = world.open(o);
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  std::atomic<bool> stuck_entered{false};
  std::atomic<int> others{0};
  auto make = [](const std::string& key) {
    return make_envelope("ticket.incoming", key, boost::json::serialize(boost::json::object{{"k", key}}), "", "");
  };
  auto stuck = make("customer-stuck");
  const std::string topic(topics::tickets_incoming);
  bus->subscribe("lanes", {topic}, [&](const Envelope& e, const std::string&) {
    if (e.event_id == stuck.event_id) {
      stuck_entered = true;
      std::unique_lock lk(mu);
      cv.wait(lk, [&] { return release; });
      return;
    }
    ++others;
  });
  bus->publish(topic, stuck);
  ASSERT_TRUE(fte::testing::wait_until([&] { return stuck_entered.load(); }, 20s));
  for (int i = 0; i < 40; ++i) bus->publish(topic, make("customer-" + std::to_string(i)));
  // 4 lanes: about three quarters of the 40 keys are on other lanes than the stuck one.
  EXPECT_TRUE(fte::testing::wait_until([&] { return others.load() >= 20; }, 20s))
      << "handled while one key is stuck: " << others.load();
  {
    std::lock_guard lk(mu);
    release = true;
  }
  cv.notify_all();
  EXPECT_TRUE(fte::testing::wait_until([&] { return others.load() == 40; }, 20s)) << others.load();
  EXPECT_TRUE(fte::testing::wait_until(
      [&] {
        for (const auto& l : bus->lag())
          if (l.group == "lanes" && l.lag != 0) return false;
        return true;
      },
      20s))
      << "offsets are committed once everything is handled";
}

// The store hands each of its commits' events to the bus, which then need not read them back; a
// commit by another writer on the same database (another process) leaves a gap in that chain of
// seqs, and the consumer must read the log for it. Commits of this store and of a second handle
// on the same file interleave (also on another topic, which moves the log on without events for
// the subscription): every event is handled once, in publish order per key, and the offset
// reaches the end.
TEST(LocalBusFeed, CommitsOfAnotherWriterInterleavedWithHandedOverOnesAreEachHandledOnce) {
  using namespace std::chrono_literals;
  auto dir = fte::testing::temp_dir("fte-bus-feed");
  StoreOptions so;
  so.url = "sqlite://" + (dir / "bus.db").string();
  auto mine = open_sqlite_store(so);
  auto other = open_sqlite_store(so);  // another process's writer
  LocalBusOptions lo;
  lo.poll_ms = 20;
  auto bus = open_local_bus(*mine, BusOptions{}, lo);
  const std::string topic(topics::tickets_incoming), elsewhere(topics::dlq);
  std::mutex mu;
  std::map<std::string, int> handled;          // event id -> times
  std::map<std::string, std::vector<int>> per_key;  // key -> payload numbers, in handling order
  bus->subscribe("feed", {topic}, [&](const Envelope& e, const std::string&) {
    std::lock_guard lk(mu);
    ++handled[e.event_id];
    per_key[e.key].push_back(std::stoi(e.payload));
  });
  std::vector<std::string> ids;
  for (int i = 0; i < 60; ++i) {
    auto e = make_envelope("ticket.incoming", "customer-" + std::to_string(i % 3),
                           std::to_string(i), "", "");
    ids.push_back(e.event_id);
    Store& via = (i % 4 == 1) ? *other : *mine;
    if (i % 5 == 2) mine->append_events({{elsewhere, make_envelope("dead_letter", "x", "{}", "", "")}});
    via.append_events({{topic, e}});
  }
  EXPECT_TRUE(fte::testing::wait_until(
      [&] {
        std::lock_guard lk(mu);
        return handled.size() == ids.size();
      },
      20s));
  EXPECT_TRUE(fte::testing::wait_until(
      [&] {
        for (const auto& l : bus->lag())
          if (l.group == "feed" && l.lag != 0) return false;
        return true;
      },
      20s));
  bus->stop();
  std::lock_guard lk(mu);
  for (const auto& id : ids) EXPECT_EQ(handled[id], 1) << id;
  for (const auto& [key, nums] : per_key)
    EXPECT_TRUE(std::is_sorted(nums.begin(), nums.end())) << key;
  bus.reset();
  other.reset();
  mine.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

// While its consumer waits with nothing unread, the events of the store's commits are queued on
// the lanes by the store's commit callback itself (no wake-up of the consumer in between); they
// are handled once each, in order per key, and the offsets still reach the end.
TEST(LocalBusFeed, CommitsWhileTheConsumerWaitsGoStraightToTheLanes) {
  using namespace std::chrono_literals;
  LocalWorld world;
  auto bus = world.open(BusOptions{});
  const std::string topic(topics::tickets_incoming);
  std::mutex mu;
  std::map<std::string, int> handled;
  std::map<std::string, std::vector<int>> per_key;
  bus->subscribe("direct", {topic}, [&](const Envelope& e, const std::string&) {
    std::lock_guard lk(mu);
    ++handled[e.event_id];
    per_key[e.key].push_back(std::stoi(e.payload));
  });
  auto count = [&] {
    std::lock_guard lk(mu);
    return handled.size();
  };
  std::vector<std::string> ids;
  for (int i = 0; i < 30; ++i) {
    auto e = make_envelope("ticket.incoming", "customer-" + std::to_string(i % 4), std::to_string(i), "", "");
    ids.push_back(e.event_id);
    bus->publish(topic, e);
    if (i % 3 != 2) continue;  // some one by one, some in quick succession
    ASSERT_TRUE(fte::testing::wait_until([&] { return count() == ids.size(); }, 20s)) << i;
  }
  ASSERT_TRUE(fte::testing::wait_until([&] { return count() == ids.size(); }, 20s));
  EXPECT_GE(local_bus_stats(*bus).handed_to_lanes, 10u) << "commits handed straight to the lanes";
  EXPECT_TRUE(fte::testing::wait_until(
      [&] {
        for (const auto& l : bus->lag())
          if (l.group == "direct" && l.lag != 0) return false;
        return true;
      },
      20s));
  bus->stop();
  std::lock_guard lk(mu);
  for (const auto& id : ids) EXPECT_EQ(handled[id], 1) << id;
  for (const auto& [key, nums] : per_key) EXPECT_TRUE(std::is_sorted(nums.begin(), nums.end())) << key;
}

INSTANTIATE_TEST_SUITE_P(local, BusConformance,
                         ::testing::Values(BusBackend{
                             "local", [] { return std::make_unique<LocalWorld>(); }, false}),
                         backend_name);

}  // namespace fte::bustest
