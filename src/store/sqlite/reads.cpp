// The read side of the SQLite store: every call leases one read-only connection; calls that read
// several tables do it in one read transaction (one snapshot).
#include <algorithm>
#include <boost/json.hpp>

#include "core/error.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sql.h"
#include "store/sqlite/sqlite_store.h"

namespace fte::sqlite {
namespace {

constexpr int kMaxHistoryTickets = 100;    // tickets in a customer history, newest first
constexpr int kMaxLatencySamples = 10000;  // first-response samples per channel (newest)

// The customer's history inside the caller's read transaction.
std::optional<CustomerHistory> history_in_tx(Connection& c, const std::string& customer_id,
                                             int max_messages) {
  CustomerHistory h;
  {
    auto s = c.prepare(sql::kSelectCustomer);
    s.bind(customer_id);
    if (!s.step()) return std::nullopt;
    h.customer = customer_row(s);
  }
  {
    auto s = c.prepare(sql::kTicketsOfCustomer);
    s.bind(customer_id, kMaxHistoryTickets);
    while (s.step()) h.tickets.push_back(ticket_row(s));
  }
  int limit = std::clamp(max_messages, 0, 1000);
  if (limit > 0) {
    auto s = c.prepare(sql::kMessagesOfCustomer);
    s.bind(customer_id, limit);
    while (s.step()) h.messages.push_back(message_row(s));
  }
  return h;
}

}  // namespace

std::optional<CustomerHistory> SqliteStore::customer_history(const std::string& customer_id,
                                                             int max_messages) {
  auto c = readers_->acquire();
  ReadTransaction tx(*c);
  return history_in_tx(*c, customer_id, max_messages);
}

bool SqliteStore::is_processed(const std::string& idempotency_key) {
  auto c = readers_->acquire();
  return c->prepare(sql::kIsProcessed).bind(idempotency_key).first_int().has_value();
}

// One read transaction for both: after every commit a reader's page cache starts empty (WAL
// mode), so a second transaction would read its B-tree pages again. Read on the writer's own
// connection when no batch holds it: its cache holds the pages the intake just wrote and is not
// dropped by its own commits (issue 18, round 15); else through a reader, as before. Both see
// every committed write.
AgentRunInputs SqliteStore::agent_run_inputs(const std::string& idempotency_key,
                                             const std::string& customer_id, int max_messages) {
  AgentRunInputs in;
  auto read = [&](Connection& c) {
    in.processed = c.prepare(sql::kIsProcessed).bind(idempotency_key).first_int().has_value();
    if (!in.processed) in.history = history_in_tx(c, customer_id, max_messages);
  };
  if (writer_->read_if_idle(read)) return in;
  auto c = readers_->acquire();
  ReadTransaction tx(*c);
  read(*c);
  return in;
}

std::optional<TicketView> SqliteStore::ticket_view(const std::string& ticket_id) {
  auto c = readers_->acquire();
  ReadTransaction tx(*c);
  TicketView v;
  {
    auto s = c->prepare(sql::kSelectTicket);
    s.bind(ticket_id);
    if (!s.step()) return std::nullopt;
    v.ticket = ticket_row(s);
  }
  auto s = c->prepare(sql::kMessagesOfTicket);
  s.bind(ticket_id);
  while (s.step()) v.messages.push_back(message_row(s));
  return v;
}

std::optional<Customer> SqliteStore::find_customer(IdentifierType type, const std::string& value) {
  std::string v;
  const char* a = "email";
  const char* b = "email";
  if (type == IdentifierType::email) {
    v = normalize_email(value);
  } else {
    // A number is one identity whether it was given as a phone or came over WhatsApp.
    v = normalize_phone(value).value_or("");
    a = "phone";
    b = "whatsapp";
  }
  if (v.empty()) return std::nullopt;
  auto c = readers_->acquire();
  auto s = c->prepare(sql::kFindCustomerByIdentifier);
  s.bind(a, b, v);
  if (!s.step()) return std::nullopt;
  return customer_row(s);
}

std::optional<StoredMessage> SqliteStore::message_by_provider_id(const std::string& provider_id) {
  if (provider_id.empty()) return std::nullopt;
  auto c = readers_->acquire();
  auto s = c->prepare(sql::kMessageByProviderId);
  s.bind(provider_id);
  if (!s.step()) return std::nullopt;
  return message_row(s);
}

std::vector<StoredMessage> SqliteStore::conversation_messages(const std::string& conversation_id) {
  auto c = readers_->acquire();
  auto s = c->prepare(sql::kMessagesOfConversation);
  s.bind(conversation_id);
  std::vector<StoredMessage> out;
  while (s.step()) out.push_back(message_row(s));
  return out;
}

std::vector<ChannelStats> SqliteStore::channel_stats() {
  std::vector<ChannelStats> out;
  for (auto ch : {Channel::email, Channel::whatsapp, Channel::webform}) out.push_back({ch});
  auto at = [&](const std::string& name) -> ChannelStats& {
    return out[static_cast<std::size_t>(channel_column(name))];
  };
  auto c = readers_->acquire();
  ReadTransaction tx(*c);
  {
    auto s = c->prepare(sql::kTicketCountsByChannel);
    while (s.step()) {
      auto& x = at(s.text(0));
      x.tickets = s.i64(1);
      x.answered = s.i64(2);
      x.escalated = s.i64(3);
    }
  }
  {
    auto s = c->prepare(sql::kFeedbackByChannel);
    while (s.step()) {
      auto& x = at(s.text(0));
      x.helpful_yes = s.i64(1);
      x.helpful_no = s.i64(2);
    }
  }
  for (auto& x : out) {
    if (x.answered == 0) continue;
    auto s = c->prepare(sql::kFirstResponseLatencies);
    s.bind(to_string(x.channel), kMaxLatencySamples);
    while (s.step()) x.first_response_ms.push_back(std::max<std::int64_t>(0, s.i64(0)));
  }
  return out;
}

std::vector<EscalationRow> SqliteStore::open_escalations(int limit) {
  auto c = readers_->acquire();
  auto s = c->prepare(sql::kOpenEscalations);
  s.bind(std::clamp(limit, 0, 10000));
  std::vector<EscalationRow> out;
  while (s.step()) {
    EscalationRow e;
    e.id = s.text(0);
    e.ticket_id = s.text(1);
    e.reason = s.text(2);
    e.urgency = s.text(3);
    e.status = s.text(4);
    e.channel = channel_column(s.text(5));
    e.created_at_ms = s.i64(6);
    out.push_back(std::move(e));
  }
  return out;
}

std::string SqliteStore::knowledge_revision() {
  auto c = readers_->acquire();
  return c->prepare(sql::kKnowledgeRevision).first_text().value_or("");
}

std::vector<KnowledgeChunk> SqliteStore::load_knowledge() {
  auto c = readers_->acquire();
  auto s = c->prepare(sql::kSelectKnowledge);
  std::vector<KnowledgeChunk> out;
  while (s.step()) {
    KnowledgeChunk k;
    k.id = s.text(0);
    k.title = s.text(1);
    k.content = s.text(2);
    k.category = s.text(3);
    k.source = s.text(4);
    k.embedding = s.floats(5);
    out.push_back(std::move(k));
  }
  return out;
}

std::vector<StoredEvent> SqliteStore::read_events(const std::vector<std::string>& topics,
                                                  std::int64_t after_seq, int limit) {
  limit = std::clamp(limit, 0, 1000000);
  std::vector<StoredEvent> out;
  if (limit == 0) return out;
  auto c = readers_->acquire();
  auto collect = [&](Statement& s) {
    while (s.step()) {
      StoredEvent e;
      e.seq = s.i64(0);
      e.topic = s.text(1);
      e.envelope = envelope_from_json(s.text(2));
      out.push_back(std::move(e));
    }
  };
  if (topics.empty()) {
    auto s = c->prepare(sql::kReadEventsAll);
    s.bind(after_seq, limit);
    collect(s);
  } else if (topics.size() == 1) {
    auto s = c->prepare(sql::kReadEventsOfTopic);
    s.bind(after_seq, topics[0], limit);
    collect(s);
  } else {
    boost::json::array a;
    for (const auto& t : topics) a.emplace_back(t);
    auto s = c->prepare(sql::kReadEventsOfTopics);
    s.bind(after_seq, boost::json::serialize(a), limit);
    collect(s);
  }
  return out;
}

std::int64_t SqliteStore::load_offset(const std::string& group, const std::string& topic) {
  auto c = readers_->acquire();
  return c->prepare(sql::kLoadOffset).bind(group, topic).first_int().value_or(0);
}

std::int64_t SqliteStore::last_event_seq() {
  auto c = readers_->acquire();
  return c->prepare(sql::kLastEventSeq).first_int().value_or(0);
}

}  // namespace fte::sqlite
