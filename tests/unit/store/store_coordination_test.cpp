// Store conformance: the coordination methods of issue 16 — leases with epochs (one outbox relay
// per store), fenced forward-only offsets, event retention, and the shared counters that let N
// replicas enforce one limit. A second Store on the same database plays a second replica.
#include <chrono>
#include <thread>

#include "core/clock.h"
#include "store_conformance.h"
#include "store_helpers.h"

namespace fte::storetest {
namespace {

// Polls `f` until it returns true or the deadline passes (a lease expires on the store's clock,
// which no test can drive).
template <class F>
bool eventually(F&& f, std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
  auto end = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < end) {
    if (f()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // poll interval, not a wait
  }
  return f();
}

}  // namespace

TEST_P(StoreConformance, ALeaseHasOneHolderAndAnExpiredOneMovesWithANewEpoch) {
  auto other = world_->open(StoreOptions{});  // a second replica on the same database
  const auto a = store().acquire_lease("relay", "A", 2000);
  ASSERT_GT(a, 0);
  EXPECT_EQ(other->acquire_lease("relay", "B", 10000), 0) << "A's lease is valid";
  EXPECT_EQ(store().acquire_lease("relay", "A", 300), a) << "a renewal keeps the epoch";
  std::int64_t b = 0;
  ASSERT_TRUE(eventually([&] { return (b = other->acquire_lease("relay", "B", 10000)) > 0; }))
      << "B never took the expired lease";
  EXPECT_EQ(b, a + 1) << "a takeover moves the epoch on";
  EXPECT_EQ(store().acquire_lease("relay", "A", 400), 0) << "A lost it";
  other->release_lease("relay", "B");
  EXPECT_EQ(store().acquire_lease("relay", "A", 400), b + 1) << "a released lease is free at once";
}

TEST_P(StoreConformance, FencedOffsetsMoveOnlyForwardAndOnlyForTheLeaseHolder) {
  const std::vector<std::string> topics{"fte.tickets.incoming", "fte.escalations"};
  const auto a = store().acquire_lease("relay", "A", 60000);
  ASSERT_GT(a, 0);
  EXPECT_TRUE(store().commit_offsets_fenced("relay", topics, 10, "relay", "A", a));
  EXPECT_TRUE(store().commit_offsets_fenced("relay", topics, 5, "relay", "A", a));
  for (const auto& t : topics) EXPECT_EQ(store().load_offset("relay", t), 10) << "moved back";

  store().release_lease("relay", "A");
  const auto b = store().acquire_lease("relay", "B", 60000);
  ASSERT_EQ(b, a + 1);
  EXPECT_FALSE(store().commit_offsets_fenced("relay", topics, 20, "relay", "A", a))
      << "a former leader's commit is refused";
  EXPECT_FALSE(store().commit_offsets_fenced("relay", topics, 20, "relay", "B", a))
      << "a stale epoch is refused";
  EXPECT_EQ(store().load_offset("relay", topics[0]), 10);
  EXPECT_TRUE(store().commit_offsets_fenced("relay", topics, 20, "relay", "B", b));
  EXPECT_EQ(store().load_offset("relay", topics[1]), 20);

  // The local bus's plain commit is forward-only too.
  store().commit_offset("agents", "fte.tickets.incoming", 42);
  store().commit_offset("agents", "fte.tickets.incoming", 41);
  EXPECT_EQ(store().load_offset("agents", "fte.tickets.incoming"), 42);

  // Several topics at once (the local bus's consumer): each moves forward only.
  const std::vector<std::string> three{"fte.channels.email.outbound", "fte.channels.whatsapp.outbound",
                                       "fte.tickets.incoming"};
  store().commit_offsets("agents", three, 30);
  EXPECT_EQ(store().load_offset("agents", three[0]), 30);
  EXPECT_EQ(store().load_offset("agents", three[1]), 30);
  EXPECT_EQ(store().load_offset("agents", three[2]), 42) << "never moved back";
  store().commit_offsets("agents", three, 50);
  for (const auto& t : three) EXPECT_EQ(store().load_offset("agents", t), 50) << t;
  store().commit_offsets("agents", {}, 60);  // nothing to do
}

TEST_P(StoreConformance, PruningRemovesOnlyOldEventsThatEveryConsumerPassed) {
  const std::string in(topics::tickets_incoming), esc(topics::escalations);
  std::vector<std::int64_t> old_seqs;
  for (int i = 0; i < 3; ++i) old_seqs.push_back(store().append_events(one_event(in, "old")));
  old_seqs.push_back(store().append_events(one_event(esc, "old")));
  const std::int64_t cut = now_ms();
  while (now_ms() <= cut) std::this_thread::yield();  // later appends are created after `cut`
  const auto fresh = store().append_events(one_event(in, "fresh"));
  // The consumer of `in` passed the first two old events only; nobody consumes `esc`.
  store().commit_offset("agents", in, old_seqs[1]);
  store().commit_offset("agents", esc, 0);

  EXPECT_EQ(store().event_log_stats().rows, 5);
  EXPECT_EQ(store().prune_events(cut + 1, 1000), 2) << "the two passed old events of `in`";
  auto left = store().read_events({}, 0, 100);
  ASSERT_EQ(left.size(), 3u);
  EXPECT_EQ(left[0].seq, old_seqs[2]) << "not yet consumed: kept";
  EXPECT_EQ(left[1].seq, old_seqs[3]) << "a consumer row at 0 keeps it";
  EXPECT_EQ(left[2].seq, fresh) << "younger than the retention: kept";

  store().commit_offset("agents", in, fresh);
  store().commit_offset("agents", esc, old_seqs[3]);
  EXPECT_EQ(store().prune_events(cut + 1, 1000), 2);
  auto st = store().event_log_stats();
  EXPECT_EQ(st.rows, 1);
  EXPECT_GT(st.oldest_created_at_ms, cut);
  EXPECT_EQ(store().last_event_seq(), fresh) << "sequence numbers go on after pruning";
}

TEST_P(StoreConformance, SharedCountersAddUpAcrossReplicasAndExpire) {
  auto other = world_->open(StoreOptions{});  // a second replica
  constexpr int kEach = 25;
  // Two threads per counter, one on each replica: a durable one (money) and a fast one (rates).
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i)
    ts.emplace_back([&, i] {
      Store& s = i % 2 ? *other : store();
      const bool durable = i < 2;
      for (int n = 0; n < kEach; ++n)
        s.add_to_counter(durable ? "llm_spend" : "submit:ip:203.0.113.7", 60000, durable ? 7 : 1,
                         180000, durable);
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(store().add_to_counter("llm_spend", 60000, 0, 180000, true), 2 * kEach * 7);
  EXPECT_EQ(other->add_to_counter("submit:ip:203.0.113.7", 60000, 0, 180000, false), 2 * kEach);
  EXPECT_EQ(store().add_to_counter("submit:ip:203.0.113.7", 120000, 0, 240000, false), 0)
      << "another window starts from 0";
  EXPECT_GE(store().prune_counters(200000), 2);
  EXPECT_EQ(store().add_to_counter("llm_spend", 60000, 0, 180000, true), 0)
      << "expired windows are deleted";
  EXPECT_EQ(store().add_to_counter("submit:ip:203.0.113.7", 60000, 0, 180000, false), 0);
}

}  // namespace fte::storetest
