// The response head the server writes, and request-id rules.
#include "http/wire.h"

#include <gtest/gtest.h>

namespace fte::http::wire {
namespace {

std::string head(const Response& r, bool keep_alive = true, bool http10 = false) {
  std::string out;
  append_response_head(out, r, "rid-1", keep_alive, http10);
  // Drop the Date line: it changes every second.
  auto d = out.find("Date: ");
  if (d != std::string::npos) out.erase(d, out.find("\r\n", d) + 2 - d);
  return out;
}

TEST(ResponseHead, JsonWithDefaults) {
  EXPECT_EQ(
      head(Response::json(200, R"({"a":1})")),
      "HTTP/1.1 200 OK\r\nServer: fte\r\nContent-Type: application/json\r\nX-Request-Id: rid-1\r\n"
      "X-Content-Type-Options: nosniff\r\nContent-Length: 7\r\n\r\n");
}

TEST(ResponseHead, HasADateLine) {
  std::string out;
  append_response_head(out, Response::json(200, "{}"), "r", true, false);
  EXPECT_NE(out.find("\r\nDate: "), std::string::npos);
  EXPECT_NE(out.find(" GMT\r\n"), std::string::npos);
}

TEST(ResponseHead, HandlerHeadersReplaceOrAddButNeverFrameOrInject) {
  Response r = Response::text(503, "busy");
  r.headers = {{"Retry-After", "1"},
               {"content-type", "text/html"},
               {"Content-Length", "999"},
               {"Connection", "keep-alive"},
               {"X-Evil", "a\r\nSet-Cookie: x=1"},
               {"Bad\nName", "v"},
               {"Set-Cookie", "a=1"},
               {"Set-Cookie", "b=2"}};
  EXPECT_EQ(
      head(r, false),
      "HTTP/1.1 503 Service Unavailable\r\nServer: fte\r\nX-Request-Id: rid-1\r\n"
      "X-Content-Type-Options: nosniff\r\nRetry-After: 1\r\n"
      "content-type: text/html\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 4\r\n"
      "Connection: close\r\n\r\n");
}

TEST(ResponseHead, NoContentHasNoLengthAndHttp10KeepsAliveExplicitly) {
  Response r;
  r.status = 204;
  r.content_type.clear();
  EXPECT_EQ(head(r, true, true),
            "HTTP/1.1 204 No Content\r\nServer: fte\r\nX-Request-Id: rid-1\r\n"
            "X-Content-Type-Options: nosniff\r\nConnection: "
            "keep-alive\r\n\r\n");
}

TEST(ResponseHead, ReasonPhrases) {
  EXPECT_EQ(reason(413), "Content Too Large");
  EXPECT_EQ(reason(431), "Request Header Fields Too Large");
  EXPECT_EQ(reason(299), "Status");
}

TEST(RequestId, SaneTokens) {
  EXPECT_TRUE(sane_request_id("abc-DEF_012.x"));
  EXPECT_TRUE(sane_request_id(std::string(64, 'a')));
  EXPECT_FALSE(sane_request_id(std::string(65, 'a')));
  EXPECT_FALSE(sane_request_id(""));
  EXPECT_FALSE(sane_request_id("a b"));
  EXPECT_FALSE(sane_request_id("a\r\nb"));
  EXPECT_FALSE(sane_request_id("ü"));
  std::string a, b;
  generate_request_id(a);
  generate_request_id(b);
  EXPECT_EQ(a.size(), 16u);
  EXPECT_TRUE(sane_request_id(a));
  EXPECT_NE(a, b);
}

TEST(MethodLabel, BoundsLabelValues) {
  EXPECT_EQ(method_label("GET"), "GET");
  EXPECT_EQ(method_label("BREW"), "other");
}

}  // namespace
}  // namespace fte::http::wire
