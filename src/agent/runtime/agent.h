// SupportAgent: runs one inbound customer message through the agent (spec V) and returns what to
// commit: the channel-formatted reply parts, or an escalation, plus the run's trace.
//
// The runtime, not the prompt, enforces the rules: create_ticket → get_customer_history →
// search_knowledge_base (as needed) → send_response | escalate_to_human; deterministic input
// guardrails run before any engine call; output guardrails check every send_response.
// The agent never writes the outcome itself: the caller (the agent worker) commits it with
// Store::commit_agent_outcome together with the outbound events, so a crash loses or repeats
// nothing.
//
// Thread-safe: run() may be called concurrently for different tickets.
// Failure: engine/model failures never throw (fallback engine or escalation); store failures throw
// fte::Error (retryable), and the bus retries the event.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "agent/runtime/config.h"
#include "core/domain.h"
#include "store/store.h"

namespace fte::ops {
class Metrics;
}
namespace fte::kb {
class KnowledgeBase;
}

namespace fte::agent {

class Engine;

struct AgentRequest {
  InboundMessage message;  // as ingested; message.body is what the agent reads
  IngestResult ids;        // customer, conversation, message and ticket ids
  std::string idempotency_key;
  std::string correlation_id;
  // The customer's history as the caller read it with its processed check
  // (Store::agent_run_inputs, one snapshot); when history_read is false the run reads it.
  bool history_read = false;
  std::optional<CustomerHistory> history;
};

class SupportAgent {
 public:
  // The engine named by cfg.engine: "local", or "openai" (an OpenAiEngine over libcurl built from
  // cfg's openai_* fields, price table and budget); an unknown name or openai without a key runs
  // the local engine, with a warning.
  SupportAgent(Store& store, const kb::KnowledgeBase& kb, AgentConfig cfg, ops::Metrics& metrics);
  // A given engine (e.g. a test double; null = local). When it fails, cfg.fallback decides:
  // "local" runs the local engine, "human" escalates (engine_unavailable); a spent daily budget
  // always runs the local engine.
  SupportAgent(Store& store, const kb::KnowledgeBase& kb, AgentConfig cfg, ops::Metrics& metrics,
               std::unique_ptr<Engine> engine);
  ~SupportAgent();
  AgentOutcome run(const AgentRequest& req);
  // How many messages a run reads of the customer's history (AgentConfig::history_messages).
  int history_messages() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fte::agent
