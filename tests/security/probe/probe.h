// The security suite's tools: a real `fte serve` (tests/support/fte_service.h) probed the way an
// attacker would, over raw sockets (for what curl will not send) and curl. Every check is a real
// request against the real binary.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "http/client.h"
#include "support/fte_service.h"

namespace fte::security {

using namespace std::chrono_literals;
using Headers = std::vector<std::pair<std::string, std::string>>;

inline const std::string kAdminToken = "security-suite-admin-token-7d1e";

// A TCP connection to 127.0.0.1:port (blocking connect; reads with deadlines).
class Raw {
 public:
  explicit Raw(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok_ = fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Raw() {
    if (fd_ >= 0) ::close(fd_);
  }
  Raw(const Raw&) = delete;
  Raw& operator=(const Raw&) = delete;
  bool ok() const { return ok_; }
  bool send(std::string_view s) {
    while (!s.empty()) {
      ssize_t n = ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      s.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // Everything received until the peer closes or `limit` passes (or `max` bytes).
  std::string read_all(std::chrono::milliseconds limit, std::size_t max = 1 << 20) {
    std::string in;
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (in.size() < max) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buf[16384];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      in.append(buf, static_cast<std::size_t>(n));
    }
    return in;
  }
  bool closed() const { return closed_; }

 private:
  int fd_ = -1;
  bool ok_ = false, closed_ = false;
};

// Sends `request` on a fresh connection; returns what came back within `limit` (with
// "Connection: close" the server closes after answering).
inline std::string raw_exchange(int port, const std::string& request,
                                std::chrono::milliseconds limit = 3s) {
  Raw c(port);
  if (!c.ok() || !c.send(request)) return {};
  return c.read_all(limit);
}

inline int status_of(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
  return std::atoi(response.c_str() + 9);
}

inline std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

inline std::string header_of(const http::ClientResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (lower(k) == lower(name)) return v;
  return {};
}

inline http::ClientResponse call(const std::string& method, const std::string& url,
                                 std::string body = {}, Headers headers = {},
                                 int timeout_ms = 5000) {
  static auto client = http::make_curl_client();
  http::ClientRequest r;
  r.method = method;
  r.url = url;
  r.body = std::move(body);
  r.headers = std::move(headers);
  r.timeout_ms = timeout_ms;
  return client->send(r);
}

// The port of a Serve (parsed back from its URL).
inline int port_of(testing::Serve& s) {
  std::string u = s.url("");
  return std::atoi(u.substr(u.rfind(':') + 1).c_str());
}

// Raises this process's soft descriptor limit as far as allowed; returns it.
inline rlim_t raise_own_nofile() {
  rlimit l{};
  ::getrlimit(RLIMIT_NOFILE, &l);
  l.rlim_cur = l.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &l);
  ::getrlimit(RLIMIT_NOFILE, &l);
  return l.rlim_cur;
}

}  // namespace fte::security
