// The Kafka backend of the Bus conformance suite with partition leases (FTE_KAFKA_ASSIGNMENT=lease,
// the app's default): the same mock cluster as kafka_backend.cpp, and every bus of a test holds its
// partitions as leases in one SQLite store (a store shared by replicas), with short leases.
#include <filesystem>
#include <set>

#include "bus/kafka/kafka_bus.h"
#include "bus/kafka/mock_cluster.h"
#include "bus_conformance.h"
#include "store/store.h"
#include "support/process.h"

namespace fte::bustest {
namespace {

class KafkaLeaseWorld final : public BusWorld {
 public:
  KafkaLeaseWorld() : dir_(fte::testing::temp_dir("fte-bus-kafka-lease")) {
    StoreOptions so;
    so.url = "sqlite://" + (dir_ / "leases.db").string();
    store_ = open_sqlite_store(so);
  }
  ~KafkaLeaseWorld() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::unique_ptr<Bus> open(const BusOptions& o) override {
    if (prefixes_.insert(o.topic_prefix).second) cluster_.create_spec_topics(o.topic_prefix, 3);
    KafkaOptions ko;
    ko.commit_interval_ms = 20;
    ko.lease_store = store_.get();
    ko.instance_id = "bus-" + std::to_string(++opened_);
    ko.lease_ttl_ms = 1500;
    ko.lease_renew_ms = 200;
    return open_kafka_bus("kafka://" + cluster_.bootstrap(), o, ko);
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  KafkaMockCluster cluster_{KafkaMockOptions{1, 3, ""}};
  std::set<std::string> prefixes_{""};
  int opened_ = 0;
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(kafka_leases, BusConformance,
                         ::testing::Values(BusBackend{
                             "kafka_leases", [] { return std::make_unique<KafkaLeaseWorld>(); },
                             true}),
                         backend_name);

}  // namespace fte::bustest
