// Store conformance: the outbox / event log, consumer offsets, the events-appended callback, and
// group commit under concurrency (every acknowledged write is there after a restart).
#include <atomic>
#include <set>
#include <thread>

#include "store_conformance.h"
#include "store_helpers.h"

namespace fte::storetest {

TEST_P(StoreConformance, OutboxEventsAreReadInOrderWithTheirTopics) {
  const std::string a(topics::tickets_incoming), b(topics::escalations);
  auto base = store().last_event_seq();
  OutboxFn two = [&](const IngestResult& r) {
    return std::vector<std::pair<std::string, Envelope>>{
        {a, make_envelope("ticket.incoming", r.customer_id,
                          "{\"ticket_id\":\"" + r.ticket_id + "\"}", "corr-1", "in:1")},
        {b, make_envelope("ticket.escalated", r.customer_id, "{\"why\":\"test\"}", "corr-1",
                          "esc:1")}};
  };
  auto r = store().ingest(form_message("wes@example.com"), two);
  auto s3 = store().append_events(one_event(a, "third"));
  auto all = store().read_events({}, base, 100);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].topic, a);
  EXPECT_EQ(all[1].topic, b);
  EXPECT_EQ(all[2].topic, a);
  EXPECT_LT(all[0].seq, all[1].seq);
  EXPECT_LT(all[1].seq, all[2].seq);
  EXPECT_EQ(all[2].seq, s3);
  EXPECT_EQ(store().last_event_seq(), s3);

  const Envelope& e = all[0].envelope;
  EXPECT_EQ(e.type, "ticket.incoming");
  EXPECT_EQ(e.key, r.customer_id);
  EXPECT_EQ(e.correlation_id, "corr-1");
  EXPECT_EQ(e.idempotency_key, "in:1");
  EXPECT_FALSE(e.event_id.empty());
  EXPECT_FALSE(e.traceparent.empty());
  EXPECT_GT(e.occurred_at_ms, 0);
  EXPECT_NE(e.payload.find(r.ticket_id), std::string::npos);

  auto only_a = store().read_events({a}, base, 100);
  ASSERT_EQ(only_a.size(), 2u);
  EXPECT_EQ(only_a[1].envelope.type, "third");
  auto both = store().read_events({a, b}, base, 100);
  EXPECT_EQ(both.size(), 3u);
  auto after_first = store().read_events({a, b}, all[0].seq, 100);
  ASSERT_EQ(after_first.size(), 2u);
  EXPECT_EQ(after_first[0].seq, all[1].seq);
  EXPECT_EQ(store().read_events({a, b}, base, 1).size(), 1u);
  EXPECT_TRUE(store().read_events({"fte.nothing"}, base, 100).empty());
}

TEST_P(StoreConformance, AppendEventsReturnsTheLastSeqOfTheBatch) {
  const std::string t(topics::metrics);
  std::vector<std::pair<std::string, Envelope>> batch;
  for (int i = 0; i < 5; ++i) batch.push_back(one_event(t, "m" + std::to_string(i))[0]);
  auto last = store().append_events(batch);
  auto got = store().read_events({t}, 0, 100);
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got.back().seq, last);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(got[static_cast<std::size_t>(i)].envelope.type, "m" + std::to_string(i));
  EXPECT_EQ(error_of([&] { store().append_events(one_event("", "x")); }),
            ErrorKind::invalid_argument);
}

TEST_P(StoreConformance, OffsetsArePerGroupAndTopic) {
  EXPECT_EQ(store().load_offset("agents", "fte.tickets.incoming"), 0);
  store().commit_offset("agents", "fte.tickets.incoming", 41);
  store().commit_offset("agents", "fte.tickets.incoming", 42);
  store().commit_offset("delivery", "fte.tickets.incoming", 7);
  store().commit_offset("agents", "fte.escalations", 3);
  EXPECT_EQ(store().load_offset("agents", "fte.tickets.incoming"), 42);
  EXPECT_EQ(store().load_offset("delivery", "fte.tickets.incoming"), 7);
  EXPECT_EQ(store().load_offset("agents", "fte.escalations"), 3);
  reopen();
  EXPECT_EQ(store().load_offset("agents", "fte.tickets.incoming"), 42);
}

TEST_P(StoreConformance, ListenersHearOfAppendedEventsAfterTheCommit) {
  const std::string t(topics::tickets_incoming);
  // The listener may outlive this test body (it lives as long as the store): shared state only.
  auto heard = std::make_shared<Signal>();
  auto seen_seq = std::make_shared<std::atomic<std::int64_t>>(0);
  auto* s = &store();
  store().on_events_appended([heard, seen_seq, s] {
    *seen_seq = s->last_event_seq();  // the events are already readable
    heard->raise();
  });
  auto seq = store().append_events(one_event(t, "x"));
  ASSERT_TRUE(heard->wait_for_count(1));
  EXPECT_GE(seen_seq->load(), seq);
  store().ingest(form_message("xena@example.com"), incoming_event());
  ASSERT_TRUE(heard->wait_for_count(2));
}

TEST_P(StoreConformance, GroupCommitUnderConcurrencyIsDurable) {
  constexpr int kThreads = 8, kPerThread = 125;
  std::vector<std::vector<IngestResult>> results(kThreads);
  std::atomic<int> failures{0};
  auto base = store().last_event_seq();
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto who = "load" + std::to_string(t) + "-" + std::to_string(i % 25) + "@example.com";
        try {
          results[static_cast<std::size_t>(t)].push_back(store().ingest(
              form_message(who, "", "message " + std::to_string(i)), incoming_event()));
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(failures.load(), 0);

  reopen();  // a restart: only what was committed is there
  std::set<std::string> tickets, messages;
  for (const auto& rs : results)
    for (const auto& r : rs) {
      EXPECT_FALSE(r.duplicate);
      messages.insert(r.message_id);
      tickets.insert(r.ticket_id);
    }
  EXPECT_EQ(messages.size(), static_cast<std::size_t>(kThreads * kPerThread));
  std::size_t stored = 0;
  for (const auto& id : tickets) {
    auto v = store().ticket_view(id);
    ASSERT_TRUE(v) << id;
    stored += v->messages.size();
  }
  EXPECT_EQ(stored, static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(store().read_events({std::string(topics::tickets_incoming)}, base, 100000).size(),
            static_cast<std::size_t>(kThreads * kPerThread))
      << "one outbox event per accepted message, none lost, none doubled";
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < 25; ++i)
      EXPECT_TRUE(store().find_customer(
          IdentifierType::email,
          "load" + std::to_string(t) + "-" + std::to_string(i) + "@example.com"));
}

TEST_P(StoreConformance, AgentOutcomesFromManyThreadsCommitOncePerKey) {
  auto r = store().ingest(form_message("yuri@example.com"), nullptr);
  constexpr int kThreads = 8;
  std::atomic<int> fresh{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t)
    ts.emplace_back([&] {
      if (store().commit_agent_outcome(reply_outcome(r, Channel::webform, "k-yuri"), {})) ++fresh;
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(fresh.load(), 1);
  EXPECT_EQ(store().ticket_view(r.ticket_id)->messages.size(), 2u);
}

}  // namespace fte::storetest
