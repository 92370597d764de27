// Percent-decoding, form bodies, query parameters and the JSON error body.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/http.h"

namespace fte::http {
namespace {

TEST(UrlDecode, DecodesEscapesAndKeepsMalformedOnes) {
  EXPECT_EQ(url_decode("a%20b"), "a b");
  EXPECT_EQ(url_decode("%41%62%7e"), "Ab~");
  EXPECT_EQ(url_decode("a+b"), "a+b");
  EXPECT_EQ(url_decode("a+b", true), "a b");
  EXPECT_EQ(url_decode("100%"), "100%");
  EXPECT_EQ(url_decode("%4"), "%4");
  EXPECT_EQ(url_decode("%zz%41"), "%zzA");
  EXPECT_EQ(url_decode("caf%C3%A9"), "caf\xC3\xA9");
  EXPECT_EQ(url_decode(""), "");
}

TEST(ParseForm, DecodesPairsInOrder) {
  auto f =
      parse_form("name=Ada+Lovelace&email=ada%40example.com&&message=Hi%21+%26+bye&empty=&flag");
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f[0], (std::pair<std::string, std::string>{"name", "Ada Lovelace"}));
  EXPECT_EQ(f[1], (std::pair<std::string, std::string>{"email", "ada@example.com"}));
  EXPECT_EQ(f[2], (std::pair<std::string, std::string>{"message", "Hi! & bye"}));
  EXPECT_EQ(f[3], (std::pair<std::string, std::string>{"empty", ""}));
  EXPECT_EQ(f[4], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_TRUE(parse_form("").empty());
}

TEST(Request, QueryParamsAreDecoded) {
  Request r;
  r.query = "email=ada%40example.com&phone=%2B14155550101&q=a+b&flag";
  EXPECT_EQ(r.query_param("email"), "ada@example.com");
  EXPECT_EQ(r.query_param("phone"), "+14155550101");
  EXPECT_EQ(r.query_param("q"), "a b");
  EXPECT_EQ(r.query_param("flag"), "");
  EXPECT_EQ(r.query_param("missing"), std::nullopt);
}

TEST(Request, HeaderLookupUsesLowerCaseNames) {
  Request r;
  r.headers = {{"content-type", "application/json"}, {"x-request-id", "abc"}};
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("x-request-id"), "abc");
  EXPECT_EQ(r.header("accept"), "");
}

TEST(Response, ErrorBodyIsEscapedJsonAndOmitsEmptyField) {
  auto r = Response::error(422, "invalid_argument", "bad \"email\"\n<script>", "email");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.content_type, "application/json");
  auto v = boost::json::parse(r.body);
  EXPECT_EQ(v.at("error").at("code").as_string(), "invalid_argument");
  EXPECT_EQ(v.at("error").at("message").as_string(), "bad \"email\"\n<script>");
  EXPECT_EQ(v.at("error").at("field").as_string(), "email");

  auto n = Response::error(404, "not_found", "no such ticket");
  EXPECT_EQ(n.body, R"({"error":{"code":"not_found","message":"no such ticket"}})");
}

TEST(Response, Builders) {
  auto j = Response::json(201, R"({"ok":true})");
  EXPECT_EQ(j.status, 201);
  EXPECT_EQ(j.content_type, "application/json");
  auto t = Response::text(200, "hello");
  EXPECT_EQ(t.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(Response::text(200, "<p>", "text/html").content_type, "text/html");
}

}  // namespace
}  // namespace fte::http
