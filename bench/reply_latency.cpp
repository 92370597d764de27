// Accepted → reply stored, at a steady offered rate (open loop), against a running `fte serve` on
// SQLite: the C++ twin of bench/reply_latency.py, whose Python client costs a good share of the
// two cores it is supposed to measure.
//
//   FTE_SUBMIT_RATE_PER_MINUTE=0 FTE_DATABASE_URL=sqlite:///tmp/b/fte.db build/fte serve &
//   build/bench/bench_reply_latency --port 8080 --db /tmp/b/fte.db --rate 500 --seconds 20
//
// Submission i is due at start + i / rate and is sent on connection i mod --connections (one
// blocking keep-alive connection per thread). A submission sent late is measured from when it was
// due (no coordinated omission). Afterwards it waits until every ticket has its first response and
// reads, per ticket, first_response_at − created_at from the store (both stamped by fte: the
// intake commit and the reply commit).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Args {
  int port = 8080;
  std::string db;
  double rate = 500;
  double seconds = 20;
  int connections = 32;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--port") a.port = std::atoi(v.c_str());
    else if (k == "--db") a.db = v;
    else if (k == "--rate") a.rate = std::atof(v.c_str());
    else if (k == "--seconds") a.seconds = std::atof(v.c_str());
    else if (k == "--connections") a.connections = std::atoi(v.c_str());
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      std::exit(2);
    }
  }
  if (a.db.empty() || a.rate <= 0 || a.seconds <= 0 || a.connections <= 0) {
    std::fprintf(stderr,
                 "usage: bench_reply_latency --db PATH [--port 8080] [--rate 500] [--seconds 20] "
                 "[--connections 32]\n");
    std::exit(2);
  }
  return a;
}

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<std::uint16_t>(port));
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// One request/response on a keep-alive connection; the ticket id of a 201, "" otherwise.
std::string submit(int& fd, int port, std::size_t i) {
  char body[400];
  int n = std::snprintf(body, sizeof body,
                        R"({"name":"Bench User","email":"lat-%zu@example.com","subject":"Password",)"
                        R"("category":"technical","priority":"low",)"
                        R"("message":"How do I reset my password? I forgot it."})",
                        i);
  std::string req = "POST /support/submit HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Content-Type: application/json\r\nContent-Length: " +
                    std::to_string(n) + "\r\n\r\n" + std::string(body, static_cast<std::size_t>(n));
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (fd < 0) fd = connect_to(port);
    if (fd < 0) return {};
    if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) {
      ::close(fd);
      fd = -1;
      continue;
    }
    std::string in;
    char buf[4096];
    std::size_t need = std::string::npos;
    while (need == std::string::npos || in.size() < need) {
      ssize_t got = ::recv(fd, buf, sizeof buf, 0);
      if (got <= 0) break;
      in.append(buf, static_cast<std::size_t>(got));
      auto head_end = in.find("\r\n\r\n");
      if (need == std::string::npos && head_end != std::string::npos) {
        auto cl = in.find("ontent-Length: ");
        if (cl == std::string::npos || cl > head_end) cl = in.find("ontent-length: ");
        std::size_t len = cl == std::string::npos ? 0 : std::strtoul(in.c_str() + cl + 15, nullptr, 10);
        need = head_end + 4 + len;
      }
    }
    if (need == std::string::npos || in.size() < need) {
      ::close(fd);
      fd = -1;
      continue;
    }
    if (in.compare(9, 3, "201") != 0) return {};
    auto k = in.find("\"ticket_id\":\"");
    if (k == std::string::npos) return {};
    auto e = in.find('"', k + 13);
    return in.substr(k + 13, e - k - 13);
  }
  return {};
}

double pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * (v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  const auto total = static_cast<std::size_t>(a.rate * a.seconds);
  std::vector<std::string> ids(total);
  std::vector<double> rtt(total, -1);
  std::atomic<std::size_t> errors{0};
  const auto start = Clock::now() + std::chrono::milliseconds(100);
  auto due = [&](std::size_t i) {
    return start + std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 * i / a.rate));
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < a.connections; ++t)
    threads.emplace_back([&, t] {
      int fd = -1;
      for (std::size_t i = static_cast<std::size_t>(t); i < total;
           i += static_cast<std::size_t>(a.connections)) {
        std::this_thread::sleep_until(due(i));
        ids[i] = submit(fd, a.port, i);
        if (ids[i].empty()) ++errors;
        rtt[i] = std::chrono::duration<double, std::milli>(Clock::now() - due(i)).count();
      }
      if (fd >= 0) ::close(fd);
    });
  for (auto& th : threads) th.join();
  const double send_s = std::chrono::duration<double>(Clock::now() - start).count();

  sqlite3* db = nullptr;
  if (sqlite3_open_v2(a.db.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "cannot open %s\n", a.db.c_str());
    return 1;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT first_response_at - created_at FROM tickets WHERE id = ?1", -1, &st,
                     nullptr);
  std::vector<double> reply;
  const auto deadline = Clock::now() + std::chrono::seconds(120);
  std::size_t answered = 0, accepted = total - errors.load();
  do {
    reply.clear();
    for (const auto& id : ids) {
      if (id.empty()) continue;
      sqlite3_bind_text(st, 1, id.c_str(), static_cast<int>(id.size()), SQLITE_TRANSIENT);
      if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        reply.push_back(static_cast<double>(sqlite3_column_int64(st, 0)));
      sqlite3_reset(st);
    }
    answered = reply.size();
    if (answered < accepted) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  } while (answered < accepted && Clock::now() < deadline);
  sqlite3_finalize(st);
  sqlite3_close(db);

  std::vector<double> ok_rtt;
  for (std::size_t i = 0; i < total; ++i)
    if (!ids[i].empty()) ok_rtt.push_back(rtt[i]);
  std::printf("offered %.0f/s for %.0f s: %zu sent in %.1f s, %zu accepted, %zu errors, %zu answered\n",
              a.rate, a.seconds, total, send_s, accepted, errors.load(), answered);
  std::printf("submit (from due time) ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f\n", pct(ok_rtt, 50),
              pct(ok_rtt, 95), pct(ok_rtt, 99), pct(ok_rtt, 100));
  std::printf("accepted -> reply stored ms: p50 %.0f  p95 %.0f  p99 %.0f  max %.0f\n", pct(reply, 50),
              pct(reply, 95), pct(reply, 99), pct(reply, 100));
  return answered == accepted && errors == 0 ? 0 : 1;
}
