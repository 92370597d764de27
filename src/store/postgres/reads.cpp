// The read side of the PostgreSQL store: every call leases a pooled connection (retrying transient
// errors on a fresh one); calls that read several tables do it in one REPEATABLE READ, READ ONLY
// transaction (one snapshot).
#include <algorithm>
#include <boost/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "ops/log.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/rows.h"
#include "store/postgres/sql.h"

namespace fte::pg {
namespace {

constexpr int kMaxHistoryTickets = 100;    // tickets in a customer history, newest first
constexpr int kMaxLatencySamples = 10000;  // first-response samples per channel (newest)
// A gap in the event log waited for this long is logged (read_events).
constexpr std::int64_t kGapWarnMs = 30000;
constexpr const char* kSnapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

}  // namespace

std::optional<CustomerHistory> PostgresStore::customer_history(const std::string& customer_id,
                                                               int max_messages) {
  return read([&](Connection& c) -> std::optional<CustomerHistory> {
    Transaction tx(c, kSnapshot);
    CustomerHistory h;
    auto cr = c.run(sql::kSelectCustomer, customer_id);
    if (cr.rows() == 0) return std::nullopt;
    h.customer = customer_row(cr, 0);
    auto tr = c.run(sql::kTicketsOfCustomer, customer_id, kMaxHistoryTickets);
    for (int i = 0; i < tr.rows(); ++i) h.tickets.push_back(ticket_row(tr, i));
    int limit = std::clamp(max_messages, 0, 1000);
    if (limit > 0) {
      auto mr = c.run(sql::kMessagesOfCustomer, customer_id, limit);
      for (int i = 0; i < mr.rows(); ++i) h.messages.push_back(message_row(mr, i));
    }
    tx.commit();
    return h;
  });
}

bool PostgresStore::is_processed(const std::string& idempotency_key) {
  return read([&](Connection& c) { return c.run(sql::kIsProcessed, idempotency_key).rows() > 0; });
}

std::optional<TicketView> PostgresStore::ticket_view(const std::string& ticket_id) {
  return read([&](Connection& c) -> std::optional<TicketView> {
    Transaction tx(c, kSnapshot);
    TicketView v;
    auto tr = c.run(sql::kSelectTicket, ticket_id);
    if (tr.rows() == 0) return std::nullopt;
    v.ticket = ticket_row(tr, 0);
    auto mr = c.run(sql::kMessagesOfTicket, ticket_id);
    for (int i = 0; i < mr.rows(); ++i) v.messages.push_back(message_row(mr, i));
    tx.commit();
    return v;
  });
}

std::optional<Customer> PostgresStore::find_customer(IdentifierType type,
                                                     const std::string& value) {
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
  return read([&](Connection& c) -> std::optional<Customer> {
    auto r = c.run(sql::kFindCustomerByIdentifier, a, b, v);
    if (r.rows() == 0) return std::nullopt;
    return customer_row(r, 0);
  });
}

std::optional<StoredMessage> PostgresStore::message_by_provider_id(const std::string& provider_id) {
  if (provider_id.empty()) return std::nullopt;
  return read([&](Connection& c) -> std::optional<StoredMessage> {
    auto r = c.run(sql::kMessageByProviderId, provider_id);
    if (r.rows() == 0) return std::nullopt;
    return message_row(r, 0);
  });
}

std::vector<StoredMessage> PostgresStore::conversation_messages(
    const std::string& conversation_id) {
  return read([&](Connection& c) {
    auto r = c.run(sql::kMessagesOfConversation, conversation_id);
    std::vector<StoredMessage> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(message_row(r, i));
    return out;
  });
}

std::vector<ChannelStats> PostgresStore::channel_stats() {
  return read([&](Connection& c) {
    std::vector<ChannelStats> out;
    for (auto ch : {Channel::email, Channel::whatsapp, Channel::webform}) out.push_back({ch});
    auto at = [&](const std::string& name) -> ChannelStats& {
      return out[static_cast<std::size_t>(channel_column(name))];
    };
    Transaction tx(c, kSnapshot);
    auto counts = c.run(sql::kTicketCountsByChannel);
    for (int i = 0; i < counts.rows(); ++i) {
      auto& x = at(counts.text(i, 0));
      x.tickets = counts.i64(i, 1);
      x.answered = counts.i64(i, 2);
      x.escalated = counts.i64(i, 3);
    }
    auto fb = c.run(sql::kFeedbackByChannel);
    for (int i = 0; i < fb.rows(); ++i) {
      auto& x = at(fb.text(i, 0));
      x.helpful_yes = fb.i64(i, 1);
      x.helpful_no = fb.i64(i, 2);
    }
    for (auto& x : out) {
      if (x.answered == 0) continue;
      auto r = c.run(sql::kFirstResponseLatencies, to_string(x.channel), kMaxLatencySamples);
      for (int i = 0; i < r.rows(); ++i)
        x.first_response_ms.push_back(std::max<std::int64_t>(0, r.i64(i, 0)));
    }
    tx.commit();
    return out;
  });
}

std::vector<EscalationRow> PostgresStore::open_escalations(int limit) {
  return read([&](Connection& c) {
    auto r = c.run(sql::kOpenEscalations, std::clamp(limit, 0, 10000));
    std::vector<EscalationRow> out;
    for (int i = 0; i < r.rows(); ++i) {
      EscalationRow e;
      e.id = r.text(i, 0);
      e.ticket_id = r.text(i, 1);
      e.reason = r.text(i, 2);
      e.urgency = r.text(i, 3);
      e.status = r.text(i, 4);
      e.channel = channel_column(r.text(i, 5));
      e.created_at_ms = r.i64(i, 6);
      out.push_back(std::move(e));
    }
    return out;
  });
}

std::vector<AgentRunRow> PostgresStore::agent_runs(const std::string& ticket_id) {
  return read([&](Connection& c) {
    auto r = c.run(sql::kSelectAgentRuns, ticket_id);
    std::vector<AgentRunRow> out;
    for (int i = 0; i < r.rows(); ++i) {
      AgentRunRow a;
      a.ticket_id = r.text(i, 0);
      a.idempotency_key = r.text(i, 1);
      a.engine = r.text(i, 2);
      a.escalated = r.boolean(i, 3);
      a.trace_json = r.text(i, 4);
      a.latency_ms = r.i64(i, 5);
      a.tokens_in = r.i64(i, 6);
      a.tokens_out = r.i64(i, 7);
      a.created_at_ms = r.i64(i, 8);
      out.push_back(std::move(a));
    }
    return out;
  });
}

std::string PostgresStore::knowledge_revision() {
  return read([&](Connection& c) {
    auto r = c.run(sql::kKnowledgeRevision);
    return r.rows() ? r.text(0, 0) : std::string();
  });
}

std::vector<KnowledgeChunk> PostgresStore::load_knowledge() {
  return read([&](Connection& c) {
    auto r = c.run(sql::kSelectKnowledge);
    std::vector<KnowledgeChunk> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) {
      KnowledgeChunk k;
      k.id = r.text(i, 0);
      k.title = r.text(i, 1);
      k.content = r.text(i, 2);
      k.category = r.text(i, 3);
      k.source = r.text(i, 4);
      k.embedding = r.floats(i, 5);
      out.push_back(std::move(k));
    }
    return out;
  });
}

std::vector<StoredEvent> PostgresStore::read_events(const std::vector<std::string>& topics,
                                                    std::int64_t after_seq, int limit) {
  limit = std::clamp(limit, 0, 1000000);
  if (limit == 0) return {};
  std::int64_t known, gap_seen, gap_age;
  std::string holders;
  {
    std::lock_guard lk(events_mu_);
    known = safe_seq_;
    holders = gap_holders_;
    gap_seen = gap_seen_;
    gap_age = now_ms() - gap_since_ms_;
  }
  // Settles every seq up to `seen` (each one below it is committed or never will be).
  auto settle = [&](std::int64_t seen, const std::string& pending) {
    std::lock_guard lk(events_mu_);
    if (gap_holders_ == pending) gap_holders_.clear();
    safe_seq_ = std::max(safe_seq_, seen);
    known = std::max(known, seen);
  };
  if (!holders.empty()) {
    // A gap: the transactions that held the event log's insert lock when it was seen may still
    // commit a seq in it. Once they have all ended, it is settled.
    if (read([&](Connection& c) { return c.run(sql::kEventAppendersGone, holders).boolean(0, 0); }))
      settle(gap_seen, holders);
    else if (gap_age >= kGapWarnMs) {
      std::lock_guard lk(events_mu_);
      if (!gap_warned_) {
        gap_warned_ = true;
        ops::warn("postgres: the event log waits for a transaction that appended events long ago",
                  {}, {{"seq_below", std::to_string(gap_seen)}, {"waited_ms", std::to_string(gap_age)}});
      }
    }
  }
  for (int pass = 0;; ++pass) {
    auto r = read([&](Connection& c) {
      Params p;
      p.add(after_seq).add(limit).add(known);
      if (!topics.empty()) p.add(text_array(topics));
      return c.exec(topics.empty() ? sql::kReadEventsSafeAll : sql::kReadEventsSafeOfTopics, p);
    });
    std::vector<StoredEvent> out;
    if (r.rows() == 0) return out;
    const std::int64_t base = r.i64(0, 0), safe = r.i64(0, 1), seen = r.i64(0, 2);
    bool gap_now = false;
    {
      std::lock_guard lk(events_mu_);
      // (base, safe] is settled; so is all below base unless this reader's position raised it.
      if (base <= known && safe > safe_seq_) safe_seq_ = safe;
      gap_now = seen > safe && gap_holders_.empty();
    }
    if (gap_now && pass == 0) {
      // Asked after the read's snapshot: whoever drew a seq missing from it still holds the lock.
      auto now_holders =
          read([&](Connection& c) { return c.run(sql::kEventAppenders).text(0, 0); });
      if (now_holders == "{}") {
        settle(seen, std::string());  // nobody: the gaps are seqs of rolled-back transactions
        if (safe < seen) continue;    // read again, past them
      } else {
        std::lock_guard lk(events_mu_);
        if (gap_holders_.empty()) {
          gap_holders_ = now_holders;
          gap_seen_ = seen;
          gap_since_ms_ = now_ms();
          gap_warned_ = false;
        }
      }
    }
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) {
      if (r.null(i, 3)) continue;
      StoredEvent e;
      e.seq = r.i64(i, 3);
      e.topic = r.text(i, 4);
      e.envelope = envelope_from_json(r.text(i, 5));
      out.push_back(std::move(e));
    }
    return out;
  }
}

std::int64_t PostgresStore::load_offset(const std::string& group, const std::string& topic) {
  return read(
      [&](Connection& c) { return c.run(sql::kLoadOffset, group, topic).first_i64().value_or(0); });
}

std::int64_t PostgresStore::last_event_seq() {
  return read([&](Connection& c) { return c.run(sql::kLastEventSeq).first_i64().value_or(0); });
}

}  // namespace fte::pg
