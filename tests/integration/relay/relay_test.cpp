// The outbox relay scaled out (issue 16, item 1), on SQLite and on a real PostgreSQL server, with
// librdkafka's mock cluster: two relays on one store (two Store instances = two replicas) publish
// each event exactly once, a leader paused past its lease publishes nothing after another took
// over, offsets never move back, a poison record goes to fte.dlq (once, across a takeover) and
// later events still flow, and pruning removes only published events. Records are counted on the
// broker (watermarks).
#include <boost/json.hpp>

#include <condition_variable>
#include <functional>
#include <mutex>

#include "app/outbox_relay.h"
#include "app/relay_metrics.h"
#include "core/clock.h"
#include "relay_world.h"

namespace fte::relaytest {
namespace {

using app::OutboxRelay;
using app::RelayOptions;
const std::string kIncoming(topics::tickets_incoming);
const std::string kGroup = "fte-outbox-relay";

// Holds the first of two relays that reaches a publish hook (a GC pause, SIGSTOP, or a SIGKILL in
// that window as the store and the broker see it) until release(); the other relay passes.
class HoldGate {
 public:
  std::function<void(const std::vector<StoredEvent>&)> hook(int relay) {
    return [this, relay](const std::vector<StoredEvent>&) {
      std::unique_lock lk(mu_);
      if (open_ || (held_ >= 0 && held_ != relay)) return;
      held_ = relay;
      cv_.notify_all();
      cv_.wait(lk, [&] { return open_; });
    };
  }
  int wait_held() {  // which relay is held (0 or 1), -1 if none within 20 s
    std::unique_lock lk(mu_);
    cv_.wait_for(lk, std::chrono::seconds(20), [&] { return held_ >= 0; });
    return held_;
  }
  void release() {
    std::lock_guard lk(mu_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int held_ = -1;
  bool open_ = false;
};

class RelayTest : public TwoReplicasTest {
 protected:
  static RelayOptions fast(std::int64_t lease_ms = 1500) {
    RelayOptions o;
    o.lease_ms = lease_ms;
    o.poll_ms = 50;
    o.backoff_initial_ms = 20;
    o.backoff_max_ms = 200;
    return o;
  }
  std::unique_ptr<Bus> kafka() { return open_kafka_bus(cluster_.bootstrap(), {}, quick_kafka()); }
  // Appends n ticket events, alternately through each replica; returns the last seq.
  std::int64_t append(int n, const std::string& tag) {
    std::int64_t last = 0;
    for (int i = 0; i < n; ++i) {
      Store& s = i % 2 ? *a_ : *b_;
      last = s.append_events({{kIncoming, make_envelope("ticket.incoming", "cust-" + std::to_string(i % 7),
                                                        "{\"n\":" + std::to_string(i) + "}", tag, "")}});
    }
    return std::max(last, a_->last_event_seq());
  }
  std::int64_t on_topic(const std::string& t) { return records_on(cluster_.bootstrap(), t); }
  bool committed(std::int64_t seq) { return a_->load_offset(kGroup, kIncoming) >= seq; }

  // Two relays, one per store handle, each with its own producer and metrics; `gate` holds the
  // first to reach the publish hook `at` (before_publish or after_publish). The gate is released
  // before the relays stop, whatever the test's outcome (members go in reverse order).
  struct HeldRelays {
    HoldGate gate;
    std::unique_ptr<Bus> buses[2];
    ops::Metrics metrics[2];
    std::unique_ptr<OutboxRelay> relays[2];
    ~HeldRelays() { gate.release(); }
  };
  using Hook = std::function<void(const std::vector<StoredEvent>&)> RelayOptions::*;
  std::unique_ptr<HeldRelays> held_relays(Hook at, RelayOptions o) {
    auto h = std::make_unique<HeldRelays>();
    Store* stores[2] = {a_.get(), b_.get()};
    for (int i = 0; i < 2; ++i) {
      h->buses[i] = kafka();
      RelayOptions oi = o;
      oi.*at = h->gate.hook(i);
      h->relays[i] = std::make_unique<OutboxRelay>(*stores[i], *h->buses[i], h->metrics[i], oi);
    }
    return h;
  }

  KafkaMockCluster cluster_{KafkaMockOptions{1, 3, ""}};
};

double value(ops::Metrics& m, const char* counter) { return m.counter(counter).value(); }

TEST_P(RelayTest, TwoRelaysOnOneStorePublishEachEventOnceAndPruningKeepsWhatIsNotPublished) {
  auto bus_a = kafka(), bus_b = kafka();
  ops::Metrics ma, mb;
  // A long lease: on a loaded machine a short one could change hands mid-test, which is the
  // other test's subject.
  auto ra = std::make_unique<OutboxRelay>(*a_, *bus_a, ma, fast(5000));
  auto rb = std::make_unique<OutboxRelay>(*b_, *bus_b, mb, fast(5000));
  constexpr int kEvents = 60;
  const auto last = append(kEvents, "exactly-once");
  ASSERT_TRUE(eventually([&] { return committed(last); })) << "the relays did not publish";
  EXPECT_EQ(on_topic(kIncoming), kEvents) << "each event once on the topic, not once per relay";
  EXPECT_EQ(ra->leader() + rb->leader(), 1) << "exactly one active relay";
  EXPECT_EQ(value(ma, app::metric::kRelayPublished) + value(mb, app::metric::kRelayPublished), kEvents);
  EXPECT_EQ(ma.gauge(app::metric::kRelayLeader).value() + mb.gauge(app::metric::kRelayLeader).value(), 1);

  // The leader stops (a rolling restart): it releases the lease and the other continues at once.
  auto& leader = ra->leader() ? ra : rb;
  auto& standby = ra->leader() ? rb : ra;
  leader->stop();
  const auto more = append(10, "after-handover");
  ASSERT_TRUE(eventually([&] { return committed(more); })) << "the standby did not take over";
  EXPECT_TRUE(standby->leader());
  EXPECT_EQ(on_topic(kIncoming), kEvents + 10);

  // Retention: published events go; one the relay has not passed stays.
  standby->stop();
  const auto unpublished = a_->append_events({{kIncoming, make_envelope("ticket.incoming", "k", "{}", "", "")}});
  const std::int64_t cut = now_ms() + 1;
  std::int64_t pruned = 0;
  while (auto n = a_->prune_events(cut, 16)) pruned += n;
  EXPECT_EQ(pruned, kEvents + 10);
  auto left = a_->read_events({}, 0, 10);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].seq, unpublished);
}

TEST_P(RelayTest, ALeaderPausedPastItsLeasePublishesNothingAfterAnotherTookOver) {
  // Whichever relay reads the first batch is paused with it in hand.
  auto held = held_relays(&RelayOptions::before_publish, fast(1000));
  auto& [gate, buses, metrics, relays] = *held;

  constexpr int kEvents = 30;
  const auto last = append(kEvents, "fencing");
  const int p = gate.wait_held();
  ASSERT_GE(p, 0) << "no relay read the batch";
  auto& paused = relays[p];
  auto& other = relays[1 - p];
  const auto old_epoch = paused->epoch();
  ASSERT_TRUE(eventually([&] { return other->leader() && committed(last); }))
      << "the standby did not take over from the paused leader";
  EXPECT_GT(other->epoch(), old_epoch);
  EXPECT_EQ(on_topic(kIncoming), kEvents);

  gate.release();  // the paused leader resumes with its old batch
  ASSERT_TRUE(eventually([&] { return value(metrics[p], app::metric::kRelayLeaseLost) >= 1; }))
      << "the former leader did not notice it lost the lease";
  EXPECT_EQ(value(metrics[p], app::metric::kRelayPublished), 0) << "the fenced leader published";
  EXPECT_EQ(on_topic(kIncoming), kEvents) << "records published twice";
  EXPECT_FALSE(a_->commit_offsets_fenced(kGroup, {kIncoming}, 1, kGroup, paused->holder(), old_epoch))
      << "a commit with the old epoch is refused";
  EXPECT_EQ(a_->load_offset(kGroup, kIncoming), last) << "the offset moved back";

  const auto more = append(5, "after-fencing");
  ASSERT_TRUE(eventually([&] { return committed(more); }));
  EXPECT_EQ(on_topic(kIncoming), kEvents + 5);
}

// A leader frozen after the broker acknowledged its batch and before it stored its position is,
// to the store and the broker, a leader SIGKILLed in that window: its records are on the topic,
// the position says they are not, and its lease expires. The successor must not publish them
// again: every event id exactly once on the topic (all records consumed).
TEST_P(RelayTest, ASuccessorSkipsEventsALeaderPublishedButDidNotRecord) {
  // Whichever relay publishes the batch is frozen after the broker's ack.
  constexpr int kEvents = 40;  // seven keys: several lanes, published out of seq order
  const auto last = append(kEvents, "acked-not-stored");  // before the relays: one batch
  auto held = held_relays(&RelayOptions::after_publish, fast(1000));
  auto& [gate, buses, metrics, relays] = *held;
  const int f = gate.wait_held();
  ASSERT_GE(f, 0) << "no relay published the batch";
  EXPECT_EQ(on_topic(kIncoming), kEvents) << "the frozen leader's batch is on the topic";
  EXPECT_LT(a_->load_offset(kGroup, kIncoming), last) << "and its position is not stored";
  auto& successor = relays[1 - f];
  ASSERT_TRUE(eventually([&] { return successor->leader() && committed(last); }))
      << "the standby did not take over from the frozen leader";
  auto ids = event_ids_on(cluster_.bootstrap(), kIncoming);
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kEvents));
  for (const auto& [id, n] : ids) EXPECT_EQ(n, 1) << "event " << id << " published " << n << " times";
  EXPECT_EQ(value(metrics[1 - f], app::metric::kRelayAlreadyPublished), kEvents);
  EXPECT_EQ(value(metrics[1 - f], app::metric::kRelayPublished), 0);
  EXPECT_EQ(value(metrics[1 - f], app::metric::kRelayTailCheckFailures), 0);

  gate.release();  // the frozen leader resumes: its commit is refused
  ASSERT_TRUE(eventually([&] { return value(metrics[f], app::metric::kRelayLeaseLost) >= 1; }));
  EXPECT_EQ(a_->load_offset(kGroup, kIncoming), last);
  const auto more = append(5, "after-takeover");
  ASSERT_TRUE(eventually([&] { return committed(more); }));
  ids = event_ids_on(cluster_.bootstrap(), kIncoming);
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kEvents + 5));
  for (const auto& [id, n] : ids) EXPECT_EQ(n, 1) << "event " << id << " published " << n << " times";
}

// The same window with a poison record in the batch: the frozen leader sent it to fte.dlq, then
// was "killed" before storing its position. The successor finds the letter on fte.dlq (by its
// idempotency key) and does not reject and dead-letter the record a second time.
TEST_P(RelayTest, ASuccessorDoesNotDeadLetterAgainWhatALeaderDeadLetteredButDidNotRecord) {
  // Whichever relay handles the batch is frozen after its records and letter.
  const std::string kDlq(topics::dlq);
  constexpr int kEvents = 20;
  append(kEvents / 2, "before-poison");
  // Larger than the producer's message.max.bytes (1 MB): rejected for good, every time.
  const std::string blob(1100 * 1000, 'x');
  a_->append_events(
      {{kIncoming, make_envelope("ticket.incoming", "cust-big", "{\"blob\":\"" + blob + "\"}", "", "")}});
  const auto last = append(kEvents / 2, "after-poison");
  auto o = fast(1000);
  o.poison_attempts = 2;
  auto held = held_relays(&RelayOptions::after_publish, o);
  auto& [gate, buses, metrics, relays] = *held;
  const int f = gate.wait_held();
  ASSERT_GE(f, 0) << "no relay handled the batch";
  ASSERT_EQ(on_topic(kDlq), 1) << "the frozen leader's dead letter";
  EXPECT_EQ(on_topic(kIncoming), kEvents);
  EXPECT_LT(a_->load_offset(kGroup, kIncoming), last) << "and its position is not stored";
  auto& successor = relays[1 - f];
  ASSERT_TRUE(eventually([&] { return successor->leader() && committed(last); }))
      << "the standby did not take over from the frozen leader";
  EXPECT_EQ(on_topic(kDlq), 1) << "the poison record was dead-lettered again";
  auto ids = event_ids_on(cluster_.bootstrap(), kIncoming);
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kEvents));
  for (const auto& [id, n] : ids) EXPECT_EQ(n, 1) << "event " << id << " published " << n << " times";
  auto& sm = metrics[1 - f];
  EXPECT_EQ(sm.counter(app::metric::kDlqEvents, {{"topic", kIncoming}}).value(), 0);
  EXPECT_EQ(value(sm, app::metric::kRelayPublished), 0);
  EXPECT_EQ(value(sm, app::metric::kRelayAlreadyPublished), kEvents + 1);
  EXPECT_EQ(value(sm, app::metric::kRelayTailCheckFailures), 0);

  gate.release();  // the frozen leader resumes: its commit is refused
  ASSERT_TRUE(eventually([&] { return value(metrics[f], app::metric::kRelayLeaseLost) >= 1; }));
  EXPECT_EQ(a_->load_offset(kGroup, kIncoming), last);
  EXPECT_EQ(on_topic(kDlq), 1);
}

// When the tail cannot be read (here: the broker refuses ListOffsets, as without a read ACL), the
// successor does not stall: after tail_check_budget_ms it warns, counts the failure and publishes
// at-least-once.
TEST_P(RelayTest, ASuccessorThatCannotReadTheTailPublishesAtLeastOnce) {
  auto bus_a = kafka(), bus_b = kafka();
  ops::Metrics ma, mb;
  std::mutex mu;
  std::condition_variable cv;
  bool frozen = false, open = false;
  constexpr int kEvents = 12;
  const auto last = append(kEvents, "tail-unreadable");
  auto oa = fast(1000), ob = fast(1000);
  oa.after_publish = [&](const std::vector<StoredEvent>&) {
    std::unique_lock lk(mu);
    frozen = true;
    cv.notify_all();
    cv.wait(lk, [&] { return open; });
  };
  ob.tail_check_budget_ms = 300;
  auto ra = std::make_unique<OutboxRelay>(*a_, *bus_a, ma, oa);
  struct Opener {  // lets the frozen relay go before it is destroyed, whatever happens
    std::mutex& mu;
    std::condition_variable& cv;
    bool& open;
    ~Opener() {
      {
        std::lock_guard lk(mu);
        open = true;
      }
      cv.notify_all();
    }
  } opener{mu, cv, open};
  {
    std::unique_lock lk(mu);
    ASSERT_TRUE(cv.wait_for(lk, std::chrono::seconds(20), [&] { return frozen; }));
  }
  constexpr int kTopicAuthorizationFailed = 29;
  cluster_.push_request_errors(KafkaApi::list_offsets, std::vector<int>(400, kTopicAuthorizationFailed));
  auto rb = std::make_unique<OutboxRelay>(*b_, *bus_b, mb, ob);
  ASSERT_TRUE(eventually([&] { return rb->leader() && committed(last); }));
  cluster_.clear_request_errors(KafkaApi::list_offsets);
  EXPECT_EQ(value(mb, app::metric::kRelayTailCheckFailures), 1);
  EXPECT_EQ(value(mb, app::metric::kRelayPublished), kEvents);
  EXPECT_EQ(on_topic(kIncoming), 2 * kEvents) << "at-least-once: the frozen leader's batch again";
}

TEST_P(RelayTest, APoisonRecordGoesToTheDlqWithItsErrorAndLaterEventsFlow) {
  auto bus = kafka();
  ops::Metrics m;
  auto o = fast();
  o.poison_attempts = 2;
  OutboxRelay relay(*a_, *bus, m, o);
  append(1, "before");
  // Larger than the producer's message.max.bytes (1 MB): rejected for good, every time.
  const std::string blob(1100 * 1000, 'x');
  const auto poison = a_->append_events(
      {{kIncoming, make_envelope("ticket.incoming", "cust-big", "{\"blob\":\"" + blob + "\"}", "", "")}});
  const auto last = append(3, "after");
  ASSERT_TRUE(eventually([&] { return committed(last); })) << "the relay stalled on the poison record";
  EXPECT_EQ(on_topic(kIncoming), 4);
  EXPECT_EQ(on_topic(std::string(topics::dlq)), 1);
  EXPECT_EQ(m.counter(app::metric::kDlqEvents, {{"topic", kIncoming}}).value(), 1);

  std::mutex mu;
  std::vector<Envelope> letters;
  auto reader = kafka();
  reader->subscribe("dlq-reader", {std::string(topics::dlq)}, [&](const Envelope& e, const std::string&) {
    std::lock_guard lk(mu);
    letters.push_back(e);
  });
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lk(mu);
    return !letters.empty();
  }, std::chrono::seconds(30)));
  std::lock_guard lk(mu);
  EXPECT_EQ(letters[0].type, "dead_letter");
  auto p = boost::json::parse(letters[0].payload).as_object();
  EXPECT_EQ(p.at("original_topic").as_string(), kIncoming);
  EXPECT_EQ(p.at("seq").as_int64(), poison);
  EXPECT_NE(std::string(p.at("error").as_string()).find("too large"), std::string::npos)
      << p.at("error").as_string();
  reader->stop();
}

INSTANTIATE_TEST_SUITE_P(backends, RelayTest, ::testing::Values("sqlite", "postgres"), param_name);

}  // namespace
}  // namespace fte::relaytest
