// The tool-argument validator: types, required, enum, lengths, bounds, unknown arguments.
#include "agent/runtime/json_schema.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace fte::agent {
namespace {

namespace json = boost::json;

const json::object& schema() {
  static const json::object s = json::parse(R"({
    "type":"object","additionalProperties":false,"required":["query"],
    "properties":{
      "query":{"type":"string","minLength":1,"maxLength":10},
      "max_results":{"type":"integer","minimum":1,"maximum":5},
      "ratio":{"type":"number","minimum":0,"maximum":1},
      "channel":{"type":"string","enum":["email","whatsapp","webform"]},
      "flag":{"type":"boolean"}}})")
                                    .as_object();
  return s;
}

std::optional<std::string> check(const char* args) {
  return validate_args(schema(), json::parse(args).as_object());
}

TEST(JsonSchema, AcceptsValidArguments) {
  EXPECT_EQ(check(R"({"query":"reset"})"), std::nullopt);
  EXPECT_EQ(check(R"({"query":"reset","max_results":5,"ratio":0.5,"channel":"email","flag":true})"),
            std::nullopt);
  EXPECT_EQ(check(R"({"query":"x","max_results":3.0})"), std::nullopt);  // whole double
}

TEST(JsonSchema, RejectsWithFieldNamedMessage) {
  EXPECT_EQ(check(R"({})"), "query: is required");
  EXPECT_EQ(check(R"({"query":5})"), "query: must be a string");
  EXPECT_EQ(check(R"({"query":""})"), "query: must be at least 1 characters");
  EXPECT_EQ(check(R"({"query":"01234567890"})"), "query: must be at most 10 characters");
  EXPECT_EQ(check(R"({"query":"a","max_results":6})"), "max_results: must be <= 5");
  EXPECT_EQ(check(R"({"query":"a","max_results":0})"), "max_results: must be >= 1");
  EXPECT_EQ(check(R"({"query":"a","max_results":2.5})"), "max_results: must be an integer");
  EXPECT_EQ(check(R"({"query":"a","max_results":"5"})"), "max_results: must be a number");
  EXPECT_EQ(check(R"({"query":"a","channel":"sms"})"),
            "channel: must be one of email|whatsapp|webform");
  EXPECT_EQ(check(R"({"query":"a","flag":"yes"})"), "flag: must be true or false");
  EXPECT_EQ(check(R"({"query":"a","ratio":1.5})"), "ratio: must be <= 1");
  EXPECT_EQ(check(R"({"query":"a","extra":1})"), "extra: is not a known argument");
}

TEST(JsonSchema, OpenSchemaIgnoresUnknownArguments) {
  auto open = json::parse(R"({"type":"object","properties":{"a":{"type":"string"}}})").as_object();
  EXPECT_EQ(validate_args(open, json::parse(R"({"b":1})").as_object()), std::nullopt);
  EXPECT_EQ(validate_args(open, json::parse(R"({"a":1})").as_object()), "a: must be a string");
}

}  // namespace
}  // namespace fte::agent
