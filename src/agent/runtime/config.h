// AgentConfig: everything the agent needs, built by src/app from the environment (agents never read
// the environment themselves).
#pragma once
#include <string>
#include <vector>

#include "agent/engines/llm_cost.h"

namespace fte::agent {

struct AgentConfig {
  std::string engine = "local";          // local|openai
  std::string company_name = "Support";  // used in signatures ("Best regards,\n<company> Support")
  std::string support_signature;         // optional full signature override
  std::string docs_base_url;  // replies link the cited doc section (FTE_DOCS_BASE_URL; "" = none)
  int max_turns = 8;                     // engine turns per run; then the run escalates
  // Output guardrail: competitor names the agent must not talk about (case-insensitive).
  std::vector<std::string> competitor_names;
  int history_messages = 20;  // messages of the customer's history given to the engine
  // openai engine (issue 5)
  std::string openai_base_url = "https://api.openai.com/v1";
  std::string openai_api_key;
  std::string openai_model = "gpt-4o-mini";
  int openai_timeout_ms = 20000;    // per HTTP attempt (FTE_LLM_TIMEOUT_MS)
  int openai_max_attempts = 3;      // attempts per model call (408/409/429/5xx, transport errors)
  int breaker_failures = 5;         // failed model calls in a row that open the circuit breaker
  int breaker_cooldown_ms = 30000;  // how long it stays open before one probe call
  std::string fallback = "local";   // local|human: when the model service is down
  double daily_budget_usd = 0;      // 0 = unlimited; past it the local engine answers
  std::string llm_prices;           // "model=IN/OUT,..." USD per 1M tokens, over the built-ins
  SharedSpend shared_spend;         // the budget shared by all replicas (shared_spend_in); {} = this process
};

}  // namespace fte::agent
