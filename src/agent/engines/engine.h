// Engine: the part of the agent that decides the next step — which tools to call, with which
// arguments — from the run so far. The runtime (Runner + the support tools) executes the calls and
// enforces every rule; an engine cannot skip the order, answer without send_response, or bypass a
// guardrail, because those live in the tools, not in the engine.
//
// The interface is the shape of a chat-completions model with tool calling, so a model-backed
// engine (OpenAI Chat Completions over fte::http::HttpClient) drops in next to the deterministic
// `local` engine without touching the runtime:
//   - next() receives the run context (what a system prompt is built from), the transcript (the
//     customer's message, then the engine's own tool calls and their results, in order) and the
//     tool definitions (name, description, JSON schema), and returns tool calls and/or text, plus
//     the tokens it used;
//   - text without tool calls is not delivered: the runner asks once for send_response, then stops;
//   - failed = true (model unreachable, budget spent, unparseable reply) makes the agent switch to
//   its
//     fallback (the local engine, or a human) — next() should not throw, and a throw counts as
//     failed.
// Engines are shared by concurrent runs: next() must be thread-safe and keep no per-run state (all
// state is in the transcript).
//
// How a Chat Completions engine maps onto this (POST {base_url}/chat/completions):
//   system message   ← built from RunContext (company, channel, ticket and customer ids, rules)
//   user message     ← Turn{user} (the customer's body; also the runner's "use send_response")
//   assistant message← Turn{assistant}: content = text or null, tool_calls = [{id, type:"function",
//                      function:{name, arguments: serialize(ToolCall::arguments)}}]
//   tool message     ← Turn{tool}: {role:"tool", tool_call_id: ToolResult::call_id,
//                      content: serialize(ToolResult::content)} — one per call, in order
//   tools            ← ToolSpec: {type:"function", function:{name, description, parameters}}
//   response         → choices[0].message.tool_calls: arguments is a JSON *string* that may not
//                      parse: put the parse error in ToolCall::arguments_error (the ToolBox turns
//                      it into an error result the model sees); usage.prompt_tokens /
//                      completion_tokens → tokens_in / tokens_out; cost from a price table.
//   failures         → HttpClient::retry (408/409/429/5xx, Retry-After; safe: the request has no
//                      side effect), then failed = true; a spent daily budget is failed = true too
//                      (with budget_exhausted = true: the local engine answers whatever the
//                      fallback setting says).
// OpenAiEngine (openai_engine.h) is that engine.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "agent/runtime/tool.h"
#include "core/domain.h"

namespace fte::agent {

// What an engine may know about the run. No store access: history comes through the tools.
struct RunContext {
  std::string ticket_id;
  std::string customer_id;
  std::string conversation_id;
  Channel channel = Channel::webform;
  std::string customer_name;
  std::string subject;
  std::string body;      // the customer's message
  std::string category;  // classified when the channel gave none
  std::string priority;  // low|medium|high
  std::string company_name;
  double relevance_threshold = 0;  // KnowledgeBase::relevance_threshold()
  std::string correlation_id;
};

// One entry of the transcript.
struct Turn {
  enum class Role { user, assistant, tool };
  Role role = Role::user;
  std::string text;                  // user message, or assistant text
  std::vector<ToolCall> tool_calls;  // assistant turns
  ToolResult result;                 // tool turns
};

struct EngineReply {
  std::vector<ToolCall> tool_calls;
  std::string text;
  std::int64_t tokens_in = 0, tokens_out = 0;
  double cost_usd = 0;
  std::string stop_reason;  // a model's finish_reason (stop|tool_calls|length|...), for the trace
  bool failed = false;      // the engine could not decide (see above)
  bool budget_exhausted = false;  // failed because the daily model budget is spent
  std::string error;              // why, sanitised (no message text)
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string name() const = 0;
  virtual std::string model() const { return {}; }  // the model behind it, "" for none
  virtual EngineReply next(const RunContext& ctx, const std::vector<Turn>& transcript,
                           const std::vector<ToolSpec>& tools) const = 0;
};

}  // namespace fte::agent
