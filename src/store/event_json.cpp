#include "store/event_json.h"

#include <boost/json.hpp>

#include "core/clock.h"

namespace json = boost::json;

namespace fte {

std::string event_json(const Envelope& e) {
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
  // Whether the payload is JSON: parsed into a stack arena (no allocation for small payloads), the
  // document thrown away.
  unsigned char arena[4096];
  json::monotonic_resource mr(arena, sizeof arena);
  json::error_code ec;
  json::parse(e.payload, ec, &mr);
  std::string out = json::serialize(o);
  out.pop_back();  // '}'
  out += ",\"payload\":";
  if (!ec)
    out += e.payload;  // read back, it parses to the document to_json would have written
  else
    out += json::serialize(json::string(e.payload));  // as to_json writes it
  out += '}';
  return out;
}

}  // namespace fte
