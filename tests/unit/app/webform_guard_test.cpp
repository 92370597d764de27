// The public web-form API's guards: the per-client submit rate limit (token bucket on a fake
// clock), client addresses, CORS for configured origins only, and their wiring into the routes
// (429 with Retry-After and a JSON body; preflight answered; no CORS header for other origins).
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <thread>
#include <vector>

#include "app/config.h"
#include "channels/webform/cors.h"
#include "channels/webform/rate_limit.h"
#include "channels/webform/webform.h"
#include "core/ids.h"
#include "http/errors.h"
#include "ops/metrics.h"
#include "store/store.h"

namespace json = boost::json;
using namespace fte;
using namespace fte::channels::webform;

namespace {

class FakeClock final : public Clock {
 public:
  std::int64_t now_ms() const override { return now.load(); }
  std::atomic<std::int64_t> now{1'000'000};
};

std::string_view header(const http::Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

bool has_header(const http::Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return true;
  return false;
}

// Routes a request through the router like the server does (typed errors → JSON in one place).
http::Response call(const http::Router& router, http::Request req) {
  auto m = router.match(req);
  if (!m.handler) return http::Response::error(m.path_known ? 405 : 404, "x", "unrouted");
  http::Response out;
  bool answered = false;
  try {
    (*m.handler)(req, [&](http::Response r) {
      out = std::move(r);
      answered = true;
    });
  } catch (...) {
    return http::error_response(std::current_exception());
  }
  EXPECT_TRUE(answered) << "handler answered synchronously";
  return out;
}

http::Request request(std::string method, std::string path, std::string body = {},
                      std::vector<std::pair<std::string, std::string>> headers = {},
                      std::string remote = "198.51.100.7") {
  http::Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.target = r.path;
  r.body = std::move(body);
  r.headers = std::move(headers);
  // A JSON body is sent as JSON (what the form does), unless the test names a Content-Type.
  bool typed = false;
  for (const auto& [k, v] : r.headers) typed = typed || k == "content-type";
  if (!typed && r.method == "POST") r.headers.emplace_back("content-type", "application/json");
  r.remote_addr = std::move(remote);
  r.request_id = "test";
  return r;
}

// An intake that accepts everything at once (the store is not under test here).
class AcceptingIntake final : public channels::Intake {
 public:
  void accept(InboundMessage msg, std::function<void(IngestOutcome)> done) override {
    ++accepted;
    IngestOutcome o;
    o.result.ticket_id = msg.ticket_id;
    done(std::move(o));
  }
  std::atomic<int> accepted{0};
};

// Stores each submission in the real store (blocking ingest) and keeps what the form sent it.
class StoringIntake final : public channels::Intake {
 public:
  explicit StoringIntake(Store& store) : store_(store) {}
  void accept(InboundMessage msg, std::function<void(IngestOutcome)> done) override {
    sent.push_back(msg);
    IngestOutcome o;
    try {
      o.result = store_.ingest(std::move(msg), {});
    } catch (...) {
      o.error = std::current_exception();
    }
    done(std::move(o));
  }
  std::vector<InboundMessage> sent;

 private:
  Store& store_;
};

const char* kForm =
    R"({"name":"Ana Lima","email":"ana@example.com","subject":"Hi","category":"general","message":"How do I reset my password?"})";

}  // namespace

// ------------------------------------------------------------------------------- client address

TEST(ClientKey, Ipv4AsIsIpv6ByPrefixMappedAsIpv4) {
  EXPECT_EQ(client_key("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(client_key("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(client_key("2001:db8:1:2:aa:bb:cc:dd"), "2001:db8:1:2::/64");
  EXPECT_EQ(client_key("2001:db8:1:2::1"), client_key("2001:db8:1:2:ffff::9"))
      << "one /64 is one client";
  EXPECT_NE(client_key("2001:db8:1:2::1"), client_key("2001:db8:1:3::1"));
  EXPECT_EQ(client_key("[2001:db8::1]"), "2001:db8::/64");
  EXPECT_EQ(client_key("fe80::1%eth0"), "fe80::/64");
  EXPECT_EQ(client_key("not an address"), "not an address");
}

TEST(ClientAddress, RightmostForwardedEntryElseThePeer) {
  EXPECT_EQ(client_address("10.0.0.1", "203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(client_address("10.0.0.1", "1.2.3.4, 203.0.113.9"), "203.0.113.9")
      << "the leftmost entries are what the client claimed; the proxy appended the last";
  EXPECT_EQ(client_address("10.0.0.1", " 203.0.113.9 "), "203.0.113.9");
  EXPECT_EQ(client_address("10.0.0.1", ""), "10.0.0.1");
  EXPECT_EQ(client_address("10.0.0.1", "1.2.3.4, "), "10.0.0.1");
}

// ------------------------------------------------------------------------------- token bucket

TEST(SubmitRateLimit, BurstsUpToTheRateThenRefillsOverTime) {
  FakeClock clock;
  SubmitRateLimit limit({.per_minute = 6}, clock);
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(limit.acquire("a").allowed) << i;
  auto d = limit.acquire("a");
  ASSERT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_s, 10) << "6 a minute: one token every 10 s";
  clock.now += 4'000;
  d = limit.acquire("a");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_s, 6);
  clock.now += 6'000;
  EXPECT_TRUE(limit.acquire("a").allowed) << "a token is back after 10 s";
  EXPECT_FALSE(limit.acquire("a").allowed);
  clock.now += 3'600'000;
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(limit.acquire("a").allowed) << "refilled, capped at 6";
  EXPECT_FALSE(limit.acquire("a").allowed);
}

TEST(SubmitRateLimit, ClientsHaveTheirOwnBuckets) {
  FakeClock clock;
  SubmitRateLimit limit({.per_minute = 1}, clock);
  EXPECT_TRUE(limit.acquire("198.51.100.1").allowed);
  EXPECT_FALSE(limit.acquire("198.51.100.1").allowed);
  EXPECT_TRUE(limit.acquire("198.51.100.2").allowed);
  auto d = limit.acquire("198.51.100.1");
  EXPECT_EQ(d.retry_after_s, 60);
}

TEST(SubmitRateLimit, ZeroMeansNoLimit) {
  FakeClock clock;
  SubmitRateLimit limit({.per_minute = 0}, clock);
  EXPECT_FALSE(limit.enabled());
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(limit.acquire("a").allowed);
  EXPECT_EQ(limit.tracked_clients(), 0u);
}

TEST(SubmitRateLimit, AClockSteppingBackRefillsNothing) {
  FakeClock clock;
  SubmitRateLimit limit({.per_minute = 1}, clock);
  EXPECT_TRUE(limit.acquire("a").allowed);
  clock.now -= 120'000;
  EXPECT_FALSE(limit.acquire("a").allowed);
  clock.now += 120'000 + 60'000;
  EXPECT_TRUE(limit.acquire("a").allowed);
}

TEST(SubmitRateLimit, MemoryIsBoundedAndIdleClientsAreForgottenFirst) {
  FakeClock clock;
  SubmitRateLimit limit({.per_minute = 2, .max_clients = 64}, clock);
  for (int i = 0; i < 5000; ++i)
    limit.acquire("10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256));
  EXPECT_LE(limit.tracked_clients(), 64u);
  EXPECT_GE(limit.tracked_clients(), 32u);
  // Once the flood's buckets have refilled they are forgotten before anyone else.
  clock.now += 60'000;
  EXPECT_TRUE(limit.acquire("203.0.113.1").allowed);
  EXPECT_TRUE(limit.acquire("203.0.113.1").allowed);
  EXPECT_FALSE(limit.acquire("203.0.113.1").allowed);
  EXPECT_LE(limit.tracked_clients(), 64u);
}

TEST(SubmitRateLimit, ConcurrentClientsNeverGetMoreThanTheirTokens) {
  FakeClock clock;
  SubmitRateLimit limit({.per_minute = 100}, clock);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i) {
        if (limit.acquire("shared").allowed) ++allowed;
        limit.acquire("own-" + std::to_string(t));
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(allowed.load(), 100) << "exactly the bucket, no lost updates";
}

// ------------------------------------------------------------------------------- CORS policy

TEST(CorsPolicy, OnlyConfiguredOriginsAreAllowed) {
  CorsPolicy p({"https://shop.example.com", "http://localhost:3000/"});
  EXPECT_TRUE(p.enabled());
  EXPECT_TRUE(p.allows("https://shop.example.com"));
  EXPECT_TRUE(p.allows("HTTPS://Shop.Example.com"));
  EXPECT_TRUE(p.allows("http://localhost:3000"));
  EXPECT_FALSE(p.allows("http://shop.example.com")) << "scheme matters";
  EXPECT_FALSE(p.allows("https://shop.example.com.evil.test"));
  EXPECT_FALSE(p.allows("https://evil.test"));
  EXPECT_FALSE(p.allows("null"));
  EXPECT_FALSE(p.allows(""));
  EXPECT_FALSE(CorsPolicy({}).enabled());
  EXPECT_FALSE(CorsPolicy({}).allows("https://shop.example.com"));
  CorsPolicy any({"*"});
  EXPECT_TRUE(any.allows("https://anything.test"));
  http::Response r;
  any.decorate("https://anything.test", r);
  EXPECT_EQ(header(r, "Access-Control-Allow-Origin"), "*");
}

TEST(CorsPolicy, DecoratesOnlyAllowedOrigins) {
  CorsPolicy p({"https://shop.example.com"});
  http::Response ok, other, none;
  p.decorate("https://shop.example.com", ok);
  EXPECT_EQ(header(ok, "Access-Control-Allow-Origin"), "https://shop.example.com");
  EXPECT_EQ(header(ok, "Vary"), "Origin");
  EXPECT_FALSE(has_header(ok, "Access-Control-Allow-Credentials"));
  p.decorate("https://evil.test", other);
  EXPECT_FALSE(has_header(other, "Access-Control-Allow-Origin"));
  EXPECT_EQ(header(other, "Vary"), "Origin");
  p.decorate("", none);
  EXPECT_TRUE(none.headers.empty());
}

// ------------------------------------------------------------------------------- wired routes

class WebformRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("fte-webform-" + new_uuid());
    std::filesystem::create_directories(dir_);
    StoreOptions so;
    so.url = "sqlite://" + (dir_ / "fte.db").string();
    store_ = open_sqlite_store(so);
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void build(Options o) { register_routes(router_, intake_, *store_, metrics_, o); }
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  http::Router router_;
  AcceptingIntake intake_;
  ops::Metrics metrics_;
};

TEST_F(WebformRoutes, SubmitOverTheRateIs429WithRetryAfterAndAJsonBody) {
  build({.submit_rate_per_minute = 2});
  auto post = [&](std::string remote) {
    return call(router_, request("POST", "/support/submit", kForm,
                                 {{"content-type", "application/json"}}, remote));
  };
  EXPECT_EQ(post("198.51.100.7").status, 201);
  EXPECT_EQ(post("198.51.100.7").status, 201);
  auto r = post("198.51.100.7");
  ASSERT_EQ(r.status, 429) << r.body;
  auto retry = std::string(header(r, "Retry-After"));
  ASSERT_FALSE(retry.empty());
  EXPECT_GE(std::stoi(retry), 1);
  EXPECT_LE(std::stoi(retry), 30);
  auto body = json::parse(r.body).as_object();
  EXPECT_EQ(body.at("error").at("code").as_string(), "rate_limited");
  EXPECT_EQ(body.at("error").at("retry_after_seconds").as_int64(), std::stoi(retry));
  EXPECT_EQ(intake_.accepted.load(), 2) << "a refused submission is not stored";
  EXPECT_EQ(post("198.51.100.8").status, 201) << "another client is not affected";
  EXPECT_NE(metrics_.render().find("result=\"rate_limited\""), std::string::npos);
}

TEST_F(WebformRoutes, ClientAddressComesFromTheConfiguredProxyHeader) {
  build({.submit_rate_per_minute = 1, .client_ip_header = "X-Forwarded-For"});
  auto post = [&](std::string xff) {
    return call(router_,
                request("POST", "/support/submit", kForm, {{"x-forwarded-for", xff}}, "10.0.0.1"));
  };
  EXPECT_EQ(post("203.0.113.1").status, 201);
  EXPECT_EQ(post("203.0.113.2").status, 201) << "two clients behind one proxy";
  EXPECT_EQ(post("203.0.113.1").status, 429);
  EXPECT_EQ(post("9.9.9.9, 203.0.113.1").status, 429) << "a forged leftmost entry does not help";
}

TEST_F(WebformRoutes, SubmitRunsOnTheIoThreadOnlyWhenNoLimitCanBlockOnTheStore) {
  // No store-backed limit: nothing in the handler blocks, so no hop to a worker thread.
  build({.submit_rate_per_minute = 0});
  auto submit = request("POST", "/support/submit", kForm);
  EXPECT_EQ(router_.match(submit).dispatch, http::Dispatch::io);
  // A limit counts in the store's shared counters (a blocking call): a worker runs it.
  http::Router limited;
  register_routes(limited, intake_, *store_, metrics_, {.submit_rate_per_minute = 5});
  EXPECT_EQ(limited.match(submit).dispatch, http::Dispatch::worker);
  http::Router per_customer;
  register_routes(per_customer, intake_, *store_, metrics_,
                  {.submit_rate_per_minute = 0, .submit_rate_per_customer_per_hour = 3});
  EXPECT_EQ(per_customer.match(submit).dispatch, http::Dispatch::worker);
}

TEST_F(WebformRoutes, AcceptedSubmissionAnswersTheTicketAndItsStatusUrlAsJson) {
  // The answer is concatenated on the commit callback's thread, not built as a JSON tree: it must
  // still be JSON, with the configured text escaped.
  build({.estimated_response_time = "within \"5\" minutes \\ or so"});
  auto r = call(router_, request("POST", "/support/submit", kForm));
  ASSERT_EQ(r.status, 201) << r.body;
  auto o = json::parse(r.body).as_object();
  std::string id(o.at("ticket_id").as_string());
  EXPECT_TRUE(is_uuid(id)) << id;
  EXPECT_EQ(o.at("status_url").as_string(), "/support/ticket/" + id);
  EXPECT_EQ(o.at("estimated_response_time").as_string(), "within \"5\" minutes \\ or so");
  EXPECT_FALSE(o.at("message").as_string().empty());
  EXPECT_NE(metrics_.render().find("fte_webform_submissions_total{result=\"accepted\"} 1"),
            std::string::npos);
}

// The answer for the ticket id the form gave the intake is written before the intake (round 15,
// off the store's writer thread); an outcome naming another ticket (a keyed retry's earlier one,
// or an id that needs escapes) is answered with that ticket, never with the one written ahead.
TEST_F(WebformRoutes, AnOutcomeNamingAnotherTicketIsAnsweredWithThatTicket) {
  class OtherTicketIntake final : public channels::Intake {
   public:
    void accept(InboundMessage msg, std::function<void(IngestOutcome)> done) override {
      given = msg.ticket_id;
      IngestOutcome o;
      o.result.duplicate = true;
      o.result.ticket_id = "T-7 \"old\"";
      done(std::move(o));
    }
    std::string given;
  } other;
  register_routes(router_, other, *store_, metrics_, {.estimated_response_time = "soon"});
  auto r = call(router_, request("POST", "/support/submit", kForm));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(is_uuid(other.given));
  auto o = json::parse(r.body).as_object();
  EXPECT_EQ(o.at("ticket_id").as_string(), "T-7 \"old\"");
  EXPECT_EQ(o.at("status_url").as_string(), "/support/ticket/T-7 \"old\"");
  EXPECT_EQ(o.at("estimated_response_time").as_string(), "soon");
  EXPECT_EQ(r.body.find(other.given), std::string::npos) << "the id written ahead is not used";
}

TEST_F(WebformRoutes, KeylessSubmissionsGetTimeOrderedMessageIdsAndAKeyedRetryStillDedupes) {
  // Without an Idempotency-Key the form's channel message id is a fresh time-ordered id (the
  // store's (channel, channel_message_id) index then appends), never the public ticket id.
  StoringIntake stored(*store_);
  register_routes(router_, stored, *store_, metrics_, {});
  auto a = call(router_, request("POST", "/support/submit", kForm));
  auto b = call(router_, request("POST", "/support/submit", kForm));
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(b.status, 201) << b.body;
  ASSERT_EQ(stored.sent.size(), 2u);
  const auto& ma = stored.sent[0];
  const auto& mb = stored.sent[1];
  EXPECT_NE(ma.ticket_id, mb.ticket_id);
  for (const auto* m : {&ma, &mb}) {
    EXPECT_TRUE(is_uuid(m->channel_message_id)) << m->channel_message_id;
    EXPECT_EQ(m->channel_message_id[14], '7') << "UUIDv7";
    EXPECT_NE(m->channel_message_id, m->ticket_id) << "the public reference stays out of it";
    EXPECT_TRUE(m->channel_message_id_fresh) << "generated here: the store skips the lookup";
  }
  EXPECT_LT(ma.channel_message_id, mb.channel_message_id) << "later submissions sort later";
  auto ta = json::parse(a.body).at("ticket_id").as_string();
  auto tb = json::parse(b.body).at("ticket_id").as_string();
  EXPECT_NE(ta, tb) << "two key-less submissions are two tickets";
  auto view = store_->ticket_view(std::string(tb));
  ASSERT_TRUE(view);
  bool found = false;
  for (const auto& m : view->messages)
    found = found || m.channel_message_id == mb.channel_message_id;
  EXPECT_TRUE(found) << "the stored message carries the time-ordered id";

  // With a key: the key-derived id, and the retry is the same ticket (200, nothing new stored).
  std::vector<std::pair<std::string, std::string>> keyed{{"idempotency-key", "order-1001"}};
  auto k1 = call(router_, request("POST", "/support/submit", kForm, keyed));
  auto k2 = call(router_, request("POST", "/support/submit", kForm, keyed));
  ASSERT_EQ(k1.status, 201) << k1.body;
  ASSERT_EQ(k2.status, 200) << k2.body;
  EXPECT_EQ(json::parse(k1.body).at("ticket_id"), json::parse(k2.body).at("ticket_id"));
  EXPECT_EQ(stored.sent[2].channel_message_id, idempotency_scope("ana@example.com", "order-1001"));
  EXPECT_EQ(stored.sent[3].channel_message_id, stored.sent[2].channel_message_id);
  EXPECT_FALSE(stored.sent[2].channel_message_id_fresh) << "a key can come back: looked up";
  EXPECT_FALSE(stored.sent[3].channel_message_id_fresh);
}

TEST_F(WebformRoutes, NoLimitByDefault) {
  build({});
  for (int i = 0; i < 200; ++i)
    ASSERT_EQ(call(router_, request("POST", "/support/submit", kForm)).status, 201) << i;
}

TEST_F(WebformRoutes, CorsHeadersOnlyForConfiguredOrigins) {
  build({.cors_origins = {"https://shop.example.com"}});
  auto ok = call(
      router_, request("POST", "/support/submit", kForm, {{"origin", "https://shop.example.com"}}));
  EXPECT_EQ(ok.status, 201);
  EXPECT_EQ(header(ok, "Access-Control-Allow-Origin"), "https://shop.example.com");
  auto evil =
      call(router_, request("POST", "/support/submit", kForm, {{"origin", "https://evil.test"}}));
  EXPECT_FALSE(has_header(evil, "Access-Control-Allow-Origin"));
  auto invalid = call(
      router_, request("POST", "/support/submit", "{}", {{"origin", "https://shop.example.com"}}));
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(header(invalid, "Access-Control-Allow-Origin"), "https://shop.example.com")
      << "the page must be able to read the field errors";
}

TEST_F(WebformRoutes, PreflightIsAnsweredForConfiguredOriginsOnly) {
  build({.cors_origins = {"https://shop.example.com"}});
  auto pre =
      call(router_, request("OPTIONS", "/support/submit", "",
                            {{"origin", "https://shop.example.com"},
                             {"access-control-request-method", "POST"},
                             {"access-control-request-headers", "content-type,idempotency-key"}}));
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(header(pre, "Access-Control-Allow-Origin"), "https://shop.example.com");
  EXPECT_NE(header(pre, "Access-Control-Allow-Methods").find("POST"), std::string_view::npos);
  auto allowed_headers = std::string(header(pre, "Access-Control-Allow-Headers"));
  EXPECT_NE(allowed_headers.find("Content-Type"), std::string::npos);
  EXPECT_NE(allowed_headers.find("Idempotency-Key"), std::string::npos);
  EXPECT_FALSE(header(pre, "Access-Control-Max-Age").empty());

  auto evil =
      call(router_,
           request("OPTIONS", "/support/submit", "",
                   {{"origin", "https://evil.test"}, {"access-control-request-method", "POST"}}));
  EXPECT_EQ(evil.status, 403);
  EXPECT_FALSE(has_header(evil, "Access-Control-Allow-Origin"));
  auto wrong_method = call(router_, request("OPTIONS", "/support/submit", "",
                                            {{"origin", "https://shop.example.com"},
                                             {"access-control-request-method", "DELETE"}}));
  EXPECT_EQ(wrong_method.status, 403);
  auto status = call(
      router_,
      request("OPTIONS", "/support/ticket/00000000-0000-4000-8000-000000000000", "",
              {{"origin", "https://shop.example.com"}, {"access-control-request-method", "GET"}}));
  EXPECT_EQ(status.status, 204);
  auto feedback = call(
      router_,
      request("OPTIONS", "/support/ticket/00000000-0000-4000-8000-000000000000/feedback", "",
              {{"origin", "https://shop.example.com"}, {"access-control-request-method", "POST"}}));
  EXPECT_EQ(feedback.status, 204);
  auto plain = call(router_, request("OPTIONS", "/support/submit"));
  EXPECT_EQ(plain.status, 204);
  EXPECT_FALSE(has_header(plain, "Access-Control-Allow-Origin"));
  EXPECT_NE(header(plain, "Allow").find("POST"), std::string_view::npos);
}

TEST_F(WebformRoutes, WithoutConfiguredOriginsNoResponseCarriesCorsHeaders) {
  build({});
  auto r = call(
      router_, request("POST", "/support/submit", kForm, {{"origin", "https://shop.example.com"}}));
  EXPECT_EQ(r.status, 201);
  EXPECT_FALSE(has_header(r, "Access-Control-Allow-Origin"));
  auto pre = call(router_, request("OPTIONS", "/support/submit", "",
                                   {{"origin", "https://shop.example.com"},
                                    {"access-control-request-method", "POST"}}));
  EXPECT_EQ(pre.status, 403);
  EXPECT_FALSE(has_header(pre, "Access-Control-Allow-Origin"));
}

// ------------------------------------------------------------------------------- configuration

TEST(WebformConfig, RateAndOriginsAreReadAndValidated) {
  std::map<std::string, std::string> env;
  auto c = app::load_config(&env);
  EXPECT_EQ(c.submit_rate_per_minute, 30);
  EXPECT_TRUE(c.cors_origins.empty());
  EXPECT_TRUE(c.client_ip_header.empty());
  env = {{"FTE_SUBMIT_RATE_PER_MINUTE", "0"},
         {"FTE_CORS_ORIGINS", "https://shop.example.com, http://localhost:3000/"},
         {"FTE_CLIENT_IP_HEADER", "X-Forwarded-For"}};
  c = app::load_config(&env);
  EXPECT_EQ(c.submit_rate_per_minute, 0);
  EXPECT_EQ(c.cors_origins,
            (std::vector<std::string>{"https://shop.example.com", "http://localhost:3000"}));
  EXPECT_EQ(c.client_ip_header, "x-forwarded-for");
  for (const char* bad :
       {"shop.example.com", "https://shop.example.com/path", "ftp://x.test", "https://"}) {
    env = {{"FTE_CORS_ORIGINS", bad}};
    try {
      app::load_config(&env);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const app::ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("FTE_CORS_ORIGINS"), std::string::npos);
    }
  }
  env = {{"FTE_SUBMIT_RATE_PER_MINUTE", "-1"}};
  EXPECT_THROW(app::load_config(&env), app::ConfigError);
  bool documented = false;
  for (const auto& d : app::option_docs())
    documented = documented || d.name == "FTE_CLIENT_IP_HEADER";
  EXPECT_TRUE(documented);
}
