// OpenAiEngine: the model-backed engine. Each next() is one OpenAI Chat Completions call
// (POST {base_url}/chat/completions, "Authorization: Bearer <key>", non-streaming) built from the
// run context and transcript as engine.h describes; any OpenAI-compatible server works.
//
//   request   system prompt (company, channel, ids, category, the rules; never the customer's name
//             or contact details), the transcript as user / assistant(tool_calls) /
//             tool(tool_call_id) messages, the tools as {type:function}, tool_choice auto.
//   reply     choices[0].message: tool_calls (arguments is a JSON string; one that does not parse
//             into an object becomes ToolCall::arguments_error, which the runtime turns into an
//             error result the model sees), content, finish_reason; usage → tokens, cost from the
//             PriceTable.
//   failures  one logical call = HttpClient::retry: transport errors and 408/409/429/5xx are
//             retried with backoff, honouring Retry-After, within a deadline; then the reply is
//             failed = true and the agent falls back (local engine or a human). A 200 that is not
//             a chat completion is failed too. A circuit breaker counts failed calls: after
//             `breaker_failures` in a row it refuses calls (failed at once, no request) for
//             `breaker_cooldown_ms`, then lets one probe through.
//   budget    before each call: when the DailyBudget is spent the reply is failed with
//             budget_exhausted = true (the agent then runs the local engine). Each call's cost is
//             added to the budget and to fte_llm_cost_usd_total / fte_llm_tokens_total.
// Logs: one line per failed call (status, sanitised reason), never message text or the key.
// Thread-safe: next() may run concurrently; the breaker and budget are shared, the rest is const.
// Never throws from next() (except std::bad_alloc).
#pragma once
#include <memory>
#include <string>

#include "agent/engines/circuit_breaker.h"
#include "agent/engines/engine.h"
#include "agent/engines/llm_cost.h"

namespace fte {
class Clock;
}
namespace fte::http {
class HttpClient;
}
namespace fte::ops {
class Metrics;
}

namespace fte::agent {

struct OpenAiOptions {
  std::string base_url = "https://api.openai.com/v1";
  std::string api_key;
  std::string model = "gpt-4o-mini";
  int timeout_ms = 20000;  // per HTTP attempt
  int max_attempts = 3;    // transient failures are retried up to this many attempts in all
  int initial_backoff_ms = 250;
  int max_backoff_ms = 4000;
  int deadline_ms = 0;  // across attempts and Retry-After waits; 0 = max_attempts*timeout + 10 s
  int breaker_failures = 5;
  int breaker_cooldown_ms = 30000;
  double temperature = 0.2;  // < 0: not sent (models that refuse it)
  int max_tokens = 0;        // 0: not sent
  PriceTable prices = PriceTable::builtin();
  double daily_budget_usd = 0;  // 0 = unlimited
  SharedSpend shared_spend;     // the budget shared by all replicas; {} = this process alone
};

class OpenAiEngine final : public Engine {
 public:
  // metrics may be null. The clock drives the breaker's cool-down and the budget's day.
  OpenAiEngine(OpenAiOptions o, std::shared_ptr<http::HttpClient> client, ops::Metrics* metrics,
               const Clock& clock);
  ~OpenAiEngine() override;

  std::string name() const override { return "openai"; }
  std::string model() const override;
  EngineReply next(const RunContext& ctx, const std::vector<Turn>& transcript,
                   const std::vector<ToolSpec>& tools) const override;

  CircuitBreaker::State circuit_state() const;
  double spent_today_usd() const;

  // The request body for a turn (exposed for tests and docs).
  std::string request_body(const RunContext& ctx, const std::vector<Turn>& transcript,
                           const std::vector<ToolSpec>& tools) const;
  // The system message built from the run context.
  static std::string system_prompt(const RunContext& ctx);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses a Chat Completions response body into tool calls, text, finish_reason and usage.
// failed = true (with error) when it is not a chat completion.
EngineReply parse_chat_completion(std::string_view body);

}  // namespace fte::agent
