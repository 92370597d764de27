// The openai engine against FakeOpenAi (a Chat Completions server on loopback that checks every
// request and scripts the replies), driven through SupportAgent on the sample doc and a fake
// store: a normal run; invalid tool arguments; the model skipping create_ticket; 429 with
// Retry-After; 500s then success; persistent 500s opening the circuit breaker (fallback to the
// local engine or a human); a timeout; a reply over the channel limit; the daily budget.
// Plus the price table, the budget's UTC day, the breaker and the response parser on their own.
#include "agent/engines/openai_engine.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "agent/runtime/agent.h"
#include "agent/runtime/agent_metrics.h"
#include "fake_openai.h"
#include "fake_store.h"
#include "http/client.h"
#include "kb/knowledge_base.h"
#include "ops/metrics.h"

namespace fte::agent {
namespace {

namespace json = boost::json;
using testing::FakeClock;
using testing::FakeOpenAi;
using testing::FakeStore;
using testing::Step;

const std::string kSampleDoc = std::string(FTE_SOURCE_DIR) + "/data/kb/product-docs.md";
const std::string kTicket = "6f1c2a9e-0b1d-4c3e-8f00-100000000001";
const std::string kAnswer =
    "To reset your password, go to app.rotaloom.example/forgot-password and enter your email. "
    "The reset link in the email is valid for 60 minutes.";

std::string joined(const AgentOutcome& o) {
  std::string s;
  for (const auto& p : o.reply_parts) s += p + "\n";
  return s;
}

class OpenAiEngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    kb_ = new kb::KnowledgeBase();
    kb_->load(kb::load_path(kSampleDoc));
  }
  static void TearDownTestSuite() {
    delete kb_;
    kb_ = nullptr;
  }
  void SetUp() override {
    store.add_customer("cust-1", "Ana Lopez");
    cfg.company_name = "Rotaloom";
    opts.base_url = fake.base_url();
    opts.api_key = "sk-test";
    opts.model = "gpt-4o-mini";
    opts.timeout_ms = 5000;
    opts.initial_backoff_ms = 5;
    opts.max_backoff_ms = 20;
  }

  AgentRequest request(const std::string& body, Channel ch = Channel::webform) {
    AgentRequest r;
    r.message.channel = ch;
    r.message.body = body;
    r.message.subject = "Password";
    r.message.customer_name = "Ana Lopez";
    r.message.email = "ana@example.com";
    r.ids.ticket_id = kTicket;
    r.ids.customer_id = "cust-1";
    r.ids.conversation_id = "conv-1";
    r.idempotency_key = "in:" + std::to_string(++seq);
    r.correlation_id = "corr-" + std::to_string(seq);
    return r;
  }

  // An agent around an OpenAiEngine built from `opts` (kept by the fixture; engine_ views it).
  SupportAgent& agent() {
    auto e = std::make_unique<OpenAiEngine>(opts, http::make_curl_client(), &metrics, clock);
    engine_ = e.get();
    agent_ = std::make_unique<SupportAgent>(store, *kb_, cfg, metrics, std::move(e));
    return *agent_;
  }

  // The chunk ids a search for `query` returns: what a grounded reply cites.
  static json::array sources_for(const std::string& query) {
    json::array ids;
    for (const auto& h : kb_->search(query, 3)) ids.push_back(json::value(h.chunk_id));
    return ids;
  }

  // The tool calls of a well-behaved model, one per request.
  static std::vector<Step> happy_path(Channel ch = Channel::webform,
                                      const std::string& answer = kAnswer) {
    const std::string c = to_string(ch);
    return {
        testing::call("create_ticket", {{"customer_id", "cust-1"},
                                        {"issue", "forgot password"},
                                        {"priority", "low"},
                                        {"category", "general"},
                                        {"channel", c}}),
        testing::call("get_customer_history", {{"customer_id", "cust-1"}}),
        testing::call("search_knowledge_base", {{"query", "reset password"}, {"max_results", 3}}),
        testing::call("send_response", {{"ticket_id", kTicket},
                                        {"message", answer},
                                        {"channel", c},
                                        {"sources", sources_for("reset password")}})};
  }

  static json::object trace_of(const AgentOutcome& o) {
    return json::parse(o.trace_json).as_object();
  }
  static std::vector<std::string> span_statuses(const AgentOutcome& o) {
    std::vector<std::string> out;
    const auto trace = trace_of(o);
    for (const auto& s : trace.at("spans").as_array())
      out.push_back(std::string(s.at("tool").as_string()) + ":" +
                    std::string(s.at("status").as_string()));
    return out;
  }
  double counter(const char* name, const ops::Labels& l) {
    return metrics.counter(name, l).value();
  }

  static kb::KnowledgeBase* kb_;
  FakeOpenAi fake;
  FakeClock clock;
  FakeStore store;
  AgentConfig cfg;
  OpenAiOptions opts;
  ops::Metrics metrics;
  std::unique_ptr<SupportAgent> agent_;
  OpenAiEngine* engine_ = nullptr;
  int seq = 0;
};
kb::KnowledgeBase* OpenAiEngineTest::kb_ = nullptr;

TEST_F(OpenAiEngineTest, NormalRunThroughTheEngineSupportAgentBuildsFromConfig) {
  cfg.engine = "openai";
  cfg.openai_base_url = fake.base_url();
  cfg.openai_api_key = "sk-test";
  cfg.openai_model = "gpt-4o-mini";
  fake.script(happy_path());
  SupportAgent a(store, *kb_, cfg, metrics);
  auto o = a.run(request("Hi, how do I reset my password? I forgot it."));

  EXPECT_TRUE(fake.problems().empty()) << fake.problems().front();
  ASSERT_EQ(fake.requests(), 4u);
  EXPECT_FALSE(o.escalated) << o.escalation_reason;
  EXPECT_EQ(o.engine, "openai");
  EXPECT_NE(joined(o).find("app.rotaloom.example/forgot-password"), std::string::npos) << joined(o);
  EXPECT_NE(joined(o).find("Ticket reference"), std::string::npos);  // formatted for the web form
  EXPECT_EQ(o.tokens_in, 400);
  EXPECT_EQ(o.tokens_out, 80);
  EXPECT_EQ(span_statuses(o),
            (std::vector<std::string>{"create_ticket:ok", "get_customer_history:ok",
                                      "search_knowledge_base:ok", "send_response:ok"}));

  // The first request: system message with the ids and rules, the customer's words, the tools;
  // no contact details of the customer.
  auto first = fake.request(0);
  EXPECT_EQ(first.authorization, "Bearer sk-test");
  EXPECT_EQ(first.body.at("tool_choice"), "auto");
  const auto msgs = first.body.at("messages").as_array();
  ASSERT_EQ(msgs.size(), 2u);
  std::string system(msgs[0].at("content").as_string());
  EXPECT_NE(system.find(kTicket), std::string::npos);
  EXPECT_NE(system.find("cust-1"), std::string::npos);
  EXPECT_NE(system.find("Rotaloom"), std::string::npos);
  EXPECT_NE(std::string(msgs[1].at("content").as_string()).find("reset my password"),
            std::string::npos);
  std::string all = json::serialize(first.body);
  EXPECT_EQ(all.find("ana@example.com"), std::string::npos);
  EXPECT_EQ(all.find("Ana Lopez"), std::string::npos);

  // Each later request replays the assistant's tool call and answers it with a tool message.
  auto second = fake.request(1).body.at("messages").as_array();
  ASSERT_EQ(second.size(), 4u);
  const auto& call = second[2].at("tool_calls").as_array()[0].as_object();
  EXPECT_TRUE(second[2].at("content").is_null());
  EXPECT_EQ(call.at("function").at("name"), "create_ticket");
  EXPECT_EQ(second[3].at("tool_call_id"), call.at("id"));
  EXPECT_TRUE(fake.last_tool_result(1).at("ok").as_bool());
  auto search = fake.last_tool_result(3);
  EXPECT_TRUE(search.at("relevant").as_bool());
  EXPECT_FALSE(search.at("hits").as_array().empty());

  // Trace and metrics: model, tokens, cost (gpt-4o-mini list price), finish_reason.
  auto t = trace_of(o);
  const auto& run = t.at("run").as_object();
  EXPECT_EQ(run.at("engine"), "openai");
  EXPECT_EQ(run.at("model"), "gpt-4o-mini");
  const double cost = (400 * 0.15 + 80 * 0.60) / 1e6;
  EXPECT_NEAR(run.at("cost_usd").as_double(), cost, 1e-12);
  const auto& turns = t.at("turns").as_array();
  ASSERT_EQ(turns.size(), 4u);
  EXPECT_EQ(turns[0].at("model"), "gpt-4o-mini");
  EXPECT_EQ(turns[0].at("finish_reason"), "tool_calls");
  EXPECT_EQ(counter(metric::kLlmTokens, {{"model", "gpt-4o-mini"}, {"direction", "in"}}), 400);
  EXPECT_EQ(counter(metric::kLlmTokens, {{"model", "gpt-4o-mini"}, {"direction", "out"}}), 80);
  EXPECT_NEAR(counter(metric::kLlmCost, {{"model", "gpt-4o-mini"}}), cost, 1e-12);
  EXPECT_EQ(counter(metric::kLlmRequests, {{"model", "gpt-4o-mini"}, {"result", "ok"}}), 4);
  EXPECT_NE(metrics.render().find("fte_llm_cost_usd_total{model=\"gpt-4o-mini\"}"),
            std::string::npos);
}

// The stored trace is the audit record: every tool call with its arguments and result, PII
// masked, and the engine, model, tokens and cost of the run.
TEST_F(OpenAiEngineTest, TraceIsAnAuditRecordWithPiiMasked) {
  fake.script(happy_path());
  auto o = agent().run(request(
      "How do I reset my password? Write to ana.lopez@example.com or call +1 415 555 0199."));
  ASSERT_FALSE(o.escalated) << o.escalation_reason;
  EXPECT_EQ(o.trace_json.find("ana.lopez@example.com"), std::string::npos) << o.trace_json;
  EXPECT_EQ(o.trace_json.find("555 0199"), std::string::npos) << o.trace_json;
  EXPECT_EQ(o.trace_json.find("Ana Lopez"), std::string::npos) << o.trace_json;
  auto t = trace_of(o);
  const auto& spans = t.at("spans").as_array();
  ASSERT_EQ(spans.size(), 4u);
  for (const auto& sv : spans) {
    const auto& sp = sv.as_object();
    EXPECT_EQ(sp.at("caller"), "engine");
    EXPECT_TRUE(sp.at("args").is_object());
    EXPECT_TRUE(sp.at("result").at("ok").as_bool());
    EXPECT_FALSE(std::string(sp.at("call_id").as_string()).empty());
  }
  EXPECT_EQ(spans[0].at("args").at("customer_id"), "cust-1");
  EXPECT_EQ(spans[2].at("args").at("query"), "reset password");
  const auto& run = t.at("run").as_object();
  EXPECT_EQ(run.at("engine"), "openai");
  EXPECT_EQ(run.at("model"), "gpt-4o-mini");
  EXPECT_EQ(run.at("tokens_in").as_int64(), 400);
  EXPECT_EQ(run.at("tokens_out").as_int64(), 80);
  EXPECT_GT(run.at("cost_usd").as_double(), 0);
  EXPECT_TRUE(t.at("knowledge_base").at("threshold").is_double());
}

TEST_F(OpenAiEngineTest, InvalidToolArgumentsAreFedBackAndTheModelCorrects) {
  auto steps = happy_path();
  steps.insert(steps.begin(), testing::calls({{"create_ticket", R"({"customer_id": "cust-1", )"}}));
  steps.insert(steps.begin() + 3, testing::call("search_knowledge_base",
                                                {{"query", "reset password"}, {"max_results", 9}}));
  fake.script(steps);
  auto o = agent().run(request("How do I reset my password?"));
  EXPECT_TRUE(fake.problems().empty()) << fake.problems().front();
  ASSERT_EQ(fake.requests(), 6u);
  EXPECT_FALSE(o.escalated) << o.escalation_reason;
  // The broken JSON is replayed verbatim and answered with an invalid_args result.
  auto second = fake.request(1).body.at("messages").as_array();
  EXPECT_EQ(second[2].at("tool_calls").as_array()[0].at("function").at("arguments"),
            R"({"customer_id": "cust-1", )");
  EXPECT_EQ(fake.last_tool_result(1).at("error"), "invalid_args");
  // Schema violations too.
  auto bad_search = fake.last_tool_result(4);
  EXPECT_EQ(bad_search.at("error"), "invalid_args");
  EXPECT_NE(std::string(bad_search.at("message").as_string()).find("max_results"),
            std::string::npos);
  EXPECT_EQ(span_statuses(o), (std::vector<std::string>{
                                  "create_ticket:invalid_args", "create_ticket:ok",
                                  "get_customer_history:ok", "search_knowledge_base:invalid_args",
                                  "search_knowledge_base:ok", "send_response:ok"}));
}

TEST_F(OpenAiEngineTest, SkippingCreateTicketIsRefusedThenTheModelComplies) {
  auto steps = happy_path();
  steps.insert(steps.begin(), testing::call("send_response", {{"ticket_id", kTicket},
                                                              {"message", kAnswer},
                                                              {"channel", "webform"}}));
  fake.script(steps);
  auto o = agent().run(request("How do I reset my password?"));
  EXPECT_TRUE(fake.problems().empty()) << fake.problems().front();
  EXPECT_EQ(fake.last_tool_result(1).at("error"), "order_violation");
  EXPECT_FALSE(o.escalated) << o.escalation_reason;
  EXPECT_EQ(span_statuses(o).front(), "send_response:refused");
  EXPECT_EQ(span_statuses(o).back(), "send_response:ok");
}

TEST_F(OpenAiEngineTest, SkippingCreateTicketAndGivingUpEscalates) {
  fake.script(
      {testing::call("send_response",
                     {{"ticket_id", kTicket}, {"message", kAnswer}, {"channel", "webform"}, {"sources", sources_for("reset password")}}),
       testing::text("Go to the forgot-password page."),
       testing::text("Go to the forgot-password page.")});
  auto o = agent().run(request("How do I reset my password?"));
  EXPECT_TRUE(fake.problems().empty()) << fake.problems().front();
  ASSERT_EQ(fake.requests(), 3u);
  // Text without send_response is not delivered: the runner asks once for send_response.
  const auto third = fake.request(2).body.at("messages").as_array();
  EXPECT_EQ(third.back().at("role"), "user");
  EXPECT_NE(std::string(third.back().at("content").as_string()).find("send_response"),
            std::string::npos);
  EXPECT_TRUE(o.escalated);
  EXPECT_EQ(o.escalation_reason, "no_response");
  EXPECT_NE(joined(o).find("follow up"), std::string::npos);  // acknowledged on the channel
  EXPECT_EQ(joined(o).find("forgot-password"), std::string::npos);
}

TEST_F(OpenAiEngineTest, RateLimitedCallWaitsForRetryAfter) {
  auto steps = happy_path();
  steps.insert(steps.begin(), testing::error(429, "1"));
  fake.script(steps);
  auto o = agent().run(request("How do I reset my password?"));
  ASSERT_EQ(fake.requests(), 5u);
  EXPECT_FALSE(o.escalated) << o.escalation_reason;
  EXPECT_EQ(o.engine, "openai");
  // Retry-After: 1 (second) was honoured, not the 5 ms backoff.
  EXPECT_GE(fake.request(1).at - fake.request(0).at, std::chrono::milliseconds(900));
  EXPECT_EQ(engine_->circuit_state(), CircuitBreaker::State::closed);
}

TEST_F(OpenAiEngineTest, ServerErrorsAreRetriedThenSucceed) {
  auto steps = happy_path();
  steps.insert(steps.begin(), testing::error(503));
  steps.insert(steps.begin(), testing::error(500));
  fake.script(steps);
  auto o = agent().run(request("How do I reset my password?"));
  EXPECT_EQ(fake.requests(), 6u);
  EXPECT_FALSE(o.escalated) << o.escalation_reason;
  EXPECT_EQ(o.engine, "openai");
  EXPECT_EQ(counter(metric::kLlmRequests, {{"model", "gpt-4o-mini"}, {"result", "ok"}}), 4);
  EXPECT_EQ(counter(metric::kLlmRequests, {{"model", "gpt-4o-mini"}, {"result", "http_error"}}), 0);
}

TEST_F(OpenAiEngineTest, PersistentServerErrorsOpenTheCircuitAndTheLocalEngineAnswers) {
  opts.max_attempts = 2;
  opts.breaker_failures = 2;
  opts.breaker_cooldown_ms = 60000;
  fake.script({testing::error(500), testing::error(500), testing::error(500), testing::error(500)});
  auto& a = agent();
  for (int run = 1; run <= 3; ++run) {
    auto o = a.run(request("How do I reset my password?"));
    EXPECT_FALSE(o.escalated) << run << ": " << o.escalation_reason;
    EXPECT_EQ(o.engine, "local");
    EXPECT_NE(joined(o).find("forgot-password"), std::string::npos);
    auto fb = trace_of(o).at("fallback").as_object();
    EXPECT_EQ(fb.at("to"), "local");
    EXPECT_EQ(fb.at("reason"), "engine_failed");
    if (run < 3) {
      EXPECT_NE(std::string(fb.at("error").as_string()).find("HTTP 500"), std::string::npos);
    } else {
      // The breaker is open: no request at all, the local engine answers at once.
      EXPECT_NE(std::string(fb.at("error").as_string()).find("circuit open"), std::string::npos);
    }
  }
  EXPECT_EQ(fake.requests(), 4u);  // 2 runs x 2 attempts, none in the third run
  EXPECT_EQ(engine_->circuit_state(), CircuitBreaker::State::open);
  EXPECT_EQ(counter(metric::kFallbacks,
                    {{"from", "openai"}, {"to", "local"}, {"reason", "engine_failed"}}),
            3);
  EXPECT_EQ(metrics.gauge(metric::kLlmCircuitOpen, {{"model", "gpt-4o-mini"}}).value(), 1);

  // After the cool-down one probe goes through; it succeeds and closes the breaker.
  clock.advance(60001);
  fake.script(happy_path());
  auto o = a.run(request("How do I reset my password?"));
  EXPECT_EQ(o.engine, "openai");
  EXPECT_FALSE(o.escalated) << o.escalation_reason;
  EXPECT_EQ(engine_->circuit_state(), CircuitBreaker::State::closed);
  EXPECT_EQ(fake.requests(), 8u);
}

TEST_F(OpenAiEngineTest, ModelDownWithHumanFallbackEscalates) {
  cfg.fallback = "human";
  opts.max_attempts = 2;
  fake.script({testing::error(502), testing::error(502)});
  auto o = agent().run(request("How do I reset my password?"));
  EXPECT_TRUE(o.escalated);
  EXPECT_EQ(o.escalation_reason, "engine_unavailable");
  EXPECT_NE(joined(o).find("follow up"), std::string::npos);
  EXPECT_EQ(trace_of(o).at("fallback").at("to"), "human");
}

TEST_F(OpenAiEngineTest, TimedOutCallIsRetried) {
  opts.timeout_ms = 300;
  opts.max_attempts = 2;
  auto steps = happy_path();
  steps.insert(steps.begin(), testing::parked());
  fake.script(steps);
  auto o = agent().run(request("How do I reset my password?"));
  EXPECT_EQ(fake.requests(), 5u);
  EXPECT_FALSE(o.escalated) << o.escalation_reason;
  EXPECT_EQ(o.engine, "openai");
}

TEST_F(OpenAiEngineTest, TimeoutWithoutRetriesLeftFallsBackToTheLocalEngine) {
  opts.timeout_ms = 300;
  opts.max_attempts = 1;
  fake.script({testing::parked()});
  auto o = agent().run(request("How do I reset my password?"));
  EXPECT_EQ(fake.requests(), 1u);
  EXPECT_FALSE(o.escalated) << o.escalation_reason;
  EXPECT_EQ(o.engine, "local");
  auto fb = trace_of(o).at("fallback").as_object();
  EXPECT_NE(std::string(fb.at("error").as_string()).find("unreachable"), std::string::npos)
      << fb.at("error");
  EXPECT_EQ(
      counter(metric::kLlmRequests, {{"model", "gpt-4o-mini"}, {"result", "transport_error"}}), 1);
}

std::string words(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += (i % 8 == 7) ? "word. " : "word ";
  return s;
}

TEST_F(OpenAiEngineTest, ReplyOverTheChannelLimitIsRewrittenOnce) {
  auto steps = happy_path();
  steps.back() = testing::call(
      "send_response", {{"ticket_id", kTicket}, {"message", words(400)}, {"channel", "webform"}});
  steps.push_back(testing::call(
      "send_response", {{"ticket_id", kTicket}, {"message", kAnswer}, {"channel", "webform"}, {"sources", sources_for("reset password")}}));
  fake.script(steps);
  auto o = agent().run(request("How do I reset my password?"));
  EXPECT_TRUE(fake.problems().empty()) << fake.problems().front();
  auto refused = fake.last_tool_result(4);
  EXPECT_EQ(refused.at("error"), "too_long");
  EXPECT_FALSE(o.escalated) << o.escalation_reason;
  EXPECT_NE(joined(o).find("forgot-password"), std::string::npos);
}

TEST_F(OpenAiEngineTest, ReplyOverTheChannelLimitTwiceEscalates) {
  auto steps = happy_path(Channel::email);
  steps.back() = testing::call(
      "send_response", {{"ticket_id", kTicket}, {"message", words(700)}, {"channel", "email"}});
  steps.push_back(testing::call(
      "send_response", {{"ticket_id", kTicket}, {"message", words(600)}, {"channel", "email"}}));
  fake.script(steps);
  auto o = agent().run(request("How do I reset my password?", Channel::email));
  EXPECT_EQ(fake.requests(), 5u);
  EXPECT_TRUE(o.escalated);
  EXPECT_EQ(o.escalation_reason, "output_guardrail");
  ASSERT_EQ(o.reply_parts.size(), 1u);  // the acknowledgement, within the limit
  EXPECT_EQ(joined(o).find("word word"), std::string::npos);
}

TEST_F(OpenAiEngineTest, SpentDailyBudgetHandsOverToTheLocalEngineUntilUtcMidnight) {
  cfg.fallback = "human";  // a spent budget runs the local engine whatever the fallback says
  opts.prices = PriceTable::parse("gpt-4o-mini=1000/1000");  // 0.12 USD per scripted call
  opts.daily_budget_usd = 0.2;
  auto steps = happy_path();
  fake.script({steps[0], steps[1]});
  auto& a = agent();
  auto o = a.run(request("How do I reset my password?"));
  EXPECT_EQ(fake.requests(), 2u);  // the third call was not made: 0.24 >= 0.2
  EXPECT_FALSE(o.escalated) << o.escalation_reason;
  EXPECT_EQ(o.engine, "local");
  EXPECT_EQ(trace_of(o).at("fallback").at("reason"), "budget_exhausted");
  EXPECT_NEAR(engine_->spent_today_usd(), 0.24, 1e-9);
  EXPECT_NEAR(counter(metric::kLlmCost, {{"model", "gpt-4o-mini"}}), 0.24, 1e-9);
  EXPECT_EQ(
      counter(metric::kLlmRequests, {{"model", "gpt-4o-mini"}, {"result", "budget_exhausted"}}), 1);

  o = a.run(request("How do I reset my password?"));  // same day: no model call at all
  EXPECT_EQ(fake.requests(), 2u);
  EXPECT_EQ(o.engine, "local");

  clock.advance(24LL * 3600 * 1000);  // the next UTC day: the model again
  fake.script({steps[0], steps[1]});
  o = a.run(request("How do I reset my password?"));
  EXPECT_EQ(fake.requests(), 4u);
  EXPECT_EQ(trace_of(o).at("turns").as_array()[0].at("engine"), "openai");
}

// ---------------------------------------------------------------- parts

TEST(PriceTable, BuiltinsOverridesAndDatedModelNames) {
  auto t = PriceTable::parse("gpt-4o-mini=0.30/1.20, my-model=1/2");
  ASSERT_NE(t.find("gpt-4o-mini"), nullptr);
  EXPECT_DOUBLE_EQ(t.find("gpt-4o-mini")->input_per_million, 0.30);
  EXPECT_DOUBLE_EQ(t.find("gpt-4o-mini-2024-07-18")->output_per_million, 1.20);
  EXPECT_DOUBLE_EQ(t.find("gpt-4o-2024-08-06")->input_per_million, 2.50);  // built-in
  EXPECT_EQ(t.find("unknown-model"), nullptr);
  EXPECT_DOUBLE_EQ(t.cost_usd("my-model", 1'000'000, 500'000), 2.0);
  EXPECT_DOUBLE_EQ(t.cost_usd("unknown-model", 1000, 1000), 0);
  EXPECT_NO_THROW(PriceTable::parse(""));
  for (const char* bad : {"gpt=1", "gpt=a/b", "=1/2", "gpt=1/-2", "gpt=1/2/3"})
    EXPECT_THROW(PriceTable::parse(bad), std::invalid_argument) << bad;
}

TEST(DailyBudget, ResetsAtUtcMidnightAndZeroIsUnlimited) {
  const std::int64_t midnight = 19676LL * 86'400'000;
  FakeClock clock(midnight - 1);
  DailyBudget b(1.0, clock);
  EXPECT_FALSE(b.exhausted());
  b.add(0.6);
  b.add(0.4);
  EXPECT_TRUE(b.exhausted());
  clock.advance(1);
  EXPECT_FALSE(b.exhausted());
  EXPECT_DOUBLE_EQ(b.spent_today(), 0);
  DailyBudget unlimited(0, clock);
  unlimited.add(1e9);
  EXPECT_FALSE(unlimited.exhausted());
}

TEST(CircuitBreaker, OpensAfterConsecutiveFailuresThenProbesOnce) {
  FakeClock clock;
  CircuitBreaker b(3, 1000, clock);
  b.on_failure();
  b.on_failure();
  b.on_success();  // not consecutive
  b.on_failure();
  b.on_failure();
  EXPECT_TRUE(b.allow());
  b.on_failure();
  EXPECT_EQ(b.state(), CircuitBreaker::State::open);
  EXPECT_FALSE(b.allow());
  clock.advance(1000);
  EXPECT_TRUE(b.allow());   // the probe
  EXPECT_FALSE(b.allow());  // only one
  EXPECT_EQ(b.state(), CircuitBreaker::State::half_open);
  b.on_failure();  // the probe failed: open again
  EXPECT_EQ(b.state(), CircuitBreaker::State::open);
  EXPECT_FALSE(b.allow());
  clock.advance(1000);
  EXPECT_TRUE(b.allow());
  b.on_success();
  EXPECT_EQ(b.state(), CircuitBreaker::State::closed);
  EXPECT_TRUE(b.allow());
}

TEST(ParseChatCompletion, ToolCallsTextUsageAndBrokenReplies) {
  auto r = parse_chat_completion(R"({"choices":[{"index":0,"finish_reason":"tool_calls",
      "message":{"role":"assistant","content":null,"tool_calls":[
        {"id":"call_1","type":"function","function":{"name":"a","arguments":"{\"x\":1}"}},
        {"id":"call_2","type":"function","function":{"name":"b","arguments":"[1]"}},
        {"id":"call_3","type":"function","function":{"name":"c","arguments":""}}]}}],
      "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}})");
  EXPECT_FALSE(r.failed);
  EXPECT_EQ(r.stop_reason, "tool_calls");
  EXPECT_EQ(r.tokens_in, 12);
  EXPECT_EQ(r.tokens_out, 3);
  ASSERT_EQ(r.tool_calls.size(), 3u);
  EXPECT_EQ(r.tool_calls[0].arguments.at("x"), 1);
  EXPECT_EQ(r.tool_calls[1].arguments_error, "arguments must be a JSON object");
  EXPECT_EQ(r.tool_calls[1].raw_arguments, "[1]");
  EXPECT_TRUE(r.tool_calls[2].arguments_error.empty());

  auto text = parse_chat_completion(
      R"({"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":"Hi"}}]})");
  EXPECT_EQ(text.text, "Hi");
  EXPECT_TRUE(text.tool_calls.empty());
  EXPECT_TRUE(parse_chat_completion("<html>bad gateway</html>").failed);
  EXPECT_TRUE(parse_chat_completion(R"({"choices":[]})").failed);
  EXPECT_TRUE(parse_chat_completion(R"({"object":"list"})").failed);
}

}  // namespace
}  // namespace fte::agent
