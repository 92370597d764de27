// The judgement's rule layer alone — no intent model, no company rules — for the row tests of
// the phrase rules (long_message_rules_test, routine_realistic_rules_test,
// routine_rule_shapes_test): the reason the rules escalate a message for, or "none".
#pragma once

#include <string>

#include "agent/judgement/input_guardrails.h"

namespace fte::agent::rules_test {

inline std::string by_rules(const char* text, Channel channel = Channel::email) {
  const auto ic = check_input(channel, "", text, nullptr, nullptr);
  return ic.decision() ? ic.decision()->reason : std::string("none");
}

}  // namespace fte::agent::rules_test
