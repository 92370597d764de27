// Runner: the agent loop. Asks the engine for the next step, runs the tool calls it returns through
// the ToolBox (validation, rules, trace), appends the results to the transcript, and repeats until
// the run is finished (a reply was sent or the ticket was escalated), the engine stops asking for
// tools, the engine fails, or max_turns engine turns have passed.
// Not thread-safe: one Runner per run. Exceptions: only a retryable fte::Error from a tool (store
// down) escapes; an engine that throws is reported as failed.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "agent/engines/engine.h"
#include "agent/runtime/tool.h"
#include "agent/runtime/trace.h"

namespace fte::agent {

struct RunnerResult {
  int turns = 0;
  bool finished = false;          // `finished()` became true
  bool engine_failed = false;     // the engine reported failure (or threw)
  bool budget_exhausted = false;  // ... because the daily model budget is spent
  std::string engine_error;
  bool out_of_turns = false;
  std::int64_t tokens_in = 0, tokens_out = 0;
  double cost_usd = 0;
};

class Runner {
 public:
  Runner(ToolBox& tools, Trace& trace, int max_turns)
      : tools_(tools), trace_(trace), max_turns_(max_turns) {}
  RunnerResult run(const Engine& engine, const RunContext& ctx,
                   const std::function<bool()>& finished);

 private:
  ToolBox& tools_;
  Trace& trace_;
  int max_turns_;
};

}  // namespace fte::agent
