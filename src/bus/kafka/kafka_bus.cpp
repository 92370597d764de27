#include "bus/kafka/kafka_bus.h"

#include <mutex>

#include "bus/kafka/kafka_conf.h"
#include "bus/kafka/kafka_consumer.h"
#include "bus/kafka/kafka_producer.h"
#include "bus/kafka/kafka_record.h"
#include "bus/kafka/kafka_tail.h"
#include "bus/published_tail.h"
#include "core/error.h"
#include "ops/log.h"

namespace fte {
namespace {

using kafka::KafkaConsumer;
using kafka::KafkaProducer;

class KafkaBus final : public Bus, public PublishedTail {
 public:
  KafkaBus(std::string brokers, BusOptions o, KafkaOptions ko)
      : brokers_(kafka::strip_scheme(brokers)),
        o_(std::move(o)),
        ko_(std::move(ko)),
        producer_(std::make_shared<KafkaProducer>(brokers_, ko_)) {
    ops::info("kafka bus open", {}, {{"brokers", brokers_}, {"prefix", o_.topic_prefix}});
  }

  ~KafkaBus() override { stop(); }

  std::string kind() const override { return "kafka"; }

  void publish(const std::string& topic, const Envelope& e) override {
    produce(o_.topic_prefix + topic, kafka::to_record(e));
  }

  void subscribe(const std::string& group, const std::vector<std::string>& topics,
                 EventHandler handler) override {
    std::vector<std::string> full;
    for (const auto& t : topics) full.push_back(o_.topic_prefix + t);
    std::lock_guard lk(mu_);
    if (stopped_) throw Error(ErrorKind::unavailable, "bus is stopping");
    const std::string dlq = o_.topic_prefix + std::string(topics::dlq);
    consumers_.push_back(std::make_unique<KafkaConsumer>(
        brokers_, group, std::move(full), o_.topic_prefix, std::move(handler), o_, ko_,
        [this, dlq](const kafka::Record& r) { produce(dlq, r); }));
  }

  void ping() override { producer()->ping(ko_.ping_timeout_ms); }

  void stop() override {
    std::vector<std::unique_ptr<KafkaConsumer>> consumers;
    {
      std::lock_guard lk(mu_);
      if (stopped_) return;
      stopped_ = true;
      consumers.swap(consumers_);
    }
    for (auto& c : consumers) c->stop();  // handlers may still publish while they finish
    if (!producer()->flush(ko_.flush_timeout_ms))
      ops::error("kafka bus stopped with unacknowledged records", {}, {{"brokers", brokers_}});
  }

  std::map<std::string, std::set<std::string>> recent_event_ids(const std::vector<std::string>& topics,
                                                                int per_partition, int timeout_ms) override {
    std::vector<std::string> full;
    for (const auto& t : topics) full.push_back(o_.topic_prefix + t);
    auto tails = kafka::read_tail_ids(brokers_, ko_, full, per_partition, timeout_ms);
    std::map<std::string, std::set<std::string>> out;
    for (auto& [t, ids] : tails) out[t.substr(o_.topic_prefix.size())] = std::move(ids);
    return out;
  }

  std::set<std::string> recent_idempotency_keys(const std::string& topic, int per_partition,
                                                int timeout_ms) override {
    const std::string full = o_.topic_prefix + topic;
    auto tails = kafka::read_tail_ids(brokers_, ko_, {full}, per_partition, timeout_ms,
                                      kafka::TailId::idempotency_key);
    return std::move(tails[full]);
  }

  std::vector<Lag> lag() override {
    std::lock_guard lk(mu_);  // consumers_ stays put; lag() is a scrape, not a hot path
    std::vector<Lag> out;
    for (auto& c : consumers_) {
      auto l = c->lag();
      out.insert(out.end(), l.begin(), l.end());
    }
    return out;
  }

 private:
  void produce(const std::string& full_topic, const kafka::Record& r) {
    producer()->produce(full_topic, r);
  }

  // The producer, replaced by a fresh one after a fatal error (e.g. the broker fenced it).
  std::shared_ptr<KafkaProducer> producer() {
    std::lock_guard lk(producer_mu_);
    if (producer_->fatal()) {
      ops::error("kafka producer failed fatally; starting a new one", {}, {{"brokers", brokers_}});
      producer_ = std::make_shared<KafkaProducer>(brokers_, ko_);
    }
    return producer_;
  }

  const std::string brokers_;
  const BusOptions o_;
  const KafkaOptions ko_;
  std::mutex producer_mu_;
  std::shared_ptr<KafkaProducer> producer_;
  std::mutex mu_;
  bool stopped_ = false;
  std::vector<std::unique_ptr<KafkaConsumer>> consumers_;
};

}  // namespace

std::unique_ptr<Bus> open_kafka_bus(const std::string& brokers, const BusOptions& o,
                                    const KafkaOptions& ko) {
  if (kafka::strip_scheme(brokers).empty())
    throw Error(ErrorKind::invalid_argument, "kafka: no brokers given", "FTE_BUS");
  return std::make_unique<KafkaBus>(brokers, o, ko);
}

}  // namespace fte
