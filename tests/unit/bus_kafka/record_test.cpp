// The Kafka record layout of an envelope (key, value, headers) and of a dead letter.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "bus/kafka/kafka_record.h"
#include "core/error.h"

namespace fte::kafka {
namespace {

namespace json = boost::json;

Envelope sample() {
  auto e = make_envelope("ticket.incoming", "cust-42", R"({"subject":"Invite","n":3})",
                         "corr-0123456789abcdef0123456789abcdef", "webform:abc");
  e.occurred_at_ms = 1795000000123;
  return e;
}

TEST(KafkaRecord, KeyIsTheEnvelopeKeyValueTheJsonAndFieldsTravelAsHeaders) {
  auto e = sample();
  auto r = to_record(e);
  EXPECT_EQ(r.key, "cust-42");
  EXPECT_EQ(envelope_from_json(r.value).event_id, e.event_id);
  EXPECT_EQ(find_header(r.headers, "event_id"), e.event_id);
  EXPECT_EQ(find_header(r.headers, "type"), "ticket.incoming");
  EXPECT_EQ(find_header(r.headers, "schema_version"), "1");
  EXPECT_EQ(find_header(r.headers, "correlation_id"), e.correlation_id);
  EXPECT_EQ(find_header(r.headers, "traceparent"), e.traceparent);
  EXPECT_EQ(find_header(r.headers, "idempotency_key"), "webform:abc");
  EXPECT_EQ(find_header(r.headers, "occurred_at"), "2026-11-18T11:06:40.123Z");
}

TEST(KafkaRecord, ValueIsTheAuthorityAndItsKeyDefaultsToTheRecordKey) {
  auto e = sample();
  e.key.clear();
  Record r = to_record(e);
  r.key = "cust-7";
  r.headers = {{"event_id", "something-else"}, {"type", "other"}};
  auto got = envelope_from_record(r);
  EXPECT_EQ(got.event_id, e.event_id);
  EXPECT_EQ(got.type, "ticket.incoming");
  EXPECT_EQ(got.key, "cust-7");
  EXPECT_EQ(json::parse(got.payload), json::parse(e.payload));
}

TEST(KafkaRecord, BarePayloadWithEnvelopeHeadersBecomesAnEnvelope) {
  Record r;
  r.key = "cust-9";
  r.value = R"({"message":"hello"})";
  r.headers = {{"event_id", "ev-1"},           {"type", "message.inbound"},
               {"schema_version", "2"},        {"correlation_id", "c-1"},
               {"traceparent", "00-ab-cd-01"}, {"occurred_at", "2026-11-26T19:34:52.5Z"}};
  auto e = envelope_from_record(r);
  EXPECT_EQ(e.event_id, "ev-1");
  EXPECT_EQ(e.type, "message.inbound");
  EXPECT_EQ(e.schema_version, 2);
  EXPECT_EQ(e.correlation_id, "c-1");
  EXPECT_EQ(e.traceparent, "00-ab-cd-01");
  EXPECT_EQ(e.idempotency_key, "ev-1");  // defaults to the event id
  EXPECT_EQ(e.key, "cust-9");
  EXPECT_EQ(e.occurred_at_ms, *parse_iso8601_ms("2026-11-26T19:34:52.500Z"));
  EXPECT_EQ(json::parse(e.payload), json::parse(r.value));

  r.value = "plain text, not JSON";
  EXPECT_EQ(json::parse(envelope_from_record(r).payload).as_string(), "plain text, not JSON");
}

TEST(KafkaRecord, NeitherEnvelopeNorHeadersIsRejected) {
  Record r;
  r.value = "garbage";
  try {
    envelope_from_record(r);
    FAIL() << "accepted a record that is not an envelope";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid_argument);
  }
  r.headers = {{"event_id", "ev-1"}};  // no type
  EXPECT_THROW(envelope_from_record(r), Error);
  r.value = R"({"event_id":"x"})";  // JSON but no type
  EXPECT_THROW(envelope_from_record(r), Error);
}

TEST(KafkaRecord, DeadLetterKeepsTheOriginalHeadersAndWrapsTheEnvelope) {
  auto e = sample();
  ConsumedRecord failed{"tenant.fte.tickets.incoming", 2, 41, to_record(e)};
  failed.record.headers.emplace_back("x-custom", "kept");
  auto d = dead_letter_record(failed, e, "agent", "store unavailable", 5);

  EXPECT_EQ(d.key, "cust-42");
  EXPECT_EQ(find_header(d.headers, "event_id"), e.event_id);
  EXPECT_EQ(find_header(d.headers, "correlation_id"), e.correlation_id);
  EXPECT_EQ(find_header(d.headers, "traceparent"), e.traceparent);
  EXPECT_EQ(find_header(d.headers, "x-custom"), "kept");
  EXPECT_EQ(find_header(d.headers, "x-original-topic"), "tenant.fte.tickets.incoming");
  EXPECT_EQ(find_header(d.headers, "x-original-partition"), "2");
  EXPECT_EQ(find_header(d.headers, "x-original-offset"), "41");
  EXPECT_EQ(find_header(d.headers, "x-group"), "agent");
  EXPECT_EQ(find_header(d.headers, "x-error"), "store unavailable");
  EXPECT_EQ(find_header(d.headers, "x-attempts"), "5");

  auto dead = envelope_from_json(d.value);
  EXPECT_EQ(dead.type, "dead_letter");
  EXPECT_EQ(dead.correlation_id, e.correlation_id);
  EXPECT_EQ(dead.idempotency_key, "dlq:agent:" + e.event_id);
  auto p = json::parse(dead.payload).as_object();
  EXPECT_EQ(p.at("original_topic").as_string(), "tenant.fte.tickets.incoming");
  EXPECT_EQ(p.at("error").as_string(), "store unavailable");
  EXPECT_EQ(p.at("offset").as_int64(), 41);
  EXPECT_EQ(envelope_from_json(json::serialize(p.at("envelope"))).event_id, e.event_id);
}

TEST(KafkaRecord, DeadLetterOfARecordThatIsNoEnvelopeKeepsItsRawValue) {
  ConsumedRecord failed{"fte.tickets.incoming", 0, 7, Record{"k", "\x01garbage", {}}};
  auto d = dead_letter_record(failed, std::nullopt, "agent", "not an envelope", 0);
  auto p = json::parse(envelope_from_json(d.value).payload).as_object();
  EXPECT_EQ(p.at("raw").as_string(), "\x01garbage");
  EXPECT_FALSE(p.contains("envelope"));
  EXPECT_EQ(find_header(d.headers, "x-error"), "not an envelope");
}

TEST(KafkaRecord, ParsesIso8601Timestamps) {
  EXPECT_EQ(parse_iso8601_ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso8601_ms("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(parse_iso8601_ms("2026-11-26T19:34:52.123Z"), 1795721692123);
  EXPECT_FALSE(parse_iso8601_ms("2026-11-26 19:34"));
  EXPECT_FALSE(parse_iso8601_ms("2026-11-26T19:34:52+01:00"));
  EXPECT_FALSE(parse_iso8601_ms("2026-xx-26T19:34:52Z"));
}

}  // namespace
}  // namespace fte::kafka
