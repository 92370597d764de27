// The ticket event's payload (app::inbound_to_json) is written by hand, without building a
// Boost.JSON object: its text must stay what json::serialize makes of that object, field for field,
// also for text that needs escapes, and it must read back into the same message.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "app/pipeline.h"
#include "core/clock.h"
#include "core/json_util.h"
#include "ops/metrics.h"
#include "unit/agent/fake_store.h"

namespace fte::app {
namespace {

namespace json = boost::json;

// The payload as the builder before round 10 made it: a json::object, serialised.
std::string reference_json(const InboundMessage& m, const IngestResult& ids) {
  json::object o;
  o["ticket_id"] = ids.ticket_id;
  o["customer_id"] = ids.customer_id;
  o["conversation_id"] = ids.conversation_id;
  o["message_id"] = ids.message_id;
  o["channel"] = to_string(m.channel);
  o["channel_message_id"] = m.channel_message_id;
  o["thread_id"] = m.thread_id;
  o["rfc822_message_id"] = m.rfc822_message_id;
  o["references"] = m.references;
  o["customer_name"] = m.customer_name;
  o["email"] = m.email;
  o["phone"] = m.phone;
  o["subject"] = m.subject;
  o["category"] = m.category;
  o["priority"] = m.priority;
  o["body"] = m.body;
  json::array atts;
  for (const auto& a : m.attachments)
    atts.push_back(json::object{{"filename", a.filename}, {"content_type", a.content_type},
                                {"size", a.size}, {"text", a.text}});
  o["attachments"] = std::move(atts);
  o["received_at_ms"] = m.received_at_ms;
  o["correlation_id"] = m.correlation_id;
  return json::serialize(o);
}

TEST(InboundJson, AFormNeedingEscapesIsWrittenAsJsonSerializeWritesItAndReadsBackIdentical) {
  for (std::string odd : {std::string("plain"), std::string("quote \" and \\ slash / </script>"),
                          std::string("tab\tnew\nline\r\x01\x1f end"),
                          std::string("caf\u00e9 \u2603 \U0001F600 \x7f"), std::string()}) {
    InboundMessage m;
    m.channel = Channel::webform;
    m.channel_message_id = "cm " + odd;
    m.customer_name = "Name " + odd;
    m.email = "a@example.com";
    m.subject = odd;
    m.category = "technical";
    m.priority = "low";
    m.body = "Body: " + odd + "\n\nsecond paragraph " + odd;
    m.received_at_ms = 1796637418314;
    m.correlation_id = "corr " + odd;
    IngestResult ids;
    ids.customer_id = "cust-1";
    ids.conversation_id = "conv-1";
    ids.message_id = "msg-" + odd;
    ids.ticket_id = "ticket-\"1\"";
    for (int attachments = 0; attachments <= 2; ++attachments) {
      if (attachments) m.attachments.push_back({"file " + odd, "text/plain", -7 + attachments, odd});
      std::string text = inbound_to_json(m, ids);
      EXPECT_EQ(text, reference_json(m, ids)) << odd;
      ASSERT_TRUE(jsonu::is_json(text));
      auto back = agent_request_from_json(text);
      EXPECT_EQ(back.message.subject, m.subject);
      EXPECT_EQ(back.message.body, m.body);
      EXPECT_EQ(back.message.customer_name, m.customer_name);
      EXPECT_EQ(back.message.correlation_id, m.correlation_id);
      ASSERT_EQ(back.message.attachments.size(), m.attachments.size());
      if (attachments) {
        EXPECT_EQ(back.message.attachments.back().text, odd);
      }
      EXPECT_EQ(back.ids.ticket_id, "ticket-\"1\"");
    }
  }
}

// jsonu::is_json decides as json::parse does (the store keeps a JSON payload's text as it is and
// turns anything else into a JSON string).
TEST(InboundJson, IsJsonAgreesWithJsonParse) {
  for (std::string t :
       {std::string("{}"), std::string(" {\"a\" : [1, 2.5, -3e2, true, null]} "), std::string("\"s\""),
        std::string("12"), std::string(""), std::string(" "), std::string("{"), std::string("{} {}"),
        std::string("{\"a\":1,}"), std::string("[1] x"), std::string("/* c */ {}"), std::string("nul"),
        std::string("\"\xff\""), std::string("\"caf\u00e9\""), std::string(40, '[') + std::string(40, ']'),
        std::string(20, '[') + std::string(20, ']'), std::string("1e999"), std::string("{\"a\":1,\"a\":2}")}) {
    json::error_code ec;
    json::parse(t, ec);
    EXPECT_EQ(jsonu::is_json(t), !ec) << t;
  }
}

// The intake's ticket event is made when the message is accepted, on the accepting thread, not
// inside the store's transaction (round 14: the single writer does less per intake); the
// transaction only adds the ids. So a transaction run twice (the writer's isolated rerun after a
// failed batch) writes the same event: same id, time and traceparent, the ids of its own run.
TEST(InboundJson, TheTicketEventIsMadeAtAcceptanceAndARerunWritesTheSameEvent) {
  struct CapturingStore : agent::testing::FakeStore {
    OutboxFn outbox;
    void ingest_async(InboundMessage, OutboxFn fn, std::function<void(IngestOutcome)> done) override {
      outbox = std::move(fn);
      done(IngestOutcome{});
    }
  } store;
  ops::Metrics metrics;
  StoreIntake intake(store, metrics);
  InboundMessage m;
  m.channel = Channel::webform;
  m.channel_message_id = "form-1";
  m.email = "a@example.com";
  m.body = "hello";
  m.correlation_id = "0123456789abcdef0123456789abcdef";
  const std::int64_t before = now_ms();
  intake.accept(m, [](IngestOutcome) {});
  const std::int64_t accepted = now_ms();
  ASSERT_TRUE(store.outbox);
  IngestResult first{false, "cust-1", "conv-1", "msg-1", "t-1"};
  IngestResult second{false, "cust-2", "conv-2", "msg-2", "t-1"};
  auto a = store.outbox(first), b = store.outbox(second);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  const Envelope& ea = a[0].second;
  const Envelope& eb = b[0].second;
  EXPECT_EQ(a[0].first, topics::tickets_incoming);
  EXPECT_EQ(ea.type, "ticket.incoming");
  EXPECT_FALSE(ea.event_id.empty());
  EXPECT_EQ(ea.event_id, eb.event_id);
  EXPECT_EQ(ea.occurred_at_ms, eb.occurred_at_ms);
  EXPECT_GE(ea.occurred_at_ms, before);
  EXPECT_LE(ea.occurred_at_ms, accepted);
  EXPECT_EQ(ea.traceparent, eb.traceparent);
  EXPECT_EQ(ea.traceparent.substr(0, 35), "00-0123456789abcdef0123456789abcdef");
  EXPECT_EQ(ea.correlation_id, m.correlation_id);
  EXPECT_EQ(ea.idempotency_key, "in:webform:form-1");
  EXPECT_EQ(ea.key, "cust-1");
  EXPECT_EQ(eb.key, "cust-2");
  auto pa = json::parse(ea.payload).as_object(), pb = json::parse(eb.payload).as_object();
  EXPECT_EQ(pa.at("customer_id").as_string(), "cust-1");
  EXPECT_EQ(pb.at("message_id").as_string(), "msg-2");
  EXPECT_EQ(pa.at("body").as_string(), "hello");
  // Written here as JSON: the store's writer copies it without parsing it again.
  EXPECT_TRUE(ea.payload_is_json);
  EXPECT_TRUE(eb.payload_is_json);
}

}  // namespace
}  // namespace fte::app
