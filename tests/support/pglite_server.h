// Test support: PGlite (PostgreSQL 18 compiled to WebAssembly) with pgvector, served on the
// PostgreSQL wire protocol by `pglite-server` (npm @electric-sql/pglite-socket) on a free loopback
// port — the pgvector SQL path's test server, since Debian 12 has no pgvector package.
//
// Needs `node` on PATH and tests/pglite/node_modules (scripts/test.sh runs `npm install` there);
// otherwise start() returns nullptr with the reason, for GTEST_SKIP. The database is in memory
// (memory://) and gone when the server stops. The child gets SIGKILL if the test process dies
// (PR_SET_PDEATHSIG); the destructor stops it (SIGTERM, then SIGKILL after a deadline).
//
// One PGlite session serves every connection: pglite-server queues the connections' messages and
// keeps a transaction's connection alone until it ends (`--max-connections`, default 1 — the
// PostgreSQL store needs more: its writer, its read pool of one, the pgvector set-up connection).
// Session state is shared, so the store's prepared statements meet each other's (pq.cpp tolerates
// that outside transactions) and concurrent statements from several connections may interleave:
// use the store from one thread at a time.
#pragma once
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fte::testing {

// Self-contained (no support/process.h): bench/kb_pgvector.cpp includes it too.
namespace pglite_detail {

inline int free_port() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(s);
  return ntohs(a.sin_port);
}

inline std::filesystem::path temp_dir(const std::string& prefix) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  char* p = ::mkdtemp(tmpl.data());
  return p ? std::filesystem::path(p) : std::filesystem::path();
}

// Polls `cond` until it holds or the deadline passes.
inline bool wait_until(const std::function<bool()>& cond, std::chrono::milliseconds deadline) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  auto step = std::chrono::milliseconds(5);
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(step);  // polling interval of a condition wait
    if (step < std::chrono::milliseconds(100)) step *= 2;
  }
  return cond();
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace pglite_detail

class PgliteServer {
 public:
  static std::filesystem::path package_dir() {
#ifdef FTE_SOURCE_DIR
    return std::filesystem::path(FTE_SOURCE_DIR) / "tests" / "pglite";
#else
    return std::filesystem::path("tests") / "pglite";
#endif
  }

  // Starts a server; nullptr and `why_not` when node or the npm packages are missing, or when
  // the server did not come up within `deadline` (then `why_not` holds its log).
  static std::unique_ptr<PgliteServer> start(
      std::string& why_not, int max_connections = 4,
      std::chrono::milliseconds deadline = std::chrono::seconds(60),
      const std::filesystem::path& dir = package_dir()) {
    const std::string node = find_on_path("node");
    if (node.empty()) {
      why_not = "node is not installed (apt-get install nodejs; scripts/install-deps.sh)";
      return nullptr;
    }
    const auto bin = dir / "node_modules" / ".bin" / "pglite-server";
    if (!std::filesystem::exists(bin) ||
        !std::filesystem::exists(dir / "node_modules" / "@electric-sql" / "pglite-pgvector")) {
      why_not =
          "the PGlite npm packages are not installed (cd tests/pglite && npm install; "
          "scripts/test.sh does it)";
      return nullptr;
    }
    std::unique_ptr<PgliteServer> s(new PgliteServer());
    s->dir_ = pglite_detail::temp_dir("fte-pglite");
    s->port_ = pglite_detail::free_port();
    const std::string log = (s->dir_ / "pglite.log").string();
    std::vector<std::string> args = {node,
                                     bin.string(),
                                     "--host=127.0.0.1",
                                     "--port=" + std::to_string(s->port_),
                                     "--max-connections=" + std::to_string(max_connections),
                                     "--extensions=@electric-sql/pglite-pgvector:vector"};
    const pid_t parent = ::getpid();
    s->pid_ = ::fork();
    if (s->pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) std::_Exit(1);
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
      }
      if (::chdir(dir.c_str()) != 0) std::_Exit(126);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(node.c_str(), argv.data());
      std::_Exit(127);
    }
    const std::string conninfo = s->url();
    const bool up = pglite_detail::wait_until(
        [&] {
          if (!s->running()) return true;  // exited: stop waiting
          return PQping(conninfo.c_str()) == PQPING_OK;
        },
        deadline);
    if (!up || !s->running()) {
      why_not = "pglite-server did not start: " + pglite_detail::read_file(log);
      s.reset();
      return nullptr;
    }
    return s;
  }

  ~PgliteServer() {
    stop();
  }
  PgliteServer(const PgliteServer&) = delete;
  PgliteServer& operator=(const PgliteServer&) = delete;

  int port() const {
    return port_;
  }
  std::string url() const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) +
           "/postgres?sslmode=disable&connect_timeout=10";
  }
  std::string log() const {
    return pglite_detail::read_file(dir_ / "pglite.log");
  }

  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      if (!pglite_detail::wait_until([&] { return !running(); }, std::chrono::seconds(10))) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
      }
      pid_ = -1;
    }
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
      dir_.clear();
    }
  }

 private:
  PgliteServer() = default;

  bool running() {
    if (pid_ <= 0) return false;
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    return true;
  }

  static std::string find_on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string p = path ? path : "/usr/local/bin:/usr/bin:/bin";
    std::size_t from = 0;
    while (from <= p.size()) {
      auto colon = p.find(':', from);
      std::string d = p.substr(from, colon == std::string::npos ? std::string::npos : colon - from);
      from = colon == std::string::npos ? p.size() + 1 : colon + 1;
      if (d.empty()) continue;
      auto f = std::filesystem::path(d) / name;
      if (::access(f.c_str(), X_OK) == 0) return f.string();
    }
    return {};
  }

  pid_t pid_ = -1;
  int port_ = 0;
  std::filesystem::path dir_;
};

}  // namespace fte::testing
