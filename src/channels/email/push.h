// Cloud Pub/Sub push bodies carrying Gmail notifications:
//   {"message": {"data": base64({"emailAddress": "...", "historyId": 123}), "messageId": "...",
//                "publishTime": "...", "attributes": {...}}, "subscription": "projects/.../..."}
// parse_push() validates strictly and says what is wrong; it never throws (except bad_alloc).
// Thread-safe: a pure function.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fte::channels::email {

struct GmailPush {
  std::string email_address;  // the watched mailbox, normalised (lower-case)
  std::string history_id;     // decimal digits, no leading zeros
  std::uint64_t history_value = 0;
  std::string message_id;    // Pub/Sub message id
  std::string publish_time;  // as sent (RFC 3339); may be empty
  std::string subscription;  // projects/<p>/subscriptions/<s>
};

struct PushParse {
  std::optional<GmailPush> push;
  std::string error;  // why the body was refused; empty when push is set
  std::string field;  // the offending field, e.g. "message.data"
};

inline constexpr std::size_t kMaxPushBodyBytes = 64u << 10;

PushParse parse_push(std::string_view body);

// A history id: 1–20 decimal digits fitting in 64 bits (leading zeros removed); nullopt otherwise.
std::optional<std::uint64_t> parse_history_id(std::string_view s);

}  // namespace fte::channels::email
