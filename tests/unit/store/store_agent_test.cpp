// Store conformance: the agent's tools and outcome, history, reads for the API, delivery,
// feedback and the knowledge base.
#include <algorithm>

#include "store_conformance.h"
#include "store_helpers.h"

namespace fte::storetest {

TEST_P(StoreConformance, UpsertTicketOpensAndIsIdempotent) {
  auto r = store().ingest(form_message("nora@example.com"), nullptr);
  TicketUpsert u{r.ticket_id, r.customer_id, r.conversation_id, Channel::webform, "",
                 "billing",   "low"};
  auto t1 = store().upsert_ticket(u);
  EXPECT_EQ(t1.status, ticket_status::open);
  EXPECT_EQ(t1.category, "billing");
  EXPECT_EQ(t1.priority, "low");
  EXPECT_EQ(t1.subject, "Password reset") << "an empty subject keeps the stored one";
  auto t2 = store().upsert_ticket(u);
  EXPECT_EQ(t2.id, t1.id);
  EXPECT_EQ(t2.status, ticket_status::open);
  EXPECT_EQ(t2.category, "billing");
  EXPECT_EQ(t2.created_at_ms, t1.created_at_ms);
}

TEST_P(StoreConformance, UpsertTicketCreatesAMissingTicket) {
  auto r = store().ingest(form_message("olga@example.com"), nullptr);
  TicketUpsert u{new_uuid(), r.customer_id, r.conversation_id, Channel::email, "New", "general",
                 ""};
  auto t = store().upsert_ticket(u);
  EXPECT_EQ(t.id, u.ticket_id);
  EXPECT_EQ(t.status, ticket_status::open);
  EXPECT_EQ(t.source_channel, Channel::email);
  EXPECT_EQ(t.priority, "medium");
  EXPECT_TRUE(store().ticket_view(u.ticket_id));

  TicketUpsert orphan{new_uuid(), "", "", Channel::email, "", "", ""};
  EXPECT_EQ(error_of([&] { store().upsert_ticket(orphan); }), ErrorKind::invalid_argument);
  TicketUpsert unknown_customer{new_uuid(), new_uuid(), r.conversation_id, Channel::email, "",
                                "",         ""};
  auto k = error_of([&] { store().upsert_ticket(unknown_customer); });
  EXPECT_TRUE(k == ErrorKind::invalid_argument || k == ErrorKind::conflict);
  TicketUpsert stolen{r.ticket_id, new_uuid(), r.conversation_id, Channel::webform, "", "", ""};
  EXPECT_EQ(error_of([&] { store().upsert_ticket(stolen); }), ErrorKind::conflict);
}

TEST_P(StoreConformance, UpsertTicketNeverDowngradesAnEscalation) {
  auto r = store().ingest(form_message("pat@example.com"), nullptr);
  ASSERT_TRUE(store().commit_agent_outcome(escalation_outcome(r, Channel::webform, "k-pat"), {}));
  auto t = store().upsert_ticket(
      {r.ticket_id, r.customer_id, r.conversation_id, Channel::webform, "", "billing", ""});
  EXPECT_EQ(t.status, ticket_status::escalated);
  EXPECT_EQ(t.escalation_reason, "pricing_inquiry");
}

TEST_P(StoreConformance, CommitAgentOutcomeStoresTheReplyAndRespondsOnce) {
  auto m = form_message("quinn@example.com");
  auto r = store().ingest(m, nullptr);
  store().upsert_ticket(
      {r.ticket_id, r.customer_id, r.conversation_id, Channel::webform, "", "", ""});
  auto o = reply_outcome(r, Channel::webform, "in:webform:q1", {"First part.", "Second part."});
  auto outbox =
      one_event(topics::channel_topic("webform", "outbound"), "reply.outbound", r.customer_id);
  EXPECT_FALSE(store().is_processed(o.idempotency_key));
  auto before = store().last_event_seq();
  ASSERT_TRUE(store().commit_agent_outcome(o, outbox));
  EXPECT_TRUE(store().is_processed(o.idempotency_key));

  auto v = store().ticket_view(r.ticket_id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->ticket.status, ticket_status::responded);
  EXPECT_GE(v->ticket.first_response_at_ms, v->ticket.created_at_ms);
  EXPECT_GT(v->ticket.first_response_at_ms, 0);
  ASSERT_EQ(v->messages.size(), 2u);
  const auto& reply = v->messages[1];
  EXPECT_EQ(reply.id, o.reply_message_id);
  EXPECT_EQ(reply.direction, "outbound");
  EXPECT_EQ(reply.role, "agent");
  EXPECT_EQ(reply.ticket_id, r.ticket_id);
  EXPECT_EQ(reply.delivery_status, "pending");
  EXPECT_NE(reply.content.find("First part."), std::string::npos);
  EXPECT_NE(reply.content.find("Second part."), std::string::npos);
  auto events = store().read_events({}, before, 100);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].envelope.type, "reply.outbound");

  // The same event handled again (redelivery): nothing changes, nothing is written.
  auto first_response = v->ticket.first_response_at_ms;
  auto again = o;
  again.reply_message_id = new_uuid();
  EXPECT_FALSE(store().commit_agent_outcome(again, outbox));
  auto v2 = store().ticket_view(r.ticket_id);
  EXPECT_EQ(v2->messages.size(), 2u);
  EXPECT_EQ(v2->ticket.first_response_at_ms, first_response);
  EXPECT_EQ(store().read_events({}, before, 100).size(), 1u);
}

// create_ticket's upsert can travel with the outcome (AgentOutcome::ticket): applied in the
// outcome's transaction exactly as upsert_ticket, and not at all when the outcome is a repeat or
// fails (here: the ticket of another customer) — then nothing of the outcome is written either.
TEST_P(StoreConformance, TheOutcomesTicketUpsertIsWrittenInItsTransactionOrNotAtAll) {
  auto r = store().ingest(form_message("ruth@example.com"), nullptr);
  auto o = reply_outcome(r, Channel::webform, "in:webform:ruth", {"Here is how."});
  o.category.clear();  // the category is the upsert's
  o.ticket = TicketUpsert{r.ticket_id, r.customer_id, r.conversation_id, Channel::webform,
                          "",          "billing",     "high"};
  auto stolen = o;
  stolen.idempotency_key = "in:webform:ruth-stolen";
  stolen.ticket->customer_id = new_uuid();
  EXPECT_EQ(error_of([&] { store().commit_agent_outcome(stolen, {}); }), ErrorKind::conflict);
  EXPECT_FALSE(store().is_processed(stolen.idempotency_key));
  EXPECT_EQ(store().ticket_view(r.ticket_id)->ticket.status, ticket_status::received);
  EXPECT_EQ(store().ticket_view(r.ticket_id)->messages.size(), 1u);

  ASSERT_TRUE(store().commit_agent_outcome(o, {}));
  auto v = store().ticket_view(r.ticket_id);
  EXPECT_EQ(v->ticket.category, "billing");
  EXPECT_EQ(v->ticket.priority, "high");
  EXPECT_EQ(v->ticket.subject, "Password reset") << "an empty subject keeps the stored one";
  EXPECT_EQ(v->ticket.status, ticket_status::responded);
  EXPECT_EQ(v->messages.size(), 2u);

  auto again = o;  // redelivered: nothing written, not even the upsert
  again.ticket->category = "technical";
  EXPECT_FALSE(store().commit_agent_outcome(again, {}));
  EXPECT_EQ(store().ticket_view(r.ticket_id)->ticket.category, "billing");
}

TEST_P(StoreConformance, FirstResponseTimeIsKeptFromTheFirstReply) {
  // A chat's follow-up joins its open ticket (a web form would open a new one).
  auto r = store().ingest(whatsapp_message("+14155550177"), nullptr);
  ASSERT_TRUE(store().commit_agent_outcome(reply_outcome(r, Channel::whatsapp, "k-r1"), {}));
  auto first = store().ticket_view(r.ticket_id)->ticket.first_response_at_ms;
  auto r2 = store().ingest(whatsapp_message("+14155550177", "one more thing"), nullptr);
  ASSERT_EQ(r2.ticket_id, r.ticket_id);
  ASSERT_TRUE(store().commit_agent_outcome(reply_outcome(r2, Channel::whatsapp, "k-r2"), {}));
  EXPECT_EQ(store().ticket_view(r.ticket_id)->ticket.first_response_at_ms, first);
}

TEST_P(StoreConformance, EscalationIsRecordedAndListed) {
  auto r = store().ingest(whatsapp_message("+14155550133", "I want a human"), nullptr);
  auto o = escalation_outcome(r, Channel::whatsapp, "k-esc", "human_requested");
  o.reply_parts = {"A member of our team will contact you."};
  ASSERT_TRUE(store().commit_agent_outcome(
      o, one_event(std::string(topics::escalations), "ticket.escalated")));
  auto v = store().ticket_view(r.ticket_id);
  EXPECT_EQ(v->ticket.status, ticket_status::escalated);
  EXPECT_EQ(v->ticket.escalation_reason, "human_requested");
  EXPECT_GT(v->ticket.first_response_at_ms, 0) << "the hand-off message is a first response";

  auto esc = store().open_escalations(10);
  ASSERT_EQ(esc.size(), 1u);
  EXPECT_EQ(esc[0].ticket_id, r.ticket_id);
  EXPECT_EQ(esc[0].reason, "human_requested");
  EXPECT_EQ(esc[0].urgency, "high");
  EXPECT_EQ(esc[0].status, "open");
  EXPECT_EQ(esc[0].channel, Channel::whatsapp);
  EXPECT_GT(esc[0].created_at_ms, 0);
  EXPECT_TRUE(store().open_escalations(0).empty());
}

TEST_P(StoreConformance, ATicketExistsBeforeTheFirstResponse) {
  auto r = store().ingest(form_message("sam@example.com"), nullptr);
  auto before = store().last_event_seq();
  IngestResult ghost = r;
  ghost.ticket_id = new_uuid();  // never created
  auto o = reply_outcome(ghost, Channel::webform, "k-ghost");
  auto k = error_of([&] {
    store().commit_agent_outcome(
        o, one_event(topics::channel_topic("webform", "outbound"), "reply.outbound"));
  });
  EXPECT_TRUE(k == ErrorKind::not_found || k == ErrorKind::invalid_argument ||
              k == ErrorKind::conflict);
  EXPECT_FALSE(store().is_processed("k-ghost")) << "the whole outcome rolled back";
  EXPECT_EQ(store().last_event_seq(), before) << "no outbound event without a ticket";
  EXPECT_EQ(store().conversation_messages(r.conversation_id).size(), 1u);
}

TEST_P(StoreConformance, CustomerHistoryIsNewestFirstAcrossChannelsAndLimited) {
  auto form = form_message("tara@example.com", "+14155550122");
  form.received_at_ms = now_ms() - 3000;
  auto r = store().ingest(form, nullptr);
  ASSERT_TRUE(store().commit_agent_outcome(reply_outcome(r, Channel::webform, "k-tara"), {}));
  auto wa = whatsapp_message("+14155550122", "thanks");
  auto r2 = store().ingest(wa, nullptr);
  ASSERT_TRUE(
      store().commit_agent_outcome(escalation_outcome(r2, Channel::whatsapp, "k-tara2"), {}));
  auto mail = email_message("tara@example.com", "t-tara", "one more thing");
  mail.received_at_ms = now_ms() + 1000;
  store().ingest(mail, nullptr);

  auto h = store().customer_history(r.customer_id, 50);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->customer.id, r.customer_id);
  ASSERT_EQ(h->messages.size(), 4u);
  EXPECT_EQ(h->messages[0].channel, Channel::email);
  EXPECT_EQ(h->messages[3].channel, Channel::webform);
  EXPECT_EQ(h->messages[3].direction, "inbound");
  for (std::size_t i = 1; i < h->messages.size(); ++i)
    EXPECT_GE(h->messages[i - 1].created_at_ms, h->messages[i].created_at_ms);
  ASSERT_EQ(h->tickets.size(), 2u) << "the escalated form/chat ticket and the mail's new one";
  EXPECT_GE(h->tickets[0].created_at_ms, h->tickets[1].created_at_ms);
  EXPECT_EQ(h->tickets[1].id, r.ticket_id);
  EXPECT_EQ(r2.ticket_id, r.ticket_id);

  auto two = store().customer_history(r.customer_id, 2);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->messages.size(), 2u);
  EXPECT_FALSE(store().customer_history(new_uuid(), 10));
}

// The agent worker's one read before a run (issue 18, round 10): the processed check, and when the
// event is new the customer's history exactly as customer_history gives it — with another
// channel's message and an earlier outcome in it, and again after a restart.
TEST_P(StoreConformance, AgentRunInputsAreTheProcessedCheckAndTheHistory) {
  auto same = [](const CustomerHistory& a, const CustomerHistory& b) {
    EXPECT_EQ(a.customer.id, b.customer.id);
    EXPECT_EQ(a.customer.email, b.customer.email);
    ASSERT_EQ(a.tickets.size(), b.tickets.size());
    for (std::size_t i = 0; i < a.tickets.size(); ++i) {
      EXPECT_EQ(a.tickets[i].id, b.tickets[i].id);
      EXPECT_EQ(a.tickets[i].status, b.tickets[i].status);
      EXPECT_EQ(a.tickets[i].created_at_ms, b.tickets[i].created_at_ms);
    }
    ASSERT_EQ(a.messages.size(), b.messages.size());
    for (std::size_t i = 0; i < a.messages.size(); ++i) {
      EXPECT_EQ(a.messages[i].id, b.messages[i].id);
      EXPECT_EQ(a.messages[i].content, b.messages[i].content);
      EXPECT_EQ(a.messages[i].direction, b.messages[i].direction);
      EXPECT_EQ(a.messages[i].created_at_ms, b.messages[i].created_at_ms);
    }
  };
  auto form = form_message("uma@example.com", "+14155550133");
  form.received_at_ms = now_ms() - 2000;
  auto r = store().ingest(form, nullptr);
  ASSERT_TRUE(store().commit_agent_outcome(reply_outcome(r, Channel::webform, "k-uma"), {}));
  auto wa = whatsapp_message("+14155550133", "and on my phone");
  auto r2 = store().ingest(wa, nullptr);

  auto done = store().agent_run_inputs("k-uma", r.customer_id, 20);
  EXPECT_TRUE(done.processed);
  EXPECT_FALSE(done.history) << "a handled event needs no history";

  auto fresh = store().agent_run_inputs("k-uma2", r2.customer_id, 20);
  EXPECT_FALSE(fresh.processed);
  ASSERT_TRUE(fresh.history);
  ASSERT_EQ(fresh.history->messages.size(), 3u) << "form, reply and the WhatsApp message";
  EXPECT_EQ(fresh.history->messages[0].channel, Channel::whatsapp);
  auto h = store().customer_history(r2.customer_id, 20);
  ASSERT_TRUE(h);
  same(*fresh.history, *h);
  auto few = store().agent_run_inputs("k-uma2", r2.customer_id, 2);
  ASSERT_TRUE(few.history);
  EXPECT_EQ(few.history->messages.size(), 2u);
  auto nobody = store().agent_run_inputs("k-nobody", new_uuid(), 20);
  EXPECT_FALSE(nobody.processed);
  EXPECT_FALSE(nobody.history);

  reopen();
  auto again = store().agent_run_inputs("k-uma2", r2.customer_id, 20);
  EXPECT_FALSE(again.processed);
  ASSERT_TRUE(again.history);
  same(*again.history, *h);
  EXPECT_TRUE(store().agent_run_inputs("k-uma", r.customer_id, 20).processed);
}

TEST_P(StoreConformance, AnUnfinishedDeliveryClaimIsTakenOverAfterItsLeaseAFinishedOneNever) {
  auto r = store().ingest(whatsapp_message("+14155550187"), nullptr);
  auto o = reply_outcome(r, Channel::whatsapp, "k-lease");
  ASSERT_TRUE(store().commit_agent_outcome(o, {}));
  const std::string key = "reply:" + o.reply_message_id, id = o.reply_message_id;
  EXPECT_EQ(store().claim_delivery_leased(key, id, 60000), DeliveryClaim::claimed);
  EXPECT_EQ(store().claim_delivery_leased(key, id, 60000), DeliveryClaim::in_progress)
      << "a fresh claim of a live worker is not taken over";
  // The worker died between the claim and the provider's answer: with the lease over, the next
  // worker takes it over, exactly one of them.
  EXPECT_EQ(store().claim_delivery_leased(key, id, 0), DeliveryClaim::resumed);
  EXPECT_EQ(store().claim_delivery_leased(key, id, 60000), DeliveryClaim::in_progress)
      << "taking over renews the claim";
  store().finish_delivery(key, id);
  EXPECT_EQ(store().claim_delivery_leased(key, id, 0), DeliveryClaim::finished);
  EXPECT_FALSE(store().claim_delivery(key, id));
  store().finish_delivery(key, id);  // idempotent
  EXPECT_EQ(store().claim_delivery_leased(key, id, 60000), DeliveryClaim::finished);
  EXPECT_EQ(store().claim_delivery_leased("reply:another", id, 0), DeliveryClaim::claimed);
}

TEST_P(StoreConformance, ADeliveryWithoutAProviderIsFinishedOnceWithItsStatus) {
  auto r = store().ingest(form_message("una@example.com"), nullptr);
  auto o = reply_outcome(r, Channel::webform, "k-local");
  ASSERT_TRUE(store().commit_agent_outcome(o, {}));
  const std::string key = "reply:" + o.reply_message_id, id = o.reply_message_id;
  auto status = [&] {
    auto v = store().ticket_view(r.ticket_id);
    for (const auto& m : v->messages)
      if (m.id == id) return m.delivery_status;
    return std::string("missing");
  };
  const auto before = store().last_event_seq();
  const std::vector<std::pair<std::string, Envelope>> outbox = {
      {"fte.channels.webform.status",
       make_envelope("delivery.status", r.customer_id, "{}", "corr", "status:" + id)}};
  EXPECT_EQ(store().deliver_without_provider(key, id, "delivered", 60000, outbox),
            DeliveryClaim::claimed);
  EXPECT_EQ(status(), "delivered");
  EXPECT_EQ(store().deliver_without_provider(key, id, "delivered", 60000, outbox),
            DeliveryClaim::finished);
  EXPECT_EQ(store().read_events({"fte.channels.webform.status"}, before, 10).size(), 1u)
      << "the event goes with the first delivery only";
  EXPECT_EQ(store().claim_delivery_leased(key, id, 0), DeliveryClaim::finished)
      << "the general path sees it finished too";
  // Another worker's live claim holds it; a stale one is taken over, once.
  const std::string key2 = key + ":again";
  ASSERT_EQ(store().claim_delivery_leased(key2, id, 60000), DeliveryClaim::claimed);
  EXPECT_EQ(store().deliver_without_provider(key2, id, "read", 60000, {}), DeliveryClaim::in_progress);
  EXPECT_EQ(status(), "delivered") << "nothing written while another worker holds it";
  EXPECT_EQ(store().deliver_without_provider(key2, id, "read", 0, {}), DeliveryClaim::resumed);
  EXPECT_EQ(store().deliver_without_provider(key2, id, "read", 0, {}), DeliveryClaim::finished);
}

TEST_P(StoreConformance, DeliveryIsClaimedOnceAndItsStatusMovesForward) {
  auto r = store().ingest(whatsapp_message("+14155550188"), nullptr);
  auto o = reply_outcome(r, Channel::whatsapp, "k-deliv");
  ASSERT_TRUE(store().commit_agent_outcome(o, {}));
  EXPECT_TRUE(store().claim_delivery("reply:" + o.reply_message_id, o.reply_message_id));
  EXPECT_FALSE(store().claim_delivery("reply:" + o.reply_message_id, o.reply_message_id));
  EXPECT_TRUE(store().claim_delivery("reply:other", o.reply_message_id));

  auto status = [&] {
    auto v = store().ticket_view(r.ticket_id);
    for (const auto& m : v->messages)
      if (m.id == o.reply_message_id) return m.delivery_status;
    return std::string("missing");
  };
  store().set_delivery_status(o.reply_message_id, "sent", "SM123");
  EXPECT_EQ(status(), "sent");
  store().set_delivery_status("SM123", "read", "");  // a provider callback knows only its id
  EXPECT_EQ(status(), "read");
  store().set_delivery_status("SM123", "delivered", "");  // arrives late: never goes back
  EXPECT_EQ(status(), "read");
  EXPECT_NO_THROW(store().set_delivery_status(new_uuid(), "sent", ""));
}

TEST_P(StoreConformance, FeedbackAndChannelStats) {
  auto a = store().ingest(form_message("uma@example.com"), nullptr);
  auto b = store().ingest(whatsapp_message("+14155550111"), nullptr);
  auto c = store().ingest(email_message("vic@example.com", "t-vic"), nullptr);
  ASSERT_TRUE(store().commit_agent_outcome(reply_outcome(a, Channel::webform, "k-a"), {}));
  ASSERT_TRUE(store().commit_agent_outcome(escalation_outcome(b, Channel::whatsapp, "k-b"), {}));
  store().record_feedback(a.ticket_id, true);
  store().record_feedback(c.ticket_id, false);
  store().record_feedback(c.ticket_id, true);  // a later vote replaces the earlier one
  EXPECT_EQ(error_of([&] { store().record_feedback(new_uuid(), true); }), ErrorKind::not_found);

  auto stats = store().channel_stats();
  auto of = [&](Channel ch) {
    auto it =
        std::find_if(stats.begin(), stats.end(), [&](const auto& s) { return s.channel == ch; });
    return it == stats.end() ? ChannelStats{ch} : *it;
  };
  auto web = of(Channel::webform), wa = of(Channel::whatsapp), mail = of(Channel::email);
  EXPECT_EQ(web.tickets, 1);
  EXPECT_EQ(web.answered, 1);
  EXPECT_EQ(web.escalated, 0);
  EXPECT_EQ(web.helpful_yes, 1);
  ASSERT_EQ(web.first_response_ms.size(), 1u);
  EXPECT_GE(web.first_response_ms[0], 0);
  EXPECT_EQ(wa.tickets, 1);
  EXPECT_EQ(wa.escalated, 1);
  EXPECT_EQ(wa.answered, 0);
  EXPECT_EQ(mail.tickets, 1);
  EXPECT_EQ(mail.helpful_yes, 1);
  EXPECT_EQ(mail.helpful_no, 0);
}

TEST_P(StoreConformance, KnowledgeIsReplacedPerSource) {
  std::vector<KnowledgeChunk> faq = {
      {"", "FAQ > Reset", "Use the reset link.", "account", "faq.md", {0.5f, -1.25f, 3.0f}},
      {"", "FAQ > Export", "Reports export as CSV.", "reports", "faq.md", {}},
  };
  std::vector<KnowledgeChunk> guide = {
      {"g1", "Guide", "Invite your team.", "teams", "guide.md", {1.0f}}};
  store().replace_knowledge("faq.md", faq);
  store().replace_knowledge("guide.md", guide);
  auto all = store().load_knowledge();
  ASSERT_EQ(all.size(), 3u);
  auto reset =
      std::find_if(all.begin(), all.end(), [](const auto& k) { return k.title == "FAQ > Reset"; });
  ASSERT_NE(reset, all.end());
  EXPECT_EQ(reset->content, "Use the reset link.");
  EXPECT_EQ(reset->category, "account");
  EXPECT_EQ(reset->source, "faq.md");
  EXPECT_EQ(reset->embedding, (std::vector<float>{0.5f, -1.25f, 3.0f}));
  EXPECT_FALSE(reset->id.empty());

  store().replace_knowledge("faq.md",
                            {{"", "FAQ v2", "Only one section now.", "account", "faq.md", {}}});
  all = store().load_knowledge();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(
      std::any_of(all.begin(), all.end(), [](const auto& k) { return k.title == "FAQ v2"; }));
  EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const auto& k) { return k.id == "g1"; }));
}

TEST_P(StoreConformance, AuditRecordsNeedAKind) {
  EXPECT_NO_THROW(store().audit("webhook_auth", new_uuid(), "{\"ok\":true}"));
  EXPECT_EQ(error_of([&] { store().audit("", "", "{}"); }), ErrorKind::invalid_argument);
}

}  // namespace fte::storetest
