// Reading domain values from a row of a Result whose columns are the shared column lists of sql.h
// (ticket, message, customer), and the ids of the store's own rows. Thread-safe.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.h"
#include "store/postgres/pq.h"

namespace fte::pg {

Channel channel_column(std::string_view s);  // a stored channel name; webform if unknown
Ticket ticket_row(const Result& r, int row);
StoredMessage message_row(const Result& r, int row);
Customer customer_row(const Result& r, int row);

// UUIDv7 (RFC 9562, core/ids.h new_time_ordered_id). Rows created later sort later, so inserts
// append to the primary-key indexes. Ticket ids are not made here: they are the gateway's random
// public references.
std::string new_row_id();

// A PostgreSQL text[] literal: {"a","b"} with quotes and backslashes escaped.
std::string text_array(const std::vector<std::string>& v);

}  // namespace fte::pg
