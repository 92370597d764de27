// TwilioSender: sends one reply over WhatsApp through Twilio's Messages API
// (POST {api_base}/2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP basic auth AccountSid:token,
// form fields To, From, Body, StatusCallback), one message per part, in order; a part longer than
// 1,600 characters is split again at natural boundaries (reply_parts.h).
//
// The 24-hour session window: when the customer's last message is more than 24 h old (or Twilio
// answers 63016), no free text is sent. The configured template goes instead (ContentSid +
// ContentVariables → status "fallback_template"); without one the result is
// {ok=false, status="needs_email_fallback"} so the delivery worker can email the customer.
//
// Failure: never throws. 429, 5xx and transport errors → retryable; other 4xx → failed, not
// retryable. Twilio has no idempotency key for Messages, so nothing is retried here: provider_id
// lists the SIDs of the parts already sent (comma-separated, in order), also on failure, so a
// retry can skip them. Thread-safe (the HttpClient is shared; the sender holds no mutable state).
#pragma once
#include <cstdint>
#include <string>

#include "channels/channel.h"
#include "channels/whatsapp/config.h"
#include "core/clock.h"
#include "http/client.h"

namespace fte::ops {
class Metrics;
}

namespace fte::channels::whatsapp {

inline constexpr std::int64_t kSessionWindowMs = 24LL * 60 * 60 * 1000;

// One Messages API answer, parsed.
struct TwilioAnswer {
  bool created = false;  // 200/201 with a sid
  std::string sid, status;
  int http_status = 0;
  int error_code = 0;  // Twilio's "code" on errors (e.g. 63016, 21211)
  std::string error;   // sanitised: code and HTTP status, never the recipient
};
TwilioAnswer parse_twilio_answer(const http::ClientResponse& r);

// Fills ${customer_name} and ${ticket_id} in a ContentVariables JSON template, JSON-escaped.
std::string fill_template_variables(std::string_view tmpl, const OutboundReply& r);

class TwilioSender final : public ChannelSender {
 public:
  // `client`, `clock` and `metrics` (may be null) must outlive the sender.
  TwilioSender(WhatsAppConfig cfg, http::HttpClient& client, const Clock& clock = SystemClock::instance(),
               ops::Metrics* metrics = nullptr);
  DeliveryResult send(const OutboundReply& r) override;

 private:
  TwilioAnswer post(const std::string& to, const std::string* body, const OutboundReply& r);
  DeliveryResult send_template(const OutboundReply& r, std::string sids_so_far);
  void count(const char* result);

  WhatsAppConfig cfg_;
  http::HttpClient& client_;
  const Clock& clock_;
  ops::Metrics* metrics_;
  std::string messages_url_;
};

}  // namespace fte::channels::whatsapp
