#include "agent/judgement/history_signals.h"

#include <algorithm>
#include <set>
#include <vector>

#include "agent/judgement/text.h"

namespace fte::agent {

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
constexpr double kSameTopic = 0.3;

std::set<std::string> topic_of(std::string_view s) {
  auto v = text::content_stems(s);
  return {v.begin(), v.end()};
}

// Overlap of the smaller set: a short follow-up ("still not fixed, the export") shares its few
// content words with the longer first message.
double overlap(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  std::size_t common = 0;
  for (const auto& x : a) common += b.count(x);
  return static_cast<double>(common) / std::min(a.size(), b.size());
}

bool open_status(std::string_view s) {
  return s != "resolved" && s != "closed";
}

}  // namespace

bool HistorySignals::trip() const {
  return repeat_contacts >= 2 || previous_escalations >= 1 ||
         (repeat_contacts >= 1 && waiting_days >= 3);
}

std::string HistorySignals::evidence() const {
  std::string e = std::to_string(repeat_contacts + 1) + " contacts on this topic";
  if (waiting_days > 0) e += ", waiting " + std::to_string(waiting_days) + " days";
  if (previous_escalations > 0) e += ", " + std::to_string(previous_escalations) + " escalated before";
  return e;
}

HistorySignals history_signals(const CustomerHistory& h, std::string_view current_ticket_id,
                               std::string_view current_text, std::int64_t now_ms) {
  HistorySignals s;
  const auto topic = topic_of(current_text);
  if (topic.empty()) return s;
  std::set<std::string> same_topic_tickets;
  bool skipped_current = false;
  for (const auto& m : h.messages) {
    if (m.direction != "inbound") continue;
    if (now_ms - m.created_at_ms > 14 * kDayMs) continue;
    if (!skipped_current && m.ticket_id == current_ticket_id && m.content == current_text) {
      skipped_current = true;  // the message being judged is already stored
      continue;
    }
    if (overlap(topic, topic_of(m.content)) < kSameTopic) continue;
    ++s.repeat_contacts;
    same_topic_tickets.insert(m.ticket_id);
  }
  for (const auto& t : h.tickets) {
    if (t.id == current_ticket_id && same_topic_tickets.count(t.id) == 0) continue;
    const bool related = same_topic_tickets.count(t.id) > 0 || overlap(topic, topic_of(t.subject)) >= kSameTopic;
    if (!related) continue;
    if (!t.escalation_reason.empty() && now_ms - t.created_at_ms <= 30 * kDayMs)
      ++s.previous_escalations;
    if (open_status(t.status) && t.created_at_ms > 0)
      s.waiting_days = std::max<int>(s.waiting_days, static_cast<int>((now_ms - t.created_at_ms) / kDayMs));
  }
  return s;
}

}  // namespace fte::agent
