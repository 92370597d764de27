// History signals: the third message on one topic, a long wait, or an earlier escalation on it
// make a person take over; unrelated earlier tickets do not.
#include "agent/judgement/history_signals.h"

#include <gtest/gtest.h>

namespace fte::agent {
namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;
constexpr std::int64_t kNow = 100 * kDay;

StoredMessage inbound(std::string ticket, std::string text, std::int64_t at) {
  StoredMessage m;
  m.ticket_id = std::move(ticket);
  m.direction = "inbound";
  m.role = "customer";
  m.content = std::move(text);
  m.created_at_ms = at;
  return m;
}

Ticket ticket(std::string id, std::string subject, std::string status, std::int64_t at,
              std::string escalation = "") {
  Ticket t;
  t.id = std::move(id);
  t.subject = std::move(subject);
  t.status = std::move(status);
  t.created_at_ms = at;
  t.escalation_reason = std::move(escalation);
  return t;
}

const char* kNowText = "The CSV export of my invoices still fails with a timeout";

TEST(HistorySignals, ThirdMessageOnTheSameTopicTrips) {
  CustomerHistory h;
  h.messages = {inbound("t3", kNowText, kNow),
                inbound("t2", "CSV export of invoices fails again", kNow - kDay),
                inbound("t1", "Export to CSV of invoices times out", kNow - 2 * kDay)};
  h.tickets = {ticket("t3", "", "open", kNow), ticket("t2", "", "open", kNow - kDay),
               ticket("t1", "", "open", kNow - 2 * kDay)};
  auto s = history_signals(h, "t3", kNowText, kNow);
  EXPECT_EQ(s.repeat_contacts, 2);
  EXPECT_EQ(s.waiting_days, 2);
  EXPECT_TRUE(s.trip());
  EXPECT_NE(s.evidence().find("3 contacts"), std::string::npos);
}

TEST(HistorySignals, UnrelatedHistoryDoesNot) {
  CustomerHistory h;
  h.messages = {inbound("t3", kNowText, kNow),
                inbound("t2", "How do I invite a teammate to my board?", kNow - kDay),
                inbound("t1", "Dark mode for the mobile app please", kNow - 2 * kDay)};
  h.tickets = {ticket("t2", "", "resolved", kNow - kDay), ticket("t1", "", "resolved", kNow - 2 * kDay)};
  auto s = history_signals(h, "t3", kNowText, kNow);
  EXPECT_EQ(s.repeat_contacts, 0);
  EXPECT_FALSE(s.trip());
}

TEST(HistorySignals, WaitingDaysAndEarlierEscalations) {
  CustomerHistory h;
  h.messages = {inbound("t1", "CSV export of invoices fails", kNow - 5 * kDay)};
  h.tickets = {ticket("t1", "CSV export fails", "open", kNow - 5 * kDay)};
  auto s = history_signals(h, "t2", kNowText, kNow);
  EXPECT_EQ(s.repeat_contacts, 1);
  EXPECT_EQ(s.waiting_days, 5);
  EXPECT_TRUE(s.trip());
  h.tickets[0].status = "resolved";
  h.tickets[0].escalation_reason = "knowledge_gap";
  auto e = history_signals(h, "t2", kNowText, kNow);
  EXPECT_EQ(e.previous_escalations, 1);
  EXPECT_TRUE(e.trip());
  // Old history (over 14 days) is not a repeat contact.
  h.messages[0].created_at_ms = kNow - 20 * kDay;
  h.tickets[0] = ticket("t1", "something else", "resolved", kNow - 40 * kDay, "pricing_inquiry");
  EXPECT_FALSE(history_signals(h, "t2", kNowText, kNow).trip());
}

}  // namespace
}  // namespace fte::agent
