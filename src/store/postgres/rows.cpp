#include "store/postgres/rows.h"

#include "core/ids.h"

namespace fte::pg {

Channel channel_column(std::string_view s) {
  return parse_channel(s).value_or(Channel::webform);
}

Ticket ticket_row(const Result& r, int row) {
  Ticket t;
  t.id = r.text(row, 0);
  t.customer_id = r.text(row, 1);
  t.conversation_id = r.text(row, 2);
  t.source_channel = channel_column(r.text(row, 3));
  t.subject = r.text(row, 4);
  t.category = r.text(row, 5);
  t.priority = r.text(row, 6);
  t.status = r.text(row, 7);
  t.escalation_reason = r.text(row, 8);
  t.created_at_ms = r.i64(row, 9);
  t.updated_at_ms = r.i64(row, 10);
  t.first_response_at_ms = r.i64(row, 11);
  return t;
}

StoredMessage message_row(const Result& r, int row) {
  StoredMessage m;
  m.id = r.text(row, 0);
  m.conversation_id = r.text(row, 1);
  m.ticket_id = r.text(row, 2);
  m.channel = channel_column(r.text(row, 3));
  m.direction = r.text(row, 4);
  m.role = r.text(row, 5);
  m.content = r.text(row, 6);
  m.delivery_status = r.text(row, 7);
  m.created_at_ms = r.i64(row, 8);
  m.channel_message_id = r.text(row, 9);
  return m;
}

Customer customer_row(const Result& r, int row) {
  Customer c;
  c.id = r.text(row, 0);
  c.name = r.text(row, 1);
  c.email = r.text(row, 2);
  c.phone = r.text(row, 3);
  c.created_at_ms = r.i64(row, 4);
  return c;
}

std::string new_row_id() { return new_time_ordered_id(); }

// A PostgreSQL text[] literal: {"a","b"} with quotes and backslashes escaped.
std::string text_array(const std::vector<std::string>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char ch : v[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + '}';
}


}  // namespace fte::pg
