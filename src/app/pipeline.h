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
#include <map>
#include <memory>
#include <string>

#include "agent/agent.h"
#include "bus/bus.h"
#include "channels/channel.h"
#include "store/store.h"

namespace fte::ops {
class Metrics;
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
};

class AgentWorker {
 public:
  AgentWorker(Store& store, agent::SupportAgent& agent, ops::Metrics& m);
  void handle(const Envelope& e);

 private:
  Store& store_;
  agent::SupportAgent& agent_;
  ops::Metrics& metrics_;
};

class DeliveryWorker {
 public:
  DeliveryWorker(Store& store, ops::Metrics& m);
  void set_sender(Channel c, std::shared_ptr<channels::ChannelSender> s);
  void handle(const Envelope& e);

 private:
  Store& store_;
  ops::Metrics& metrics_;
  std::map<Channel, std::shared_ptr<channels::ChannelSender>> senders_;
};

}  // namespace fte::app
