// MetaSender: sends one reply over WhatsApp through Meta's Cloud API
// (POST {graph_base}/{phone_number_id}/messages, Bearer token, JSON {"messaging_product":"whatsapp",
// "to":…, "type":"text", "text":{"body":…}}), one message per part, in order, split under 4,096
// characters. The same 24-hour rule as TwilioSender: outside the window (or on error 131047, Meta's
// "re-engagement message") the configured template is sent, else {ok=false,
// status="needs_email_fallback"}. 429/5xx/transport and Meta's throttling codes → retryable; other
// errors → failed. provider_id lists the wamids sent so far, comma-separated. Never throws;
// thread-safe (stateless apart from the shared HttpClient).
#pragma once
#include "channels/channel.h"
#include "channels/whatsapp/meta_cloud.h"
#include "core/clock.h"
#include "http/client.h"

namespace fte::channels::whatsapp {

inline constexpr std::size_t kMetaMaxChars = 4096;

class MetaSender final : public ChannelSender {
 public:
  MetaSender(MetaConfig cfg, http::HttpClient& client, const Clock& clock = SystemClock::instance());
  DeliveryResult send(const OutboundReply& r) override;

 private:
  struct Answer {
    std::string id;
    int http_status = 0;
    long code = 0;
    std::string error;
  };
  Answer post(const std::string& json_body);
  DeliveryResult send_template(const std::string& to, std::string ids);

  MetaConfig cfg_;
  http::HttpClient& client_;
  const Clock& clock_;
  std::string url_;
};

}  // namespace fte::channels::whatsapp
