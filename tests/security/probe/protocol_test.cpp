// Protocol-level probes: HEAD carries no body, request framing (odd Transfer-Encoding, chunked on
// HTTP/1.0, missing or doubled Host) is refused with 400 before any body is read, nosniff on every
// response, /support/submit accepts JSON only, and every HTML response has a CSP that forbids
// framing (the support form: only the configured FTE_FORM_FRAME_ANCESTORS).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "shared_serve.h"

namespace fte::security {
namespace {

std::string submit_body(const std::string& email) {
  return testing::form(email, "How do I reset my password, please?");
}

TEST(Protocol, HeadAnswersHeadersOnly) {
  ASSERT_TRUE(shared().serve->ready());
  for (const char* p : {"/health", "/ready", "/", "/console", "/static/fte.css", "/metrics",
                        "/support/ticket/00000000-0000-0000-0000-000000000000", "/no-such"}) {
    // A HEAD then a GET on one connection: the second answer must start right after the first
    // head (a body after HEAD would be read as garbage by a proxy).
    Raw c(shared().port);
    ASSERT_TRUE(c.send(std::string("HEAD ") + p + " HTTP/1.1\r\nHost: x\r\n\r\n" +
                       "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    std::string r = c.read_all(3s);
    auto end = r.find("\r\n\r\n");
    ASSERT_NE(end, std::string::npos) << p;
    EXPECT_EQ(r.compare(end + 4, 9, "HTTP/1.1 "), 0) << p << ": HEAD answer has a body\n" << r;
    EXPECT_NE(r.find("Content-Length: "), std::string::npos) << p;
  }
}

TEST(Protocol, OddTransferEncodingsAre400) {
  ASSERT_TRUE(shared().serve->ready());
  const std::string body = submit_body("te@example.com");
  for (const char* te : {"xchunked", "chunked, gzip", "gzip", "identity", "chunked , chunked",
                         "\"chunked\"", "chunkedx"}) {
    std::string req = std::string("POST /support/submit HTTP/1.1\r\nHost: x\r\n") +
                      "Content-Type: application/json\r\nTransfer-Encoding: " + te + "\r\n\r\n" +
                      "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    std::string r = raw_exchange(shared().port, req);
    EXPECT_EQ(status_of(r), 400) << te << "\n" << r.substr(0, 200);
    EXPECT_EQ(r.find("HTTP/1.1 200"), std::string::npos) << te << ": the body ran as a request";
  }
  // Two Transfer-Encoding fields, and chunked on HTTP/1.0.
  EXPECT_EQ(status_of(raw_exchange(shared().port,
                                   "POST /support/submit HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                                   "chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")),
            400);
  EXPECT_EQ(status_of(raw_exchange(shared().port,
                                   "POST /support/submit HTTP/1.0\r\nTransfer-Encoding: chunked\r\n"
                                   "Content-Type: application/json\r\n\r\n0\r\n\r\n")),
            400);
  // Content-Length and Transfer-Encoding together (smuggling) stay refused.
  EXPECT_EQ(status_of(raw_exchange(shared().port,
                                   "POST /support/submit HTTP/1.1\r\nHost: x\r\nContent-Length: "
                                   "4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")),
            400);
}

TEST(Protocol, Http11NeedsExactlyOneHost) {
  ASSERT_TRUE(shared().serve->ready());
  EXPECT_EQ(status_of(raw_exchange(shared().port, "GET /health HTTP/1.1\r\n\r\n")), 400);
  EXPECT_EQ(status_of(raw_exchange(shared().port,
                                   "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")),
            400);
  EXPECT_EQ(status_of(raw_exchange(shared().port, "GET /health HTTP/1.0\r\n\r\n")), 200);
}

TEST(Protocol, EveryResponseSaysNosniff) {
  ASSERT_TRUE(shared().serve->ready());
  for (const char* p : {"/health", "/ready", "/metrics", "/metrics/channels", "/", "/console",
                        "/static/form.js", "/no-such", "/static/%2fetc%2fpasswd",
                        "/customers/lookup?email=a@example.com"}) {
    auto r = call("GET", url(p));
    EXPECT_EQ(lower(header_of(r, "X-Content-Type-Options")), "nosniff") << p;
  }
  auto r = call("POST", url("/support/submit"), "{", {{"Content-Type", "application/json"}});
  EXPECT_EQ(lower(header_of(r, "X-Content-Type-Options")), "nosniff");
}

TEST(Protocol, SubmitAcceptsJsonOnly) {
  ASSERT_TRUE(shared().serve->ready());
  const std::string body = submit_body("ctype@example.com");
  for (const char* ct : {"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
                         "multipart/form-data; boundary=x", "application/jsonx", "text/json",
                         "application/json-patch+json", ""}) {
    Headers h;
    if (*ct) h.emplace_back("Content-Type", ct);
    h.emplace_back("Origin", "https://evil.example");
    auto r = call("POST", url("/support/submit"), body, h);
    EXPECT_EQ(r.status, 415) << "Content-Type: " << ct << " " << r.body;
    EXPECT_NE(r.body.find("\"field\":\"content-type\""), std::string::npos) << r.body;
    EXPECT_TRUE(header_of(r, "Access-Control-Allow-Origin").empty()) << ct;
  }
  for (const char* ct : {"application/json", "application/json; charset=utf-8", "Application/JSON"}) {
    auto r = call("POST", url("/support/submit"), body, {{"Content-Type", ct}});
    EXPECT_TRUE(r.status == 201 || r.status == 200) << ct << " " << r.status << " " << r.body;
  }
}

TEST(Protocol, HtmlPagesCannotBeFramedExceptTheFormByItsAllowList) {
  ASSERT_TRUE(shared().serve->ready());
  for (const char* p : {"/status", "/console", "/status?id=x"}) {
    auto r = call("GET", url(p));
    ASSERT_EQ(r.status, 200) << p;
    std::string csp = header_of(r, "Content-Security-Policy");
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << p << ": " << csp;
    EXPECT_EQ(csp.find("frame-ancestors *"), std::string::npos) << p;
    EXPECT_EQ(csp.find("'unsafe-inline'"), std::string::npos) << p;
  }
  for (const char* p : {"/", "/support", "/support?embed=1"}) {
    auto r = call("GET", url(p));
    ASSERT_EQ(r.status, 200) << p;
    std::string csp = header_of(r, "Content-Security-Policy");
    EXPECT_NE(csp.find("frame-ancestors " + kFormFrameAncestors + ";"), std::string::npos)
        << p << ": " << csp;
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << p;
  }
  // Every other text/html answer (errors included) must carry a CSP too, or not be HTML.
  for (const char* p : {"/no-such", "/static/x.html", "/console/api/escalations"}) {
    auto r = call("GET", url(p));
    if (lower(header_of(r, "Content-Type")).find("text/html") != std::string::npos) {
      EXPECT_FALSE(header_of(r, "Content-Security-Policy").empty()) << p;
    }
  }
}

}  // namespace
}  // namespace fte::security

namespace fte::security {
namespace {

TEST(Protocol, BidiOverridesAreKeptButRenderedIsolated) {
  ASSERT_TRUE(shared().serve->ready());
  const std::string rlo = "\xE2\x80\xAE";  // U+202E RIGHT-TO-LEFT OVERRIDE
  auto body = boost::json::serialize(boost::json::object{
      {"name", "Eve " + rlo + "nimda"}, {"email", "bidi@example.com"},
      {"subject", "Invoice " + rlo + "fdp.exe"}, {"category", "general"},
      {"message", "Please open " + rlo + "txt.exe the attachment"}});
  auto r = call("POST", url("/support/submit"), body, {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id(boost::json::parse(r.body).at("ticket_id").as_string());
  auto t = call("GET", url("/support/ticket/" + id));
  EXPECT_NE(boost::json::parse(t.body).at("subject").as_string().find(rlo), std::string::npos)
      << "the customer's text is kept as written";
  // The pages show it isolated: the stylesheet isolates every element that shows customer text,
  // and the console builds the customer line from <bdi> parts.
  std::string css = call("GET", url("/static/fte.css")).body;
  for (const char* sel : {"bdi", "#ticket-subject", "#customer", "#history .body", "#queue td",
                          "#subject", "#thread .body"})
    EXPECT_NE(css.find(sel), std::string::npos) << sel;
  EXPECT_NE(css.find("unicode-bidi: isolate"), std::string::npos);
  EXPECT_NE(call("GET", url("/static/console.js")).body.find("text('bdi'"), std::string::npos);
}

}  // namespace
}  // namespace fte::security
