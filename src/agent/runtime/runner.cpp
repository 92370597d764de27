#include "agent/runtime/runner.h"

#include "core/clock.h"

namespace fte::agent {

namespace {
constexpr const char* kUseSendResponse =
    "Replies reach the customer only through the send_response tool. Call send_response with "
    "your reply, or escalate_to_human.";
}

RunnerResult Runner::run(const Engine& engine, const RunContext& ctx,
                         const std::function<bool()>& finished) {
  RunnerResult r;
  std::vector<Turn> transcript;
  transcript.push_back({Turn::Role::user, ctx.body, {}, {}});
  const auto& specs = tools_.specs();
  bool nudged = false;
  while (r.turns < max_turns_) {
    ++r.turns;
    const auto t0 = monotonic_us();
    EngineReply reply;
    try {
      reply = engine.next(ctx, transcript, specs);
    } catch (const std::exception& e) {
      reply = EngineReply{};
      reply.failed = true;
      reply.error = e.what();
    }
    r.tokens_in += reply.tokens_in;
    r.tokens_out += reply.tokens_out;
    r.cost_usd += reply.cost_usd;
    EngineTurnRecord rec;
    rec.engine = engine.name();
    rec.model = engine.model();
    rec.turn = r.turns;
    rec.latency_us = monotonic_us() - t0;
    rec.tokens_in = reply.tokens_in;
    rec.tokens_out = reply.tokens_out;
    rec.cost_usd = reply.cost_usd;
    rec.tool_calls = static_cast<int>(reply.tool_calls.size());
    rec.stop_reason = reply.stop_reason;
    rec.error = reply.error;
    trace_.add_turn(std::move(rec));
    if (reply.failed) {
      r.engine_failed = true;
      r.budget_exhausted = reply.budget_exhausted;
      r.engine_error = reply.error.empty() ? "engine failed" : reply.error;
      return r;
    }
    if (reply.tool_calls.empty()) {
      if (reply.text.empty() || nudged) return r;  // the engine has nothing more to do
      nudged = true;
      transcript.push_back({Turn::Role::assistant, reply.text, {}, {}});
      transcript.push_back({Turn::Role::user, kUseSendResponse, {}, {}});
      continue;
    }
    transcript.push_back({Turn::Role::assistant, reply.text, reply.tool_calls, {}});
    for (const auto& call : reply.tool_calls) {
      auto res = tools_.invoke(call, r.turns, "engine");
      transcript.push_back({Turn::Role::tool, {}, {}, std::move(res)});
      if (finished()) {
        r.finished = true;
        return r;
      }
    }
  }
  r.out_of_turns = true;
  return r;
}

}  // namespace fte::agent
