// Store conformance: what the human console writes and reads — a person's reply with its outbound
// event (one transaction), ticket status changes and their effect on escalations, and the agent
// runs (audit trail) of a ticket.
#include "store_conformance.h"
#include "store_helpers.h"

namespace fte::storetest {

namespace {

HumanReply human_reply(const std::string& ticket_id,
                       const std::string& text = "Hi, a person here.") {
  return HumanReply{ticket_id, new_uuid(), text, "console"};
}

bool escalation_listed(Store& s, const std::string& ticket_id, std::string* status = nullptr) {
  for (const auto& e : s.open_escalations(1000))
    if (e.ticket_id == ticket_id) {
      if (status) *status = e.status;
      return true;
    }
  return false;
}

}  // namespace

TEST_P(StoreConformance, HumanReplyIsStoredWithItsEventInOneTransaction) {
  auto r = store().ingest(form_message("hana@example.com"), nullptr);
  ASSERT_TRUE(store().commit_agent_outcome(escalation_outcome(r, Channel::webform, "k-hana"), {}));
  auto before = store().last_event_seq();
  auto reply = human_reply(r.ticket_id, "Hi Alice,\n\nThe quote is on its way.");
  ASSERT_NO_THROW(store().record_human_reply(
      reply,
      one_event(topics::channel_topic("webform", "outbound"), "reply.outbound", r.customer_id)));

  auto v = store().ticket_view(r.ticket_id);
  ASSERT_TRUE(v);
  ASSERT_EQ(v->messages.size(), 2u);
  const auto& m = v->messages.back();
  EXPECT_EQ(m.id, reply.message_id) << "the outbound event carries this id; delivery updates it";
  EXPECT_EQ(m.direction, "outbound");
  EXPECT_EQ(m.role, "human");
  EXPECT_EQ(m.channel, Channel::webform);
  EXPECT_EQ(m.content, reply.text);
  EXPECT_EQ(m.delivery_status, "pending");
  EXPECT_EQ(m.ticket_id, r.ticket_id);
  EXPECT_EQ(m.conversation_id, r.conversation_id);
  EXPECT_EQ(v->ticket.status, ticket_status::responded);
  EXPECT_GT(v->ticket.first_response_at_ms, 0);

  auto events = store().read_events({topics::channel_topic("webform", "outbound")}, before, 10);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].envelope.type, "reply.outbound");

  std::string status;
  ASSERT_TRUE(escalation_listed(store(), r.ticket_id, &status)) << "assigned, still in the queue";
  EXPECT_EQ(status, "assigned");

  // The delivery worker's status lands on the person's message like on the agent's.
  store().set_delivery_status(reply.message_id, "delivered", "");
  EXPECT_EQ(store().ticket_view(r.ticket_id)->messages.back().delivery_status, "delivered");
}

TEST_P(StoreConformance, HumanReplyIsAFirstResponseWhenTheAgentNeverAnswered) {
  auto r = store().ingest(form_message("ivo@example.com"), nullptr);
  EXPECT_EQ(store().ticket_view(r.ticket_id)->ticket.first_response_at_ms, 0);
  store().record_human_reply(human_reply(r.ticket_id), {});
  auto t = store().ticket_view(r.ticket_id)->ticket;
  EXPECT_GE(t.first_response_at_ms, t.created_at_ms);
  EXPECT_GT(t.first_response_at_ms, 0);
}

TEST_P(StoreConformance, HumanReplyToAnUnknownTicketWritesNothing) {
  auto before = store().last_event_seq();
  EXPECT_EQ(error_of([&] {
              store().record_human_reply(
                  human_reply(new_uuid()),
                  one_event(topics::channel_topic("email", "outbound"), "reply.outbound"));
            }),
            ErrorKind::not_found);
  EXPECT_EQ(store().last_event_seq(), before) << "no event without the reply";
  auto r = store().ingest(form_message("jon@example.com"), nullptr);
  EXPECT_EQ(error_of([&] { store().record_human_reply(human_reply(r.ticket_id, ""), {}); }),
            ErrorKind::invalid_argument);
  EXPECT_EQ(store().ticket_view(r.ticket_id)->messages.size(), 1u);
}

TEST_P(StoreConformance, HumanReplyKeepsAResolvedTicketResolved) {
  auto r = store().ingest(form_message("kai@example.com"), nullptr);
  store().set_ticket_status(r.ticket_id, "resolved");
  store().record_human_reply(human_reply(r.ticket_id, "One more note."), {});
  EXPECT_EQ(store().ticket_view(r.ticket_id)->ticket.status, ticket_status::resolved);
}

TEST_P(StoreConformance, ResolvingOrClosingATicketResolvesItsEscalations) {
  auto a = store().ingest(form_message("lea@example.com"), nullptr);
  auto b = store().ingest(whatsapp_message("+14155550177", "human please"), nullptr);
  ASSERT_TRUE(store().commit_agent_outcome(escalation_outcome(a, Channel::webform, "k-lea"), {}));
  ASSERT_TRUE(store().commit_agent_outcome(escalation_outcome(b, Channel::whatsapp, "k-b"), {}));
  ASSERT_TRUE(escalation_listed(store(), a.ticket_id));
  ASSERT_TRUE(escalation_listed(store(), b.ticket_id));

  store().set_ticket_status(a.ticket_id, "resolved");
  EXPECT_EQ(store().ticket_view(a.ticket_id)->ticket.status, ticket_status::resolved);
  EXPECT_FALSE(escalation_listed(store(), a.ticket_id));
  EXPECT_TRUE(escalation_listed(store(), b.ticket_id)) << "another ticket's escalation stays";

  store().set_ticket_status(b.ticket_id, "closed");
  EXPECT_EQ(store().ticket_view(b.ticket_id)->ticket.status, ticket_status::closed);
  EXPECT_FALSE(escalation_listed(store(), b.ticket_id));

  store().set_ticket_status(a.ticket_id, "open");  // reopened by a person
  EXPECT_EQ(store().ticket_view(a.ticket_id)->ticket.status, ticket_status::open);
  EXPECT_FALSE(escalation_listed(store(), a.ticket_id)) << "a resolved escalation stays resolved";
}

TEST_P(StoreConformance, TicketStatusChangesAreValidated) {
  auto r = store().ingest(form_message("mia@example.com"), nullptr);
  for (const char* bad : {"escalated", "responded", "received", "", "RESOLVED", "done"})
    EXPECT_EQ(error_of([&] { store().set_ticket_status(r.ticket_id, bad); }),
              ErrorKind::invalid_argument)
        << bad;
  EXPECT_EQ(store().ticket_view(r.ticket_id)->ticket.status, ticket_status::received);
  EXPECT_EQ(error_of([&] { store().set_ticket_status(new_uuid(), "closed"); }),
            ErrorKind::not_found);
}

TEST_P(StoreConformance, AgentRunsAreTheTicketsAuditTrailOldestFirst) {
  auto r = store().ingest(whatsapp_message("+14155550188"), nullptr);
  auto first = reply_outcome(r, Channel::whatsapp, "k-run-1");
  first.trace_json = R"({"spans":[{"tool":"create_ticket"}]})";
  ASSERT_TRUE(store().commit_agent_outcome(first, {}));
  auto r2 =
      store().ingest(whatsapp_message("+14155550188", "And how do I export data?"), nullptr);
  ASSERT_EQ(r2.ticket_id, r.ticket_id);
  auto second = escalation_outcome(r2, Channel::whatsapp, "k-run-2");
  second.engine = "openai";
  second.latency_ms = 1234;
  ASSERT_TRUE(store().commit_agent_outcome(second, {}));
  auto other = store().ingest(form_message("oli@example.com"), nullptr);
  ASSERT_TRUE(store().commit_agent_outcome(reply_outcome(other, Channel::webform, "k-oli"), {}));

  auto runs = store().agent_runs(r.ticket_id);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].idempotency_key, "k-run-1");
  EXPECT_EQ(runs[0].ticket_id, r.ticket_id);
  EXPECT_EQ(runs[0].engine, "local");
  EXPECT_FALSE(runs[0].escalated);
  EXPECT_EQ(runs[0].trace_json, first.trace_json);
  EXPECT_EQ(runs[0].latency_ms, 42);
  EXPECT_EQ(runs[0].tokens_in, 100);
  EXPECT_EQ(runs[0].tokens_out, 20);
  EXPECT_GT(runs[0].created_at_ms, 0);
  EXPECT_EQ(runs[1].idempotency_key, "k-run-2");
  EXPECT_TRUE(runs[1].escalated);
  EXPECT_EQ(runs[1].engine, "openai");
  EXPECT_EQ(runs[1].latency_ms, 1234);
  EXPECT_LE(runs[0].created_at_ms, runs[1].created_at_ms);

  EXPECT_TRUE(store().agent_runs(new_uuid()).empty());
  // A redelivered event adds no second run.
  EXPECT_FALSE(store().commit_agent_outcome(first, {}));
  EXPECT_EQ(store().agent_runs(r.ticket_id).size(), 2u);
}


TEST_P(StoreConformance, AProviderIdFindsItsOutboundMessage) {
  auto r = store().ingest(whatsapp_message("+14155550199"), nullptr);
  auto o = reply_outcome(r, Channel::whatsapp, "k-prov-1");
  ASSERT_TRUE(store().commit_agent_outcome(o, {}));
  EXPECT_FALSE(store().message_by_provider_id("SMnone"));
  EXPECT_FALSE(store().message_by_provider_id(""));
  store().set_delivery_status(o.reply_message_id, "queued", "SMprov123");
  auto m = store().message_by_provider_id("SMprov123");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->id, o.reply_message_id);
  EXPECT_EQ(m->ticket_id, r.ticket_id);
  EXPECT_EQ(m->conversation_id, r.conversation_id);
  EXPECT_EQ(m->direction, "outbound");
}

// A reply sent as three WhatsApp messages: a status callback about any part finds the reply and
// moves its status (the callback's own id is the key); an unrelated id finds nothing.
TEST_P(StoreConformance, EveryPartOfAMultiPartReplyFindsItsMessage) {
  auto r = store().ingest(whatsapp_message("+14155550198"), nullptr);
  auto o = reply_outcome(r, Channel::whatsapp, "k-prov-parts");
  ASSERT_TRUE(store().commit_agent_outcome(o, {}));
  store().set_delivery_status(o.reply_message_id, "queued", "SMpart1,SMpart2,SMpart3");
  for (const char* sid : {"SMpart1", "SMpart2", "SMpart3"}) {
    auto m = store().message_by_provider_id(sid);
    ASSERT_TRUE(m) << sid;
    EXPECT_EQ(m->id, o.reply_message_id) << sid;
    EXPECT_EQ(m->ticket_id, r.ticket_id) << sid;
  }
  EXPECT_FALSE(store().message_by_provider_id("SMpart"));
  EXPECT_FALSE(store().message_by_provider_id("SMpart1,SMpart2,SMpart3"));
  // The first part is reported undelivered: the reply's status says so.
  store().set_delivery_status("SMpart1", "undelivered", "SMpart1");
  auto v = store().ticket_view(r.ticket_id);
  ASSERT_TRUE(v);
  std::string status;
  for (const auto& m : v->messages)
    if (m.id == o.reply_message_id) status = m.delivery_status;
  EXPECT_EQ(status, "undelivered");
  // Recording the same delivery again (a retried event) is harmless.
  store().set_delivery_status(o.reply_message_id, "undelivered", "SMpart1,SMpart2,SMpart3");
  EXPECT_EQ(store().message_by_provider_id("SMpart2")->id, o.reply_message_id);
}

}  // namespace fte::storetest
