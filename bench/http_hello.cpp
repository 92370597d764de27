// A trivial HttpServer for load tests with wrk: GET /hello answers a small JSON body, and
// GET /metrics shows the request counters. Not a test; run by hand, e.g.
//   bench_http_hello 8088 2 &   wrk -t2 -c64 -d10s http://127.0.0.1:8088/hello
// Arguments: [port=8088] [io_threads=2]. Stops on SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "http/server.h"
#include "ops/metrics.h"

int main(int argc, char** argv) {
  using namespace fte;
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);  // before the I/O threads start

  ops::Metrics metrics;
  http::Router router;
  router.add("GET", "/hello", [](http::Request&, http::Respond respond) {
    respond(http::Response::json(200, R"({"hello":"world"})"));
  });
  router.add("GET", "/metrics", [&metrics](http::Request&, http::Respond respond) {
    respond(http::Response::text(200, metrics.render(), "text/plain; version=0.0.4"));
  });
  http::ServerOptions o;
  o.bind = "127.0.0.1";
  o.port = argc > 1 ? std::atoi(argv[1]) : 8088;
  o.io_threads = argc > 2 ? std::atoi(argv[2]) : 2;
  http::HttpServer server(o, router, metrics);
  server.start();
  std::printf("listening on 127.0.0.1:%d with %d I/O threads\n", server.port(), o.io_threads);
  std::fflush(stdout);
  int sig = 0;
  sigwait(&sigs, &sig);
  server.stop(1000);
  return 0;
}
