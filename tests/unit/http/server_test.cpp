// HttpServer end to end over loopback: routing, limits, request ids, late and repeated answers,
// typed errors, keep-alive, pipelining, concurrency, metrics and a draining stop.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <set>
#include <thread>

#include "core/error.h"
#include "core/thread_slice.h"
#include "test_support.h"

namespace fte::http {
namespace {

using test::ParkedResponses;
using test::RawConnection;
using test::TestServer;
using test::wait_until;

boost::json::object error_of(const ClientResponse& r) {
  return boost::json::parse(r.body).at("error").as_object();
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t.router.add("GET", "/hello", [](Request&, Respond respond) {
      respond(Response::json(200, R"({"hello":"world"})"));
    });
    t.router.add("POST", "/echo", [](Request& req, Respond respond) {
      Response r = Response::text(200, req.body);
      r.headers.emplace_back("X-Seen-Content-Type", std::string(req.header("content-type")));
      respond(std::move(r));
    });
    t.router.add("GET", "/tickets/{id}", [](Request& req, Respond respond) {
      respond(Response::text(200, std::string(req.param("id")) + "|" +
                                      req.query_param("view").value_or("-") + "|" + req.path));
    });
    t.router.add("GET", "/request-id", [](Request& req, Respond respond) {
      respond(Response::text(200, req.request_id));
    });
    t.router.add("POST", "/customers", [](Request&, Respond) -> void {
      throw Error(ErrorKind::invalid_argument, "email is not a valid address", "email");
    });
    t.router.add("GET", "/bug",
                 [](Request&, Respond) -> void { throw std::runtime_error("secret detail"); });
    t.router.add("GET", "/twice", [](Request&, Respond respond) {
      respond(Response::text(200, "first"));
      respond(Response::text(500, "second"));
    });
    t.router.add("GET", "/later",
                 [this](Request&, Respond respond) { parked.park(std::move(respond)); });
    t.router.add("GET", "/worker", [this](Request& req, Respond respond) {
      // Answered by another thread after the handler returned.
      std::string body = "from worker: " + req.query_param("n").value_or("");
      std::lock_guard lk(workers_mu);
      workers.emplace_back([respond = std::move(respond), body = std::move(body)] {
        respond(Response::text(200, body));
      });
    });
  }
  void TearDown() override {
    parked.answer_all(Response::text(503, "teardown"));
    std::lock_guard lk(workers_mu);
    for (auto& w : workers) w.join();
  }

  TestServer t;
  ParkedResponses parked;
  std::mutex workers_mu;
  std::vector<std::thread> workers;
};

// Ten pipelined GETs of the worker route in one write; their answers must come back in order.
void send_ten_pipelined_and_expect_them_in_order(RawConnection& c) {
  std::string batch;
  for (int i = 0; i < 10; ++i)
    batch += "GET /worker?n=" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_TRUE(c.send(batch));
  for (int i = 0; i < 10; ++i)
    EXPECT_NE(c.take_response().find("from worker: " + std::to_string(i)), std::string::npos) << i;
}

TEST_F(HttpServerTest, GetAndPost) {
  t.start();
  auto r = t.call("GET", "/hello");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"hello":"world"})");
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("server"), "fte");

  auto p = t.call("POST", "/echo", "name=Ada&message=hi",
                  {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(p.status, 200);
  EXPECT_EQ(p.body, "name=Ada&message=hi");
  EXPECT_EQ(p.header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(p.header("x-seen-content-type"),
            "application/x-www-form-urlencoded");  // names lower-cased
}

TEST_F(HttpServerTest, PathParamsQueryAndDecodedPath) {
  t.start();
  auto r = t.call("GET", "/tickets/T%2D42?view=full%20text");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "T-42|full text|/tickets/T-42");
}

TEST_F(HttpServerTest, UnknownPathIs404AndWrongMethodIs405) {
  t.start();
  auto nf = t.call("GET", "/nope");
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.header("content-type"), "application/json");
  EXPECT_EQ(error_of(nf).at("code").as_string(), "not_found");

  auto na = t.call("DELETE", "/hello");
  EXPECT_EQ(na.status, 405);
  EXPECT_EQ(na.header("allow"), "GET");
  EXPECT_EQ(error_of(na).at("code").as_string(), "method_not_allowed");
}

TEST_F(HttpServerTest, BodyOverLimitIs413AndServerKeepsServing) {
  t.options.max_body_bytes = 1024;
  t.start();
  EXPECT_EQ(t.call("POST", "/echo", std::string(1024, 'a')).status, 200);
  auto r = t.call("POST", "/echo", std::string(64 * 1024, 'a'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(error_of(r).at("code").as_string(), "body_too_large");
  EXPECT_FALSE(r.header("x-request-id").empty());
  EXPECT_EQ(t.call("GET", "/hello").status, 200);
}

TEST_F(HttpServerTest, HeaderOverLimitIs431) {
  t.options.max_header_bytes = 2048;
  t.start();
  auto r = t.call("GET", "/hello", {}, {{"X-Padding", std::string(4096, 'p')}});
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(error_of(r).at("code").as_string(), "header_too_large");
  EXPECT_EQ(t.call("GET", "/hello").status, 200);
}

TEST_F(HttpServerTest, RequestIdIsEchoedWhenSaneAndGeneratedOtherwise) {
  t.start();
  auto r = t.call("GET", "/request-id", {}, {{"X-Request-Id", "req-2024.01_abc"}});
  EXPECT_EQ(r.header("x-request-id"), "req-2024.01_abc");
  EXPECT_EQ(r.body, "req-2024.01_abc");

  for (std::string bad :
       {std::string("has space"), std::string(65, 'a'), std::string("a\"b"), std::string()}) {
    auto g = t.call("GET", "/request-id", {}, {{"X-Request-Id", bad}});
    EXPECT_NE(g.header("x-request-id"), bad);
    EXPECT_EQ(g.header("x-request-id").size(), 16u);
    EXPECT_EQ(g.body, g.header("x-request-id"));  // the handler saw the id the client got
  }
  auto a = t.call("GET", "/request-id"), b = t.call("GET", "/request-id");
  EXPECT_NE(a.body, b.body);
  // Errors produced by the server itself carry the id too.
  EXPECT_EQ(t.call("GET", "/nope", {}, {{"X-Request-Id", "trace-404"}}).header("x-request-id"),
            "trace-404");
}

TEST_F(HttpServerTest, HandlerAnswersFromAnotherThreadAfterReturning) {
  t.start();
  for (int i = 0; i < 20; ++i) {
    auto r = t.call("GET", "/worker?n=" + std::to_string(i));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "from worker: " + std::to_string(i));
  }
}

// Answers made on another thread (a worker, the store's writer) are sent by that thread itself
// (direct_answers, round 14) and counted in fte_http_answers_sent_directly_total; with the option
// off they wait in their I/O thread's mailbox and are timed once there
// (fte_http_answer_handoff_seconds, round 13). An answer the I/O thread makes itself (here the 404
// of an unknown path) is neither.
TEST_F(HttpServerTest, AnswersFromAnotherThreadAreTimedInTheHandoffHistogram) {
  for (bool direct : {true, false}) {
    SCOPED_TRACE(direct ? "direct answers" : "answers written by the I/O thread");
    TestServer s;
    s.router = t.router;
    s.options.direct_answers = direct;
    s.start();
    auto& handoff = s.metrics.histogram("fte_http_answer_handoff_seconds");
    auto& sent = s.metrics.counter("fte_http_answers_sent_directly_total");
    for (int i = 0; i < 3; ++i) EXPECT_EQ(s.call("GET", "/nope").status, 404);
    EXPECT_EQ(handoff.count() + sent.value(), 0u);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(s.call("GET", "/hello").status, 200);  // worker pool
    for (int i = 0; i < 5; ++i)
      EXPECT_EQ(s.call("GET", "/worker?n=" + std::to_string(i)).status, 200);
    // Both observed before the answer is written.
    EXPECT_EQ(handoff.count(), direct ? 0u : 8u);
    EXPECT_EQ(sent.value(), direct ? 8u : 0u);
    EXPECT_NE(s.metrics.render().find("# TYPE fte_http_answer_handoff_seconds histogram"),
              std::string::npos);
  }
}

// direct_answers: the thread that makes an answer sends it, so the client has it even while the
// connection's I/O thread is busy (here blocked in a Dispatch::io handler of another connection,
// with one I/O thread). Fails with the option off: the answer waits in the mailbox until the I/O
// thread is free.
TEST_F(HttpServerTest, AnAnswerFromAnotherThreadReachesTheClientWhileItsIoThreadIsBusy) {
  std::mutex mu;
  std::condition_variable cv;
  bool blocked = false, release = false;
  t.router.add(
      "GET", "/block",
      [&](Request&, Respond respond) {
        std::unique_lock lk(mu);
        blocked = true;
        cv.notify_all();
        cv.wait_for(lk, std::chrono::seconds(10), [&] { return release; });
        respond(Response::text(200, "released"));
      },
      "/block", Dispatch::io);
  t.options.io_threads = 1;
  t.options.direct_answers = true;
  t.start();
  RawConnection a(t.server->port()), b(t.server->port());
  ASSERT_TRUE(a.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(parked.wait_for(1));
  ASSERT_TRUE(b.send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n"));
  {
    std::unique_lock lk(mu);
    ASSERT_TRUE(cv.wait_for(lk, std::chrono::seconds(5), [&] { return blocked; }));
  }
  parked.answer_all(Response::text(200, "answered while the I/O thread was busy"));
  std::string got = a.take_response(std::chrono::seconds(2));
  {
    std::lock_guard lk(mu);
    release = true;
    cv.notify_all();
  }
  EXPECT_NE(got.find("\r\n\r\nanswered while the I/O thread was busy"), std::string::npos);
  EXPECT_NE(b.take_response().find("\r\n\r\nreleased"), std::string::npos);
  // The connection goes on: its next request is read and answered (again from a worker).
  ASSERT_TRUE(a.send("GET /worker?n=7 HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(a.take_response().find("from worker: 7"), std::string::npos);
  auto& count = t.metrics.counter("fte_http_requests_total",
                                  {{"route", "/later"}, {"method", "GET"}, {"status", "200"}});
  EXPECT_TRUE(wait_until([&] { return count.value() == 1; }));
}

// Pipelined requests answered directly come back in order (the next one is read only after the
// answer was finished), and a "Connection: close" answer closes the connection after it.
TEST_F(HttpServerTest, DirectAnswersKeepPipelinedRequestsInOrderAndCloseWhenAsked) {
  t.options.direct_answers = true;
  t.start();
  RawConnection c(t.server->port());
  ASSERT_NO_FATAL_FAILURE(send_ten_pipelined_and_expect_them_in_order(c));
  ASSERT_TRUE(c.send("GET /worker?n=last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  EXPECT_NE(c.take_response().find("from worker: last"), std::string::npos);
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(5)));
  EXPECT_EQ(t.metrics.counter("fte_http_answers_sent_directly_total").value(), 11u);
}

// An answer larger than the socket takes at once: the answering thread sends what fits, the I/O
// thread writes the rest; the client gets every byte in order, then the connection serves its next
// request (and a HEAD of the same answer carries no body).
TEST_F(HttpServerTest, ALargeDirectAnswerIsFinishedByTheIoThreadAndTheConnectionGoesOn) {
  std::string big(6 << 20, 'x');  // far more than a socket takes before the client reads
  for (std::size_t i = 0; i < big.size(); i += 4096) big[i] = static_cast<char>('a' + (i / 4096) % 26);
  t.options.direct_answers = true;
  t.start();
  RawConnection c(t.server->port());
  ASSERT_TRUE(c.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(parked.wait_for(1));
  parked.answer_all(Response::text(200, big));  // returns once the direct send took what fit
  std::string r = c.take_response(std::chrono::seconds(20));
  auto end = r.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos);
  EXPECT_NE(r.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_TRUE(r.compare(end + 4, std::string::npos, big) == 0) << r.size() - end - 4;
  ASSERT_TRUE(c.send("HEAD /later HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(parked.wait_for(1));
  parked.answer_all(Response::text(200, "0123456789"));
  ASSERT_TRUE(c.send("GET /worker?n=3 HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string rest = c.read_until(
      [](const std::string& s) { return s.find("from worker: 3") != std::string::npos; });
  EXPECT_NE(rest.find("Content-Length: 10\r\n"), std::string::npos);
  EXPECT_EQ(rest.find("0123456789"), std::string::npos);  // HEAD: no body
  EXPECT_NE(rest.find("from worker: 3"), std::string::npos);
  EXPECT_EQ(t.metrics.counter("fte_http_answers_sent_directly_total").value(), 3u);
}

// A client gone before its answer: the direct send fails (or the peer resets), the I/O thread
// closes the connection, and the server goes on serving.
TEST_F(HttpServerTest, ADirectAnswerToAClientThatLeftClosesTheConnectionOnly) {
  t.options.direct_answers = true;
  t.start();
  {
    RawConnection c(t.server->port());
    ASSERT_TRUE(c.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(parked.wait_for(1));
  }  // closed
  parked.answer_all(Response::text(200, std::string(1 << 20, 'z')));
  EXPECT_EQ(t.call("GET", "/worker?n=1").body, "from worker: 1");
  auto& count = t.metrics.counter("fte_http_requests_total",
                                  {{"route", "/later"}, {"method", "GET"}, {"status", "200"}});
  EXPECT_TRUE(wait_until([&] { return count.value() == 1; }));
}

// thread_slice_us: each I/O thread asks for that scheduler slice (core/thread_slice.h); a
// Dispatch::io handler runs on one and reports it. Skipped on a kernel without custom slices.
TEST(HttpServerSlice, IoThreadsRunWithTheSliceTheOptionsGive) {
  auto slice_on_io_thread = [](int slice_us) {
    TestServer t;
    t.options.thread_slice_us = slice_us;
    t.router.add("GET", "/slice", [](Request&, Respond respond) {
      respond(Response::text(200, std::to_string(requested_slice().count())));
    }, "/slice", Dispatch::io);
    t.start();
    auto r = t.call("GET", "/slice");
    EXPECT_EQ(r.status, 200);
    return r.body;
  };
  if (!short_slices_supported()) GTEST_SKIP() << "no custom scheduler slices on this kernel";
  const std::string given = slice_on_io_thread(400), plain = slice_on_io_thread(0);
  EXPECT_EQ(given, "400");
  EXPECT_NE(plain, "400");
}

TEST_F(HttpServerTest, HeldAnswerIsDeliveredWhenTheTestChooses) {
  t.start();
  ClientResponse r;
  std::thread client([&] { r = t.call("GET", "/later"); });
  ASSERT_TRUE(parked.wait_for(1));
  parked.answer_all(Response::text(202, "accepted later"));
  client.join();
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, "accepted later");
}

TEST_F(HttpServerTest, TypedErrorBecomes422WithField) {
  t.start();
  auto r = t.call("POST", "/customers", R"({"email":"nope"})");
  EXPECT_EQ(r.status, 422);
  auto e = error_of(r);
  EXPECT_EQ(e.at("code").as_string(), "invalid_argument");
  EXPECT_EQ(e.at("message").as_string(), "email is not a valid address");
  EXPECT_EQ(e.at("field").as_string(), "email");
}

TEST_F(HttpServerTest, UnknownExceptionIsGeneric500) {
  t.start();
  auto r = t.call("GET", "/bug");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secret detail"), std::string::npos);
  EXPECT_EQ(error_of(r).at("code").as_string(), "internal");
}

TEST_F(HttpServerTest, SecondAnswerIsIgnoredAndDoesNotLeakIntoTheNextRequest) {
  t.start();
  RawConnection c(t.server->port());
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.send("GET /twice HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string first = c.take_response();
  EXPECT_NE(first.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_NE(first.find("\r\n\r\nfirst"), std::string::npos);
  ASSERT_TRUE(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string second = c.take_response();
  EXPECT_NE(second.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_NE(second.find(R"({"hello":"world"})"), std::string::npos);
  EXPECT_TRUE(c.buffered().empty());
}

TEST_F(HttpServerTest, StaleRespondCannotAnswerALaterRequest) {
  Respond saved;
  t.router.add("GET", "/keep-copy", [&saved](Request&, Respond respond) {
    saved = respond;
    respond(Response::text(200, "one"));
  });
  t.start();
  RawConnection c(t.server->port());
  ASSERT_TRUE(c.send("GET /keep-copy HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(c.take_response().find("\r\n\r\none"), std::string::npos);
  ASSERT_TRUE(c.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(parked.wait_for(1));
  saved(Response::text(200, "stale"));  // the first request's callback, called again: ignored
  parked.answer_all(Response::text(200, "two"));
  std::string r = c.take_response();
  EXPECT_NE(r.find("\r\n\r\ntwo"), std::string::npos);
  EXPECT_EQ(r.find("stale"), std::string::npos);
  EXPECT_TRUE(c.buffered().empty());
}

TEST_F(HttpServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  t.start();
  RawConnection c(t.server->port());
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(c.send("GET /tickets/" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::string r = c.take_response();
    ASSERT_NE(r.find("HTTP/1.1 200"), std::string::npos) << i;
    ASSERT_NE(r.find("\r\n\r\n" + std::to_string(i) + "|-|"), std::string::npos) << i;
  }
}

// After an answer, a kept-alive connection waits for its socket to become readable before it
// reads (round 10): a next request that arrives in pieces is still read whole, and a client that
// closes while the connection waits is closed too.
TEST_F(HttpServerTest, KeptAliveConnectionWaitsForItsNextRequestEvenInPieces) {
  t.start();
  RawConnection c(t.server->port());
  ASSERT_TRUE(c.send("GET /tickets/1 HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_NE(c.take_response().find("\r\n\r\n1|-|"), std::string::npos);
  for (std::string piece : {"POST /echo HTTP/1.1\r\nHo", "st: x\r\nContent-Length: 11\r\n", "\r\nhello", " world"})
    ASSERT_TRUE(c.send(piece));
  std::string r = c.take_response();
  EXPECT_NE(r.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_NE(r.find("\r\n\r\nhello world"), std::string::npos);
  ASSERT_TRUE(c.send("GET /tickets/2 HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(c.take_response().find("\r\n\r\n2|-|"), std::string::npos);
  c.shutdown_send();
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(5)));
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  t.start();
  RawConnection c(t.server->port());
  ASSERT_NO_FATAL_FAILURE(send_ten_pipelined_and_expect_them_in_order(c));
}

TEST_F(HttpServerTest, ConcurrentClients) {
  t.options.io_threads = 2;
  t.start();
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&, c] {
      auto client = make_curl_client();
      for (int i = 0; i < 50; ++i) {
        ClientRequest r;
        r.method = "POST";
        r.url = t.url("/echo");
        r.body = "client " + std::to_string(c) + " request " + std::to_string(i);
        auto resp = client->send(r);
        if (resp.status == 200 && resp.body == r.body) ++ok;
      }
    });
  }
  for (auto& th : clients) th.join();
  EXPECT_EQ(ok.load(), 400);
}

TEST_F(HttpServerTest, ExpectContinueGetsInterimResponse) {
  t.start();
  RawConnection c(t.server->port());
  ASSERT_TRUE(c.send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  std::string interim =
      c.read_until([](const std::string& s) { return s.find("\r\n\r\n") != std::string::npos; });
  EXPECT_EQ(interim.rfind("HTTP/1.1 100 Continue\r\n\r\n", 0), 0u);
  c.buffered().erase(0, interim.find("\r\n\r\n") + 4);
  ASSERT_TRUE(c.send("hello"));
  std::string r = c.take_response();
  EXPECT_NE(r.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_NE(r.find("\r\n\r\nhello"), std::string::npos);
}

TEST_F(HttpServerTest, MalformedRequestIs400AndClosed) {
  t.start();
  RawConnection c(t.server->port());
  ASSERT_TRUE(c.send("GET /hello HTTP/1.1\r\nBad Header\r\n\r\n"));
  std::string r = c.take_response();
  EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_NE(r.find("bad_request"), std::string::npos);
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(5)));
}

TEST_F(HttpServerTest, IdleConnectionIsClosedAfterTimeout) {
  t.options.idle_timeout_s = 1;
  t.start();
  RawConnection c(t.server->port());
  ASSERT_TRUE(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(c.take_response().find("HTTP/1.1 200"), std::string::npos);
  auto before = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(5)));
  EXPECT_GE(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(500));
}

TEST_F(HttpServerTest, CountsRequestsByRouteMethodAndStatus) {
  t.start();
  for (int i = 0; i < 3; ++i) t.call("GET", "/hello");
  t.call("GET", "/nope");
  t.call("GET", "/tickets/1");
  auto& hello = t.metrics.counter("fte_http_requests_total",
                                  {{"route", "/hello"}, {"method", "GET"}, {"status", "200"}});
  auto& unmatched = t.metrics.counter(
      "fte_http_requests_total", {{"route", "unmatched"}, {"method", "GET"}, {"status", "404"}});
  auto& ticket =
      t.metrics.counter("fte_http_requests_total",
                        {{"route", "/tickets/{id}"}, {"method", "GET"}, {"status", "200"}});
  EXPECT_TRUE(wait_until(
      [&] { return hello.value() == 3 && unmatched.value() == 1 && ticket.value() == 1; }));
  auto& h = t.metrics.histogram("fte_http_request_duration_seconds", {{"route", "/hello"}});
  EXPECT_TRUE(wait_until([&] { return h.count() == 3; }));
  std::string text = t.metrics.render();
  EXPECT_NE(text.find("# TYPE fte_http_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(text.find("fte_http_requests_total{route=\"/hello\",method=\"GET\",status=\"200\"} 3"),
            std::string::npos);
}

TEST_F(HttpServerTest, StopLetsInFlightRequestFinishThenCloses) {
  t.start();
  ClientResponse r;
  std::thread client([&] { r = t.call("GET", "/later"); });
  ASSERT_TRUE(parked.wait_for(1));
  RawConnection idle(t.server->port());
  ASSERT_TRUE(idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_NE(idle.take_response().find("200"), std::string::npos);

  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    t.server->stop(10000);
    stopped = true;
  });
  EXPECT_TRUE(idle.wait_closed(std::chrono::seconds(5)));  // idle connections close at once
  EXPECT_FALSE(stopped.load());                            // the held request keeps stop() waiting
  parked.answer_all(Response::text(200, "finished during drain"));
  client.join();
  stopper.join();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "finished during drain");
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_FALSE(RawConnection(t.server->port()).connected());  // no longer accepting
}

TEST_F(HttpServerTest, StopGivesUpOnAnswersThatNeverComeAndLateAnswersAreHarmless) {
  t.start();
  std::thread client([&] { t.call("GET", "/later", {}, {}, 10000); });
  ASSERT_TRUE(parked.wait_for(1));
  auto before = std::chrono::steady_clock::now();
  t.server->stop(100);
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(3));
  client.join();  // its connection was closed by stop()
  t.server.reset();
  parked.answer_all(Response::text(200, "too late"));  // after the server is gone: ignored
}

}  // namespace
}  // namespace fte::http
