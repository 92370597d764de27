// Test support: a real PostgreSQL 15 server started by the test itself (DESIGN §7: PostgreSQL
// refuses to run as root, so it runs as the `postgres` user), in a temporary directory on a free
// loopback port, trust authentication, removed afterwards. One server per test process
// (shared_postgres_server), a fresh database per test (create_database).
//
// Start-up cost: initdb runs once per machine into a cached template directory
// (/dev/shm/fte-pg-template-15-<uid>, or under $TMPDIR); each server copies it. fsync is off (a
// test server must survive a crash of its process, not of the machine). A watchdog process stops
// the server and removes its directory if the test process dies without cleaning up.
//
// Needs root (to switch to `postgres`) and /usr/lib/postgresql/15/bin; otherwise start() returns
// nullptr with the reason, for GTEST_SKIP. Thread-safe enough for tests: create_database and
// query open their own connection; stop/restart must not race each other.
#pragma once
#include <libpq-fe.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "support/process.h"

namespace fte::testing {

class PostgresServer {
 public:
  static constexpr const char* kBin = "/usr/lib/postgresql/15/bin";

  // Starts a server; nullptr and `why_not` when it cannot be done here.
  // False (and why) when this machine cannot run a test server at all: tests then skip. Any other
  // failure to start one is a test failure.
  static bool can_run_here(std::string& why_not) {
    if (::geteuid() != 0) {
      why_not = "needs root to run PostgreSQL as the postgres user (scripts/test.sh runs as root)";
      return false;
    }
    if (!std::filesystem::exists(std::string(kBin) + "/pg_ctl") ||
        std::system("id -u postgres >/dev/null 2>&1") != 0) {
      why_not =
          "PostgreSQL 15 is not installed (apt-get install postgresql-15; scripts/install-deps.sh)";
      return false;
    }
    return true;
  }

  static std::unique_ptr<PostgresServer> start(std::string& why_not) {
    if (!can_run_here(why_not)) return nullptr;
    std::unique_ptr<PostgresServer> s(new PostgresServer());
    s->dir_ = work_dir("fte-pg");
    if (s->dir_.empty()) {
      why_not = "cannot create a temporary directory";
      return nullptr;
    }
    s->port_ = free_port();
    std::string tmpl = template_dir(why_not);
    if (tmpl.empty()) return nullptr;
    std::string d = s->dir_.string();
    if (!s->sh("cp -a '" + tmpl + "' '" + d + "/data' && chown postgres:postgres '" + d + "'")) {
      why_not = "cannot copy the template cluster (see " + d + "/setup.log)";
      return nullptr;
    }
    std::string conf = d + "/data/postgresql.conf";
    FILE* f = std::fopen(conf.c_str(), "a");
    if (!f) {
      why_not = "cannot write postgresql.conf";
      return nullptr;
    }
    std::fprintf(f,
                 "\nport = %d\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\n"
                 "fsync = off\nfull_page_writes = off\nmax_connections = 300\n"
                 "shared_buffers = 32MB\n",
                 s->port_, d.c_str());
    std::fclose(f);
    if (!s->restart()) {
      why_not = "pg_ctl start failed: " + read_file(s->dir_ / "server.log");
      return nullptr;
    }
    s->start_watchdog();
    return s;
  }

  ~PostgresServer() {
    if (watchdog_ > 0) {
      ::kill(watchdog_, SIGKILL);
      ::waitpid(watchdog_, nullptr, 0);
    }
    kill();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  int port() const { return port_; }
  std::string url(const std::string& db) const {
    return "postgres://postgres@127.0.0.1:" + std::to_string(port_) + "/" + db;
  }
  std::string conninfo(const std::string& db) const {
    return "host=127.0.0.1 port=" + std::to_string(port_) + " user=postgres dbname=" + db +
           " connect_timeout=5";
  }

  // A fresh, empty database named `prefix` + a counter; returns its name ("" on failure).
  std::string create_database(const std::string& prefix = "t") {
    static std::atomic<int> n{0};
    std::string name = prefix + std::to_string(++n);
    exec("postgres", "CREATE DATABASE " + name + " STRATEGY FILE_COPY");  // cheap without fsync
    return name;
  }

  // Runs sql on db; returns the first column of the first row ("" if none). Throws on failure.
  std::string exec(const std::string& db, const std::string& sql) const {
    PGconn* c = PQconnectdb(conninfo(db).c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      std::string e = PQerrorMessage(c);
      PQfinish(c);
      throw std::runtime_error("postgres test server: cannot connect: " + e);
    }
    PGresult* r = PQexec(c, sql.c_str());
    auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      std::string e = PQresultErrorMessage(r);
      PQclear(r);
      PQfinish(c);
      throw std::runtime_error("postgres test server: " + sql + ": " + e);
    }
    std::string out = PQntuples(r) > 0 && PQnfields(r) > 0 ? PQgetvalue(r, 0, 0) : "";
    PQclear(r);
    PQfinish(c);
    return out;
  }

  // Stops the server the way an operator does (fast: sessions are terminated); waits for it.
  bool stop() { return pg_ctl("stop -m fast -t 60"); }
  // Stops it the way a crash does (no checkpoint; recovery at the next start).
  bool kill() { return pg_ctl("stop -m immediate -t 60"); }
  // Starts it again on the same port and data; waits until it accepts connections.
  bool restart() { return pg_ctl("start -t 60 -l '" + (dir_ / "server.log").string() + "'"); }

 private:
  PostgresServer() = default;

  bool sh(const std::string& cmd) const {
    std::string full = "(" + cmd + ") >>'" + (dir_ / "setup.log").string() + "' 2>&1";
    return std::system(full.c_str()) == 0;
  }
  bool pg_ctl(const std::string& args) const {
    return sh("runuser -u postgres -- " + std::string(kBin) + "/pg_ctl -w -D '" +
              (dir_ / "data").string() + "' " + args);
  }

  // RAM-backed /dev/shm when there is one: copying the cluster and CREATE DATABASE cost ~10x less.
  static std::filesystem::path base_dir() {
    std::error_code ec;
    if (std::filesystem::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0)
      return "/dev/shm";
    return std::filesystem::temp_directory_path();
  }
  static std::filesystem::path work_dir(const std::string& prefix) {
    std::string tmpl = (base_dir() / (prefix + "-XXXXXX")).string();
    char* p = ::mkdtemp(tmpl.data());
    return p ? std::filesystem::path(p) : std::filesystem::path();
  }

  // initdb once per machine; concurrent test processes race benignly (rename is atomic).
  static std::string template_dir(std::string& why_not) {
    namespace fs = std::filesystem;
    std::string path =
        (base_dir() / ("fte-pg-template-15-" + std::to_string(::geteuid()))).string();
    if (fs::exists(path + "/PG_VERSION")) return path;
    auto work = work_dir("fte-pg-initdb");
    std::string w = work.string();
    std::string cmd =
        "chown postgres:postgres '" + w + "' && runuser -u postgres -- " + std::string(kBin) +
        "/initdb -D '" + w +
        "/data' -A trust -U postgres -E UTF8 --locale=C --no-sync --wal-segsize=1 >'" + w +
        "/initdb.log' 2>&1";
    if (std::system(cmd.c_str()) != 0) {
      why_not = "initdb failed: " + read_file(work / "initdb.log");
      std::error_code ec;
      fs::remove_all(work, ec);
      return {};
    }
    std::error_code ec;
    fs::rename(work / "data", path, ec);  // loses the race harmlessly when another process won
    fs::remove_all(work, ec);
    if (!fs::exists(path + "/PG_VERSION")) {
      why_not = "cannot create the template cluster at " + path;
      return {};
    }
    return path;
  }

  // A process that outlives a crashed test binary just long enough to stop its server.
  void start_watchdog() {
    pid_t parent = ::getpid();
    std::string script = "while kill -0 " + std::to_string(parent) +
                         " 2>/dev/null; do sleep 1; done; runuser -u postgres -- " +
                         std::string(kBin) + "/pg_ctl -D '" + (dir_ / "data").string() +
                         "' stop -m immediate >/dev/null 2>&1; rm -rf '" + dir_.string() + "'";
    watchdog_ = ::fork();
    if (watchdog_ == 0) {
      ::setsid();
      ::execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
      std::_Exit(127);
    }
  }

  std::filesystem::path dir_;
  int port_ = 0;
  pid_t watchdog_ = -1;
};

// The server shared by the tests of this process: started at first use; `why_not` says why there
// is none. shutdown_shared_postgres_server() stops it (call it from a gtest Environment TearDown).
inline std::unique_ptr<PostgresServer>& shared_postgres_server_slot() {
  static std::unique_ptr<PostgresServer> s;
  return s;
}
inline PostgresServer* shared_postgres_server(std::string& why_not) {
  static std::mutex mu;
  static bool tried = false;
  static std::string reason;
  std::lock_guard lk(mu);
  if (!tried) {
    tried = true;
    shared_postgres_server_slot() = PostgresServer::start(reason);
  }
  why_not = reason;
  return shared_postgres_server_slot().get();
}
inline void shutdown_shared_postgres_server() {
  shared_postgres_server_slot().reset();
}

}  // namespace fte::testing
