// Store conformance: intake — customers and identities, conversations, tickets, deduplication.
#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "store_conformance.h"
#include "store_helpers.h"

namespace fte::storetest {

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(StoreConformance);

TEST_P(StoreConformance, PingAndBackendName) {
  EXPECT_NO_THROW(store().ping());
  EXPECT_FALSE(store().backend().empty());
}

TEST_P(StoreConformance, IngestStoresCustomerConversationTicketAndMessage) {
  auto m = form_message("alice@example.com", "+14155550101");
  auto r = store().ingest(m, nullptr);
  EXPECT_FALSE(r.duplicate);
  EXPECT_EQ(r.ticket_id, m.ticket_id) << "the gateway's ticket id is the ticket";
  EXPECT_TRUE(is_uuid(r.customer_id));
  EXPECT_TRUE(is_uuid(r.conversation_id));
  EXPECT_TRUE(is_uuid(r.message_id));

  auto v = store().ticket_view(r.ticket_id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->ticket.status, ticket_status::received);
  EXPECT_EQ(v->ticket.customer_id, r.customer_id);
  EXPECT_EQ(v->ticket.conversation_id, r.conversation_id);
  EXPECT_EQ(v->ticket.source_channel, Channel::webform);
  EXPECT_EQ(v->ticket.subject, "Password reset");
  EXPECT_EQ(v->ticket.category, "technical");
  EXPECT_EQ(v->ticket.priority, "high");
  EXPECT_EQ(v->ticket.created_at_ms, m.received_at_ms);
  EXPECT_EQ(v->ticket.first_response_at_ms, 0);
  ASSERT_EQ(v->messages.size(), 1u);
  const auto& msg = v->messages[0];
  EXPECT_EQ(msg.id, r.message_id);
  EXPECT_EQ(msg.direction, "inbound");
  EXPECT_EQ(msg.role, "customer");
  EXPECT_EQ(msg.channel, Channel::webform);
  EXPECT_EQ(msg.content, m.body);
  EXPECT_EQ(msg.ticket_id, r.ticket_id);

  auto c = store().find_customer(IdentifierType::email, "alice@example.com");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->id, r.customer_id);
  EXPECT_EQ(c->name, "Alice Example");
  EXPECT_EQ(c->email, "alice@example.com");
  EXPECT_EQ(c->phone, "+14155550101");
  EXPECT_GT(c->created_at_ms, 0);
  EXPECT_EQ(store().conversation_messages(r.conversation_id).size(), 1u);
}

// The unique customer_identifiers(type, value) is what keeps a customer email unique (SQLite has
// no second unique index on customers.email since 0006): so every customer's email must be an
// email identifier of that same customer, whichever path gave it the email.
TEST_P(StoreConformance, EveryCustomerEmailIsAnIdentifierOfThatCustomer) {
  auto check = [&](const std::string& email) {
    auto c = store().find_customer(IdentifierType::email, email);
    ASSERT_TRUE(c) << email;
    EXPECT_EQ(c->email, email);
  };
  // New customer by email (form), with a phone.
  store().ingest(form_message("first@example.com", "+14155550111"), nullptr);
  check("first@example.com");
  // Known first by WhatsApp (no email), then a form from the same number brings an email.
  store().ingest(whatsapp_message("+14155550112"), nullptr);
  auto by_phone = store().find_customer(IdentifierType::phone, "+14155550112");
  ASSERT_TRUE(by_phone);
  EXPECT_TRUE(by_phone->email.empty());
  store().ingest(form_message("later@example.com", "+14155550112"), nullptr);
  check("later@example.com");
  EXPECT_EQ(store().find_customer(IdentifierType::email, "later@example.com")->id, by_phone->id);
  // An email and a phone of two different customers: the email's customer keeps its email, the
  // phone's customer does not take it.
  store().ingest(whatsapp_message("+14155550113"), nullptr);
  store().ingest(form_message("first@example.com", "+14155550113"), nullptr);
  check("first@example.com");
  auto other = store().find_customer(IdentifierType::phone, "+14155550113");
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->email.empty()) << "an email belongs to one customer";
  // By email alone (the email channel).
  store().ingest(email_message("mail@example.com", "thread-1"), nullptr);
  check("mail@example.com");
}

TEST_P(StoreConformance, MissingTicketIdIsAllocated) {
  auto m = form_message("nobody@example.com");
  m.ticket_id.clear();
  m.priority.clear();
  auto r = store().ingest(m, nullptr);
  EXPECT_TRUE(is_uuid(r.ticket_id));
  auto v = store().ticket_view(r.ticket_id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->ticket.priority, "medium");
}

TEST_P(StoreConformance, IngestNeedsAValidIdentity) {
  auto none = form_message("");
  EXPECT_EQ(error_of([&] { store().ingest(none, nullptr); }), ErrorKind::invalid_argument);
  auto bad_email = form_message("not-an-email");
  EXPECT_EQ(error_of([&] { store().ingest(bad_email, nullptr); }), ErrorKind::invalid_argument);
  auto bad_phone = whatsapp_message("12");
  EXPECT_EQ(error_of([&] { store().ingest(bad_phone, nullptr); }), ErrorKind::invalid_argument);
  EXPECT_FALSE(store().find_customer(IdentifierType::email, "not-an-email"));
}

TEST_P(StoreConformance, DuplicateChannelMessageIdWritesNothingAndReturnsTheSameIds) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto m = form_message("dup@example.com");
  auto first = store().ingest(m, incoming_event(calls));
  auto seq = store().last_event_seq();

  auto again = m;
  again.ticket_id = new_uuid();  // a retried gateway allocates a new id; the first one stands
  again.body = "a different body";
  auto second = store().ingest(again, incoming_event(calls));
  EXPECT_TRUE(second.duplicate);
  EXPECT_EQ(second.customer_id, first.customer_id);
  EXPECT_EQ(second.conversation_id, first.conversation_id);
  EXPECT_EQ(second.message_id, first.message_id);
  EXPECT_EQ(second.ticket_id, first.ticket_id);
  EXPECT_EQ(calls->load(), 1) << "no outbox for a duplicate";
  EXPECT_EQ(store().last_event_seq(), seq) << "no event for a duplicate";
  EXPECT_FALSE(store().ticket_view(again.ticket_id));
  auto msgs = store().conversation_messages(first.conversation_id);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].content, m.body);
}

TEST_P(StoreConformance, TheSameMessageIdOnAnotherChannelIsNotADuplicate) {
  auto a = form_message("chan@example.com", "+14155550111");
  a.channel_message_id = "X1";
  auto b = whatsapp_message("+14155550111");
  b.channel_message_id = "X1";
  auto ra = store().ingest(a, nullptr);
  auto rb = store().ingest(b, nullptr);
  EXPECT_FALSE(rb.duplicate);
  EXPECT_NE(ra.message_id, rb.message_id);
}

TEST_P(StoreConformance, WebFormThenWhatsAppIsOneCustomerWithOneHistory) {
  auto form = form_message("carol@example.com", "+1 (415) 555-0123", "My invoice export fails");
  auto r1 = store().ingest(form, nullptr);
  auto wa = whatsapp_message("whatsapp:+14155550123", "any news?");
  wa.received_at_ms = form.received_at_ms + 1000;
  auto r2 = store().ingest(wa, nullptr);

  EXPECT_EQ(r2.customer_id, r1.customer_id);
  EXPECT_EQ(r2.conversation_id, r1.conversation_id) << "continued within 24 h across channels";
  auto by_phone = store().find_customer(IdentifierType::phone, "+14155550123");
  auto by_wa = store().find_customer(IdentifierType::whatsapp, "+14155550123");
  ASSERT_TRUE(by_phone && by_wa);
  EXPECT_EQ(by_phone->id, r1.customer_id);
  EXPECT_EQ(by_wa->id, r1.customer_id);

  auto h = store().customer_history(r1.customer_id, 50);
  ASSERT_TRUE(h);
  ASSERT_EQ(h->messages.size(), 2u);
  EXPECT_EQ(h->messages[0].channel, Channel::whatsapp) << "newest first";
  EXPECT_EQ(h->messages[0].content, "any news?");
  EXPECT_EQ(h->messages[1].channel, Channel::webform);
}

TEST_P(StoreConformance, EmailOnlyAndPhoneOnlyCustomersStayApartWithoutEvidence) {
  auto r1 = store().ingest(email_message("dave@example.com", "t-dave"), nullptr);
  auto r2 = store().ingest(whatsapp_message("+447700900123"), nullptr);
  EXPECT_NE(r1.customer_id, r2.customer_id);
}

TEST_P(StoreConformance, IdentitiesMatchExactlyAfterNormalisation) {
  auto alice = store().ingest(form_message("alice@x.com"), nullptr);
  auto alice1 = store().ingest(form_message("alice1@x.com"), nullptr);
  auto alic = store().ingest(form_message("alic@x.com"), nullptr);
  auto other_domain = store().ingest(form_message("alice@x.co"), nullptr);
  auto upper = store().ingest(form_message("  ALICE@X.COM "), nullptr);
  EXPECT_NE(alice1.customer_id, alice.customer_id) << "look-alike must not hijack Alice";
  EXPECT_NE(alic.customer_id, alice.customer_id);
  EXPECT_NE(other_domain.customer_id, alice.customer_id);
  EXPECT_EQ(upper.customer_id, alice.customer_id) << "case and spaces normalise";

  auto p1 = store().ingest(whatsapp_message("+14155550101"), nullptr);
  auto p2 = store().ingest(whatsapp_message("+14155550102"), nullptr);
  auto p3 = store().ingest(whatsapp_message("+141555501010"), nullptr);
  EXPECT_NE(p1.customer_id, p2.customer_id);
  EXPECT_NE(p1.customer_id, p3.customer_id);

  EXPECT_FALSE(store().find_customer(IdentifierType::email, "alice2@x.com"));
  auto found = store().find_customer(IdentifierType::email, "Alice@X.com");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, alice.customer_id);
}

TEST_P(StoreConformance, ConflictingIdentifiersPreferTheEmailCustomerAndDoNotMerge) {
  auto a = store().ingest(form_message("erin@example.com"), nullptr);
  auto b = store().ingest(whatsapp_message("+14155550199"), nullptr);
  ASSERT_NE(a.customer_id, b.customer_id);
  auto both = store().ingest(form_message("erin@example.com", "+14155550199"), nullptr);
  EXPECT_EQ(both.customer_id, a.customer_id);
  auto by_phone = store().find_customer(IdentifierType::whatsapp, "+14155550199");
  ASSERT_TRUE(by_phone);
  EXPECT_EQ(by_phone->id, b.customer_id) << "the number stays with its customer";
  auto h = store().customer_history(b.customer_id, 50);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->messages.size(), 1u);
}

TEST_P(StoreConformance, ConcurrentIngestOfOneNewCustomerCreatesOneCustomer) {
  constexpr int kThreads = 16;
  std::vector<IngestResult> results(kThreads);
  std::vector<std::thread> ts;
  for (int i = 0; i < kThreads; ++i)
    ts.emplace_back([&, i] {
      auto m = i % 2 ? form_message("frank@example.com", "+14155550177")
                     : whatsapp_message("+14155550177");
      results[static_cast<std::size_t>(i)] = store().ingest(m, nullptr);
    });
  for (auto& t : ts) t.join();
  std::set<std::string> customers;
  for (const auto& r : results) customers.insert(r.customer_id);
  EXPECT_EQ(customers.size(), 1u);
  auto h = store().customer_history(results[0].customer_id, 100);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->messages.size(), static_cast<std::size_t>(kThreads));
}

TEST_P(StoreConformance, ConversationContinuesWithin24HoursAndNotAfter) {
  auto now = now_ms();
  auto old = form_message("gina@example.com");
  old.received_at_ms = now - 27 * kHourMs;
  auto r_old = store().ingest(old, nullptr);
  auto recent = form_message("gina@example.com");
  recent.received_at_ms = now - 2 * kHourMs;
  auto r_recent = store().ingest(recent, nullptr);
  auto next = whatsapp_message("+14155550166");
  next.email = "gina@example.com";
  next.received_at_ms = now;
  auto r_next = store().ingest(next, nullptr);

  EXPECT_EQ(r_old.customer_id, r_recent.customer_id);
  EXPECT_NE(r_recent.conversation_id, r_old.conversation_id)
      << "25 h of silence: a new conversation";
  EXPECT_EQ(r_next.conversation_id, r_recent.conversation_id) << "2 h: same conversation";
  auto msgs = store().conversation_messages(r_recent.conversation_id);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].channel, Channel::webform) << "oldest first";
  EXPECT_EQ(msgs[1].channel, Channel::whatsapp);
}

TEST_P(StoreConformance, EmailContinuesItsThread) {
  auto now = now_ms();
  auto first = email_message("hal@example.com", "thread-1");
  first.received_at_ms = now - 48 * kHourMs;
  auto r1 = store().ingest(first, nullptr);
  auto reply = email_message("hal@example.com", "thread-1", "Re: still broken");
  reply.received_at_ms = now;
  auto r2 = store().ingest(reply, nullptr);
  EXPECT_EQ(r2.conversation_id, r1.conversation_id) << "same Gmail thread, even after 24 h";

  auto other = email_message("hal@example.com", "thread-2", "new question");
  other.received_at_ms = now + 1;
  auto r3 = store().ingest(other, nullptr);
  EXPECT_NE(r3.conversation_id, r1.conversation_id) << "a new mail thread is a new conversation";
  auto chat = whatsapp_message("+14155550144", "about that export");
  chat.email = "hal@example.com";
  chat.received_at_ms = now + 2;
  auto r5 = store().ingest(chat, nullptr);
  EXPECT_EQ(r5.conversation_id, r3.conversation_id) << "a chat continues the latest conversation";

  auto stranger = email_message("ivy@example.com", "thread-1", "hijack?");
  auto r4 = store().ingest(stranger, nullptr);
  EXPECT_NE(r4.conversation_id, r1.conversation_id) << "a thread id never crosses customers";
}

TEST_P(StoreConformance, EachWebFormSubmissionIsItsOwnTicketInTheSameConversation) {
  auto r1 = store().ingest(form_message("kim@example.com"), nullptr);
  auto m2 = form_message("kim@example.com");
  auto r2 = store().ingest(m2, nullptr);
  EXPECT_EQ(r2.ticket_id, m2.ticket_id) << "a new form is a new request";
  EXPECT_NE(r2.ticket_id, r1.ticket_id);
  EXPECT_EQ(r2.customer_id, r1.customer_id);
  EXPECT_EQ(r2.conversation_id, r1.conversation_id) << "the history stays one conversation";
}

TEST_P(StoreConformance, FollowUpsJoinTheOpenTicketAndReopenAResponse) {
  auto m1 = form_message("jack@example.com", "+14155550155");
  auto r1 = store().ingest(m1, nullptr);
  auto r2 = store().ingest(whatsapp_message("+14155550155", "more detail"), nullptr);
  EXPECT_EQ(r2.ticket_id, r1.ticket_id) << "joins the received ticket";
  auto v = store().ticket_view(r1.ticket_id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->messages.size(), 2u);

  ASSERT_TRUE(store().commit_agent_outcome(reply_outcome(r1, Channel::webform, "k-jack-1"), {}));
  EXPECT_EQ(store().ticket_view(r1.ticket_id)->ticket.status, ticket_status::responded);
  auto r3 = store().ingest(whatsapp_message("+14155550155", "that did not work"), nullptr);
  EXPECT_EQ(r3.ticket_id, r1.ticket_id);
  EXPECT_EQ(store().ticket_view(r1.ticket_id)->ticket.status, ticket_status::open)
      << "a customer's follow-up reopens a responded ticket";

  ASSERT_TRUE(
      store().commit_agent_outcome(escalation_outcome(r3, Channel::whatsapp, "k-jack-2"), {}));
  auto m4 = whatsapp_message("+14155550155", "hello?");
  auto r4 = store().ingest(m4, nullptr);
  EXPECT_EQ(r4.ticket_id, m4.ticket_id) << "an escalated ticket is not joined: a new one opens";
  EXPECT_EQ(r4.conversation_id, r1.conversation_id);
  EXPECT_EQ(store().ticket_view(r1.ticket_id)->ticket.status, ticket_status::escalated);
}

TEST_P(StoreConformance, ATicketIdUsedByAnotherConversationIsAConflict) {
  auto a = store().ingest(form_message("kim@example.com"), nullptr);
  auto m = form_message("lee@example.com");
  m.ticket_id = a.ticket_id;
  EXPECT_EQ(error_of([&] { store().ingest(m, nullptr); }), ErrorKind::conflict);
  EXPECT_FALSE(store().find_customer(IdentifierType::email, "lee@example.com"))
      << "the failed ingest wrote nothing";
}

TEST_P(StoreConformance, IngestAsyncCompletesOnceWithTheResult) {
  Signal done;
  IngestOutcome got;
  store().ingest_async(form_message("mia@example.com"), incoming_event(), [&](IngestOutcome o) {
    got = std::move(o);
    done.raise();
  });
  ASSERT_TRUE(done.wait_for_count(1));
  EXPECT_FALSE(got.error);
  EXPECT_TRUE(store().ticket_view(got.result.ticket_id)) << "visible once completed";
  EXPECT_EQ(done.count(), 1);
}

TEST_P(StoreConformance, AFailingOutboxFailsOnlyItsOwnIngest) {
  constexpr int kCount = 40;
  Signal done;
  std::vector<IngestOutcome> outcomes(kCount);
  for (int i = 0; i < kCount; ++i) {
    OutboxFn outbox = incoming_event();
    if (i == 7)
      outbox = [](const IngestResult&) -> std::vector<std::pair<std::string, Envelope>> {
        throw Error(ErrorKind::invalid_argument, "cannot build the event");
      };
    store().ingest_async(form_message("batch" + std::to_string(i) + "@example.com"), outbox,
                         [&, i](IngestOutcome o) {
                           outcomes[static_cast<std::size_t>(i)] = std::move(o);
                           done.raise();
                         });
  }
  ASSERT_TRUE(done.wait_for_count(kCount));
  for (int i = 0; i < kCount; ++i) {
    bool should_fail = i == 7;
    EXPECT_EQ(static_cast<bool>(outcomes[static_cast<std::size_t>(i)].error), should_fail) << i;
    EXPECT_EQ(
        store()
            .find_customer(IdentifierType::email, "batch" + std::to_string(i) + "@example.com")
            .has_value(),
        !should_fail)
        << i;
  }
}

// Intakes submitted together share a group-commit batch (on PostgreSQL: one fte_ingest call): each
// still sees the ones before it — the same channel message twice is a duplicate the second time, a
// customer created a moment earlier is found and linked — and known and new customers mix.
TEST_P(StoreConformance, IntakesQueuedTogetherKeepEveryRule) {
  auto known = store().ingest(form_message("olga@example.com", "+14155550400"), nullptr);
  auto dup = form_message("pat@example.com");
  dup.channel_message_id = "twice-in-a-row";
  auto again = dup;
  again.ticket_id = new_uuid();
  again.body = "the retry's body";
  auto known_form = form_message("olga@example.com");
  std::vector<std::pair<InboundMessage, OutboxFn>> in = {
      {dup, incoming_event()},
      {again, incoming_event()},
      {form_message("quinn@example.com", "+14155550401"), incoming_event()},
      {whatsapp_message("+14155550401", "me again"), incoming_event()},
      {whatsapp_message("+14155550400", "any news?"), incoming_event()},
      {known_form, incoming_event()},
      {form_message("not-an-email"), incoming_event()},
  };
  Signal done;
  std::vector<IngestOutcome> out(in.size());
  auto seq0 = store().last_event_seq();
  for (std::size_t i = 0; i < in.size(); ++i)
    store().ingest_async(in[i].first, in[i].second, [&, i](IngestOutcome o) {
      out[i] = std::move(o);
      done.raise();
    });
  ASSERT_TRUE(done.wait_for_count(static_cast<int>(in.size())));
  for (std::size_t i = 0; i + 1 < in.size(); ++i) ASSERT_FALSE(out[i].error) << i;
  EXPECT_TRUE(out.back().error) << "an invalid identity fails alone";

  const auto &a = out[0].result, &b = out[1].result;
  EXPECT_FALSE(a.duplicate);
  EXPECT_TRUE(b.duplicate);
  EXPECT_EQ(b.message_id, a.message_id);
  EXPECT_EQ(b.ticket_id, a.ticket_id);
  EXPECT_EQ(b.customer_id, a.customer_id);
  EXPECT_FALSE(store().ticket_view(again.ticket_id));
  ASSERT_EQ(store().conversation_messages(a.conversation_id).size(), 1u);

  const auto &q = out[2].result, &qwa = out[3].result;
  EXPECT_EQ(qwa.customer_id, q.customer_id);
  EXPECT_EQ(qwa.conversation_id, q.conversation_id);
  EXPECT_EQ(qwa.ticket_id, q.ticket_id);
  auto by_wa = store().find_customer(IdentifierType::whatsapp, "+14155550401");
  ASSERT_TRUE(by_wa);
  EXPECT_EQ(by_wa->id, q.customer_id);

  EXPECT_EQ(out[4].result.customer_id, known.customer_id);
  EXPECT_EQ(out[4].result.ticket_id, known.ticket_id);
  EXPECT_EQ(out[5].result.customer_id, known.customer_id);
  EXPECT_EQ(out[5].result.ticket_id, known_form.ticket_id);
  EXPECT_EQ(out[5].result.conversation_id, known.conversation_id);

  auto events = store().read_events({}, seq0, 100);
  ASSERT_EQ(events.size(), 5u) << "one per new message: not the duplicate, not the failure";
  std::size_t k = 0;
  for (std::size_t i : {0, 2, 3, 4, 5})
    EXPECT_EQ(events[k++].envelope.idempotency_key, "in:" + out[i].result.message_id);
}

}  // namespace fte::storetest
