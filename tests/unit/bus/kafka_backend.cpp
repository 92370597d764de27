// The Kafka backend of the Bus conformance suite: each test gets a fresh librdkafka mock cluster
// (real Kafka protocol over loopback TCP) with the spec III topics, 3 partitions each. Group
// timeouts are shortened so that a rebalance takes seconds, not tens of seconds.
#include <set>

#include "bus/kafka/kafka_bus.h"
#include "bus/kafka/mock_cluster.h"
#include "bus_conformance.h"

namespace fte::bustest {
namespace {

class KafkaWorld final : public BusWorld {
 public:
  std::unique_ptr<Bus> open(const BusOptions& o) override {
    if (prefixes_.insert(o.topic_prefix).second) cluster_.create_spec_topics(o.topic_prefix, 3);
    KafkaOptions ko;
    ko.session_timeout_ms = 4500;  // > the mock's 3 s initial rebalance delay (no heartbeats then)
    ko.heartbeat_interval_ms = 500;
    ko.commit_interval_ms = 20;
    return open_kafka_bus("kafka://" + cluster_.bootstrap(), o, ko);
  }

 private:
  KafkaMockCluster cluster_{KafkaMockOptions{1, 3, ""}};
  std::set<std::string> prefixes_{""};
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(kafka, BusConformance,
                         ::testing::Values(BusBackend{
                             "kafka", [] { return std::make_unique<KafkaWorld>(); }, true}),
                         backend_name);

}  // namespace fte::bustest
