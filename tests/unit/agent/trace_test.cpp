// The run's trace (issue 18, round 9): spans and notes are sanitised in place and to_json() writes
// the document piece by piece; both must give exactly what sanitising a copy and serialising one
// object built from copies gave: personal keys redacted, UUIDs kept, emails/phones masked, long
// strings cut on a UTF-8 boundary, long arrays cut with "... N more", key order kept.
#include "agent/runtime/trace.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace fte::agent {
namespace {

namespace json = boost::json;

json::value tricky() {
  json::array many;
  for (int i = 0; i < 27; ++i) many.push_back(json::value("item " + std::to_string(i)));
  std::string long_text;
  for (int i = 0; i < 80; ++i) long_text += "caf\u00e9 ";  // 6 bytes each: cut inside a letter
  return json::object{
      {"customer_name", "Ana Lima"},
      {"email", "ana@example.com"},
      {"phone", ""},
      {"ticket_id", "0190a5c2-7b1e-7c3d-8e4f-123456789abc"},
      {"message", "Write to ana@example.com or call +1 415 555 0100, \"quoted\"\n\ttab"},
      {"long", long_text},
      {"many", many},
      {"nested", json::object{{"name", "Bo"}, {"list", json::array{"x", 1, 2.5, nullptr, true}}}},
      {"n", 42},
      {"ratio", 0.125}};
}

TEST(Trace, SpansAndNotesAreSanitisedAsACopyWouldBe) {
  Trace t;
  Span s;
  s.tool = "search_knowledge_base";
  s.args = tricky();
  s.result = json::array{tricky(), "plain"};
  t.add_span(s);
  ASSERT_EQ(t.spans().size(), 1u);
  EXPECT_EQ(t.spans()[0].args, Trace::sanitise(tricky()));
  EXPECT_EQ(t.spans()[0].result, Trace::sanitise(json::array{tricky(), "plain"}));
  const auto& args = t.spans()[0].args.as_object();
  EXPECT_EQ(args.at("customer_name"), "[redacted]");
  EXPECT_EQ(args.at("phone"), "");
  EXPECT_EQ(args.at("ticket_id"), "0190a5c2-7b1e-7c3d-8e4f-123456789abc");
  EXPECT_EQ(args.at("message").as_string().find("ana@example.com"), json::string::npos);
  EXPECT_EQ(args.at("many").as_array().size(), 21u);
  EXPECT_EQ(args.at("many").as_array().back(), "... 7 more");
  EXPECT_LE(args.at("long").as_string().size(), 243u);
}

TEST(Trace, JsonIsTheSameAsFromOneCopiedObject) {
  Trace empty;
  EXPECT_EQ(empty.to_json(), empty.to_json_copying());
  EXPECT_EQ(empty.to_json(), R"({"spans":[],"turns":[]})");

  Trace t;
  t.note("input_guardrails", json::array{"legal", "ana@example.com"});
  t.note("kb", json::object{{"top", 0.75}, {"threshold", 0.3}});
  t.note("kb", json::object{{"top", 0.5}});  // replaces, keeps its place
  for (int i = 0; i < 3; ++i) {
    Span s;
    s.tool = i == 1 ? "send_response" : "get_customer_history";
    s.call_id = "call_" + std::to_string(i);
    s.caller = "engine";
    s.turn = i;
    s.latency_us = 1234567890123LL + i;
    s.status = i == 2 ? "refused" : "ok";
    s.args = tricky();
    s.result = i == 0 ? json::value(nullptr) : tricky();
    t.add_span(std::move(s));
  }
  EngineTurnRecord a;
  a.engine = "local";
  a.latency_us = 17;
  t.add_turn(a);
  EngineTurnRecord b;
  b.engine = "openai";
  b.model = "m";
  b.turn = 1;
  b.cost_usd = 0.000123;
  b.stop_reason = "stop";
  b.error = "failed for ana@example.com";
  t.add_turn(b);
  EXPECT_EQ(t.to_json(), t.to_json_copying());
  const auto doc = json::parse(t.to_json()).as_object();
  ASSERT_EQ(doc.size(), 4u);
  EXPECT_EQ(doc.begin()->key(), "input_guardrails");
  EXPECT_EQ(doc.at("spans").as_array().size(), 3u);
  EXPECT_EQ(doc.at("turns").as_array().size(), 2u);

  // A note named like a section: the copying form decides (it replaces the note in place).
  t.note("spans", "a note");
  EXPECT_EQ(t.to_json(), t.to_json_copying());
}

}  // namespace
}  // namespace fte::agent
