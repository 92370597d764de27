// Reading the tail of Kafka topics: the event ids (or idempotency keys) of the last N records of
// each partition, for PublishedTail (bus/published_tail.h). One short-lived consumer per call, without a group
// membership (manual assignment from offsets computed from the watermarks, nothing committed).
// Records without the header count by the envelope in their value; records that are neither are
// ignored. Internal to src/bus/kafka. Thread-safe: no shared state.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bus/kafka/kafka_bus.h"

namespace fte::kafka {

// Which id of each record to collect.
enum class TailId { event_id, idempotency_key };

// `full_topics`: prefixed names. Result keyed by full name. Throws Error(unavailable) when the
// metadata, a watermark or a record up to the high watermark was not had within timeout_ms.
std::map<std::string, std::set<std::string>> read_tail_ids(
    const std::string& brokers, const KafkaOptions& ko, const std::vector<std::string>& full_topics,
    int per_partition, int timeout_ms, TailId which = TailId::event_id);

}  // namespace fte::kafka
