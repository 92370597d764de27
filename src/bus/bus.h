// Bus: the event bus between roles (DESIGN §2). Implementations: local/ (the store's durable event
// log, embedded default) and kafka/ (librdkafka). One conformance suite runs on both.
//
// Delivery is at-least-once, in order per key within a topic. A consumer's offset is committed only
// after its handler returned; a handler that throws is retried with exponential backoff
// (BusOptions) and then the event goes to `fte.dlq` with the error, and the consumer moves on.
// Handlers must therefore be idempotent (the processed-events table keyed by idempotency_key).
// Thread-safe: publish from any thread; handlers run on the bus's consumer threads.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/envelope.h"

namespace fte {

class Store;

struct BusOptions {
  int max_attempts = 5;            // handler attempts before the DLQ
  int backoff_initial_ms = 50;     // doubled per attempt
  int backoff_max_ms = 5000;
  std::string topic_prefix;        // FTE_TOPIC_PREFIX, prepended to every topic name
  // Called (on a consumer thread) each time an event goes to fte.dlq, with its original topic
  // (without the prefix); for the fte_dlq_events_total metric. Must not throw.
  std::function<void(const std::string& topic)> on_dead_letter;
};

using EventHandler = std::function<void(const Envelope&, const std::string& topic)>;

class Bus {
 public:
  virtual ~Bus() = default;
  virtual std::string kind() const = 0;  // "local" or "kafka"
  // Durable when it returns (local: committed; kafka: acked by all in-sync replicas).
  virtual void publish(const std::string& topic, const Envelope& e) = 0;
  // Starts consuming `topics` as consumer group `group` on background threads.
  virtual void subscribe(const std::string& group, const std::vector<std::string>& topics,
                         EventHandler handler) = 0;
  virtual void ping() = 0;  // throws Error(unavailable) when not reachable
  // Stops intake of new events, lets in-flight handlers finish, joins threads.
  virtual void stop() = 0;
  // Consumer lag per (group, topic, partition) for /metrics.
  struct Lag {
    std::string group, topic;
    int partition = 0;
    std::int64_t lag = 0;
  };
  virtual std::vector<Lag> lag() = 0;
};

std::unique_ptr<Bus> open_local_bus(Store& store, const BusOptions& o);

}  // namespace fte
