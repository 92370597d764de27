// PublishedTail: what a bus can say about the records most recently published to its topics, so
// that a new outbox relay leader skips events its predecessor published but did not record as
// published (killed between the broker's acknowledgement and the store's position commit; see
// app/outbox_relay.h), and events its predecessor dead-lettered (idempotency keys on fte.dlq). Implemented by the Kafka bus; the local bus has no need (the store's single
// writer appends and publishes in one transaction).
// Thread-safe; one call may take up to its timeout.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

namespace fte {

class PublishedTail {
 public:
  virtual ~PublishedTail() = default;
  // The event ids (envelope event_id) of the last `per_partition` records of every partition of
  // each of `topics` (unprefixed names, as given to Bus::publish), keyed by topic. A topic that
  // does not exist yet maps to an empty set. Throws Error(unavailable) when the tail could not be
  // read completely within timeout_ms: the caller cannot know what is there.
  virtual std::map<std::string, std::set<std::string>> recent_event_ids(
      const std::vector<std::string>& topics, int per_partition, int timeout_ms) = 0;
  // The same for the envelopes' idempotency keys, on one topic (its unprefixed name).
  virtual std::set<std::string> recent_idempotency_keys(const std::string& topic, int per_partition,
                                                        int timeout_ms) = 0;
};

}  // namespace fte
