// KafkaProducer: the bus's idempotent producer (enable.idempotence=true, acks=all, murmur2
// partitioning of the key, as the Java client does). produce() blocks until the record's delivery
// report arrived: success means the broker stored it on all in-sync replicas. librdkafka retries
// broker outages and retriable errors without duplicating records until publish_timeout_ms, after
// which produce() throws Error(unavailable); a record the broker rejects for good throws
// Error(invalid_argument). A background thread serves delivery reports. After a fatal producer
// error (fatal() is true) the instance is unusable: the owner builds a new one. The first record
// to a topic fetches its metadata at once (librdkafka 2.0 would otherwise wait for its 1 s scan).
// Thread-safe: produce() from any number of threads; concurrent records are batched together.
#pragma once
#include <librdkafka/rdkafka.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "bus/kafka/kafka_bus.h"
#include "bus/kafka/kafka_record.h"

namespace fte::kafka {

class KafkaProducer {
 public:
  KafkaProducer(const std::string& brokers, const KafkaOptions& ko);
  ~KafkaProducer();  // flushes for up to flush_timeout_ms, then stops the report thread
  KafkaProducer(const KafkaProducer&) = delete;
  KafkaProducer& operator=(const KafkaProducer&) = delete;

  void produce(const std::string& topic, const Record& r);
  void ping(int timeout_ms);   // metadata round trip; throws Error(unavailable)
  bool flush(int timeout_ms);  // true when nothing is left unacknowledged
  bool fatal() const;

 private:
  void learn_topic(const std::string& topic);

  KafkaOptions ko_;
  std::mutex topics_mu_;
  std::set<std::string> known_topics_;  // topics whose metadata this producer already fetched
  rd_kafka_t* rk_ = nullptr;
  std::atomic<bool> running_{true};
  std::thread reports_;
};

}  // namespace fte::kafka
