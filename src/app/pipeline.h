// The three stages of the pipeline, each a thin adapter between the bus, the store and a component:
//  - StoreIntake (gateway): a verified inbound message → Store::ingest_async with its
//    fte.tickets.incoming event in the same transaction (transactional outbox).
//  - AgentWorker (agent): fte.tickets.incoming → SupportAgent::run → Store::commit_agent_outcome
//    with the outbound reply and escalation events in the same transaction; idempotent on the
//    event's idempotency key.
//  - DeliveryWorker (deliver): fte.channels.<ch>.outbound → ChannelSender, deduplicated by the
//    reply's dedup key recorded before the provider call.
// Thread-safe; failures throw fte::Error so the bus retries and finally dead-letters.
#pragma once
#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "agent/runtime/agent.h"
#include "bus/bus.h"
#include "channels/channel.h"
#include "store/store.h"

namespace fte::ops {
class Metrics;
class Counter;
}

namespace fte::app {

std::string inbound_to_json(const InboundMessage& m, const IngestResult& ids);
agent::AgentRequest agent_request_from_json(std::string_view payload);

class StoreIntake final : public channels::Intake {
 public:
  StoreIntake(Store& store, ops::Metrics& m);
  void accept(InboundMessage msg, std::function<void(IngestOutcome)> done) override;

 private:
  Store& store_;
  ops::Metrics& metrics_;
  // By Channel: looked up once, counted on the store's writer thread after each commit.
  std::array<ops::Counter*, 3> accepted_{}, duplicates_{};
};

class AgentWorker {
 public:
  AgentWorker(Store& store, agent::SupportAgent& agent, ops::Metrics& m);
  void handle(const Envelope& e);

 private:
  Store& store_;
  agent::SupportAgent& agent_;
  ops::Metrics& metrics_;
  void count(std::atomic<ops::Counter*>& slot, const char* result);
  // fte_agent_events_total by result, looked up once (handle() runs on one thread per lane, and
  // Metrics::counter returns the same counter to every thread, so a race only looks it up twice).
  std::atomic<ops::Counter*> committed_{nullptr}, duplicate_{nullptr};
};

// Sends each reply once through its channel's sender. A transient failure is retried here with
// backoff (the delivery is claimed before the first attempt, so a bus redelivery never sends twice);
// a WhatsApp reply that cannot go out as free text nor as a template goes by email when the
// customer has an address on file; a reply that still cannot be delivered escalates the ticket
// (reason delivery_failed) — a reply never vanishes silently. Web-form replies show on the status
// page and, when an email sender is configured, are also sent as an email notification.
//
// A send is claimed in the store before the provider call and marked finished right after the
// provider's answer. A worker killed in between leaves an unfinished claim: when the event comes
// again (the bus redelivers what was not committed), the new worker waits until the claim is
// older than lease_ms and takes it over. That window is at-least-once: email checks Gmail for the
// reply's own Message-ID first (derived from the dedup key) and sends only if it is not there;
// WhatsApp (Twilio has no idempotency key) may send the reply a second time if Twilio accepted it
// just before the crash. Everything outside that window is exactly once.
struct DeliveryOptions {
  int attempts = 4;              // provider attempts for a transient failure
  int backoff_initial_ms = 250;  // doubled per attempt
  // An unfinished claim is taken over after this long. A live worker's claim is normally finished
  // long before (one provider call takes milliseconds to seconds); the event reaches a second
  // worker only after the first lost its partition, which waits for a running handler unless the
  // first was declared dead. The handler that finds the claim waits meanwhile (holding its
  // partition: at most this long, once per crash inside the window).
  std::int64_t lease_ms = 30000;
};

class DeliveryWorker {
 public:
  DeliveryWorker(Store& store, ops::Metrics& m, DeliveryOptions o = {});
  void set_sender(Channel c, std::shared_ptr<channels::ChannelSender> s);
  // Where delivery.status events go (fte.channels.<ch>.status); unset = none. Best effort: the
  // status is already stored when it is published, and a failed publish is logged, not retried.
  void set_status_publisher(std::function<void(const std::string& topic, const Envelope&)> p);
  // With the local bus (whose log is the store's event table, topics under `topic_prefix`): the
  // status event of a delivery without a provider call is appended in the delivery's own store
  // write instead of through the publisher (one write, and exactly once).
  void set_status_in_store(std::string topic_prefix);
  void handle(const Envelope& e);

 private:
  void publish_status(const channels::OutboundReply& r, const channels::DeliveryResult& res);
  std::pair<std::string, Envelope> status_event(const channels::OutboundReply& r,
                                                const channels::DeliveryResult& res) const;
  channels::DeliveryResult send_with_retries(channels::ChannelSender& s, const channels::OutboundReply& r);
  void notify_by_email(const channels::OutboundReply& r);
  channels::DeliveryResult email_fallback(const channels::OutboundReply& r, channels::DeliveryResult failed);
  void escalate_undeliverable(const channels::OutboundReply& r, const channels::DeliveryResult& res);
  DeliveryClaim claim(const std::string& dedup_key, const std::string& message_id,
                      const std::string& correlation_id);

  Store& store_;
  ops::Metrics& metrics_;
  DeliveryOptions o_;
  std::map<Channel, std::shared_ptr<channels::ChannelSender>> senders_;
  std::function<void(const std::string&, const Envelope&)> publish_;
  std::optional<std::string> status_prefix_;  // set_status_in_store
};

}  // namespace fte::app

namespace fte::app {

// The event(s) that deliver a reply to the customer: one fte.channels.<channel>.outbound event
// carrying `r` (its parts already formatted for the channel by agent::format_reply), keyed by the
// customer id (ordered with the customer's other events), its idempotency key the dedup key
// ("reply:<message id>" unless set). The agent worker and the human console both build their
// outbox from it, so the delivery worker sends a person's reply exactly like the agent's.
// Throws Error(invalid_argument) without a message id or parts.
std::vector<std::pair<std::string, Envelope>> outbound_events(channels::OutboundReply r);

}  // namespace fte::app
