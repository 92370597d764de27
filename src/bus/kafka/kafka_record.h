// How an Envelope is laid out as a Kafka record, and the dead-letter record built from a record
// that could not be handled. Pure functions over plain values (no librdkafka), so the wire layout
// is unit tested on its own and any Kafka client (kcat, Java, Python) can read and write fte's
// topics. Thread-safe: plain values.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/envelope.h"

namespace fte::kafka {

using Headers = std::vector<std::pair<std::string, std::string>>;

namespace header {
inline constexpr std::string_view event_id = "event_id";
inline constexpr std::string_view type = "type";
inline constexpr std::string_view schema_version = "schema_version";
inline constexpr std::string_view correlation_id = "correlation_id";
inline constexpr std::string_view traceparent = "traceparent";
inline constexpr std::string_view idempotency_key = "idempotency_key";
inline constexpr std::string_view occurred_at = "occurred_at";  // ISO 8601, UTC, milliseconds
inline constexpr std::string_view original_topic = "x-original-topic";
inline constexpr std::string_view original_partition = "x-original-partition";
inline constexpr std::string_view original_offset = "x-original-offset";
inline constexpr std::string_view group = "x-group";
inline constexpr std::string_view error = "x-error";
inline constexpr std::string_view attempts = "x-attempts";
}  // namespace header

// A record as produced or consumed: key, value and headers (in order, duplicates allowed).
struct Record {
  std::string key;
  std::string value;
  Headers headers;
};

// A consumed record with its position.
struct ConsumedRecord {
  std::string topic;  // full name, prefix included
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  Record record;
};

// key = e.key, value = to_json(e), headers = the envelope fields.
Record to_record(const Envelope& e);

// The value is the authority: a JSON envelope (its key defaults to the record key). A record whose
// value is not an envelope but that carries event_id and type headers (an external producer
// sending a bare payload) becomes an envelope from its headers with the value as payload.
// Anything else throws Error(invalid_argument).
Envelope envelope_from_record(const Record& r);

// The fte.dlq record for `failed`: key as the original; headers: the original headers plus
// x-original-topic/-partition/-offset, x-group, x-error, x-attempts; value: a "dead_letter"
// envelope whose payload is {original_topic, partition, offset, group, error, attempts, envelope}
// (or `raw`, the original value as a string, when it was not an envelope).
Record dead_letter_record(const ConsumedRecord& failed, const std::optional<Envelope>& original,
                          const std::string& group, const std::string& error, int attempts);

// First value of header `name`, if present.
std::optional<std::string> find_header(const Headers& h, std::string_view name);

// "2026-11-26T19:34:52.123Z" (fraction optional) → ms since the epoch; nullopt when malformed.
std::optional<std::int64_t> parse_iso8601_ms(std::string_view s);

}  // namespace fte::kafka
