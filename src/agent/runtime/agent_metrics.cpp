#include "agent/runtime/agent_metrics.h"

#include "ops/metrics.h"

namespace fte::agent::metric {

void declare_agent_metrics(ops::Metrics& m) {
  m.declare(kRuns, "counter", "Agent runs, by engine and outcome (answered|escalated|failed)");
  m.declare(kRunDuration, "histogram", "Agent run duration in seconds",
            ops::Metrics::latency_buckets());
  m.declare(kEscalations, "counter", "Tickets escalated to a human, by reason code and channel");
  m.declare(kGuardrailTrips, "counter", "Input and output guardrail trips, by guardrail");
  m.declare(kToolCalls, "counter", "Agent tool calls, by tool and status");
  m.declare(kLlmRequests, "counter", "Model API calls (after retries), by model and result");
  m.declare(kLlmDuration, "histogram", "Model API call duration in seconds, retries included",
            ops::Metrics::latency_buckets());
  m.declare(kLlmTokens, "counter", "Model tokens, by model and direction (in|out)");
  m.declare(kLlmCost, "counter", "Model cost in USD from the price table, by model");
  m.declare(kLlmBudgetSpent, "gauge", "Model cost in USD since the last UTC midnight");
  m.declare(kLlmCircuitOpen, "gauge", "1 while the model's circuit breaker is open");
  m.declare(kFallbacks, "counter",
            "Agent runs handed from a failed engine to the local engine or a human, by reason");
}

}  // namespace fte::agent::metric
