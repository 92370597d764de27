#include "agent/agent_metrics.h"

#include "ops/metrics.h"

namespace fte::agent::metric {

void declare_agent_metrics(ops::Metrics& m) {
  m.declare(kRuns, "counter", "Agent runs, by engine and outcome (answered|escalated|failed)");
  m.declare(kRunDuration, "histogram", "Agent run duration in seconds",
            ops::Metrics::latency_buckets());
  m.declare(kEscalations, "counter", "Tickets escalated to a human, by reason code and channel");
  m.declare(kGuardrailTrips, "counter", "Input and output guardrail trips, by guardrail");
  m.declare(kToolCalls, "counter", "Agent tool calls, by tool and status");
}

}  // namespace fte::agent::metric
