// Router: literal segments, {name} captures, trailing "/*", specificity, and 405 detection.
#include <gtest/gtest.h>

#include "http/http.h"

namespace fte::http {
namespace {

Handler tag(std::string name) {
  return [name](Request&, Respond respond) { respond(Response::text(200, name)); };
}

// Runs the matched handler and returns the body it answered with ("" when nothing matched).
std::string dispatch(const Router& r, const std::string& method, const std::string& path,
                     Request* out = nullptr) {
  Request req;
  req.method = method;
  req.path = path;
  auto m = r.match(req);
  if (out) *out = req;
  if (!m.handler) return "";
  std::string body;
  (*m.handler)(req, [&body](Response resp) { body = resp.body; });
  return body;
}

Router support_routes() {
  Router r;
  r.add("GET", "/health", tag("health"));
  r.add("GET", "/support/ticket/{id}", tag("ticket"), "ticket_status");
  r.add("GET", "/support/ticket/new", tag("ticket_new"));
  r.add("POST", "/support/submit", tag("submit"));
  r.add("GET", "/conversations/{id}/messages/{n}", tag("message"));
  r.add("GET", "/static/*", tag("static"));
  r.add("GET", "/static/app.js", tag("app_js"));
  r.add("GET", "/", tag("root"));
  return r;
}

TEST(Router, MatchesByPatternTable) {
  Router r = support_routes();
  struct Case {
    const char* method;
    const char* path;
    const char* handler;
  } cases[] = {
      {"GET", "/health", "health"},
      {"GET", "/health/", "health"},  // one trailing slash is ignored
      {"GET", "/healthz", ""},        // no prefix matching
      {"GET", "/support/ticket/T-123", "ticket"},
      {"GET", "/support/ticket/new", "ticket_new"},  // literal beats capture
      {"GET", "/support/ticket", ""},                // capture needs a segment
      {"GET", "/support/ticket/a/b", ""},            // and only one
      {"POST", "/support/submit", "submit"},
      {"GET", "/conversations/c1/messages/7", "message"},
      {"GET", "/static/css/site.css", "static"},
      {"GET", "/static/app.js", "app_js"},  // literal beats the rest wildcard
      {"GET", "/static", "static"},         // the rest may be empty
      {"GET", "/", "root"},
      {"GET", "/unknown", ""},
  };
  for (const auto& c : cases)
    EXPECT_EQ(dispatch(r, c.method, c.path), c.handler) << c.method << " " << c.path;
}

// A path spelled exactly as a literal pattern is matched without the segment-by-segment scan: the
// result is the scan's (the literal beats a capture or "/*" added before it, the first of two equal
// literals wins, captures of an earlier match are gone), and other spellings still take the scan.
TEST(Router, ALiteralPathMatchesAheadOfEarlierCapturesAndTheFirstEqualLiteralWins) {
  Router r;
  r.add("GET", "/a/{id}", tag("capture"));
  r.add("GET", "/a/*", tag("rest"));
  r.add("POST", "/a/b", tag("post_b"));
  r.add("GET", "/a/b", tag("first_b"), "b_route", Dispatch::io);
  r.add("GET", "/a/b/", tag("second_b"));
  Request req;
  req.method = "GET";
  req.path = "/a/b";
  req.params = {{"id", "stale"}};
  auto m = r.match(req);
  ASSERT_TRUE(m.handler);
  EXPECT_EQ(m.route, "b_route");
  EXPECT_EQ(m.dispatch, Dispatch::io);
  EXPECT_TRUE(req.params.empty());
  EXPECT_EQ(dispatch(r, "GET", "/a/b"), "first_b");
  EXPECT_EQ(dispatch(r, "GET", "/a/b/"), "first_b");  // the scan: one trailing slash ignored
  EXPECT_EQ(dispatch(r, "POST", "/a/b"), "post_b");
  EXPECT_EQ(dispatch(r, "GET", "/a/c"), "capture");
  EXPECT_EQ(dispatch(r, "GET", "/a/b/c"), "rest");
  Request put;
  put.method = "PUT";
  put.path = "/a/b";
  auto none = r.match(put);
  EXPECT_FALSE(none.handler);
  EXPECT_TRUE(none.path_known);
  EXPECT_EQ(none.allow, "GET, POST");
}

TEST(Router, FillsCapturesAndRest) {
  Router r = support_routes();
  Request req;
  dispatch(r, "GET", "/conversations/conv-9/messages/42", &req);
  EXPECT_EQ(req.param("id"), "conv-9");
  EXPECT_EQ(req.param("n"), "42");
  EXPECT_EQ(req.param("missing"), "");
  dispatch(r, "GET", "/static/css/site.css", &req);
  EXPECT_EQ(req.param("*"), "css/site.css");
}

TEST(Router, RouteNameDefaultsToPattern) {
  Router r = support_routes();
  Request req;
  req.method = "GET";
  req.path = "/support/ticket/abc";
  EXPECT_EQ(r.match(req).route, "ticket_status");
  req.path = "/health";
  EXPECT_EQ(r.match(req).route, "/health");
}

TEST(Router, ReportsKnownPathWithOtherMethod) {
  Router r = support_routes();
  r.add("PUT", "/support/submit", tag("put"));
  Request req;
  req.method = "DELETE";
  req.path = "/support/submit";
  auto m = r.match(req);
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_TRUE(m.path_known);
  EXPECT_EQ(m.allow, "POST, PUT");
  req.path = "/nowhere";
  m = r.match(req);
  EXPECT_FALSE(m.path_known);
  EXPECT_EQ(m.handler, nullptr);
}

TEST(Router, WildcardCatchAllLosesToSpecificRoutes) {
  Router r;
  r.add("GET", "/*", tag("any"));
  r.add("GET", "/token", tag("token"));
  EXPECT_EQ(dispatch(r, "GET", "/token"), "token");
  EXPECT_EQ(dispatch(r, "GET", "/oauth2/v3/certs"), "any");
  EXPECT_EQ(dispatch(r, "GET", "/"), "any");
}

}  // namespace
}  // namespace fte::http
