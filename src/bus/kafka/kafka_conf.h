// Building librdkafka client handles: configuration from name/value pairs (a bad property throws
// Error(invalid_argument) naming it), librdkafka's own log lines and client errors routed to
// fte::ops, and an owning handle type. Internal to src/bus/kafka. Thread-safe: plain functions.
#pragma once
#include <librdkafka/rdkafka.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bus/kafka/kafka_bus.h"

namespace fte::kafka {

using Properties = std::vector<std::pair<std::string, std::string>>;

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* c) const { rd_kafka_conf_destroy(c); }
};
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;

// A configuration with `props` then `ko.properties` applied, and the ops log/error callbacks.
ConfPtr make_conf(const Properties& props, const KafkaOptions& ko);

// rd_kafka_new; takes ownership of `conf` (also on failure). Throws Error(invalid_argument).
rd_kafka_t* new_client(rd_kafka_type_t type, ConfPtr conf);

// "kafka://a:1,b:2" → "a:1,b:2".
std::string strip_scheme(const std::string& brokers);

// RAII for a topic-partition list.
struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const {
    rd_kafka_topic_partition_list_destroy(l);
  }
};
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

}  // namespace fte::kafka
