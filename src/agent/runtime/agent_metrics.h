// The agent's metrics, declared in one place (STYLE: each component declares its metrics once).
//   fte_agent_runs_total{engine,outcome}      runs, outcome = answered|escalated|failed
//   fte_agent_run_duration_seconds            run latency histogram (seconds, from µs)
//   fte_escalations_total{reason,channel}     escalations by reason code and channel
//   fte_guardrail_trips_total{guardrail}      input and output guardrail trips
//   fte_tool_calls_total{tool,status}         tool calls by status (ok|invalid_args|refused|...)
//   fte_llm_requests_total{model,result}      model calls: ok|http_error|transport_error|bad_reply|
//                                             circuit_open|budget_exhausted (after retries)
//   fte_llm_request_duration_seconds{model}   model call latency, retries included
//   fte_llm_tokens_total{model,direction}     tokens, direction = in (prompt) | out (completion)
//   fte_llm_cost_usd_total{model}             USD spent, from the price table
//   fte_llm_budget_spent_usd                  USD spent since UTC midnight (daily budget)
//   fte_llm_circuit_open{model}               1 while the model's circuit breaker is open
//   fte_agent_fallbacks_total{from,to,reason} runs handed from a failed engine to local|human
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
inline constexpr const char* kLlmRequests = "fte_llm_requests_total";
inline constexpr const char* kLlmDuration = "fte_llm_request_duration_seconds";
inline constexpr const char* kLlmTokens = "fte_llm_tokens_total";
inline constexpr const char* kLlmCost = "fte_llm_cost_usd_total";
inline constexpr const char* kLlmBudgetSpent = "fte_llm_budget_spent_usd";
inline constexpr const char* kLlmCircuitOpen = "fte_llm_circuit_open";
inline constexpr const char* kFallbacks = "fte_agent_fallbacks_total";

void declare_agent_metrics(ops::Metrics& m);

}  // namespace fte::agent::metric
