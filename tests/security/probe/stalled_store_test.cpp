// A stalled store never reaches /health: with SQLite held by another writer (BEGIN EXCLUSIVE on a
// second connection) and with PostgreSQL stalled (a backend holding ACCESS EXCLUSIVE on tickets),
// requests that touch the store wait on the bounded worker pool, one more is refused with 503 +
// Retry-After once the pool and its queue are full, and /health keeps answering in milliseconds
// while the stalled requests are still in flight.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <boost/json.hpp>
#include <future>

#include "probe.h"
#include "support/postgres_server.h"

namespace fte::security {
namespace {

std::string new_ticket(testing::Serve& s) {
  auto r = s.post("/support/submit", testing::form("stall@example.com", "How do I export my data to CSV?"));
  if (r.status != 201) return {};
  std::string id = testing::ticket_of(r);
  testing::wait_until([&] { return s.get("/support/ticket/" + id).status == 200; }, 10s);
  return id;
}

// Runs the probe while the store is stalled by the caller; `stalled` issues one request that
// blocks on the store; `release` ends the stall (always called, then the stalled requests finish).
void probe_while_stalled(testing::Serve& s, const std::function<http::ClientResponse(int)>& stalled,
                         const std::function<void()>& release) {
  struct Release {
    const std::function<void()>& f;
    ~Release() { f(); }
  };
  std::atomic<int> done{0}, refused_inflight{0};
  std::vector<std::future<int>> inflight;
  for (int i = 0; i < 3; ++i)  // 2 workers busy + 1 queued (FTE_HTTP_WORKER_QUEUE=1)
    inflight.push_back(std::async(std::launch::async, [&] {
      int st = stalled(60000).status;
      ++(st == 503 ? refused_inflight : done);
      return st;
    }));
  Release at_end{release};  // declared after the futures: runs before they are joined
  // The pool is full once a further store request is refused at once with 503 + Retry-After.
  http::ClientResponse refused;
  ASSERT_TRUE(testing::wait_until([&] {
    refused = stalled(300);
    return refused.status == 503;
  }, 10s)) << "no 503 while the store is stalled; last status " << refused.status;
  EXPECT_EQ(header_of(refused, "Retry-After"), "1");
  // /health answers in milliseconds, again and again, while the stalled requests are in flight.
  for (int i = 0; i < 20; ++i) {
    auto started = std::chrono::steady_clock::now();
    auto h = call("GET", s.url("/health"), {}, {}, 1000);
    auto took = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(h.status, 200);
    EXPECT_LT(took, 250ms) << "/health took "
                           << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                           << " ms";
  }
  EXPECT_EQ(done.load(), 0) << "a store request finished while the store was stalled";
  EXPECT_LT(refused_inflight.load(), 3);
}

TEST(StalledStore, SqliteHeldByAnotherWriter) {
  auto dir = testing::temp_dir("fte-security-sqlite");
  testing::Serve s(dir, {{"FTE_HTTP_WORKERS", "2"}, {"FTE_HTTP_WORKER_QUEUE", "1"}});
  ASSERT_TRUE(s.ready()) << s.process().log();
  std::string id = new_ticket(s);
  ASSERT_FALSE(id.empty());

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "fte.db").c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 10000);
  ASSERT_EQ(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  probe_while_stalled(
      s,
      [&](int timeout_ms) {
        return call("POST", s.url("/support/ticket/" + id + "/feedback"), R"({"helpful":true})",
                    {{"Content-Type", "application/json"}}, timeout_ms);
      },
      [&] { sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr); });
  sqlite3_close(db);
  EXPECT_TRUE(testing::wait_until(
      [&] { return s.get("/ready").status == 200; }, 15s));
}

TEST(StalledStore, PostgresTableLockedByAnotherBackend) {
  std::string why;
  if (!testing::PostgresServer::can_run_here(why)) GTEST_SKIP() << why;
  auto pg = testing::PostgresServer::start(why);
  ASSERT_TRUE(pg) << why;
  std::string dbname = pg->create_database("sec");
  auto dir = testing::temp_dir("fte-security-pg");
  testing::Serve s(dir, {{"FTE_DATABASE_URL", pg->url(dbname)},
                         {"FTE_HTTP_WORKERS", "2"},
                         {"FTE_HTTP_WORKER_QUEUE", "1"}});
  ASSERT_TRUE(s.ready()) << s.process().log();
  std::string id = new_ticket(s);
  ASSERT_FALSE(id.empty());

  PGconn* c = PQconnectdb(pg->conninfo(dbname).c_str());
  ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
  PGresult* r = PQexec(c, "BEGIN; LOCK TABLE tickets IN ACCESS EXCLUSIVE MODE");
  ASSERT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQerrorMessage(c);
  PQclear(r);
  probe_while_stalled(
      s, [&](int timeout_ms) { return call("GET", s.url("/support/ticket/" + id), {}, {}, timeout_ms); },
      [&] { PQclear(PQexec(c, "ROLLBACK")); });
  PQfinish(c);
  EXPECT_TRUE(testing::wait_until(
      [&] { return s.get("/support/ticket/" + id).status == 200; }, 15s));
}

}  // namespace
}  // namespace fte::security
