// Input guardrails (spec V, DESIGN §6): deterministic checks on the customer's words that run
// before any engine. Each detector matches whole words and phrases of the case-folded text (so
// "pursue", "issue" and "suede" never read as "sue", "illegally" never as "legal", and "lawsuit"
// matches), and each has table-driven tests with look-alikes in tests/unit/agent.
//
//   detector            guardrail (metric label)  reason code           urgency
//   legal_threat        legal                     legal_threat          critical
//   find_profanity      profanity                 negative_sentiment    high
//   sentiment < 0.3     sentiment                 negative_sentiment    high
//   security_incident   security                  security_incident     critical
//   data_loss           data_loss                 data_loss             high
//   account_or_         account_compliance        account_or_           normal
//    compliance_request                            compliance_request
//   refund_request      refund                    refund_request        normal
//   pricing_inquiry     pricing                   pricing_inquiry       normal
//   human_requested     human_request             human_requested       normal
//   whatsapp_keyword    whatsapp_keyword          human_requested       normal
//
// The security, data-loss and account/compliance detectors go beyond the constitution's list:
// hacked or compromised accounts, vanished data, ownership transfers and compliance documents
// (HIPAA/BAA, SOC 2 reports, penetration tests, audits) need a person in any SaaS support team,
// and the eval showed them answered from unrelated sections otherwise (docs/DECISIONS.md).
// When several trip, the decision is the first in this order; all are reported (trace, metrics).
// Thread-safe: pure functions. Never throws except std::bad_alloc.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.h"

namespace fte::agent {

inline constexpr double kNegativeSentimentThreshold = 0.3;

struct GuardrailTrip {
  std::string guardrail;  // metric label, e.g. "legal"
  std::string reason;     // escalation reason code, e.g. "legal_threat"
  std::string urgency;    // low|normal|high|critical
  std::string evidence;   // the matched word or phrase (never the whole message)
};

struct InputCheck {
  std::vector<GuardrailTrip> trips;  // in decision order
  double sentiment = 0.5;
  const GuardrailTrip* decision() const { return trips.empty() ? nullptr : &trips.front(); }
};

// Runs every detector on subject + body (the WhatsApp keyword check looks at the body alone).
InputCheck check_input(Channel channel, std::string_view subject, std::string_view body);

// The detectors; each returns the matched word/phrase, or nullopt.
std::optional<std::string> legal_threat(std::string_view text);
std::optional<std::string> refund_request(std::string_view text);
std::optional<std::string> pricing_inquiry(std::string_view text);
std::optional<std::string> human_requested(std::string_view text);
std::optional<std::string> security_incident(std::string_view text);
std::optional<std::string> data_loss(std::string_view text);
std::optional<std::string> account_or_compliance_request(std::string_view text);
// A WhatsApp message that is only "human", "agent" or "representative" (any case, punctuation
// and an optional "please" ignored).
std::optional<std::string> whatsapp_keyword(std::string_view body);

}  // namespace fte::agent
