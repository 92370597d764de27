// Connection exhaustion: under a low descriptor limit (RLIMIT_NOFILE 256, set for the child), 2,000
// silent connections plus slowloris clients trickling a header must not keep /health or a normal
// request from being answered, slow clients are closed at the request timeout, and the server is
// whole afterwards.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <thread>

#include "probe.h"

namespace fte::security {
namespace {

// `fte serve` on a free port with RLIMIT_NOFILE (soft and hard) set to `nofile` in the child
// before exec, as `ulimit -n` would; SQLite in `dir`. Killed when destroyed.
class LowLimitServe {
 public:
  LowLimitServe(const std::filesystem::path& dir, rlim_t nofile,
                std::map<std::string, std::string> extra)
      : port_(testing::free_port()), log_(dir / "serve.log") {
    extra["FTE_HTTP_PORT"] = std::to_string(port_);
    extra["FTE_DATABASE_URL"] = "sqlite://" + (dir / "fte.db").string();
    extra["FTE_KB_PATH"] = std::string(FTE_SOURCE_DIR) + "/data/kb";
    extra["FTE_SUBMIT_RATE_PER_MINUTE"] = "0";
    pid_ = ::fork();
    if (pid_ == 0) {
      rlimit l{nofile, nofile};
      ::setrlimit(RLIMIT_NOFILE, &l);
      for (const auto& [k, v] : extra) ::setenv(k.c_str(), v.c_str(), 1);
      FILE* f = std::fopen(log_.c_str(), "a");
      if (f) {
        ::dup2(fileno(f), 1);
        ::dup2(fileno(f), 2);
      }
      std::string bin = FTE_BINARY, role = "serve";
      char* argv[] = {bin.data(), role.data(), nullptr};
      ::execv(bin.c_str(), argv);
      std::_Exit(127);
    }
    ready_ = testing::wait_until([&] { return call("GET", url("/health"), {}, {}, 1000).status == 200; }, 30s);
  }
  ~LowLimitServe() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  bool ready() const { return ready_; }
  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::string log() const { return testing::read_file(log_); }
  bool running() const { return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }

 private:
  int port_;
  std::filesystem::path log_;
  pid_t pid_ = -1;
  bool ready_ = false;
};

TEST(Connections, IdleFloodAndSlowlorisUnderALowDescriptorLimit) {
  const rlim_t own = raise_own_nofile();
  const int flood = static_cast<int>(std::min<rlim_t>(2000, own > 400 ? own - 300 : 0));
  ASSERT_GE(flood, 1000) << "this process cannot open enough sockets (limit " << own << ")";

  auto dir = testing::temp_dir("fte-security-conn");
  LowLimitServe s(dir, 256, {{"FTE_HTTP_REQUEST_TIMEOUT_SECONDS", "2"}});
  ASSERT_TRUE(s.ready()) << s.log();
  const int port = s.port();

  std::vector<std::unique_ptr<Raw>> idle;
  for (int i = 0; i < flood; ++i) {
    auto c = std::make_unique<Raw>(port);
    if (!c->ok()) break;
    idle.push_back(std::move(c));
  }
  EXPECT_GE(static_cast<int>(idle.size()), flood * 9 / 10);
  // Slowloris, after the flood: clients that send a header a piece at a time and never finish.
  std::vector<std::unique_ptr<Raw>> slow;
  for (int i = 0; i < 10; ++i) {
    slow.push_back(std::make_unique<Raw>(port));
    slow.back()->send("POST /support/submit HTTP/1.1\r\nHost: x\r\n");
  }
  for (auto& c : slow) c->send("X-Slow: 1\r\n");

  // /health and normal requests on new connections (not a pooled one) answer at once.
  auto started = std::chrono::steady_clock::now();
  std::string h = raw_exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 2s);
  EXPECT_EQ(status_of(h), 200) << h << "\n" << s.log().substr(0, 2000);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  std::string t = raw_exchange(port,
                               "GET /support/ticket/00000000-0000-4000-8000-000000000000 HTTP/1.1\r\n"
                               "Host: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_of(t), 404) << t;
  std::string form = testing::form("flood@example.com", "Can I still file a ticket during a flood?");
  std::string sub = raw_exchange(
      port, "POST /support/submit HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            "Content-Type: application/json\r\nContent-Length: " +
                std::to_string(form.size()) + "\r\n\r\n" + form,
      5s);
  EXPECT_EQ(status_of(sub), 201) << sub;

  // Slow clients are closed at the request timeout (2 s here), not kept for a minute.
  for (auto& c : slow) {
    c->read_all(6s);
    EXPECT_TRUE(c->closed()) << "a slowloris connection outlived the request timeout";
  }
  idle.clear();
  slow.clear();
  EXPECT_TRUE(s.running());
  EXPECT_TRUE(testing::wait_until([&] { return call("GET", s.url("/health")).status == 200; }, 5s));
  EXPECT_NE(call("GET", s.url("/metrics")).body.find("fte_http_connections_refused_total"),
            std::string::npos);
}

}  // namespace
}  // namespace fte::security
