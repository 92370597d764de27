// The knowledge-gaps report on a real SQLite store: knowledge_gap escalations grouped by what the
// customers asked, with counts and examples; other escalations left out; bearer token required.
#include "app/knowledge_gaps_routes.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "core/clock.h"
#include "core/ids.h"
#include "http/errors.h"
#include "store/store.h"

namespace json = boost::json;
using namespace fte;

namespace {

constexpr const char* kToken = "gaps-test-token";

class KnowledgeGaps : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("fte-gaps-" + new_uuid());
    std::filesystem::create_directories(dir_);
    StoreOptions so;
    so.url = "sqlite://" + (dir_ / "fte.db").string();
    store_ = open_sqlite_store(so);
    app::register_knowledge_gaps_routes(router_, *store_, kToken);
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void escalated(const std::string& subject, const std::string& body, const std::string& reason) {
    InboundMessage m;
    m.channel = Channel::webform;
    m.channel_message_id = "form-" + new_uuid();
    m.ticket_id = new_uuid();
    m.customer_name = "Ana Lima";
    m.email = "ana" + new_uuid().substr(0, 6) + "@example.com";
    m.subject = subject;
    m.body = body;
    m.received_at_ms = now_ms();
    m.correlation_id = new_uuid();
    auto r = store_->ingest(m, nullptr);
    AgentOutcome o;
    o.idempotency_key = "in:webform:" + r.message_id;
    o.ticket_id = r.ticket_id;
    o.conversation_id = r.conversation_id;
    o.channel = Channel::webform;
    o.escalated = true;
    o.escalation_reason = reason;
    o.escalation_urgency = "normal";
    o.trace_json = "{}";
    o.engine = "local";
    ASSERT_TRUE(store_->commit_agent_outcome(o, {}));
  }

  http::Response get(const std::string& query = {}, const std::string& token = kToken) {
    http::Request r;
    r.method = "GET";
    r.path = "/console/api/knowledge-gaps";
    r.query = query;
    r.target = r.path + (query.empty() ? "" : "?" + query);
    if (!token.empty()) r.headers.emplace_back("authorization", "Bearer " + token);
    auto m = router_.match(r);
    http::Response out;
    (*m.handler)(r, [&](http::Response x) { out = std::move(x); });
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  http::Router router_;
};

}  // namespace

TEST_F(KnowledgeGaps, QuestionsAreGroupedBySimilarityWithCountsAndExamples) {
  escalated("Dark mode", "Is there a dark mode for the web app? Mail me at ana@example.com", "knowledge_gap");
  escalated("", "Please add a dark mode, the white theme hurts my eyes", "knowledge_gap");
  escalated("Dark theme", "Any plans for dark mode?", "knowledge_gap");
  escalated("Import from Jira", "Can we import our Jira issues?", "knowledge_gap");
  escalated("Refund", "I want my money back", "refund_request");
  auto r = get();
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = json::parse(r.body).as_object();
  EXPECT_EQ(o.at("total").as_int64(), 4);
  const auto& gaps = o.at("gaps").as_array();
  ASSERT_EQ(gaps.size(), 2u) << r.body;
  const auto& first = gaps[0].as_object();
  EXPECT_EQ(first.at("count").as_int64(), 3);
  EXPECT_NE(std::string(first.at("topic").as_string()).find("dark"), std::string::npos);
  EXPECT_EQ(first.at("examples").as_array().size(), 3u);
  EXPECT_EQ(gaps[1].as_object().at("count").as_int64(), 1);
  EXPECT_EQ(r.body.find("ana@example.com"), std::string::npos) << "contact details redacted";
  EXPECT_EQ(r.body.find("money back"), std::string::npos) << "only knowledge gaps";
}

TEST_F(KnowledgeGaps, NeedsTheAdminTokenAndAValidLimit) {
  EXPECT_EQ(get({}, "").status, 401);
  EXPECT_EQ(get({}, "wrong").status, 401);
  auto r = get("limit=0");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("limit"), std::string::npos);
  EXPECT_EQ(get("limit=5").status, 200);
}

TEST(KnowledgeGapGrouping, DifferentQuestionsStayApart) {
  std::vector<app::GapQuestion> q = {{"t1", "email", "How do I export invoices to CSV?", 1},
                                     {"t2", "email", "Export my invoices as a CSV file", 2},
                                     {"t3", "email", "Does the app work offline?", 3}};
  auto g = app::group_knowledge_gaps(q);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[0].count, 2);
  EXPECT_EQ(g[0].examples.front().ticket_id, "t2") << "newest first";
}
