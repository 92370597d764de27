// HttpServer hardening over loopback: HEAD without a body, request framing (unknown
// Transfer-Encoding, chunked on HTTP/1.0, missing Host), nosniff, the worker pool keeping the I/O
// threads free (a stalled handler never delays a Dispatch::io route; a full queue is 503), and the
// connection cap (oldest idle connection evicted, health reserve, slow first request closed).
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "test_support.h"

namespace fte::http {
namespace {

using test::RawConnection;
using test::TestServer;
using test::wait_until;

// A gate the stalled handlers wait on, opened by the test (and at teardown).
struct Stall {
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  std::atomic<int> waiting{0};
  void wait() {
    std::unique_lock lk(mu);
    ++waiting;
    cv.wait(lk, [this] { return open; });
  }
  void release() {
    std::lock_guard lk(mu);
    open = true;
    cv.notify_all();
  }
};

class HardeningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t.router.add(
        "GET", "/health",
        [](Request&, Respond respond) { respond(Response::json(200, R"({"status":"ok"})")); },
        "/health", Dispatch::io);
    t.router.add("GET", "/data", [](Request&, Respond respond) {
      respond(Response::json(200, R"({"data":"0123456789"})"));
    });
    t.router.add("POST", "/data",
                 [](Request& req, Respond respond) { respond(Response::text(200, req.body)); });
    t.router.add("GET", "/stalled", [this](Request&, Respond respond) {
      stall->wait();
      respond(Response::json(200, "{}"));
    });
  }
  void TearDown() override {
    stall->release();
    if (t.server) t.server->stop(1000);
  }
  std::string raw(const std::string& request) {
    RawConnection c(t.server->port());
    EXPECT_TRUE(c.send(request));
    return c.take_response();
  }

  std::shared_ptr<Stall> stall = std::make_shared<Stall>();
  TestServer t;
};

TEST_F(HardeningTest, HeadHasTheGetHeadersButNoBody) {
  t.start();
  RawConnection c(t.server->port());
  ASSERT_TRUE(
      c.send("HEAD /data HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string head = c.read_until([](const std::string& s) {
    return s.find("\r\n\r\n") != std::string::npos &&
           s.find("\r\n\r\n", s.find("\r\n\r\n") + 4) != std::string::npos;
  });
  auto end = head.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(head.rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_NE(head.find("Content-Length: 21"), std::string::npos);  // the GET body's length
  // The next bytes are the second response, not a body.
  EXPECT_EQ(head.compare(end + 4, 12, "HTTP/1.1 200"), 0) << head;
}

TEST_F(HardeningTest, UnknownTransferEncodingIs400) {
  t.start();
  std::string r =
      raw("POST /data HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n"
          "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << r;
  EXPECT_NE(r.find("Transfer-Encoding"), std::string::npos);
  r = raw("POST /data HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << r;
}

TEST_F(HardeningTest, ChunkedOnHttp10Is400) {
  t.start();
  std::string r =
      raw("POST /data HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << r;
}

TEST_F(HardeningTest, ChunkedOnHttp11IsRead) {
  t.start();
  std::string r =
      raw("POST /data HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
          "chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << r;
  EXPECT_NE(r.find("\r\n\r\nhello"), std::string::npos);
}

TEST_F(HardeningTest, Http11WithoutOrWithTwoHostsIs400) {
  t.start();
  EXPECT_EQ(raw("GET /data HTTP/1.1\r\n\r\n").rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_EQ(raw("GET /data HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_EQ(raw("GET /data HTTP/1.0\r\n\r\n").rfind("HTTP/1.1 200", 0), 0u);
}

TEST_F(HardeningTest, EveryResponseSaysNosniff) {
  t.start();
  EXPECT_NE(raw("GET /data HTTP/1.1\r\nHost: x\r\n\r\n").find("X-Content-Type-Options: nosniff"),
            std::string::npos);
  EXPECT_NE(raw("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n").find("X-Content-Type-Options: nosniff"),
            std::string::npos);
}

TEST_F(HardeningTest, StalledWorkerHandlersNeverDelayIoRoutes) {
  t.options.worker_threads = 2;
  t.options.worker_queue = 2;
  t.start();
  // Two stalled handlers hold both workers, two more wait in the queue; the fifth is refused.
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<RawConnection>(t.server->port()));
    ASSERT_TRUE(held.back()->send("GET /stalled HTTP/1.1\r\nHost: x\r\n\r\n"));
  }
  ASSERT_TRUE(wait_until([&] { return stall->waiting.load() == 2; }));
  // The other two are queued before the probe below (else a probe could take a queue place and a
  // stalled request be the one refused).
  ASSERT_TRUE(wait_until([&] { return t.server->handlers_waiting() == 2; }));
  // Requests queue behind the stalled ones until the queue is full; then the answer is 503.
  std::string refused;
  ASSERT_TRUE(wait_until([&] {
    held.push_back(std::make_unique<RawConnection>(t.server->port()));
    held.back()->send("GET /data HTTP/1.1\r\nHost: x\r\n\r\n");
    refused = held.back()->take_response(std::chrono::milliseconds(200));
    if (refused.empty()) return false;
    held.pop_back();
    return true;
  })) << refused;
  EXPECT_EQ(refused.rfind("HTTP/1.1 503", 0), 0u) << refused;
  EXPECT_NE(refused.find("Retry-After: 1"), std::string::npos);
  auto before = std::chrono::steady_clock::now();
  auto r = t.call("GET", "/health", {}, {}, 2000);
  EXPECT_EQ(r.status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(1000));
  stall->release();
  for (std::size_t i = 0; i < held.size(); ++i) {
    std::string answer = held[i]->take_response();
    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << i << ": " << answer;
  }
}

TEST_F(HardeningTest, AtTheCapTheOldestIdleConnectionMakesRoom) {
  t.options.max_connections = 4;
  t.start();
  ASSERT_EQ(t.server->max_connections(), 4);
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 4; ++i) {
    idle.push_back(std::make_unique<RawConnection>(t.server->port()));
    ASSERT_TRUE(idle.back()->connected());
  }
  // Let the server accept all four (each is then waiting for a request).
  ASSERT_TRUE(wait_until([&] {
    return t.metrics.render().find("fte_http_connections_refused_total") != std::string::npos ||
           raw("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").rfind("HTTP/1.1 200", 0) == 0;
  }));
  EXPECT_EQ(raw("GET /data HTTP/1.1\r\nHost: x\r\n\r\n").rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_TRUE(idle.front()->wait_closed(std::chrono::seconds(5)));  // the oldest went first
}

TEST_F(HardeningTest, WhenAllConnectionsAreBusyHealthStillAnswers) {
  t.options.max_connections = 2;
  t.options.worker_threads = 2;
  t.start();
  std::vector<std::unique_ptr<RawConnection>> busy;
  for (int i = 0; i < 2; ++i) {
    busy.push_back(std::make_unique<RawConnection>(t.server->port()));
    ASSERT_TRUE(busy.back()->send("GET /stalled HTTP/1.1\r\nHost: x\r\n\r\n"));
  }
  ASSERT_TRUE(wait_until([&] { return stall->waiting.load() == 2; }));
  // No idle connection to evict: the reserve answers /health, other routes get 503.
  EXPECT_EQ(raw("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").rfind("HTTP/1.1 200", 0), 0u);
  std::string r = raw("GET /data HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 503", 0), 0u) << r;
}

TEST_F(HardeningTest, SlowFirstRequestIsClosedAtTheRequestTimeout) {
  t.options.request_timeout_s = 1;
  t.start();
  RawConnection c(t.server->port());
  ASSERT_TRUE(c.send("GET /data HTTP/1.1\r\nHost: x\r\n"));  // never finishes the header
  auto before = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(5)));
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(3));
}

}  // namespace
}  // namespace fte::http
