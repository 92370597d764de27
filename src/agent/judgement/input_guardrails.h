// Input guardrails (spec V, DESIGN §6, issue 14): the deterministic judgement on the customer's
// words that runs before any engine (and before retrieval), in three layers:
//   1. high-precision phrase rules (the floor): whole words and phrases of text::keys() — NFKC,
//      case-folded, accents removed — so "pursue", "issue" and "suede" never read as "sue",
//      "don’t" matches "don't", and the common Spanish/French/German/Portuguese phrasings of the
//      hard rules match too; each detector has table tests with look-alikes in tests/unit/agent;
//   2. tone (rules too): profanity and sentiment < 0.3 escalate on their own
//      (negative_sentiment) and raise a phrase rule's urgency to high;
//   3. the trained intent model (intent_model.h), consulted after every rule, so it adds a
//      decision when no rule fired but never overrides one (on messages of kIntentMinWords
//      words or more: one or two words give it no context); it trips at the class's threshold
//      chosen on the validation split (IntentModel::threshold), never below kIntentThreshold;
//   4. with a company policy (company_rules.h): its keyword triggers after the built-in rules,
//      its examples (similarity) last; built-in one-word triggers skip innocent uses
//      (phrase_guard.h), and an ownership transfer escalates only if a policy names ownership
//      (never without a policy: companies differ, the constitution does not ask for it).
//
//   guardrail (metric label)  reason code                    urgency
//   legal                     legal_threat                   critical
//   security                  security_incident              critical
//   data_residency            account_or_compliance_request  normal  (staff_requests.h)
//   account_recovery          account_or_compliance_request  normal  (staff_requests.h)
//   privacy                   privacy_request                high
//   data_loss                 data_loss                      high
//   account_compliance        account_or_compliance_request  normal
//   refund                    refund_request                 normal
//   billing_dispute           billing_dispute                normal
//   billing_request           billing_dispute                normal  (staff_requests.h)
//   pricing                   pricing_inquiry                normal
//   human_request             human_requested                normal
//   whatsapp_keyword          human_requested                normal
//   outage                    outage                         high
//   widespread_lockout        outage                         high    (staff_requests.h)
//   churn                     churn_risk                     high
//   compliance_requirement    account_or_compliance_request  normal  (staff_requests.h)
//   feature_commitment        feature_commitment             normal  (staff_requests.h)
//   profanity, sentiment      negative_sentiment             high
//   company_rule              the policy heading's code      (company_rules.h: keyword triggers)
//   company_example           the policy heading's code      (its examples, after the model)
//   history (agent.cpp)       repeat_contact                 high   (history_signals.h)
//   intent_model              the class's code (intent_reason)
//
// When several trip, the decision is the first in this order; all are reported (trace, metrics).
// Thread-safe: pure functions (the model is immutable). Never throws except std::bad_alloc.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/judgement/company_rules.h"
#include "agent/judgement/intent_model.h"
#include "core/domain.h"

namespace fte::agent {

inline constexpr double kNegativeSentimentThreshold = 0.3;
inline constexpr double kIntentThreshold = 0.5;  // the floor: a one-vs-all sigmoid's boundary
inline constexpr std::size_t kIntentMinWords = 3;  // shorter messages: rules only (no context)
inline constexpr double kForeignNoneVetoLifted = 0.9;  // round 17: see check_input
inline constexpr double kNoneVetoLifted = 0.98;  // round 18: any language; see check_input
inline constexpr double kIntentNoneVeto = 0.5;  // "none" runner-up at or past this: ambiguous

struct GuardrailTrip {
  std::string guardrail;  // metric label, e.g. "legal"
  std::string reason;     // escalation reason code, e.g. "legal_threat"
  std::string urgency;    // low|normal|high|critical
  std::string evidence;   // the matched word or phrase (never the whole message)
  std::string team;       // the company policy's team for `reason` ("" without one)
};

struct InputCheck {
  std::vector<GuardrailTrip> trips;  // in decision order
  double sentiment = 0.5;
  IntentPrediction intent;  // the model's best class (label "none" without a model)
  const GuardrailTrip* decision() const { return trips.empty() ? nullptr : &trips.front(); }
};

// Runs every detector on subject + body (on WhatsApp the body alone: its subject is the body's
// first line or made up by the channel; the WhatsApp keyword check looks at the body alone),
// with `model` (nullptr: rules and tone only); the 3-argument form uses IntentModel::shared()
// and CompanyRules::shared().
InputCheck check_input(Channel channel, std::string_view subject, std::string_view body,
                       const IntentModel* model);
// With a company's own policy (company_rules.h; nullptr: none): its keyword triggers trip after
// the built-in phrase rules ("company_rule"), and every trip carries the policy's team.
InputCheck check_input(Channel channel, std::string_view subject, std::string_view body,
                       const IntentModel* model, const CompanyRules* rules);
InputCheck check_input(Channel channel, std::string_view subject, std::string_view body);

// Whether the model's prediction decides an escalation: its class is not "none", reaches the
// class's threshold, and "none" is not the runner-up at kIntentNoneVeto or more (both past the
// one-vs-all boundary: the model reads the message as routine too, so it stays silent).
bool model_trips(const IntentPrediction& p, double threshold);

// Which reason routes a case when a one-word phrase rule and the model disagree (round 6). The
// pricing rule fires on a money word (price, discount, cheaper) and the outage rule on the word
// "outage"; both still decide THAT the case escalates (the model never removes a rule's
// escalation), but when the model is confident in a class that comes first in this order the
// model's reason routes it: "the discount we were promised isn't on the bill" is a billing
// dispute, "if the price goes up again we'll be shopping for alternatives" a churn risk, "we
// reserve our legal rights regarding this outage" a legal threat. Order: a threat of legal
// action, an account compromise, a data-subject request, money already taken, a failure (an
// outage stays an outage when the model reads churn into "two outages this week"), leaving, a
// price question. Round 9: the data-loss rule ("lost data") gives way to a threat, a compromise
// or a data-subject request ("we are preparing to take action over the lost data" is a legal
// threat), and the tone rules (negative sentiment, profanity) to any confident model class: tone
// says the customer is unhappy, the model says about what ("consider this formal notice of a
// dispute under our contract" is a legal threat, not an angry customer). Rules with specific
// evidence (legal, security, privacy, refund, churn phrases, ...) are never re-routed.
inline constexpr const char* kRoutingPrecedence[] = {
    "legal_threat", "security_incident", "privacy_request", "data_loss", "billing_dispute",
    "outage",       "churn_risk",        "pricing_inquiry"};
// Whether the model's reason `model_reason` re-routes a case whose first trip is `rule_trip`.
bool model_reroutes(const GuardrailTrip& rule_trip, std::string_view model_reason);

// Whether the model's leading class re-routes `rule_trip` although it is under its threshold
// (round 9): only a rule with weak evidence (a money word, "lost data", tone), only when the
// class is at kIntentRouteFloor or more and model_reroutes agrees. The rule has already decided
// that the case escalates; the model only says what it is about ("the last bill is still at the
// old price": billing 0.29 → a billing dispute, not a price question).
inline constexpr double kIntentRouteFloor = 0.3;
bool model_routes_below_threshold(const GuardrailTrip& rule_trip, const IntentPrediction& p);
// The reason code of an intent class ("pricing" → "pricing_inquiry"; "" for none/unknown).
std::string intent_reason(std::string_view intent_class);
// Whether a reason code is one of the product's (the metric label set; an LLM's free text is not).
bool known_reason(std::string_view reason);
std::string reason_urgency(std::string_view reason);
// A free-text reason (an LLM's escalate_to_human argument) mapped onto the product's codes by its
// words ("Customer wants a discount" → pricing_inquiry); "other" when nothing fits.
std::string canonical_reason(std::string_view free_text);

// The detectors; each returns the matched word/phrase, or nullopt.
std::optional<std::string> legal_threat(std::string_view text);
std::optional<std::string> refund_request(std::string_view text);
std::optional<std::string> pricing_inquiry(std::string_view text);
std::optional<std::string> human_requested(std::string_view text);
std::optional<std::string> security_incident(std::string_view text);
std::optional<std::string> data_loss(std::string_view text);
std::optional<std::string> account_or_compliance_request(std::string_view text);
std::optional<std::string> privacy_request(std::string_view text);
std::optional<std::string> billing_dispute(std::string_view text);
std::optional<std::string> outage_report(std::string_view text);
std::optional<std::string> churn_risk(std::string_view text);
// A WhatsApp message that is only "human", "agent" or "representative" (any case, punctuation
// and an optional "please" ignored).
std::optional<std::string> whatsapp_keyword(std::string_view body);

}  // namespace fte::agent
