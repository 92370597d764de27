// Reads a whole Kafka topic (every partition, from the beginning to the current end) with an
// independent librdkafka consumer, headers included: how the harness counts what was published
// on fte.tickets.incoming and what went to fte.dlq. Not thread-safe per call; calls are independent.
// Failure: nullopt when the topic cannot be read to its end within the deadline.
#pragma once
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fte::bench {

struct TopicRecord {
  int partition = 0;
  std::int64_t offset = 0;
  std::int64_t timestamp_ms = -1;  // the producer's create time: when the relay published it
  std::string key, value;
  std::map<std::string, std::string> headers;
};

std::optional<std::vector<TopicRecord>> read_topic(const std::string& bootstrap, const std::string& topic,
                                                   std::chrono::milliseconds deadline);

}  // namespace fte::bench
