// Meta's WhatsApp Cloud API as a second WhatsApp provider behind the same seams (Intake,
// DeliveryStatusSink, ChannelSender):
//  GET  /webhooks/whatsapp/meta  subscription check: hub.mode=subscribe and hub.verify_token equal to
//                                the configured token → 200 with hub.challenge; otherwise 403.
//  POST /webhooks/whatsapp/meta  X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256(app secret, raw
//                                body), checked FIRST (403 + audit line + counter when bad); then each
//                                message → Intake, each status → the sink; 200 only once all are durable,
//                                503 + Retry-After otherwise (Meta retries; duplicates are deduplicated).
// Parsing is a pure function (parse_meta_webhook). Thread-safe; nothing here throws to the caller.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/channel.h"
#include "channels/whatsapp/inbound.h"
#include "channels/whatsapp/routes.h"
#include "core/clock.h"
#include "http/http.h"

namespace fte::ops {
class Metrics;
}

namespace fte::channels::whatsapp {

struct MetaConfig {
  std::string app_secret;       // signs webhooks; empty → the Meta routes answer 503
  std::string verify_token;     // for the GET subscription check
  std::string access_token;     // Bearer token for sends
  std::string phone_number_id;  // the business number's id (sends; inbound must match when set)
  std::string graph_base_url = "https://graph.facebook.com/v21.0";
  std::string template_name;    // approved template for replies outside the 24 h window
  std::string template_language = "en";
  std::size_t max_body_bytes = 4096;
};

// "sha256=<hex>" over the raw body, constant-time.
bool verify_meta_signature(std::string_view app_secret, std::string_view header, std::string_view raw_body);
std::string meta_signature(std::string_view app_secret, std::string_view raw_body);  // "sha256=…"

// The challenge to echo, when the query is a valid subscription check for `verify_token`.
std::optional<std::string> meta_subscription_challenge(const http::Request& req, std::string_view verify_token);

struct MetaWebhook {
  std::vector<InboundMessage> messages;         // channel whatsapp, id = wamid, phone E.164
  std::vector<DeliveryStatusUpdate> statuses;   // message_sid = wamid; error_code from errors[0].code
  std::string error;                            // when the body is not a WhatsApp notification
};
// `expected_phone_number_id` empty → any. Messages and statuses for other numbers are skipped.
MetaWebhook parse_meta_webhook(std::string_view json_body, std::string_view expected_phone_number_id,
                               std::size_t max_body_bytes, std::int64_t now_ms);

void register_meta_routes(http::Router& r, Intake& intake, ops::Metrics& m, const MetaConfig& cfg,
                          DeliveryStatusSink* status_sink = nullptr,
                          const Clock& clock = SystemClock::instance());

}  // namespace fte::channels::whatsapp
