// The event envelope every bus message travels in (DESIGN §2). `payload` is a JSON document kept as
// text so that the bus never re-parses it. Thread-safe: plain values.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace fte {

namespace topics {
inline constexpr std::string_view tickets_incoming = "fte.tickets.incoming";
inline constexpr std::string_view escalations = "fte.escalations";
inline constexpr std::string_view metrics = "fte.metrics";
inline constexpr std::string_view dlq = "fte.dlq";
std::string channel_topic(std::string_view channel, std::string_view kind);  // kind: inbound|outbound|status
}  // namespace topics

struct Envelope {
  std::string event_id;
  std::string type;  // e.g. "ticket.incoming", "reply.outbound"
  int schema_version = 1;
  std::int64_t occurred_at_ms = 0;
  std::string correlation_id;
  std::string traceparent;
  std::string idempotency_key;
  std::string key;      // partition key: customer id, or the channel identity before it is known
  std::string payload;  // JSON text
  // Set by a producer that wrote `payload` itself as JSON (e.g. the intake's ticket event, made
  // with jsonu::append_string): to_json_keeping_payload then copies it without parsing it first
  // (the check ran on the store's single writer thread for every intake). Not carried by the bus:
  // an envelope read back has it false. A producer that sets it on text that is not JSON stores
  // an event no reader can parse, so only code that built the text sets it.
  bool payload_is_json = false;
};

// A new envelope with a fresh event id, the current time and a traceparent derived from the
// correlation id (or a fresh one when empty).
Envelope make_envelope(std::string type, std::string key, std::string payload,
                       std::string correlation_id, std::string idempotency_key);

std::string to_json(const Envelope& e);
// The same JSON as to_json, made without re-serialising the payload (the store's text of an
// event: the events table, the outbox rows sent to PostgreSQL). A payload that parses as JSON is
// copied in as it is (one written by json::serialize gives to_json's very text; any other JSON the
// same document once read back with envelope_from_json); one that does not parse becomes a JSON
// string, as in to_json. A payload marked payload_is_json is copied in without that check.
// Pure, thread-safe; throws only std::bad_alloc.
std::string to_json_keeping_payload(const Envelope& e);
Envelope envelope_from_json(std::string_view json);  // throws Error(invalid_argument)

}  // namespace fte
