// The agent's metrics, declared in one place (STYLE: each component declares its metrics once).
//   fte_agent_runs_total{engine,outcome}      runs, outcome = answered|escalated|failed
//   fte_agent_run_duration_seconds            run latency histogram (seconds, from µs)
//   fte_escalations_total{reason,channel}     escalations by reason code and channel
//   fte_guardrail_trips_total{guardrail}      input and output guardrail trips
//   fte_tool_calls_total{tool,status}         tool calls by status (ok|invalid_args|refused|...)
// Thread-safe (ops::Metrics is). declare_agent_metrics is idempotent.
#pragma once

namespace fte::ops {
class Metrics;
}

namespace fte::agent::metric {

inline constexpr const char* kRuns = "fte_agent_runs_total";
inline constexpr const char* kRunDuration = "fte_agent_run_duration_seconds";
inline constexpr const char* kEscalations = "fte_escalations_total";
inline constexpr const char* kGuardrailTrips = "fte_guardrail_trips_total";
inline constexpr const char* kToolCalls = "fte_tool_calls_total";

void declare_agent_metrics(ops::Metrics& m);

}  // namespace fte::agent::metric
