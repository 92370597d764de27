// Transaction bodies of the agent's outcome, the outbox and the audit log. They run inside a
// Writer batch (one SAVEPOINT each when the batch has several), so a throw undoes what they wrote.
#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/rows.h"
#include "store/postgres/sql.h"

namespace fte::pg {

void append_events_in_tx(OpContext& cx, const std::vector<std::pair<std::string, Envelope>>& ev) {
  for (const auto& [topic, e] : ev) {
    if (topic.empty()) throw Error(ErrorKind::invalid_argument, "an event needs a topic", "topic");
    cx.events.emplace_back(topic, e);
  }
}

void audit_in_tx(Connection& c, const std::string& kind, const std::string& correlation_id,
                 const std::string& detail_json) {
  if (kind.empty())
    throw Error(ErrorKind::invalid_argument, "an audit record needs a kind", "kind");
  c.run(sql::kInsertAudit, kind, correlation_id,
        detail_json.empty() ? std::string("{}") : detail_json, now_ms());
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
  // A concurrent commit of the same key in another process makes this wait for it, then do
  // nothing: exactly one of them writes the outcome.
  if (c.run(sql::kMarkProcessed, o.idempotency_key, now).affected() == 0) return false;
  if (o.ticket) upsert_ticket_in_tx(c, *o.ticket);

  auto t = c.run(sql::kSelectTicket, o.ticket_id);
  if (t.rows() == 0)
    throw Error(ErrorKind::not_found, "the agent outcome's ticket does not exist", "ticket_id");
  const std::string conversation = t.text(0, 2);  // a ticket's messages all live there

  bool has_reply = !o.reply_parts.empty();
  if (has_reply) {
    std::string id = o.reply_message_id.empty() ? new_row_id() : o.reply_message_id;
    c.run(sql::kInsertOutboundMessage, id, conversation, o.ticket_id, to_string(o.channel),
          joined(o.reply_parts), o.tokens_out, o.latency_ms, now);
  }
  c.run(sql::kApplyOutcomeToTicket, o.ticket_id, o.escalated, o.escalation_reason, has_reply,
        o.category, now);
  if (o.escalated) {
    c.run(sql::kInsertEscalation, new_row_id(), o.ticket_id,
          o.escalation_reason.empty() ? std::string("unspecified") : o.escalation_reason,
          o.escalation_urgency.empty() ? std::string("normal") : o.escalation_urgency,
          o.escalation_context, now);
  }
  if (o.sentiment >= 0) c.run(sql::kSetConversationSentiment, conversation, o.sentiment);
  c.run(sql::kInsertAgentRun, o.ticket_id, o.idempotency_key, o.engine, o.escalated,
        o.trace_json.empty() ? std::string("{}") : o.trace_json, o.latency_ms, o.tokens_in,
        o.tokens_out, now);
  append_events_in_tx(cx, outbox);
  return true;
}

}  // namespace fte::pg
