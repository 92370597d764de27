// The intake transaction: one inbound customer message becomes (customer, conversation, ticket,
// message, outbox events), or is recognised as a duplicate and writes nothing.
#include <boost/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "ops/log.h"
#include "store/sqlite/row_ids.h"
#include "store/sqlite/sql.h"
#include "store/sqlite/sqlite_store.h"

namespace fte::sqlite {
namespace {

namespace json = boost::json;

// A customer's recent open conversation is continued within this window, on any channel.
constexpr std::int64_t kConversationWindowMs = 24LL * 3600 * 1000;

struct Identity {
  std::string email;                 // normalised, or empty
  std::optional<std::string> phone;  // E.164
};

Identity identity_of(const InboundMessage& m) {
  Identity id;
  if (!m.email.empty()) {
    id.email = normalize_email(m.email);
    if (id.email.empty())
      throw Error(ErrorKind::invalid_argument, "email is not an address", "email");
  }
  if (!m.phone.empty()) {
    id.phone = normalize_phone(m.phone);
    if (!id.phone)
      throw Error(ErrorKind::invalid_argument, "phone is not an international number", "phone");
  }
  if (id.email.empty() && !id.phone)
    throw Error(ErrorKind::invalid_argument, "an inbound message needs an email or a phone",
                "email");
  return id;
}

// Two identifiers of one message point at two different customers. Never merge silently: the
// email's customer wins this message, and a human can merge later from the audit trail.
void audit_identity_conflict(Connection& c, const InboundMessage& m, const std::string& chosen,
                             const std::string& other, const std::string& phone) {
  json::object d{
      {"customer_id", chosen},           {"other_customer_id", other},
      {"identifier_type", "phone"},      {"identifier_fingerprint", ops::fingerprint(phone)},
      {"channel", to_string(m.channel)}, {"resolution", "email_customer_preferred"}};
  audit_in_tx(c, "identity_conflict", m.correlation_id, json::serialize(d));
  ops::warn("identity conflict: email and phone belong to different customers", m.correlation_id,
            {{"customer_id", chosen}, {"other_customer_id", other}});
}

struct Resolved {
  std::string id;
  bool created = false;  // a new row: nothing can hang off it yet
};

Resolved resolve_customer(Connection& c, const InboundMessage& m, const Identity& id,
                          std::int64_t now) {
  // The same number is one identity whether it came as "phone" (form) or "whatsapp"; each type is
  // recorded once seen, so that a lookup by either finds the customer.
  const char* phone_type = m.channel == Channel::whatsapp ? "whatsapp" : "phone";
  std::optional<std::string> by_email, by_phone;
  bool phone_type_known = false;
  if (!id.email.empty())
    by_email = c.prepare(sql::kFindCustomerByEmail).bind(id.email).first_text();
  if (id.phone) {
    auto s = c.prepare(sql::kFindCustomerByPhone);
    s.bind(*id.phone);
    std::int64_t first_id = 0;
    while (s.step()) {  // this type's row, else the first recorded
      const bool own = s.text(1) == phone_type;
      const std::int64_t row = s.i64(2);
      if (by_phone && (phone_type_known || (!own && row > first_id))) continue;
      by_phone = s.text(0);
      phone_type_known = own;
      first_id = row;
    }
  }

  if (!by_email && !by_phone) {
    std::string customer = new_row_id();
    std::string_view phone = id.phone ? std::string_view(*id.phone) : std::string_view();
    c.prepare(sql::kInsertCustomer)
        .run_with(customer, m.customer_name, NullIfEmpty{id.email}, NullIfEmpty{phone}, now);
    if (!id.email.empty())
      c.prepare(sql::kInsertIdentifier).run_with(customer, "email", id.email, now);
    if (id.phone) c.prepare(sql::kInsertIdentifier).run_with(customer, phone_type, phone, now);
    return {customer, true};
  }

  std::string customer;
  bool link_phone = id.phone && !phone_type_known;
  if (by_email && by_phone && *by_email != *by_phone) {
    customer = *by_email;
    link_phone = false;  // the number stays with the customer that already has it
    audit_identity_conflict(c, m, *by_email, *by_phone, *id.phone);
  } else {
    customer = by_email ? *by_email : *by_phone;
  }
  if (!id.email.empty() && !by_email) {
    c.prepare(sql::kInsertIdentifier).run_with(customer, "email", id.email, now);
    c.prepare(sql::kFillCustomerEmail).run_with(customer, id.email);
  }
  if (link_phone) {
    c.prepare(sql::kInsertIdentifier).run_with(customer, phone_type, *id.phone, now);
    c.prepare(sql::kFillCustomerPhone).run_with(customer, *id.phone);
  }
  if (!m.customer_name.empty())
    c.prepare(sql::kFillCustomerName).run_with(customer, m.customer_name);
  return {customer, false};
}

// The latest of the rows a statement of sql.h returns as (two texts, time, rowid): the latest
// time, the later row on a tie — what ORDER BY time DESC, rowid DESC LIMIT 1 picked, without
// SQLite sorting the rows in a temporary B-tree on the writer (round 14).
std::optional<std::pair<std::string, std::string>> latest_row(Statement& s) {
  std::optional<std::pair<std::string, std::string>> best;
  std::int64_t best_at = 0, best_row = 0;
  while (s.step()) {
    const std::int64_t at = s.i64(2), row = s.i64(3);
    if (best && (at < best_at || (at == best_at && row < best_row))) continue;
    best.emplace(s.text(0), s.text(1));
    best_at = at;
    best_row = row;
  }
  return best;
}

// Email continues its Gmail thread. Otherwise the customer's most recent open conversation active
// within 24 h continues, on any channel, recording a channel switch — except that a new mail
// thread does not join another mail thread's conversation (it may continue a chat or form one).
Resolved resolve_conversation(Connection& c, const InboundMessage& m, const Resolved& customer,
                              const std::string& message_id, std::int64_t at) {
  const char* channel = to_string(m.channel);
  std::string_view thread = m.channel == Channel::email ? std::string_view(m.thread_id) : "";
  std::optional<std::pair<std::string, std::string>> found;  // id, last channel
  if (customer.created) {
    // A customer created by this message has no conversation yet.
  } else if (!thread.empty()) {
    auto s = c.prepare(sql::kFindConversationByThread);
    s.bind(customer.id, thread);
    found = latest_row(s);
  }
  if (!found && !customer.created) {
    auto s = c.prepare(thread.empty() ? sql::kFindRecentConversation
                                      : sql::kFindRecentUnthreadedConversation);
    s.bind(customer.id, at - kConversationWindowMs);
    found = latest_row(s);
  }
  if (!found) {
    std::string id = new_row_id();
    c.prepare(sql::kInsertConversation).run_with(id, customer.id, channel, NullIfEmpty{thread}, at);
    return {id, true};
  }
  auto& [id, last_channel] = *found;
  c.prepare(sql::kTouchConversation).run_with(id, channel, at, NullIfEmpty{thread});
  if (last_channel != channel)
    c.prepare(sql::kInsertChannelSwitch).run_with(id, last_channel, channel, message_id, at);
  return {id, false};
}

// Joins the conversation's ticket that is still being worked on, else creates msg.ticket_id.
std::string resolve_ticket(Connection& c, const InboundMessage& m, const std::string& customer,
                           const Resolved& conversation, std::int64_t at, std::int64_t now) {
  if (!conversation.created && m.channel != Channel::webform) {
    auto s = c.prepare(sql::kFindActiveTicket);
    s.bind(conversation.id);
    if (auto found = latest_row(s)) {
      auto& [id, status] = *found;
      if (status == ticket_status::responded) c.prepare(sql::kReopenTicket).run_with(id, now);
      return id;
    }
  }
  std::string id = m.ticket_id.empty() ? new_uuid() : m.ticket_id;
  c.prepare(sql::kInsertTicket)
      .run_with(id, customer, conversation.id, to_string(m.channel), m.subject, m.category,
                m.priority.empty() ? std::string("medium") : m.priority, ticket_status::received,
                at, now);
  return id;
}

std::string attachments_json(const InboundMessage& m) {
  if (m.attachments.empty()) return {};
  json::array a;
  for (const auto& x : m.attachments)
    a.push_back(json::object{{"filename", x.filename},
                             {"content_type", x.content_type},
                             {"size", x.size},
                             {"text", x.text}});
  return json::serialize(a);
}

}  // namespace

IngestResult ingest_in_tx(Connection& c, OpContext& cx, const InboundMessage& m,
                          const OutboxFn& outbox) {
  IngestResult r;
  const char* channel = to_string(m.channel);
  // A channel message id generated for this message cannot be stored yet: no lookup (the unique
  // index refuses a collision).
  if (!m.channel_message_id.empty() && !m.channel_message_id_fresh) {
    auto s = c.prepare(sql::kFindMessageByChannelId);
    s.bind(channel, m.channel_message_id);
    if (s.step()) {
      r.duplicate = true;
      r.message_id = s.text(0);
      r.conversation_id = s.text(1);
      r.ticket_id = s.text(2);
      r.customer_id = s.text(3);
      return r;
    }
  }
  Identity id = identity_of(m);
  std::int64_t now = now_ms();
  std::int64_t at = m.received_at_ms > 0 ? m.received_at_ms : now;
  r.message_id = new_row_id();
  auto customer = resolve_customer(c, m, id, now);
  auto conversation = resolve_conversation(c, m, customer, r.message_id, at);
  r.customer_id = customer.id;
  r.conversation_id = conversation.id;
  r.ticket_id = resolve_ticket(c, m, r.customer_id, conversation, at, now);
  c.prepare(sql::kInsertInboundMessage)
      .run_with(r.message_id, r.conversation_id, r.ticket_id, channel, m.body,
                NullIfEmpty{m.raw_body}, NullIfEmpty{attachments_json(m)},
                NullIfEmpty{m.channel_message_id}, at);
  if (outbox) append_events_in_tx(c, cx, outbox(r));
  return r;
}

}  // namespace fte::sqlite
