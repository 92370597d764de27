// to_json_keeping_payload (the store's text of an event) is what fte::to_json writes, without
// re-serialising the payload; read back, every field is the same.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/envelope.h"

namespace fte {
namespace {

TEST(EnvelopeJson, IsToJsonForASerialisedPayloadAndForTextThatIsNotJson) {
  boost::json::object p{{"body", "Hi \"there\"\n\u00e9"}, {"n", 3}, {"list", boost::json::array{1, "a"}}};
  for (std::string payload : {boost::json::serialize(p), std::string("not json {"), std::string()}) {
    auto e = make_envelope("ticket.incoming", "customer-1", payload, "corr-1", "idem-1");
    EXPECT_EQ(to_json_keeping_payload(e), to_json(e)) << payload;
    auto back = envelope_from_json(to_json_keeping_payload(e));
    EXPECT_EQ(back.event_id, e.event_id);
    EXPECT_EQ(back.idempotency_key, "idem-1");
    EXPECT_EQ(back.key, "customer-1");
    EXPECT_EQ(back.payload, envelope_from_json(to_json(e)).payload);
  }
}

// The envelope's own fields are written without Boost.JSON's object: the text stays what
// json::serialize makes of them, also for fields that need escapes (quotes, backslashes, control
// characters, UTF-8) and for negative or large numbers.
TEST(EnvelopeJson, FieldsNeedingEscapesAreWrittenAsToJsonWritesThem) {
  for (std::string odd : {std::string("plain"), std::string("quote \" and \\ slash /"),
                          std::string("tab\tnew\nline\r\x01\x1f"), std::string("caf\u00e9 \u2603 \x7f \xff\xfe"),
                          std::string()}) {
    auto e = make_envelope("type " + odd, "key " + odd, "{\"a\":1}", "corr " + odd, "idem " + odd);
    e.traceparent = odd;
    e.event_id = "ev " + odd;
    e.schema_version = -2;
    e.occurred_at_ms = 4102444800123;
    EXPECT_EQ(to_json_keeping_payload(e), to_json(e)) << odd;
    e.payload = "text " + odd;
    EXPECT_EQ(to_json_keeping_payload(e), to_json(e)) << odd;
  }
}

TEST(EnvelopeJson, AJsonPayloadWithSpacesReadsBackAsToJsonWouldHaveWrittenIt) {
  auto e = make_envelope("reply.outbound", "k", R"( { "a" : [1, 2],  "b": "x y" } )", "", "");
  auto back = envelope_from_json(to_json_keeping_payload(e));
  EXPECT_EQ(back.payload, envelope_from_json(to_json(e)).payload);
  EXPECT_EQ(boost::json::parse(back.payload), boost::json::parse(e.payload));
}

// A producer that wrote the payload as JSON itself says so, and the store copies it without
// parsing it again (round 15: the check ran on the SQLite writer for every intake). The flag is
// taken at its word — text that is not JSON is copied too, which is how the test sees that no
// check ran — and it is not part of the event: read back, it is false.
TEST(EnvelopeJson, APayloadMarkedAsJsonIsCopiedWithoutACheckAndTheMarkIsNotStored) {
  auto e = make_envelope("ticket.incoming", "k", R"({"a":[1,2],"b":"x"})", "corr", "idem");
  const std::string checked = to_json_keeping_payload(e);
  e.payload_is_json = true;
  EXPECT_EQ(to_json_keeping_payload(e), checked);
  auto back = envelope_from_json(to_json_keeping_payload(e));
  EXPECT_FALSE(back.payload_is_json);
  EXPECT_EQ(back.payload, R"({"a":[1,2],"b":"x"})");
  e.payload = "[1,";  // a broken promise: copied as it is, where the check would have quoted it
  EXPECT_NE(to_json_keeping_payload(e).find(R"("payload":[1,})"), std::string::npos);
  e.payload_is_json = false;
  EXPECT_NE(to_json_keeping_payload(e).find(R"("payload":"[1,"})"), std::string::npos);
}

}  // namespace
}  // namespace fte
