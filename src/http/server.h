// HttpServer: a Boost.Beast HTTP/1.1 server (keep-alive, pipelining-safe) on a few I/O threads.
// Handlers run on a bounded worker pool unless registered with Dispatch::io, so a stalled store
// never holds the I/O threads (/health answers regardless); a full pool answers 503 + Retry-After.
// Connections are capped (max_connections, lowered to fit RLIMIT_NOFILE, whose soft limit start()
// raises to the hard one): at the cap the oldest connection waiting for a request is closed to make
// room; when none is waiting, up to health_reserve more are accepted for Dispatch::io routes only
// (others get 503), and beyond that a connection gets 503 and is closed. A new connection must send
// a complete request within request_timeout_s (slowloris). HEAD is answered as GET without a body;
// unknown Transfer-Encoding, chunked on HTTP/1.0 and HTTP/1.1 without one Host are 400.
// It enforces header and body limits (413/431), adds X-Request-Id, measures every request by route
// (fte_http_requests_total, fte_http_request_duration_seconds) and turns exceptions thrown by a
// handler into JSON errors (typed fte::Error → status in one place, errors.cpp).
// Lifetime: owned by the wiring layer; stop() stops accepting, lets in-flight requests finish (up
// to a deadline) and joins the threads. Thread-safe.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "http/http.h"

namespace fte::ops {
class Metrics;
}

namespace fte::http {

struct ServerOptions {
  std::string bind = "0.0.0.0";
  int port = 8080;  // 0 picks a free port; see HttpServer::port()
  int io_threads = 2;
  int thread_slice_us = 0;  // > 0: each I/O thread asks for this scheduler slice (thread_slice.h)
  // An answer made on another thread (the store's writer, a worker) is sent by that thread at once
  // (one non-blocking send; the I/O thread writes what it could not take) instead of waiting for
  // the connection's I/O thread to wake: one thread hand-off fewer before the client has it. Off
  // by default: with the client on the same two cores (the benchmark) the send's wake-up of the
  // client preempts the store's writer (docs/BENCHMARKS.md, round 14).
  bool direct_answers = false;
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_header_bytes = 16 << 10;
  int idle_timeout_s = 60;          // keep-alive: time to wait for the next request
  int request_timeout_s = 10;       // a new connection's first request must be complete by then
  int max_connections = 4096;       // lowered at start() to fit the descriptor limit
  int health_reserve = 32;          // connections beyond the cap, for Dispatch::io routes only
  int worker_threads = 8;           // the pool that runs Dispatch::worker handlers
  std::size_t worker_queue = 1024;  // handlers waiting for a worker; beyond it 503
  bool raise_fd_limit = true;       // raise the soft RLIMIT_NOFILE to the hard limit at start()
};

class HttpServer {
 public:
  HttpServer(ServerOptions o, const Router& router, ops::Metrics& metrics);
  ~HttpServer();
  void start();                 // binds and starts the I/O threads; throws Error on bind failure
  int port() const;             // the bound port
  int max_connections() const;  // the cap in force (after fitting the descriptor limit)
  std::size_t handlers_waiting() const;  // handlers queued for a worker (at most worker_queue)
  void stop(int drain_ms = 5000);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fte::http
