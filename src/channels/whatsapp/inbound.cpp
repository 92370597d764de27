#include "channels/whatsapp/inbound.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace fte::channels::whatsapp {

namespace {

constexpr std::size_t kMaxNameBytes = 200;
constexpr int kMaxMedia = 10;  // Twilio sends at most 10 media items per message

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not valid (overlongs, surrogates and
// values above U+10FFFF are invalid). `cp` receives the code point.
std::size_t utf8_seq(std::string_view s, std::size_t i, char32_t& cp) {
  auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t n;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) n = 2, cp = b0 & 0x1F, min = 0x80;
  else if ((b0 & 0xF0) == 0xE0) n = 3, cp = b0 & 0x0F, min = 0x800;
  else if ((b0 & 0xF8) == 0xF0) n = 4, cp = b0 & 0x07, min = 0x10000;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool starts_with_letters_digits(std::string_view s) {
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

std::string first_line(std::string_view body, std::size_t max_bytes) {
  auto nl = body.find('\n');
  return sanitize_text(body.substr(0, nl), max_bytes);
}

std::string_view account_error(const Params& form, std::string_view expected) {
  if (expected.empty()) return {};
  auto got = param(form, "AccountSid");
  if (got != expected) return "account_mismatch";
  return {};
}

}  // namespace

std::string_view param(const Params& p, std::string_view name) {
  for (const auto& [k, v] : p)
    if (k == name) return v;
  return {};
}

std::string sanitize_text(std::string_view s, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(s.size(), max_bytes + 4));
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    auto n = utf8_seq(s, i, cp);
    std::string_view piece;
    if (n == 0) {
      piece = "\xEF\xBF\xBD";  // U+FFFD for an invalid byte
      cp = 0xFFFD;
      n = 1;
    } else {
      piece = s.substr(i, n);
    }
    i += n;
    if (cp == '\r') {
      if (i < s.size() && s[i] == '\n') continue;  // \r\n → \n
      piece = "\n";
    } else if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F)) {
      continue;  // C0/C1 controls and DEL
    }
    if (out.size() + piece.size() > max_bytes) break;
    out.append(piece);
  }
  auto b = out.find_first_not_of(" \n\t");
  if (b == std::string::npos) return {};
  auto e = out.find_last_not_of(" \n\t");
  return out.substr(b, e - b + 1);
}

bool plausible_sid(std::string_view s) noexcept {
  return s.size() >= 2 && s.size() <= 64 && starts_with_letters_digits(s);
}

ParsedInbound parse_inbound(const Params& form, std::string_view expected_account_sid,
                            std::size_t max_body_bytes, std::int64_t now_ms) {
  ParsedInbound r;
  if (auto e = account_error(form, expected_account_sid); !e.empty()) {
    r.error = e;
    r.forbidden = true;
    return r;
  }
  auto sid = param(form, "MessageSid");
  if (sid.empty()) sid = param(form, "SmsMessageSid");
  if (!plausible_sid(sid)) {
    r.error = sid.empty() ? "missing_message_sid" : "invalid_message_sid";
    return r;
  }
  auto from = param(form, "From");
  if (!from.starts_with("whatsapp:")) {
    r.error = from.empty() ? "missing_from" : "not_whatsapp";
    return r;
  }
  auto phone = normalize_phone(from);
  if (!phone) {
    r.error = "invalid_from";
    return r;
  }
  InboundMessage m;
  m.channel = Channel::whatsapp;
  m.channel_message_id = std::string(sid);
  m.phone = *phone;
  m.customer_name = sanitize_text(param(form, "ProfileName"), kMaxNameBytes);
  for (auto& c : m.customer_name)
    if (c == '\n' || c == '\t') c = ' ';
  m.body = sanitize_text(param(form, "Body"), max_body_bytes);
  m.received_at_ms = now_ms;

  int num_media = 0;
  auto nm = param(form, "NumMedia");
  std::from_chars(nm.data(), nm.data() + nm.size(), num_media);
  num_media = std::clamp(num_media, 0, kMaxMedia);
  for (int i = 0; i < num_media; ++i) {
    auto idx = std::to_string(i);
    auto url = param(form, "MediaUrl" + idx);
    if (url.empty()) continue;
    Attachment a;
    a.filename = sanitize_text(url, 1024);  // the Twilio media URL (fetching needs basic auth)
    a.content_type = sanitize_text(param(form, "MediaContentType" + idx), 128);
    m.attachments.push_back(std::move(a));
  }
  if (m.body.empty()) {
    if (!m.attachments.empty()) {
      m.body = "(sent " + std::to_string(m.attachments.size()) +
               (m.attachments.size() == 1 ? " attachment: " : " attachments: ");
      for (std::size_t i = 0; i < m.attachments.size(); ++i)
        m.body += (i ? ", " : "") + (m.attachments[i].content_type.empty() ? std::string("file")
                                                                            : m.attachments[i].content_type);
      m.body += ")";
    } else if (!param(form, "Latitude").empty()) {
      m.body = "(shared a location)";
    } else {
      r.error = "empty_message";
      return r;
    }
  }
  m.subject = first_line(m.body, 120);
  r.message = std::move(m);
  return r;
}

bool known_message_status(std::string_view s) noexcept {
  static constexpr std::array<std::string_view, 13> kStatuses{
      "accepted", "scheduled", "canceled",  "queued",   "sending",   "sent",
      "failed",   "delivered", "undelivered", "receiving", "received", "read",
      "partially_delivered"};
  for (auto k : kStatuses)
    if (k == s) return true;
  return false;
}

FailureAction failure_action(std::string_view status, std::string_view code) noexcept {
  if (status != "failed" && status != "undelivered") return FailureAction::none;
  // Twilio 63016 and Meta 131047: outside the 24 h customer service window.
  if (code == "63016" || code == "131047") return FailureAction::needs_template;
  // Twilio: queue overflow, unknown/transient errors, rate and daily limits, generic channel error;
  // Meta: throttling, service unavailable, "something went wrong".
  static constexpr std::array<std::string_view, 12> kTransient{
      "30001", "30008", "30009", "30022", "63018", "63038", "63023",
      "130429", "131056", "131016", "131000", "80007"};
  for (auto t : kTransient)
    if (t == code) return FailureAction::retry;
  return FailureAction::escalate;
}

const char* to_string(FailureAction a) noexcept {
  switch (a) {
    case FailureAction::none: return "none";
    case FailureAction::retry: return "retry";
    case FailureAction::needs_template: return "needs_template";
    case FailureAction::escalate: return "escalate";
  }
  return "none";
}

std::string combined_status(const std::vector<std::string>& part_statuses) {
  static constexpr std::array<std::string_view, 5> kOrder{"queued", "sending", "sent", "delivered", "read"};
  bool undelivered = false;
  std::size_t least = kOrder.size() - 1;
  for (const auto& s : part_statuses) {
    if (s == "failed" || s == "canceled") return "failed";
    if (s == "undelivered") undelivered = true;
    std::size_t rank = 0;  // accepted, scheduled, unknown: not yet sent
    for (std::size_t i = 0; i < kOrder.size(); ++i)
      if (kOrder[i] == s) rank = i;
    least = std::min(least, rank);
  }
  if (undelivered) return "undelivered";
  return part_statuses.empty() ? "queued" : std::string(kOrder[least]);
}

ParsedStatus parse_status(const Params& form, std::string_view expected_account_sid,
                          std::int64_t now_ms) {
  ParsedStatus r;
  if (auto e = account_error(form, expected_account_sid); !e.empty()) {
    r.error = e;
    r.forbidden = true;
    return r;
  }
  auto sid = param(form, "MessageSid");
  if (sid.empty()) sid = param(form, "SmsSid");
  if (!plausible_sid(sid)) {
    r.error = sid.empty() ? "missing_message_sid" : "invalid_message_sid";
    return r;
  }
  auto status = param(form, "MessageStatus");
  if (status.empty()) status = param(form, "SmsStatus");
  if (!known_message_status(status)) {
    r.error = status.empty() ? "missing_status" : "unknown_status";
    return r;
  }
  auto code = param(form, "ErrorCode");
  if (code.size() > 8 || !starts_with_letters_digits(code)) code = {};
  DeliveryStatusUpdate u;
  u.message_sid = std::string(sid);
  u.status = std::string(status);
  u.error_code = std::string(code);
  u.received_at_ms = now_ms;
  r.update = std::move(u);
  return r;
}

}  // namespace fte::channels::whatsapp
