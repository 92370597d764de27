// The curl client against a loopback server: methods, headers, basic auth, timeouts, refused
// connections, and retry() with backoff and Retry-After.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "test_support.h"

namespace fte::http {
namespace {

using test::ParkedResponses;
using test::TestServer;

using ms = std::chrono::milliseconds;
ms since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<ms>(std::chrono::steady_clock::now() - t);
}

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t.router.add("GET", "/flaky", [this](Request&, Respond respond) {
      int n = ++flaky_calls;
      if (n <= static_cast<int>(flaky_script.size())) {
        Response r = Response::error(503, "busy", "try again");
        if (!flaky_script[n - 1].empty())
          r.headers.emplace_back("Retry-After", flaky_script[n - 1]);
        return respond(std::move(r));
      }
      respond(Response::json(200, R"({"ok":true})"));
    });
    t.router.add("POST", "/reject", [this](Request&, Respond respond) {
      ++reject_calls;
      respond(Response::error(reject_status, "nope", "rejected"));
    });
    t.router.add("GET", "/hang",
                 [this](Request&, Respond respond) { parked.park(std::move(respond)); });
    for (const char* m : {"PUT", "PATCH", "DELETE", "POST"}) {
      t.router.add(m, "/inspect", [](Request& req, Respond respond) {
        Response r = Response::text(
            200, req.method + " " + req.body + " " + std::string(req.header("authorization")));
        r.headers.emplace_back("X-Custom-Thing", "  Value With Spaces ");
        respond(std::move(r));
      });
    }
    t.start();
  }

  ClientRequest get(const std::string& path, int timeout_ms = 5000) {
    ClientRequest r;
    r.url = t.url(path);
    r.timeout_ms = timeout_ms;
    return r;
  }

  TestServer t;
  ParkedResponses parked;  // declared after the server: answered before the server stops
  std::atomic<int> flaky_calls{0};
  std::vector<std::string> flaky_script;  // Retry-After per 503, "" = none
  std::atomic<int> reject_calls{0};
  int reject_status = 400;
};

TEST_F(HttpClientTest, SendsMethodBodyAndBasicAuthAndLowerCasesResponseHeaders) {
  for (const std::string m : {"PUT", "PATCH", "DELETE", "POST"}) {
    ClientRequest r;
    r.method = m;
    r.url = t.url("/inspect");
    r.body = "payload";
    r.basic_auth_user = "AC123";
    r.basic_auth_password = "secret";
    auto resp = t.client->send(r);
    EXPECT_EQ(resp.status, 200) << m;
    EXPECT_EQ(resp.body, m + " payload Basic QUMxMjM6c2VjcmV0") << m;  // base64("AC123:secret")
    EXPECT_EQ(resp.header("x-custom-thing"), "Value With Spaces");
    EXPECT_TRUE(resp.error.empty());
  }
}

TEST_F(HttpClientTest, RetryHonoursRetryAfterOverBackoff) {
  flaky_script = {"0", "1"};  // 503 twice, then 200
  RetryPolicy p;
  p.max_attempts = 5;
  p.initial_backoff_ms = 4000;  // would dominate if Retry-After were ignored
  p.max_backoff_ms = 8000;
  p.deadline_ms = 20000;
  auto start = std::chrono::steady_clock::now();
  auto r = t.client->retry(get("/flaky"), p);
  auto took = since(start);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(flaky_calls.load(), 3);
  EXPECT_GE(took, ms(1000));  // waited the second Retry-After: 1
  EXPECT_LT(took, ms(2900));  // and not the 2-4 s backoff
}

TEST_F(HttpClientTest, RetryUsesBackoffWithoutRetryAfter) {
  flaky_script = {"", ""};
  RetryPolicy p;
  p.initial_backoff_ms = 40;
  p.max_backoff_ms = 80;
  auto start = std::chrono::steady_clock::now();
  auto r = t.client->retry(get("/flaky"), p);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(flaky_calls.load(), 3);
  EXPECT_GE(since(start), ms(20 + 40));  // at least half of each backoff (40, then 80)
}

TEST_F(HttpClientTest, RetryStopsAtMaxAttempts) {
  flaky_script = {"0", "0", "0", "0", "0"};
  RetryPolicy p;
  p.max_attempts = 3;
  auto r = t.client->retry(get("/flaky"), p);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(flaky_calls.load(), 3);
}

TEST_F(HttpClientTest, RetryDoesNotWaitPastTheDeadline) {
  flaky_script = {"30", "30"};
  RetryPolicy p;
  p.deadline_ms = 1000;
  auto start = std::chrono::steady_clock::now();
  auto r = t.client->retry(get("/flaky"), p);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.header("retry-after"), "30");
  EXPECT_EQ(flaky_calls.load(), 1);
  EXPECT_LT(since(start), ms(1000));
}

TEST_F(HttpClientTest, RetryRepeatsConflictButNotOtherClientErrors) {
  ClientRequest r;
  r.method = "POST";
  r.url = t.url("/reject");
  RetryPolicy p;
  p.max_attempts = 3;
  p.initial_backoff_ms = 1;
  reject_status = 400;
  EXPECT_EQ(t.client->retry(r, p).status, 400);
  EXPECT_EQ(reject_calls.exchange(0), 1);
  reject_status = 409;
  EXPECT_EQ(t.client->retry(r, p).status, 409);
  EXPECT_EQ(reject_calls.exchange(0), 3);
}

TEST_F(HttpClientTest, TransientStatuses) {
  auto with = [](int s) {
    ClientResponse r;
    r.status = s;
    return HttpClient::transient(r);
  };
  for (int s : {0, 408, 409, 429, 500, 502, 503, 504}) EXPECT_TRUE(with(s)) << s;
  for (int s : {200, 201, 301, 400, 401, 403, 404, 422}) EXPECT_FALSE(with(s)) << s;
}

TEST_F(HttpClientTest, TimesOutOnAServerThatDoesNotAnswer) {
  auto start = std::chrono::steady_clock::now();
  auto r = t.client->send(get("/hang", 200));
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(r.error.empty());
  EXPECT_GE(since(start), ms(190));
  EXPECT_LT(since(start), ms(3000));
  EXPECT_TRUE(parked.wait_for(1));
  // The same client keeps working afterwards.
  flaky_script = {};
  EXPECT_EQ(t.client->send(get("/flaky")).status, 200);
}

TEST_F(HttpClientTest, RetryGivesUpOnTimeoutsAtTheDeadline) {
  RetryPolicy p;
  p.max_attempts = 10;
  p.initial_backoff_ms = 10;
  p.deadline_ms = 600;
  auto start = std::chrono::steady_clock::now();
  auto r = t.client->retry(get("/hang", 250), p);
  EXPECT_EQ(r.status, 0);
  EXPECT_LT(since(start), ms(2000));
  EXPECT_TRUE(parked.wait_for(2));
}

TEST_F(HttpClientTest, RefusedConnectionIsStatusZeroAndNotSent) {
  // A port that was just free: bind, read the port, close.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  ClientRequest r;
  r.url = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/";
  auto resp = t.client->send(r);
  EXPECT_EQ(resp.status, 0);
  EXPECT_FALSE(resp.error.empty());
  EXPECT_TRUE(resp.not_sent);  // nothing reached a server: a caller may send it elsewhere
}

TEST_F(HttpClientTest, ARequestThatReachedTheServerIsNotMarkedNotSent) {
  auto timed_out = t.client->send(get("/hang", 200));  // connected, sent, no answer
  EXPECT_EQ(timed_out.status, 0);
  EXPECT_FALSE(timed_out.not_sent);
  EXPECT_TRUE(parked.wait_for(1));
  flaky_script = {};
  EXPECT_FALSE(t.client->send(get("/flaky")).not_sent);
}

TEST_F(HttpClientTest, RefusesNonHttpSchemes) {
  ClientRequest r;
  r.url = "file:///etc/passwd";
  auto resp = t.client->send(r);
  EXPECT_EQ(resp.status, 0);
  EXPECT_TRUE(resp.body.empty());
}

}  // namespace
}  // namespace fte::http
