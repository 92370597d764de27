// Test helpers for the HTTP server and client tests: a server on port 0 with a curl client,
// waiting on a condition with a deadline, and a raw TCP connection for wire-level checks.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/client.h"
#include "http/server.h"
#include "ops/metrics.h"

namespace fte::http::test {

// Polls `pred` until it holds or the deadline passes; returns its last value.
inline bool wait_until(const std::function<bool()>& pred,
                       std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) return pred();
    std::this_thread::yield();
  }
  return true;
}

// Responds later: a handler parks its Respond here; the test answers when it chooses. Answers
// whatever is still parked when destroyed (so a server never waits on a forgotten request).
class ParkedResponses {
 public:
  ~ParkedResponses() { answer_all(Response::text(503, "teardown")); }
  void park(Respond r) {
    std::lock_guard lk(mu_);
    parked_.push_back(std::move(r));
    cv_.notify_all();
  }
  bool wait_for(std::size_t n, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    std::unique_lock lk(mu_);
    return cv_.wait_for(lk, limit, [&] { return parked_.size() >= n; });
  }
  void answer_all(const Response& r) {
    std::vector<Respond> all;
    {
      std::lock_guard lk(mu_);
      all.swap(parked_);
    }
    for (auto& respond : all) respond(r);
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Respond> parked_;
};

// A server on 127.0.0.1:0 plus a curl client. Add routes before start().
struct TestServer {
  Router router;
  ops::Metrics metrics;
  ServerOptions options = [] {
    ServerOptions o;
    o.bind = "127.0.0.1";
    o.port = 0;
    o.io_threads = 2;
    return o;
  }();
  std::unique_ptr<HttpServer> server;
  std::unique_ptr<HttpClient> client = make_curl_client();

  void start() {
    server = std::make_unique<HttpServer>(options, router, metrics);
    server->start();
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server->port()) + path;
  }
  ClientResponse call(const std::string& method, const std::string& path, std::string body = {},
                      std::vector<std::pair<std::string, std::string>> headers = {},
                      int timeout_ms = 5000) {
    ClientRequest r;
    r.method = method;
    r.url = url(path);
    r.body = std::move(body);
    r.headers = std::move(headers);
    r.timeout_ms = timeout_ms;
    return client->send(r);
  }
};

// A plain TCP connection to the server, for what curl will not send (pipelining, Expect, junk).
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool connected() const { return connected_; }
  bool send(std::string_view s) {
    while (!s.empty()) {
      ssize_t n = ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      s.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // Reads until `pred(received)` holds, the peer closes, or the deadline passes.
  std::string read_until(const std::function<bool(const std::string&)>& pred,
                         std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!pred(in_)) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buf[8192];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      in_.append(buf, static_cast<std::size_t>(n));
    }
    return in_;
  }
  // Reads until the peer closes (or the deadline passes); true when it closed.
  bool wait_closed(std::chrono::milliseconds limit) {
    read_until([](const std::string&) { return false; }, limit);
    return closed_;
  }
  // Removes and returns one complete response (header + Content-Length body) when available.
  std::string take_response(std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    auto complete = [](const std::string& s) -> std::size_t {
      auto end = s.find("\r\n\r\n");
      if (end == std::string::npos) return 0;
      std::size_t len = 0;
      auto cl = s.find("Content-Length: ");
      if (cl != std::string::npos && cl < end) len = std::stoul(s.substr(cl + 16));
      return s.size() >= end + 4 + len ? end + 4 + len : 0;
    };
    read_until([&](const std::string& s) { return complete(s) != 0; }, limit);
    std::size_t n = complete(in_);
    std::string out = in_.substr(0, n);
    in_.erase(0, n);
    return out;
  }
  std::string& buffered() { return in_; }
  void shutdown_send() { ::shutdown(fd_, SHUT_WR); }  // the client is done sending

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
  std::string in_;
};

}  // namespace fte::http::test
