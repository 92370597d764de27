#include "store/postgres/rows.h"

#include <array>
#include <cstdint>

#include "core/clock.h"
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

std::string new_row_id() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::array<unsigned char, 16> b{};
  random_bytes(b.data() + 6, 10);
  auto ms = static_cast<std::uint64_t>(now_ms());
  for (int i = 0; i < 6; ++i)
    b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(ms >> (40 - 8 * i));
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x70);  // version 7
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 9562 variant
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 15]);
  }
  return out;
}

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
