// Ids of the store's own rows (customers, conversations, messages, escalations): UUIDv7 (RFC 9562,
// core/ids.h new_time_ordered_id). Ids created later sort later, so inserts
// append to the id indexes instead of writing a random page each; they are still unique without
// coordination. Ticket ids are not made here: they are the gateway's random public references.
// Thread-safe.
#pragma once
#include <string>

namespace fte::sqlite {

std::string new_row_id();

}  // namespace fte::sqlite
