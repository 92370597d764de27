#include "core/envelope.h"

#include <boost/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/json_util.h"

namespace json = boost::json;

namespace fte {

std::string topics::channel_topic(std::string_view channel, std::string_view kind) {
  std::string t = "fte.channels.";
  t += channel;
  t += '.';
  t += kind;
  return t;
}

Envelope make_envelope(std::string type, std::string key, std::string payload,
                       std::string correlation_id, std::string idempotency_key) {
  Envelope e;
  e.event_id = new_uuid();
  e.type = std::move(type);
  e.occurred_at_ms = now_ms();
  e.correlation_id = correlation_id.empty() ? new_uuid() : std::move(correlation_id);
  // W3C traceparent: version-traceid-spanid-flags; trace id from the correlation id's hex digits.
  std::string trace;
  for (char c : e.correlation_id)
    if (std::isxdigit(static_cast<unsigned char>(c))) trace.push_back(static_cast<char>(std::tolower(c)));
  if (trace.size() < 32) trace = random_hex(16);
  trace.resize(32);
  e.traceparent = "00-" + trace + "-" + random_hex(8) + "-01";
  e.idempotency_key = idempotency_key.empty() ? e.event_id : std::move(idempotency_key);
  e.key = std::move(key);
  e.payload = std::move(payload);
  return e;
}

namespace {

// Every field but the payload.
json::object envelope_fields(const Envelope& e) {
  json::object o;
  o["event_id"] = e.event_id;
  o["type"] = e.type;
  o["schema_version"] = e.schema_version;
  o["occurred_at"] = iso8601(e.occurred_at_ms);
  o["occurred_at_ms"] = e.occurred_at_ms;
  o["correlation_id"] = e.correlation_id;
  o["traceparent"] = e.traceparent;
  o["idempotency_key"] = e.idempotency_key;
  o["key"] = e.key;
  return o;
}

}  // namespace

std::string to_json(const Envelope& e) {
  json::object o = envelope_fields(e);
  json::error_code ec;
  json::value p = json::parse(e.payload, ec);
  if (ec) p = json::string(e.payload);
  o["payload"] = std::move(p);
  return json::serialize(o);
}


std::string to_json_keeping_payload(const Envelope& e) {
  // Whether the payload is JSON: the producer's word for it, else validated without building the
  // document.
  const bool payload_is_json = e.payload_is_json || jsonu::is_json(e.payload);
  // The fields in envelope_fields' order, written directly (the same text json::serialize makes
  // of that object, without building it).
  std::string out;
  out.reserve(320 + e.payload.size());
  auto field = [&](const char* name, std::string_view v) {
    out += name;
    jsonu::append_string(out, v);
  };
  field("{\"event_id\":", e.event_id);
  field(",\"type\":", e.type);
  out += ",\"schema_version\":";
  out += std::to_string(e.schema_version);
  field(",\"occurred_at\":", iso8601(e.occurred_at_ms));
  out += ",\"occurred_at_ms\":";
  out += std::to_string(e.occurred_at_ms);
  field(",\"correlation_id\":", e.correlation_id);
  field(",\"traceparent\":", e.traceparent);
  field(",\"idempotency_key\":", e.idempotency_key);
  field(",\"key\":", e.key);
  out += ",\"payload\":";
  if (payload_is_json)
    out += e.payload;  // read back, it parses to the document to_json would have written
  else
    jsonu::append_string(out, e.payload);  // as to_json writes it
  out += '}';
  return out;
}

Envelope envelope_from_json(std::string_view text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) throw Error(ErrorKind::invalid_argument, "envelope is not a JSON object");
  const auto& o = v.get_object();
  auto str = [&](const char* k) -> std::string {
    auto* p = o.if_contains(k);
    return p && p->is_string() ? std::string(p->get_string()) : std::string();
  };
  Envelope e;
  e.event_id = str("event_id");
  e.type = str("type");
  if (auto* p = o.if_contains("schema_version"); p && p->is_int64())
    e.schema_version = static_cast<int>(p->get_int64());
  if (auto* p = o.if_contains("occurred_at_ms"); p && p->is_int64()) e.occurred_at_ms = p->get_int64();
  e.correlation_id = str("correlation_id");
  e.traceparent = str("traceparent");
  e.idempotency_key = str("idempotency_key");
  e.key = str("key");
  if (auto* p = o.if_contains("payload")) e.payload = json::serialize(*p);
  if (e.event_id.empty() || e.type.empty())
    throw Error(ErrorKind::invalid_argument, "envelope lacks event_id or type");
  return e;
}

}  // namespace fte
