// Reading domain values from the current row of a statement whose columns are the shared column
// lists of sql.h (ticket, message, customer). Thread-safety: as the statement's connection.
#pragma once
#include <string_view>

#include "core/domain.h"
#include "store/sqlite/connection.h"

namespace fte::sqlite {

Channel channel_column(std::string_view s);  // a stored channel name; webform if unknown
Ticket ticket_row(const Statement& s);
StoredMessage message_row(const Statement& s);
Customer customer_row(const Statement& s);

}  // namespace fte::sqlite
