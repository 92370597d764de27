// FakeStore: an in-memory fte::Store for the agent's unit tests. Only what the agent's tools use is
// real (upsert_ticket, customer_history; commit_agent_outcome applies the outcome's deferred
// ticket upsert); the rest returns empty values. Failure injection: set
// `fail_with` to make the next upsert_ticket / customer_history throw that fte::Error kind.
// Thread-safe enough for single-threaded tests (a mutex guards the maps).
#pragma once
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/store.h"

namespace fte::agent::testing {

class FakeStore : public Store {
 public:
  std::map<std::string, Ticket> tickets;
  std::map<std::string, Customer> customers;
  std::vector<StoredMessage> messages;  // any order; customer_history returns newest first
  int upserts = 0;
  int history_calls = 0;
  std::optional<ErrorKind> fail_with;

  void add_customer(const std::string& id, const std::string& name) {
    customers[id] = Customer{id, name, "", "", 0};
  }
  void add_ticket(const std::string& id, const std::string& customer, Channel ch,
                  std::int64_t at = 1) {
    Ticket t;
    t.id = id;
    t.customer_id = customer;
    t.source_channel = ch;
    t.status = "responded";
    t.created_at_ms = at;
    tickets[id] = t;
  }

  std::string backend() const override { return "fake"; }
  void ping() override {}
  void ingest_async(InboundMessage, OutboxFn, std::function<void(IngestOutcome)> done) override {
    done(IngestOutcome{});
  }
  Ticket upsert_ticket(const TicketUpsert& t) override {
    std::lock_guard lk(mu_);
    maybe_fail();
    ++upserts;
    return apply(t);
  }
  std::optional<CustomerHistory> customer_history(const std::string& customer_id,
                                                  int max_messages) override {
    std::lock_guard lk(mu_);
    maybe_fail();
    ++history_calls;
    auto it = customers.find(customer_id);
    if (it == customers.end()) return std::nullopt;
    CustomerHistory h;
    h.customer = it->second;
    for (const auto& [id, t] : tickets)
      if (t.customer_id == customer_id) h.tickets.push_back(t);
    for (const auto& m : messages)
      if (static_cast<int>(h.messages.size()) < max_messages) h.messages.push_back(m);
    return h;
  }
  bool is_processed(const std::string&) override { return false; }
  // Applies the upsert create_ticket left for the outcome (AgentOutcome::ticket), as the stores do.
  bool commit_agent_outcome(const AgentOutcome& o,
                            const std::vector<std::pair<std::string, Envelope>>&) override {
    std::lock_guard lk(mu_);
    if (o.ticket) {
      ++outcome_upserts;
      apply(*o.ticket);
    }
    return true;
  }
  int outcome_upserts = 0;  // upserts committed with an outcome

 private:
  Ticket apply(const TicketUpsert& t) {
    auto& x = tickets[t.ticket_id];
    if (x.id.empty()) {
      x.id = t.ticket_id;
      x.created_at_ms = 1000 + upserts;
    }
    x.customer_id = t.customer_id;
    x.conversation_id = t.conversation_id;
    x.source_channel = t.channel;
    x.subject = t.subject;
    x.category = t.category;
    x.priority = t.priority;
    x.status = "open";
    return x;
  }

 public:
  std::optional<TicketView> ticket_view(const std::string&) override { return std::nullopt; }
  std::optional<Customer> find_customer(IdentifierType, const std::string&) override {
    return std::nullopt;
  }
  std::vector<StoredMessage> conversation_messages(const std::string&) override { return {}; }
  std::vector<ChannelStats> channel_stats() override { return {}; }
  std::vector<EscalationRow> open_escalations(int) override { return {}; }
  bool claim_delivery(const std::string&, const std::string&) override { return true; }
  void set_delivery_status(const std::string&, const std::string&, const std::string&) override {}
  void record_feedback(const std::string&, bool) override {}
  void record_human_reply(const HumanReply&,
                          const std::vector<std::pair<std::string, Envelope>>&) override {}
  void set_ticket_status(const std::string&, const std::string&) override {}
  std::vector<AgentRunRow> agent_runs(const std::string&) override { return {}; }
  std::optional<StoredMessage> message_by_provider_id(const std::string&) override { return std::nullopt; }
  void replace_knowledge(const std::string&, const std::vector<KnowledgeChunk>&) override {}
  std::vector<KnowledgeChunk> load_knowledge() override { return {}; }
  std::int64_t append_events(const std::vector<std::pair<std::string, Envelope>>&) override {
    return 0;
  }
  std::vector<StoredEvent> read_events(const std::vector<std::string>&, std::int64_t,
                                       int) override {
    return {};
  }
  std::int64_t load_offset(const std::string&, const std::string&) override { return 0; }
  void commit_offset(const std::string&, const std::string&, std::int64_t) override {}
  std::int64_t last_event_seq() override { return 0; }
  void on_events_appended(std::function<void()>) override {}
  void audit(const std::string&, const std::string&, const std::string&) override {}

 private:
  void maybe_fail() {
    if (fail_with) {
      auto k = *fail_with;
      fail_with.reset();
      throw Error(k, "injected store failure");
    }
  }
  std::mutex mu_;
};

}  // namespace fte::agent::testing
