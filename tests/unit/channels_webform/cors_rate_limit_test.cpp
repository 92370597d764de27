// The web form's guards on their own (the app-level tests drive them through the router):
// CorsPolicy's answers per origin and preflight, and SubmitRateLimit's token buckets per client
// (IPv4, IPv6 /64, proxy header), refill, Retry-After and its memory bound, on a fake clock.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "channels/webform/cors.h"
#include "channels/webform/rate_limit.h"

using namespace fte;
using namespace fte::channels::webform;

namespace {

class FakeClock final : public Clock {
 public:
  std::int64_t now_ms() const override { return now.load(); }
  std::atomic<std::int64_t> now{5'000'000};
};

std::string header(const http::Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "<none>";
}

http::Request options(std::string origin, std::string method) {
  http::Request q;
  q.method = "OPTIONS";
  q.path = "/support/submit";
  if (!origin.empty()) q.headers.emplace_back("origin", std::move(origin));
  if (!method.empty()) q.headers.emplace_back("access-control-request-method", std::move(method));
  return q;
}

}  // namespace

TEST(Cors, OriginsAreNormalisedAndCompareExactly) {
  EXPECT_EQ(CorsPolicy::normalise(" HTTPS://Shop.Example.com/ "), "https://shop.example.com");
  CorsPolicy p({"https://shop.example.com/", "http://localhost:3000", ""});
  EXPECT_TRUE(p.enabled());
  EXPECT_TRUE(p.allows("https://SHOP.example.com"));
  EXPECT_TRUE(p.allows("http://localhost:3000"));
  EXPECT_FALSE(p.allows("https://shop.example.com.evil.example"));
  EXPECT_FALSE(p.allows("http://shop.example.com"));  // scheme matters
  EXPECT_FALSE(p.allows(""));
  EXPECT_FALSE(p.allows("null"));
  EXPECT_FALSE(CorsPolicy({}).enabled());
}

TEST(Cors, AllowedOriginGetsHeadersOthersGetOnlyVary) {
  CorsPolicy p({"https://shop.example.com"});
  http::Response ok = http::Response::json(201, "{}");
  p.decorate("https://shop.example.com", ok);
  EXPECT_EQ(header(ok, "Access-Control-Allow-Origin"), "https://shop.example.com");
  EXPECT_EQ(header(ok, "Vary"), "Origin");
  EXPECT_EQ(header(ok, "Access-Control-Expose-Headers"), "Retry-After, X-Request-Id");
  EXPECT_EQ(header(ok, "Access-Control-Allow-Credentials"), "<none>");

  http::Response other = http::Response::json(201, "{}");
  p.decorate("https://evil.example", other);
  EXPECT_EQ(header(other, "Access-Control-Allow-Origin"), "<none>");
  EXPECT_EQ(header(other, "Vary"), "Origin");

  http::Response none = http::Response::json(201, "{}");
  p.decorate("", none);  // same-origin or non-browser: untouched
  EXPECT_TRUE(none.headers.empty());

  CorsPolicy any({"*"});
  http::Response star = http::Response::json(200, "{}");
  any.decorate("https://anyone.example", star);
  EXPECT_EQ(header(star, "Access-Control-Allow-Origin"), "*");
}

TEST(Cors, PreflightAnswersAllowedOriginsAndMethodsOnly) {
  CorsPolicy p({"https://shop.example.com"});
  auto yes = p.preflight(options("https://shop.example.com", "POST"), "POST");
  EXPECT_EQ(yes.status, 204);
  EXPECT_EQ(header(yes, "Access-Control-Allow-Origin"), "https://shop.example.com");
  EXPECT_EQ(header(yes, "Access-Control-Allow-Methods"), "POST, OPTIONS");
  EXPECT_EQ(header(yes, "Access-Control-Allow-Headers"),
            "Content-Type, Idempotency-Key, X-Request-Id");
  EXPECT_EQ(header(yes, "Access-Control-Max-Age"), "600");

  auto wrong_method = p.preflight(options("https://shop.example.com", "DELETE"), "GET, POST");
  EXPECT_EQ(wrong_method.status, 403);
  EXPECT_NE(wrong_method.body.find("forbidden"), std::string::npos);
  EXPECT_EQ(p.preflight(options("https://evil.example", "POST"), "POST").status, 403);
  EXPECT_EQ(p.preflight(options("https://shop.example.com", ""), "GET").status, 204);

  auto plain = p.preflight(options("", ""), "GET");  // not CORS: a plain OPTIONS
  EXPECT_EQ(plain.status, 204);
  EXPECT_EQ(header(plain, "Allow"), "GET, OPTIONS");
  EXPECT_EQ(header(plain, "Access-Control-Allow-Origin"), "<none>");
}

TEST(Cors, WrapDecoratesTheResponseWheneverItIsSent) {
  auto policy = std::make_shared<const CorsPolicy>(std::vector<std::string>{"https://a.example"});
  http::Respond later;
  auto h = CorsPolicy::wrap(policy, [&](http::Request&, http::Respond r) { later = std::move(r); });
  http::Request req;
  req.headers.emplace_back("origin", "https://a.example");
  http::Response got;
  h(req, [&](http::Response r) { got = std::move(r); });
  later(http::Response::json(201, "{}"));  // answered after the handler returned
  EXPECT_EQ(got.status, 201);
  EXPECT_EQ(header(got, "Access-Control-Allow-Origin"), "https://a.example");

  http::Request same_origin;
  h(same_origin, [&](http::Response r) { got = std::move(r); });
  later(http::Response::json(200, "{}"));
  EXPECT_EQ(header(got, "Vary"), "<none>");

  int calls = 0;
  auto off = CorsPolicy::wrap(std::make_shared<const CorsPolicy>(std::vector<std::string>{}),
                              [&](http::Request&, http::Respond) { ++calls; });
  off(req, [](http::Response) {});
  EXPECT_EQ(calls, 1);  // no policy: the handler itself
}

TEST(RateLimit, ClientKeysGroupIpv6ByPrefixAndUnwrapMappedIpv4) {
  EXPECT_EQ(client_key("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(client_key("2001:db8:1:2:aa:bb:cc:dd"), "2001:db8:1:2::/64");
  EXPECT_EQ(client_key("2001:db8:1:2::1"), client_key("2001:db8:1:2:ffff::9"));
  EXPECT_NE(client_key("2001:db8:1:2::1"), client_key("2001:db8:1:3::1"));
  EXPECT_EQ(client_key("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(client_key("not an address"), "not an address");
}

TEST(RateLimit, ClientAddressIsTheRightmostProxyEntry) {
  EXPECT_EQ(client_address("10.0.0.1", ""), "10.0.0.1");
  EXPECT_EQ(client_address("10.0.0.1", "198.51.100.1, 203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(client_address("10.0.0.1", " 203.0.113.9 "), "203.0.113.9");
}

TEST(RateLimit, BurstThenRetryAfterThenRefill) {
  FakeClock clock;
  SubmitRateLimit limit({.per_minute = 3, .max_clients = 1000}, clock);
  EXPECT_TRUE(limit.enabled());
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limit.acquire("203.0.113.7").allowed) << i;
  auto refused = limit.acquire("203.0.113.7");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_s, 20);  // 3 a minute: one token every 20 s
  EXPECT_TRUE(limit.acquire("203.0.113.8").allowed) << "another client has its own bucket";
  clock.now += 19'000;
  EXPECT_FALSE(limit.acquire("203.0.113.7").allowed);
  clock.now += 2'000;
  EXPECT_TRUE(limit.acquire("203.0.113.7").allowed);
  EXPECT_EQ(limit.tracked_clients(), 2u);
}

TEST(RateLimit, ZeroMeansUnlimited) {
  FakeClock clock;
  SubmitRateLimit off({.per_minute = 0, .max_clients = 10}, clock);
  EXPECT_FALSE(off.enabled());
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(off.acquire("203.0.113.7").allowed);
}

TEST(RateLimit, MemoryStaysBoundedUnderAFloodOfClients) {
  FakeClock clock;
  SubmitRateLimit limit({.per_minute = 2, .max_clients = 64}, clock);
  for (int i = 0; i < 5000; ++i)
    limit.acquire("198.51." + std::to_string(i / 256) + "." + std::to_string(i % 256));
  EXPECT_LE(limit.tracked_clients(), 64u);
  // A client still inside its window keeps being limited while others come and go.
  SubmitRateLimit small({.per_minute = 1, .max_clients = 32 * 4}, clock);
  EXPECT_TRUE(small.acquire("203.0.113.7").allowed);
  EXPECT_FALSE(small.acquire("203.0.113.7").allowed);
  clock.now += 61'000;  // refilled: indistinguishable from a new client, may be forgotten
  for (int i = 0; i < 1000; ++i) small.acquire("192.0.2.1" + std::to_string(i));
  EXPECT_LE(small.tracked_clients(), 128u);
  EXPECT_TRUE(small.acquire("203.0.113.7").allowed);
}
