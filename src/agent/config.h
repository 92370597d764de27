// AgentConfig: everything the agent needs, built by src/app from the environment (agents never read
// the environment themselves).
#pragma once
#include <string>
#include <vector>

namespace fte::agent {

struct AgentConfig {
  std::string engine = "local";          // local|openai
  std::string company_name = "Support";  // used in signatures ("Best regards,\n<company> Support")
  std::string support_signature;         // optional full signature override
  int max_turns = 8;                     // engine turns per run; then the run escalates
  // Output guardrail: competitor names the agent must not talk about (case-insensitive).
  std::vector<std::string> competitor_names;
  int history_messages = 20;  // messages of the customer's history given to the engine
  // openai engine (issue 5)
  std::string openai_base_url = "https://api.openai.com/v1";
  std::string openai_api_key;
  std::string openai_model = "gpt-4o-mini";
  int openai_timeout_ms = 20000;
  std::string fallback = "local";  // local|human: when the model service is down
  double daily_budget_usd = 0;     // 0 = unlimited
};

}  // namespace fte::agent
