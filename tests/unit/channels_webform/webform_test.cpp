#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "channels/webform/webform.h"

using namespace fte;
using namespace fte::channels::webform;
namespace json = boost::json;

namespace {
std::string body(json::object o) {
  json::object base{{"name", "Ana Lima"}, {"email", "Ana@Example.com"}, {"subject", "Reset"},
                    {"category", "general"}, {"message", "How do I reset my password?"}};
  for (auto& [k, v] : o) base[k] = v;
  return json::serialize(base);
}
std::vector<std::string> fields(const Submission& s) {
  std::vector<std::string> f;
  for (const auto& e : s.errors) f.push_back(e.field);
  return f;
}
}  // namespace

TEST(WebForm, ValidSubmissionIsNormalised) {
  auto s = parse_submission(body({{"phone", "+1 415 555 0101"}}));
  ASSERT_TRUE(s.errors.empty());
  EXPECT_EQ(s.message.email, "ana@example.com");
  EXPECT_EQ(s.message.phone, "+14155550101");
  EXPECT_EQ(s.message.priority, "medium");
  EXPECT_EQ(s.message.channel, Channel::webform);
}

TEST(WebForm, EachRuleNamesItsField) {
  struct Case {
    json::object patch;
    std::string field;
  } cases[] = {
      {{{"name", "A"}}, "name"},
      {{{"name", std::string(101, 'x')}}, "name"},
      {{{"name", 42}}, "name"},
      {{{"email", "nope"}}, "email"},
      {{{"email", "a@b"}}, "email"},
      {{{"email", "a b@c.com"}}, "email"},
      {{{"subject", ""}}, "subject"},
      {{{"subject", "   "}}, "subject"},
      {{{"category", "sales"}}, "category"},
      {{{"priority", "urgent"}}, "priority"},
      {{{"message", "too short"}}, "message"},
      {{{"message", std::string(5001, 'x')}}, "message"},
      {{{"phone", "call me"}}, "phone"},
  };
  for (const auto& c : cases) {
    auto s = parse_submission(body(c.patch));
    ASSERT_EQ(fields(s), std::vector<std::string>{c.field}) << json::serialize(c.patch);
  }
}

TEST(WebForm, LimitsCountCharactersNotBytes) {
  // 10 two-byte characters are a valid minimum message; 5000 of them are within the limit.
  std::string ten;
  for (int i = 0; i < 10; ++i) ten += "é";
  EXPECT_TRUE(parse_submission(body({{"message", ten}})).errors.empty());
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "é";
  EXPECT_TRUE(parse_submission(body({{"message", many}})).errors.empty());
}

TEST(WebForm, ControlCharactersAreRemoved) {
  auto s = parse_submission(body({{"subject", "Hi\x01\x02 there\r"}, {"message", "line one\nline two\x07 ok"}}));
  ASSERT_TRUE(s.errors.empty());
  EXPECT_EQ(s.message.subject, "Hi there");
  EXPECT_EQ(s.message.body, "line one\nline two ok");
}

TEST(WebForm, NotJsonIsOneBodyError) {
  EXPECT_EQ(fields(parse_submission("nope")), std::vector<std::string>{"body"});
  EXPECT_EQ(fields(parse_submission("[]")), std::vector<std::string>{"body"});
}

TEST(WebForm, StatusJsonMentionsEscalationOnlyWhenEscalated) {
  TicketView v;
  v.ticket.id = "t";
  v.ticket.status = "responded";
  StoredMessage out;
  out.direction = "outbound";
  out.role = "agent";
  out.content = "Go to the reset page.";
  v.messages.push_back(out);
  auto j = ticket_status_json(v);
  EXPECT_EQ(j.find("escalat"), std::string::npos);
  EXPECT_NE(j.find("\"reply\":\"Go to the reset page.\""), std::string::npos);
  v.ticket.status = "escalated";
  v.ticket.escalation_reason = "pricing_inquiry";
  j = ticket_status_json(v);
  EXPECT_NE(j.find("\"escalated\":true"), std::string::npos);
  EXPECT_NE(j.find("pricing_inquiry"), std::string::npos);
}

TEST(SubmitContentType, OnlyJsonIsAccepted) {
  EXPECT_TRUE(is_json_content_type("application/json"));
  EXPECT_TRUE(is_json_content_type("Application/JSON; charset=utf-8"));
  EXPECT_TRUE(is_json_content_type(" application/json ;charset=UTF-8"));
  EXPECT_FALSE(is_json_content_type(""));
  EXPECT_FALSE(is_json_content_type("text/plain"));
  EXPECT_FALSE(is_json_content_type("application/x-www-form-urlencoded"));
  EXPECT_FALSE(is_json_content_type("multipart/form-data; boundary=x"));
  EXPECT_FALSE(is_json_content_type("application/jsonp"));
  EXPECT_FALSE(is_json_content_type("text/json"));
}

TEST(IdempotencyScope, TheSameKeyFromAnotherSubmitterIsAnotherId) {
  auto a = idempotency_scope("ana@example.com", "order-1001");
  EXPECT_EQ(a, idempotency_scope("ana@example.com", "order-1001"));
  EXPECT_NE(a, idempotency_scope("bob@example.com", "order-1001"));
  EXPECT_NE(a, idempotency_scope("ana@example.com", "order-1002"));
  EXPECT_EQ(a.find("ana@example.com"), std::string::npos) << "no email in the stored id";
}
