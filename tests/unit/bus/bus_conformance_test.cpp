// The Bus conformance tests; backends instantiate them in <backend>_backend.cpp.
#include "bus_conformance.h"

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>

#include "core/error.h"
#include "support/process.h"

namespace fte::bustest {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using Events = std::vector<Seen::Event>;

const std::string kIncoming(topics::tickets_incoming);
const std::string kDlq(topics::dlq);

Envelope event(const std::string& key, int seq, const std::string& note = "") {
  json::object p{{"seq", seq}, {"note", note}, {"text", "How do I invite team members?"}};
  return make_envelope("ticket.incoming", key, json::serialize(p), "", "");
}

bool has(const Events& ev, const std::string& id) {
  return std::any_of(ev.begin(), ev.end(),
                     [&](const auto& e) { return e.envelope.event_id == id; });
}

bool has_all(const Events& ev, const std::vector<Envelope>& want) {
  return std::all_of(want.begin(), want.end(), [&](const auto& w) { return has(ev, w.event_id); });
}

std::int64_t lag_of(Bus& bus, const std::string& group, const std::string& topic) {
  std::int64_t sum = 0;
  for (const auto& l : bus.lag())
    if (l.group == group && l.topic == topic) sum += l.lag;
  return sum;
}

}  // namespace

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(BusConformance);

// In every test what a handler captures is declared before the bus that calls it: a bus's consumer
// threads may call the handler until the bus is destroyed, and locals die in reverse order.

TEST_P(BusConformance, RoundTripKeepsEveryEnvelopeField) {
  Seen seen;
  auto bus = open();
  bus->subscribe("roundtrip", {kIncoming},
                 [&](const Envelope& e, const std::string& t) { seen.add(e, t); });
  std::vector<Envelope> sent;
  for (int i = 0; i < 5; ++i) {
    sent.push_back(event("cust-" + std::to_string(i), i));
    bus->publish(kIncoming, sent.back());
  }
  ASSERT_TRUE(seen.wait([&](const Events& ev) { return has_all(ev, sent); }));
  auto got = seen.events();
  for (const auto& s : sent) {
    auto it = std::find_if(got.begin(), got.end(),
                           [&](const auto& e) { return e.envelope.event_id == s.event_id; });
    ASSERT_NE(it, got.end());
    const Envelope& g = it->envelope;
    EXPECT_EQ(it->topic, kIncoming);
    EXPECT_EQ(g.type, s.type);
    EXPECT_EQ(g.schema_version, s.schema_version);
    EXPECT_EQ(g.occurred_at_ms, s.occurred_at_ms);
    EXPECT_EQ(g.correlation_id, s.correlation_id);
    EXPECT_EQ(g.traceparent, s.traceparent);
    EXPECT_EQ(g.idempotency_key, s.idempotency_key);
    EXPECT_EQ(g.key, s.key);
    EXPECT_EQ(json::parse(g.payload), json::parse(s.payload));
  }
}

TEST_P(BusConformance, AQuietTopicInTheSubscriptionDoesNotHoldBackABusyOne) {
  // One subscription on two topics, only one of which ever gets events — far more than one read
  // batch of them. Every event must be handled (a stalled cursor once lost everything after the
  // first batch here).
  Seen seen;
  const std::string quiet = topics::channel_topic("email", "outbound");
  auto bus = open();
  bus->subscribe("quiet-busy", {quiet, kIncoming},
                 [&](const Envelope& e, const std::string& t) { seen.add(e, t); });
  std::vector<Envelope> sent;
  for (int i = 0; i < 700; ++i) {
    sent.push_back(event("cust-" + std::to_string(i % 7), i));
    bus->publish(kIncoming, sent.back());
  }
  ASSERT_TRUE(seen.wait([&](const Events& ev) { return has_all(ev, sent); }, std::chrono::seconds(60)))
      << seen.events().size() << " of " << sent.size();
}

TEST_P(BusConformance, TopicPrefixIsAppliedAndHiddenFromHandlers) {
  BusOptions o = fast_options();
  o.topic_prefix = "tenant7.";
  Seen seen;
  const std::string outbound = topics::channel_topic("webform", "outbound");
  auto bus = open(o);
  bus->subscribe("prefix", {outbound},
                 [&](const Envelope& e, const std::string& t) { seen.add(e, t); });
  auto e = event("cust-p", 1);
  bus->publish(outbound, e);
  ASSERT_TRUE(seen.wait([&](const Events& ev) { return has(ev, e.event_id); }));
  EXPECT_EQ(seen.events().front().topic, outbound);
}

TEST_P(BusConformance, KeepsOrderPerKey) {
  Seen seen;
  auto bus = open();
  bus->subscribe("order", {kIncoming},
                 [&](const Envelope& e, const std::string& t) { seen.add(e, t); });
  const std::vector<std::string> keys = {"cust-a", "cust-b", "cust-c", "cust-d"};
  std::vector<Envelope> sent;
  for (int i = 0; i < 25; ++i)
    for (const auto& k : keys) {
      sent.push_back(event(k, i));
      bus->publish(kIncoming, sent.back());
    }
  ASSERT_TRUE(seen.wait([&](const Events& ev) { return has_all(ev, sent); }));
  // First deliveries of each key arrive in publish order (redeliveries may repeat a suffix).
  std::map<std::string, int> last;
  std::set<std::string> first_seen;
  for (const auto& e : seen.events()) {
    if (!first_seen.insert(e.envelope.event_id).second) continue;
    int seq = static_cast<int>(json::parse(e.envelope.payload).at("seq").as_int64());
    auto [it, fresh] = last.emplace(e.envelope.key, seq);
    if (!fresh) {
      EXPECT_GT(seq, it->second) << "key " << e.envelope.key << " out of order";
      it->second = seq;
    }
  }
}

TEST_P(BusConformance, UnfinishedEventIsRedeliveredAfterRestart) {
  BusOptions o = fast_options();
  o.max_attempts = 1000000;  // still retrying when the consumer stops
  Seen seen;
  std::atomic<int> stuck_attempts{0};
  auto e1 = event("cust-r", 1), stuck = event("cust-r", 2, "stuck"), e3 = event("cust-r", 3);
  auto first = open(o);
  first->subscribe("restart", {kIncoming}, [&](const Envelope& e, const std::string& t) {
    if (e.event_id == stuck.event_id) {
      ++stuck_attempts;
      throw std::runtime_error("store unavailable");
    }
    seen.add(e, t, "first");
  });
  for (const auto& e : {e1, stuck, e3}) first->publish(kIncoming, e);
  ASSERT_TRUE(fte::testing::wait_until([&] { return stuck_attempts >= 2; }, 20s));
  first->stop();  // abandons the retry: `stuck` was never handled, so it is not committed
  EXPECT_TRUE(has(seen.events(), e1.event_id));
  EXPECT_FALSE(has(seen.events(), e3.event_id)) << "e3 overtook stuck within one key";

  auto second = open(o);
  second->subscribe("restart", {kIncoming},
                    [&](const Envelope& e, const std::string& t) { seen.add(e, t, "second"); });
  ASSERT_TRUE(
      seen.wait([&](const Events& ev) { return has(ev, stuck.event_id) && has(ev, e3.event_id); }));
}

TEST_P(BusConformance, HandledEventsAreNotRedeliveredAfterCleanStop) {
  Seen seen;
  std::vector<Envelope> before;
  auto first = open();
  first->subscribe("clean", {kIncoming},
                   [&](const Envelope& e, const std::string& t) { seen.add(e, t, "first"); });
  for (int i = 0; i < 5; ++i) {
    before.push_back(event("cust-c", i));
    first->publish(kIncoming, before.back());
  }
  ASSERT_TRUE(seen.wait([&](const Events& ev) { return has_all(ev, before); }));
  first->stop();

  Seen again;
  auto second = open();
  second->subscribe("clean", {kIncoming},
                    [&](const Envelope& e, const std::string& t) { again.add(e, t); });
  auto after = event("cust-c", 5);  // same key: it comes after the first five in the log
  second->publish(kIncoming, after);
  ASSERT_TRUE(again.wait([&](const Events& ev) { return has(ev, after.event_id); }));
  for (const auto& b : before)
    EXPECT_EQ(again.count_of(b.event_id), 0u) << "redelivered after commit";
}

TEST_P(BusConformance, FailingHandlerIsRetriedThenDeadLetteredAndTheKeyMovesOn) {
  BusOptions o = fast_options();  // max_attempts 3
  std::mutex dl_mu;
  std::vector<std::string> dead_lettered;  // what the metrics hook saw
  o.on_dead_letter = [&](const std::string& t) {
    std::lock_guard lk(dl_mu);
    dead_lettered.push_back(t);
  };
  Seen seen, dead;
  std::atomic<int> attempts{0};
  auto ok1 = event("cust-x", 1), poison = event("cust-x", 2, "poison"), ok2 = event("cust-x", 3);
  auto bus = open(o);
  bus->subscribe("agent", {kIncoming}, [&](const Envelope& e, const std::string& t) {
    if (e.event_id == poison.event_id) {
      ++attempts;
      throw std::runtime_error("boom: cannot create ticket");
    }
    seen.add(e, t);
  });
  bus->subscribe("dlq-watch", {kDlq},
                 [&](const Envelope& e, const std::string& t) { dead.add(e, t); });
  for (const auto& e : {ok1, poison, ok2}) bus->publish(kIncoming, e);

  ASSERT_TRUE(seen.wait([&](const Events& ev) {
    return has(ev, ok1.event_id) && has(ev, ok2.event_id);
  })) << "the key is blocked behind the failing event";
  ASSERT_TRUE(dead.wait([](const Events& ev) { return !ev.empty(); }));
  EXPECT_EQ(attempts.load(), 3);
  auto d = dead.events().front();
  EXPECT_EQ(d.topic, kDlq);
  EXPECT_EQ(d.envelope.type, "dead_letter");
  EXPECT_EQ(d.envelope.correlation_id, poison.correlation_id);
  auto p = json::parse(d.envelope.payload).as_object();
  EXPECT_NE(std::string(p.at("error").as_string()).find("boom: cannot create ticket"),
            std::string::npos);
  EXPECT_EQ(p.at("original_topic").as_string(), kIncoming);
  EXPECT_EQ(p.at("group").as_string(), "agent");
  auto orig = envelope_from_json(json::serialize(p.at("envelope")));
  EXPECT_EQ(orig.event_id, poison.event_id);
  EXPECT_EQ(orig.type, poison.type);
  EXPECT_EQ(orig.correlation_id, poison.correlation_id);
  EXPECT_EQ(orig.traceparent, poison.traceparent);
  EXPECT_EQ(orig.idempotency_key, poison.idempotency_key);
  EXPECT_EQ(orig.key, poison.key);
  EXPECT_EQ(json::parse(orig.payload), json::parse(poison.payload));
  std::lock_guard lk(dl_mu);
  EXPECT_EQ(dead_lettered, std::vector<std::string>{kIncoming}) << "the metrics hook saw it once";
}

TEST_P(BusConformance, TwoConsumersInOneGroupShareTheWork) {
  Seen seen;
  auto a = open(), b = open();
  a->subscribe("share", {kIncoming},
               [&](const Envelope& e, const std::string& t) { seen.add(e, t, "a"); });
  b->subscribe("share", {kIncoming},
               [&](const Envelope& e, const std::string& t) { seen.add(e, t, "b"); });
  auto both_worked = [](const Events& ev) {
    bool sa = false, sb = false;
    for (const auto& e : ev) {
      (e.consumer == "a" ? sa : sb) = true;
    }
    return sa && sb;
  };
  std::vector<Envelope> sent;
  // Rounds of events over many customers until both members have handled some (a group
  // rebalance can take a few seconds when the second member joins).
  for (int round = 0; round < 40; ++round) {
    for (int k = 0; k < 30; ++k) {
      sent.push_back(event("cust-" + std::to_string(k), round));
      a->publish(kIncoming, sent.back());
    }
    if (!GetParam().balances_groups) break;
    if (seen.wait(both_worked, 1s)) break;
  }
  ASSERT_TRUE(seen.wait([&](const Events& ev) { return has_all(ev, sent); })) << "events lost";
  if (GetParam().balances_groups) {
    EXPECT_TRUE(both_worked(seen.events()));
  }
}

TEST_P(BusConformance, ReportsLagUntilHandled) {
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  Seen seen;
  auto bus = open();
  bus->subscribe("lag", {kIncoming}, [&](const Envelope& e, const std::string& t) {
    std::unique_lock lk(mu);
    cv.wait(lk, [&] { return release; });
    seen.add(e, t);
  });
  std::vector<Envelope> sent;
  for (int i = 0; i < 10; ++i) {
    sent.push_back(event("cust-lag", i));
    bus->publish(kIncoming, sent.back());
  }
  EXPECT_TRUE(fte::testing::wait_until([&] { return lag_of(*bus, "lag", kIncoming) >= 9; }, 20s))
      << "lag while the handler is blocked: " << lag_of(*bus, "lag", kIncoming);
  {
    std::lock_guard lk(mu);
    release = true;
  }
  cv.notify_all();
  ASSERT_TRUE(seen.wait([&](const Events& ev) { return has_all(ev, sent); }));
  EXPECT_TRUE(fte::testing::wait_until([&] { return lag_of(*bus, "lag", kIncoming) == 0; }, 20s))
      << "lag after handling: " << lag_of(*bus, "lag", kIncoming);
}

TEST_P(BusConformance, PingStopAndSubscribeAfterStop) {
  auto bus = open();
  EXPECT_NO_THROW(bus->ping());
  Seen seen;
  bus->subscribe("stop", {kIncoming},
                 [&](const Envelope& e, const std::string& t) { seen.add(e, t); });
  bus->stop();
  bus->stop();  // idempotent
  try {
    bus->subscribe("late", {kIncoming}, [](const Envelope&, const std::string&) {});
    ADD_FAILURE() << "subscribe after stop() must throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unavailable);
  }
  bus->lag();  // must not crash after stop()
}

}  // namespace fte::bustest
