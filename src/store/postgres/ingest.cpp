// The intake transaction on PostgreSQL: one inbound customer message becomes (customer,
// conversation, ticket, message, outbox events), or is recognised as a duplicate and writes
// nothing. The same rules as the SQLite store (src/store/sqlite/README.md, "Identity",
// "Conversations", "Tickets"); what differs is concurrency: other processes write at the same
// time. Creating a customer inserts its identifiers without ON CONFLICT, so that a process that
// loses the race to create the same customer fails with a unique violation; the writer then runs
// this intake again (writer.h), and it finds the winner's customer.
#include <boost/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "ops/log.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/rows.h"
#include "store/postgres/sql.h"

namespace fte::pg {
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

// A stable 64-bit key (FNV-1a) of an identity, the same in every process.
std::int64_t identity_key(std::string_view kind, std::string_view value) {
  std::uint64_t h = 14695981039346656037ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char ch : s) {
      h ^= ch;
      h *= 1099511628211ull;
    }
  };
  mix(kind);
  mix(":");
  mix(value);
  return static_cast<std::int64_t>(h);
}

// Takes the identity locks of this message (held until COMMIT). Two processes creating or linking
// the same email or number therefore run one after the other, and the second one's lookups see the
// first one's customer: "concurrent creation of the same customer ends with one customer", also
// where no unique constraint would catch it (a number seen as `phone` by one and `whatsapp` by the
// other).
void lock_identities(Connection& c, const Identity& id) {
  std::vector<std::int64_t> keys;
  if (!id.email.empty()) keys.push_back(identity_key("email", id.email));
  if (id.phone) keys.push_back(identity_key("phone", *id.phone));
  std::string arr = "{";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i) arr.push_back(',');
    arr.append(std::to_string(keys[i]));
  }
  arr.push_back('}');
  c.run(sql::kLockIdentities, arr);
}

struct Lookup {
  std::optional<std::string> by_email, by_phone;
  bool phone_type_known = false;
};

Lookup look_up(Connection& c, const Identity& id, const char* phone_type) {
  Lookup l;
  if (!id.email.empty()) l.by_email = c.run(sql::kFindCustomerByEmail, id.email).first_text();
  if (id.phone) {
    auto r = c.run(sql::kFindCustomerByPhone, *id.phone, phone_type);
    if (r.rows() > 0) {
      l.by_phone = r.text(0, 0);
      l.phone_type_known = r.text(0, 1) == phone_type;
    }
  }
  return l;
}

Resolved resolve_customer(Connection& c, const InboundMessage& m, const Identity& id,
                          std::int64_t now) {
  const char* phone_type = m.channel == Channel::whatsapp ? "whatsapp" : "phone";
  // Optimistic first: a known customer whose identifiers are all recorded needs no lock.
  Lookup l = look_up(c, id, phone_type);
  bool complete = (id.email.empty() || l.by_email) && (!id.phone || l.phone_type_known) &&
                  (!l.by_email || !l.by_phone || *l.by_email == *l.by_phone);
  if (!complete) {
    lock_identities(c, id);
    l = look_up(c, id, phone_type);  // now nobody else can be creating these identities
  }
  auto& [by_email, by_phone, phone_type_known] = l;

  if (!by_email && !by_phone) {
    std::string customer = new_row_id();
    std::string_view phone = id.phone ? std::string_view(*id.phone) : std::string_view();
    c.run(sql::kInsertCustomer, customer, m.customer_name, NullIfEmpty{id.email},
          NullIfEmpty{phone}, now);
    if (!id.email.empty()) c.run(sql::kInsertNewIdentifier, customer, "email", id.email, now);
    if (id.phone) c.run(sql::kInsertNewIdentifier, customer, phone_type, phone, now);
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
    c.run(sql::kInsertIdentifier, customer, "email", id.email, now);
    c.run(sql::kFillCustomerEmail, customer, id.email);
  }
  if (link_phone) {
    c.run(sql::kInsertIdentifier, customer, phone_type, *id.phone, now);
    c.run(sql::kFillCustomerPhone, customer, *id.phone);
  }
  if (!m.customer_name.empty()) c.run(sql::kFillCustomerName, customer, m.customer_name);
  return {customer, false};
}

// Email continues its Gmail thread. Otherwise the customer's most recent open conversation active
// within 24 h continues, on any channel, recording a channel switch — except that a new mail
// thread does not join another mail thread's conversation.
Resolved resolve_conversation(Connection& c, const InboundMessage& m, const Resolved& customer,
                              const std::string& message_id, std::int64_t at) {
  const char* channel = to_string(m.channel);
  std::string_view thread = m.channel == Channel::email ? std::string_view(m.thread_id) : "";
  std::optional<std::pair<std::string, std::string>> found;  // id, last channel
  if (!customer.created && !thread.empty()) {
    auto r = c.run(sql::kFindConversationByThread, customer.id, thread);
    if (r.rows() > 0) found.emplace(r.text(0, 0), r.text(0, 1));
  }
  if (!found && !customer.created) {
    auto r = c.run(
        thread.empty() ? sql::kFindRecentConversation : sql::kFindRecentUnthreadedConversation,
        customer.id, at - kConversationWindowMs);
    if (r.rows() > 0) found.emplace(r.text(0, 0), r.text(0, 1));
  }
  if (!found) {
    std::string id = new_row_id();
    c.run(sql::kInsertConversation, id, customer.id, channel, NullIfEmpty{thread}, at);
    return {id, true};
  }
  auto& [id, last_channel] = *found;
  c.run(sql::kTouchConversation, id, channel, at, NullIfEmpty{thread});
  if (last_channel != channel)
    c.run(sql::kInsertChannelSwitch, id, last_channel, channel, message_id, at);
  return {id, false};
}

// Joins the conversation's ticket that is still being worked on, else creates msg.ticket_id.
std::string resolve_ticket(Connection& c, const InboundMessage& m, const std::string& customer,
                           const Resolved& conversation, std::int64_t at, std::int64_t now) {
  if (!conversation.created && m.channel != Channel::webform) {
    auto r = c.run(sql::kFindActiveTicket, conversation.id);
    if (r.rows() > 0) {
      std::string id = r.text(0, 0), status = r.text(0, 1);
      if (status == ticket_status::responded) c.run(sql::kReopenTicket, id, now);
      return id;
    }
  }
  std::string id = m.ticket_id.empty() ? new_uuid() : m.ticket_id;
  c.run(sql::kInsertTicket, id, customer, conversation.id, to_string(m.channel), m.subject,
        m.category, m.priority.empty() ? std::string("medium") : m.priority,
        ticket_status::received, at, now);
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
  if (!m.channel_message_id.empty()) {
    auto d = c.run(sql::kFindMessageByChannelId, channel, m.channel_message_id);
    if (d.rows() > 0) {
      r.duplicate = true;
      r.message_id = d.text(0, 0);
      r.conversation_id = d.text(0, 1);
      r.ticket_id = d.text(0, 2);
      r.customer_id = d.text(0, 3);
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
  c.run(sql::kInsertInboundMessage, r.message_id, r.conversation_id, r.ticket_id, channel, m.body,
        NullIfEmpty{m.raw_body}, NullIfEmpty{attachments_json(m)},
        NullIfEmpty{m.channel_message_id}, at);
  if (outbox) append_events_in_tx(cx, outbox(r));
  return r;
}

}  // namespace fte::pg
