#include "store/sqlite/rows.h"

namespace fte::sqlite {

Channel channel_column(std::string_view s) {
  return parse_channel(s).value_or(Channel::webform);
}

Ticket ticket_row(const Statement& s) {
  Ticket t;
  t.id = s.text(0);
  t.customer_id = s.text(1);
  t.conversation_id = s.text(2);
  t.source_channel = channel_column(s.text(3));
  t.subject = s.text(4);
  t.category = s.text(5);
  t.priority = s.text(6);
  t.status = s.text(7);
  t.escalation_reason = s.text(8);
  t.created_at_ms = s.i64(9);
  t.updated_at_ms = s.i64(10);
  t.first_response_at_ms = s.i64(11);
  return t;
}

StoredMessage message_row(const Statement& s) {
  StoredMessage m;
  m.id = s.text(0);
  m.conversation_id = s.text(1);
  m.ticket_id = s.text(2);
  m.channel = channel_column(s.text(3));
  m.direction = s.text(4);
  m.role = s.text(5);
  m.content = s.text(6);
  m.delivery_status = s.text(7);
  m.created_at_ms = s.i64(8);
  m.channel_message_id = s.text(9);
  return m;
}

Customer customer_row(const Statement& s) {
  Customer c;
  c.id = s.text(0);
  c.name = s.text(1);
  c.email = s.text(2);
  c.phone = s.text(3);
  c.created_at_ms = s.i64(4);
  return c;
}

}  // namespace fte::sqlite
