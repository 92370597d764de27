// Transaction bodies of the agent's outcome, the outbox and the audit log. They run inside a
// GroupCommitWriter batch (one SAVEPOINT each), so a throw undoes everything they wrote.
#include <algorithm>

#include "core/clock.h"
#include "core/envelope.h"
#include "core/error.h"
#include "core/ids.h"
#include "store/sqlite/row_ids.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sql.h"
#include "store/sqlite/sqlite_store.h"

namespace fte::sqlite {

std::int64_t append_events_in_tx(Connection& c, OpContext& cx,
                                 const std::vector<std::pair<std::string, Envelope>>& ev) {
  std::int64_t seq = 0;
  std::int64_t now = now_ms();
  for (const auto& [topic, e] : ev) {
    if (topic.empty()) throw Error(ErrorKind::invalid_argument, "an event needs a topic", "topic");
    c.prepare(sql::kInsertEvent).run_with(topic, e.key, to_json_keeping_payload(e), now);
    seq = sqlite3_last_insert_rowid(c.raw());
    if (cx.feed) cx.feed->push_back(StoredEvent{seq, topic, e});
    cx.appended_events = true;
    if (std::find(cx.topics.begin(), cx.topics.end(), topic) == cx.topics.end())
      cx.topics.push_back(topic);
  }
  return seq;
}

void audit_in_tx(Connection& c, const std::string& kind, const std::string& correlation_id,
                 const std::string& detail_json) {
  if (kind.empty())
    throw Error(ErrorKind::invalid_argument, "an audit record needs a kind", "kind");
  c.prepare(sql::kInsertAudit)
      .bind(kind, correlation_id, detail_json.empty() ? std::string("{}") : detail_json, now_ms())
      .run();
}

namespace {

// Reply parts are stored as one outbound message (parts joined by a blank line) whose id is the
// one the outbound event and the delivery worker carry, so its delivery status has one home.
std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

}  // namespace

bool agent_outcome_in_tx(Connection& c, OpContext& cx, const AgentOutcome& o,
                         const std::vector<std::pair<std::string, Envelope>>& outbox) {
  if (o.idempotency_key.empty())
    throw Error(ErrorKind::invalid_argument, "an agent outcome needs an idempotency key",
                "idempotency_key");
  std::int64_t now = now_ms();
  c.prepare(sql::kMarkProcessed).bind(o.idempotency_key, now).run();
  if (c.changes() == 0) return false;  // committed before: write nothing
  std::optional<Ticket> t;
  if (o.ticket) {
    // The upsert reads its ticket back after writing it: that row, when it is the outcome's ticket
    // (as it is for every run that created its ticket), is what a second read would give.
    Ticket up = upsert_ticket_in_tx(c, *o.ticket);
    if (up.id == o.ticket_id) t = std::move(up);
  }
  if (!t) {
    auto s = c.prepare(sql::kSelectTicket);
    s.bind(o.ticket_id);
    if (s.step()) t = ticket_row(s);
  }
  if (!t)
    throw Error(ErrorKind::not_found, "the agent outcome's ticket does not exist", "ticket_id");
  // The reply joins the ticket's conversation (a ticket's messages all live there).
  const std::string& conversation = t->conversation_id;

  bool has_reply = !o.reply_parts.empty();
  if (has_reply) {
    std::string id = o.reply_message_id.empty() ? new_row_id() : o.reply_message_id;
    c.prepare(sql::kInsertOutboundMessage)
        .bind(id, conversation, o.ticket_id, to_string(o.channel), joined(o.reply_parts),
              o.tokens_out, o.latency_ms, now)
        .run();
  }
  c.prepare(sql::kApplyOutcomeToTicket)
      .bind(o.ticket_id, o.escalated, o.escalation_reason, has_reply, o.category, now)
      .run();
  if (o.escalated) {
    c.prepare(sql::kInsertEscalation)
        .bind(new_row_id(), o.ticket_id,
              o.escalation_reason.empty() ? "unspecified" : o.escalation_reason,
              o.escalation_urgency.empty() ? "normal" : o.escalation_urgency, o.escalation_context,
              now)
        .run();
  }
  if (o.sentiment >= 0)
    c.prepare(sql::kSetConversationSentiment).bind(conversation, o.sentiment).run();
  c.prepare(sql::kInsertAgentRun)
      .bind(o.ticket_id, o.idempotency_key, o.engine, o.escalated,
            o.trace_json.empty() ? std::string("{}") : o.trace_json, o.latency_ms, o.tokens_in,
            o.tokens_out, now)
      .run();
  append_events_in_tx(c, cx, outbox);
  return true;
}

}  // namespace fte::sqlite
