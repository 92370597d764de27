// HttpServer: a Boost.Beast HTTP/1.1 server (keep-alive, pipelining-safe) on a few I/O threads.
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
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_header_bytes = 16 << 10;
  int idle_timeout_s = 60;
};

class HttpServer {
 public:
  HttpServer(ServerOptions o, const Router& router, ops::Metrics& metrics);
  ~HttpServer();
  void start();      // binds and starts the I/O threads; throws Error on bind failure
  int port() const;  // the bound port
  void stop(int drain_ms = 5000);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fte::http
