// End to end on PostgreSQL: the real `fte serve` with FTE_DATABASE_URL pointing at a real
// PostgreSQL 15 server that this test starts (as the postgres user, in a temp dir, on a free port).
// The foundation's path holds there too, and losing the server mid-run is survivable: /ready turns
// 503, intake answers 503 with Retry-After instead of accepting what it cannot store, and everything
// recovers by itself when the server is back.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/fte_service.h"
#include "support/postgres_server.h"
#include "support/process.h"

using namespace fte::testing;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

std::unique_ptr<PostgresServer> start_pg() {
  std::string why;
  if (!PostgresServer::can_run_here(why)) return nullptr;
  return PostgresServer::start(why);
}

}  // namespace

TEST(PostgresE2E, ServeAnswersAWebFormTicketOnPostgres) {
  auto pg = start_pg();
  if (!pg) GTEST_SKIP() << "PostgreSQL 15 cannot run here (needs root and postgresql-15)";
  auto dir = temp_dir("fte-pg-e2e");
  Serve s(dir, {{"FTE_DATABASE_URL", pg->url(pg->create_database("e2e"))}});
  ASSERT_TRUE(s.ready()) << s.process().log();
  auto r = s.post("/support/submit", form("bo@example.com", "How do I turn on two-factor authentication?"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = ticket_of(r);
  std::string body;
  ASSERT_TRUE(wait_until([&] { return replies(s, id, &body) >= 1; }, 15s)) << s.process().log();
  EXPECT_NE(body.find("responded"), std::string::npos) << body;
  auto ready = s.get("/ready");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_NE(ready.body.find("postgres"), std::string::npos) << ready.body;
  auto m = s.get("/metrics").body;
  EXPECT_NE(m.find("fte_store_pool_connections{state=\"open\"}"), std::string::npos) << m;
  EXPECT_NE(m.find("fte_store_pool_exhausted_total"), std::string::npos);
}

TEST(PostgresE2E, LosingTheServerTurnsReadyAndIntakeTo503ThenRecovers) {
  auto pg = start_pg();
  if (!pg) GTEST_SKIP() << "PostgreSQL 15 cannot run here (needs root and postgresql-15)";
  auto dir = temp_dir("fte-pg-e2e");
  Serve s(dir, {{"FTE_DATABASE_URL", pg->url(pg->create_database("e2e"))}});
  ASSERT_TRUE(s.ready()) << s.process().log();
  auto before = s.post("/support/submit", form("cy@example.com", "How do I invite team members to my workspace?"));
  ASSERT_EQ(before.status, 201) << before.body;

  ASSERT_TRUE(pg->stop());
  ASSERT_TRUE(wait_until([&] { return s.get("/ready").status == 503; }, 30s)) << s.get("/ready").body;
  fte::http::ClientResponse down;
  ASSERT_TRUE(wait_until([&] {
    down = s.post("/support/submit", form("di@example.com", "How do I reset my password? I forgot it."));
    return down.status == 503;
  }, 30s)) << down.status << " " << down.body;
  bool retry_after = false;
  for (const auto& [k, v] : down.headers)
    if (k == "Retry-After" || k == "retry-after") retry_after = true;
  EXPECT_TRUE(retry_after) << down.body;
  EXPECT_EQ(s.get("/health").status, 200);  // alive, just not ready: no restart loop

  ASSERT_TRUE(pg->restart());
  ASSERT_TRUE(wait_until([&] { return s.get("/ready").status == 200; }, 60s)) << s.get("/ready").body;
  fte::http::ClientResponse after;
  ASSERT_TRUE(wait_until([&] {
    after = s.post("/support/submit", form("di@example.com", "How do I reset my password? I forgot it."));
    return after.status == 201;
  }, 30s)) << after.status << " " << after.body;
  // Both the ticket accepted before the outage and the one after it are answered.
  for (const auto& id : {ticket_of(before), ticket_of(after)})
    EXPECT_TRUE(wait_until([&] { return replies(s, id) >= 1; }, 30s)) << id << s.process().log();
}
