// Parsing of Twilio's WhatsApp webhooks, after their signature was verified:
//  - incoming messages (MessageSid, AccountSid, From=whatsapp:+E164, To, Body, ProfileName, WaId,
//    NumMedia, MediaUrlN, MediaContentTypeN, Latitude/Longitude) → fte::InboundMessage;
//  - status callbacks (MessageSid, MessageStatus, ErrorCode) → DeliveryStatusUpdate.
// Text is sanitised: invalid UTF-8 replaced, control characters removed (newline and tab kept),
// length capped at a UTF-8 boundary. Pure functions; thread-safe; never throw.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/whatsapp/signature.h"
#include "core/domain.h"

namespace fte::channels::whatsapp {

// The value of a (decoded) form parameter; "" when absent.
std::string_view param(const Params& p, std::string_view name);

// Valid UTF-8 (bad bytes → U+FFFD), no control characters except \n and \t (\r\n → \n), trimmed,
// at most `max_bytes` bytes without splitting a character.
std::string sanitize_text(std::string_view s, std::size_t max_bytes);

struct ParsedInbound {
  std::optional<InboundMessage> message;  // set when valid
  std::string error;      // why not: "missing_message_sid", "not_whatsapp", … (no PII)
  bool forbidden = false;  // AccountSid does not match the configured account: answer 403
};

// `expected_account_sid` empty → not checked. Sets channel, channel_message_id, phone, customer_name,
// body, attachments, received_at_ms; the caller sets ticket_id and correlation_id.
ParsedInbound parse_inbound(const Params& form, std::string_view expected_account_sid,
                            std::size_t max_body_bytes, std::int64_t now_ms);

// Twilio's message statuses that a status callback reports.
bool known_message_status(std::string_view s) noexcept;

struct DeliveryStatusUpdate {
  std::string message_sid;  // the provider id of one sent part
  std::string status;       // queued|sending|sent|delivered|read|failed|undelivered|…
  std::string error_code;   // Twilio error code for failed/undelivered (e.g. "63016"); may be empty
  std::int64_t received_at_ms = 0;
  std::string correlation_id;
};

// What a failed/undelivered error code asks for.
enum class FailureAction {
  none,            // not a failure
  retry,           // transient on Twilio's or the carrier's side: send again later
  needs_template,  // 63016: outside the 24 h window, send the template or email instead
  escalate,        // permanent (bad number, blocked, …): a human should look at it
};
FailureAction failure_action(std::string_view status, std::string_view error_code) noexcept;
const char* to_string(FailureAction a) noexcept;

// The delivery status of a reply sent as several messages, from its parts' latest statuses: "failed"
// or "undelivered" when any part is, else the least advanced one (queued < sending < sent <
// delivered < read); unknown or empty statuses count as queued. Empty input → "queued".
std::string combined_status(const std::vector<std::string>& part_statuses);

struct ParsedStatus {
  std::optional<DeliveryStatusUpdate> update;
  std::string error;
  bool forbidden = false;
};
ParsedStatus parse_status(const Params& form, std::string_view expected_account_sid,
                          std::int64_t now_ms);

// A Twilio SID-like token: 2–64 ASCII letters/digits (real SIDs are 2 letters + 32 hex digits).
bool plausible_sid(std::string_view s) noexcept;

}  // namespace fte::channels::whatsapp
