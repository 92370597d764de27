// End to end: the real `fte serve` binary on a free port with a temporary SQLite database, driven
// over HTTP like a newcomer would (web form in → agent → reply on the status endpoint).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <set>

#include "http/client.h"
#include "support/fte_service.h"
#include "support/process.h"

namespace json = boost::json;
using namespace fte::testing;
using namespace std::chrono_literals;


TEST(ServeE2E, WebFormIsAnsweredFromTheKnowledgeBase) {
  auto dir = temp_dir("fte-e2e");
  Serve s(dir);
  ASSERT_TRUE(s.ready()) << s.process().log();
  auto r = s.post("/support/submit", form("ana@example.com", "How do I reset my password? I forgot it."));
  ASSERT_EQ(r.status, 201) << r.body;
  auto v = json::parse(r.body).as_object();
  ASSERT_TRUE(v.contains("ticket_id"));
  EXPECT_TRUE(v.contains("message"));
  EXPECT_TRUE(v.contains("estimated_response_time"));
  auto id = ticket_of(r);
  std::string body;
  ASSERT_TRUE(wait_until([&] { return replies(s, id, &body) >= 1; }, 10s)) << body;
  EXPECT_NE(body.find("forgot-password"), std::string::npos) << body;
  EXPECT_EQ(body.find("escalat"), std::string::npos) << body;
  auto st = json::parse(body).as_object();
  EXPECT_EQ(st.at("status").as_string(), "responded");
  // The customer's email never reaches the logs.
  EXPECT_EQ(s.process().log().find("ana@example.com"), std::string::npos);
}

// The agent's replies get time-ordered ids (UUIDv7, as the store's own rows): a later reply's id
// sorts after an earlier one's, so the reply rows and their delivery keys append to their indexes.
TEST(ServeE2E, RepliesGetTimeOrderedIds) {
  auto dir = temp_dir("fte-e2e");
  Serve s(dir, {{"FTE_ADMIN_TOKEN", "e2e-admin-token-0123456789"}});
  ASSERT_TRUE(s.ready()) << s.process().log();
  std::vector<std::string> reply_ids;
  for (int i = 0; i < 3; ++i) {
    std::string email = "order" + std::to_string(i) + "@example.com";
    auto r = s.post("/support/submit", form(email, "How do I reset my password? I forgot it."));
    ASSERT_EQ(r.status, 201) << r.body;
    auto id = ticket_of(r);
    ASSERT_TRUE(wait_until([&] { return replies(s, id) >= 1; }, 10s));
    auto c = s.get("/customers/lookup?email=" + email,
                   {{"Authorization", "Bearer e2e-admin-token-0123456789"}});
    ASSERT_EQ(c.status, 200) << c.body;
    auto v = json::parse(c.body);
    for (const auto& m : v.at("messages").as_array())
      if (m.at("direction").as_string() == "outbound")
        reply_ids.emplace_back(m.at("id").as_string());
  }
  ASSERT_EQ(reply_ids.size(), 3u);
  for (const auto& id : reply_ids) {
    ASSERT_EQ(id.size(), 36u) << id;
    EXPECT_EQ(id[14], '7') << "a UUIDv7: " << id;
  }
  EXPECT_LT(reply_ids[0], reply_ids[1]);
  EXPECT_LT(reply_ids[1], reply_ids[2]);
}

TEST(ServeE2E, InvalidFormsAre422NamingEachField) {
  auto dir = temp_dir("fte-e2e");
  Serve s(dir);
  ASSERT_TRUE(s.ready()) << s.process().log();
  struct Case {
    std::string body, field;
  } cases[] = {
      {R"({"name":"A","email":"a@b.co","subject":"s","category":"general","message":"long enough message"})", "name"},
      {R"({"name":"Ann","email":"nope","subject":"s","category":"general","message":"long enough message"})", "email"},
      {R"({"name":"Ann","email":"a@b.co","subject":"","category":"general","message":"long enough message"})", "subject"},
      {R"({"name":"Ann","email":"a@b.co","subject":"s","category":"x","message":"long enough message"})", "category"},
      {R"({"name":"Ann","email":"a@b.co","subject":"s","category":"general","priority":"urgent","message":"long enough message"})", "priority"},
      {R"({"name":"Ann","email":"a@b.co","subject":"s","category":"general","message":"short"})", "message"},
      {R"(not json)", "body"},
  };
  for (const auto& c : cases) {
    auto r = s.post("/support/submit", c.body);
    EXPECT_EQ(r.status, 422) << c.field << ": " << r.body;
    EXPECT_NE(r.body.find("\"" + c.field + "\""), std::string::npos) << r.body;
  }
  auto all = s.post("/support/submit", R"({"name":"A","email":"nope","subject":"","category":"x","message":"short"})");
  ASSERT_EQ(all.status, 422);
  for (auto f : {"name", "email", "subject", "category", "message"})
    EXPECT_NE(all.body.find(std::string("\"") + f + "\""), std::string::npos) << f << " " << all.body;
  // Nothing invalid was stored: an unknown ticket is 404, and health stays fine.
  EXPECT_EQ(s.get("/support/ticket/00000000-0000-4000-8000-000000000000").status, 404);
}

TEST(ServeE2E, SameSubmissionTwiceWithIdempotencyKeyIsOneTicket) {
  auto dir = temp_dir("fte-e2e");
  Serve s(dir);
  ASSERT_TRUE(s.ready()) << s.process().log();
  auto body = form("bo@example.com", "How do I invite team members to my workspace?");
  auto a = s.post("/support/submit", body, {{"Idempotency-Key", "k-123"}});
  auto b = s.post("/support/submit", body, {{"Idempotency-Key", "k-123"}});
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(ticket_of(a), ticket_of(b));
  auto c = s.post("/support/submit", body);  // no key: a person may write twice on purpose
  ASSERT_EQ(c.status, 201);
  EXPECT_NE(ticket_of(c), ticket_of(a));
  auto id = ticket_of(a);
  ASSERT_TRUE(wait_until([&] { return replies(s, id) >= 1; }, 10s));
  // The follow-up joins the open conversation's ticket or gets its own; either way one reply each.
  ASSERT_TRUE(wait_until([&] { return replies(s, ticket_of(c)) >= 1; }, 10s));
  EXPECT_EQ(replies(s, id), ticket_of(c) == id ? 2 : 1);
}

TEST(ServeE2E, HealthReadyAndMetrics) {
  auto dir = temp_dir("fte-e2e");
  Serve s(dir);
  ASSERT_TRUE(s.ready()) << s.process().log();
  EXPECT_EQ(s.get("/health").status, 200);
  auto ready = s.get("/ready");
  EXPECT_EQ(ready.status, 200) << ready.body;
  auto m = s.get("/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("# TYPE fte_http_requests_total counter"), std::string::npos);
  EXPECT_NE(m.body.find("fte_http_request_duration_seconds_bucket"), std::string::npos);
}

TEST(ServeE2E, SigtermStopsIntakeAndExitsZero) {
  auto dir = temp_dir("fte-e2e");
  Serve s(dir);
  ASSERT_TRUE(s.ready()) << s.process().log();
  auto r = s.post("/support/submit", form("cy@example.com", "How do I enable two-factor authentication?"));
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(s.process().kill(SIGTERM), 0) << s.process().log();
}

TEST(ServeE2E, SubmissionAcceptedBeforeACrashIsAnsweredExactlyOnceAfterRestart) {
  auto dir = temp_dir("fte-e2e");
  std::vector<std::string> ids;
  {
    // A gateway alone accepts (durably) but nothing answers yet; then it is SIGKILLed.
    Serve gw(dir, {}, "gateway");
    ASSERT_TRUE(gw.ready()) << gw.process().log();
    for (int i = 0; i < 20; ++i) {
      auto r = gw.post("/support/submit", form("crash" + std::to_string(i) + "@example.com",
                                               "How do I reset my password? I forgot it."));
      ASSERT_EQ(r.status, 201) << r.body;
      ids.push_back(ticket_of(r));
    }
    EXPECT_EQ(replies(gw, ids[0]), 0);
    gw.process().kill(SIGKILL);
  }
  {
    // Everything restarts; a burst is in flight when the whole process is SIGKILLed.
    Serve s(dir);
    ASSERT_TRUE(s.ready()) << s.process().log();
    for (int i = 0; i < 50; ++i) {
      auto r = s.post("/support/submit", form("burst" + std::to_string(i) + "@example.com",
                                              "How do I invite team members to my workspace?"));
      ASSERT_EQ(r.status, 201) << r.body;
      ids.push_back(ticket_of(r));
    }
    s.process().kill(SIGKILL);
  }
  Serve s(dir);
  ASSERT_TRUE(s.ready()) << s.process().log();
  for (const auto& id : ids)
    ASSERT_TRUE(wait_until([&] { return replies(s, id) >= 1; }, 20s)) << id;
  // Let any duplicate that would come arrive: wait until the bus has no lag, then count.
  ASSERT_TRUE(wait_until([&] {
    auto m = s.get("/metrics").body;
    return m.find("fte_bus_consumer_lag{") != std::string::npos &&
           m.find("fte_bus_consumer_lag{group=\"fte-agent\",topic=\"fte.tickets.incoming\",partition=\"0\"} 0") != std::string::npos;
  }, 20s));
  for (const auto& id : ids) EXPECT_EQ(replies(s, id), 1) << id;
}

// The support team imports new documentation while `fte serve` runs: `fte kb import` in another
// process, and the running agent answers from it without a restart.
TEST(ServeE2E, AKnowledgeImportIsPickedUpByTheRunningAgent) {
  auto dir = temp_dir("fte-e2e");
  Serve s(dir, {{"FTE_KB_RELOAD_SECONDS", "1"}});
  ASSERT_TRUE(s.ready()) << s.process().log();
  auto chunks = [&] {
    auto m = s.get("/metrics").body;
    auto at = m.find("\nfte_kb_chunks ");
    return at == std::string::npos ? -1 : std::atoi(m.c_str() + at + 15);
  };
  const int before = chunks();
  ASSERT_GT(before, 0);

  const auto doc = dir / "offline-mode.md";
  {
    std::ofstream f(doc);
    f << "# Offline mode\n\n## Working offline on a plane\n\n"
         "Turn on offline mode under Profile > Devices > Offline sync before you board; "
         "changes upload by themselves once you are back online.\n";
  }
  FteProcess import({"kb", "import", doc.string()},
                    {{"FTE_DATABASE_URL", "sqlite://" + (dir / "fte.db").string()}},
                    dir / "import.log");
  ASSERT_EQ(import.wait(), 0) << import.log();
  ASSERT_TRUE(wait_until([&] { return chunks() > before; }, 15s)) << s.process().log();

  auto r = s.post("/support/submit",
                  form("pilot@example.com", "How do I keep working offline on a plane?"));
  ASSERT_EQ(r.status, 201) << r.body;
  std::string body;
  ASSERT_TRUE(wait_until([&] { return replies(s, ticket_of(r), &body) >= 1; }, 10s)) << body;
  EXPECT_NE(body.find("Offline sync"), std::string::npos) << body;
  EXPECT_NE(s.process().log().find("knowledge base reloaded"), std::string::npos);
}
