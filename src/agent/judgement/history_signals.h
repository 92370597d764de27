// History signals (issue 14): what the customer's own history says about a new message, read from
// the same CustomerHistory that get_customer_history returns:
//   repeat_contacts        earlier inbound messages on the same topic (content-word overlap >= 0.3)
//                          in the last 14 days — "a third message about the same problem";
//   waiting_days           days the oldest open earlier ticket on the same topic has waited;
//   previous_escalations   earlier tickets on the same topic that were escalated (30 days).
// trip() says whether they alone justify a person: two earlier messages on the topic (this is
// the third), or an earlier escalation on it, or one earlier message after >= 3 days of waiting.
// The reason code is repeat_contact (urgency high); a phrase rule's reason still wins.
// Thread-safe: pure functions. Never throws except std::bad_alloc.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/domain.h"

namespace fte::agent {

struct HistorySignals {
  int repeat_contacts = 0;
  int waiting_days = 0;
  int previous_escalations = 0;
  bool trip() const;
  std::string evidence() const;  // "3rd contact on this topic, waiting 4 days, 1 escalated before"
};

HistorySignals history_signals(const CustomerHistory& h, std::string_view current_ticket_id,
                               std::string_view current_text, std::int64_t now_ms);

}  // namespace fte::agent
