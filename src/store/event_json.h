// The text of an event as the store keeps it (the events table, the outbox rows sent to
// PostgreSQL): the same JSON as fte::to_json(const Envelope&), made without re-serialising the
// payload. to_json parses the payload into a document and serialises it again inside the envelope;
// here a payload that parses as JSON is copied into the envelope's text as it is (payloads written
// by json::serialize give the same text; any other JSON the same document once read back, which
// is how the log is read: envelope_from_json), and one that does not parse becomes a JSON string,
// as in to_json. Pure function, thread-safe; throws only std::bad_alloc.
#pragma once
#include <string>

#include "core/envelope.h"

namespace fte {

std::string event_json(const Envelope& e);

}  // namespace fte
