// LocalEngine: the deterministic, offline engine (no model). It follows the required workflow from
// what the transcript shows so far, one tool call per turn:
//   create_ticket → get_customer_history → (small talk: a short reply) → search_knowledge_base with
//   the customer's words (subject + body) → if no hit is relevant, once more with a reformulated
//   query (the content words only, or the subject) → send_response with an extractive answer from
//   the best relevant section (see answer.h); among relevant hits whose scores are within 0.1 of
//   the best, the score plus 0.02 per question word found in the section's title and lines
//   decides.
// When send_response rejects a reply (output guardrail), it drops the offending sentences and sends
// once more; when the reply is too long, it keeps the leading lines. When nothing safe is left, or
// a call is refused for a reason it cannot fix, it escalates. The runtime, not this engine,
// escalates knowledge gaps and input-guardrail cases. Thread-safe and stateless: all state is read
// from the transcript. Never fails.
#pragma once
#include "agent/engines/engine.h"

namespace fte::agent {

class LocalEngine final : public Engine {
 public:
  std::string name() const override { return "local"; }
  EngineReply next(const RunContext& ctx, const std::vector<Turn>& transcript,
                   const std::vector<ToolSpec>& tools) const override;

  // The second query when the first found nothing relevant: the content words of the question
  // (stop words removed), or the subject when that leaves nothing new.
  static std::string reformulate(std::string_view question, std::string_view subject);
};

}  // namespace fte::agent
