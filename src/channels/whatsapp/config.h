// WhatsAppConfig: what the Twilio WhatsApp channel needs, built by the wiring layer (src/app) from
// the environment; nothing here reads the environment. Plain value, copied into handlers.
#pragma once
#include <cstddef>
#include <string>

namespace fte::channels::whatsapp {

struct WhatsAppConfig {
  std::string account_sid;  // "AC…"; when set, inbound AccountSid must equal it
  std::string auth_token;   // signs webhooks and authenticates sends; empty → channel off (503)
  std::string public_url;   // FTE_PUBLIC_URL, e.g. "https://support.example.com" (no trailing /)
  std::string from_number;  // sender, "whatsapp:+14155238886"
  std::string api_base_url = "https://api.twilio.com";
  std::string status_callback_url;  // default: public_url + "/webhooks/whatsapp/status"
  std::string template_content_sid;     // approved template for replies outside the 24 h window
  std::string template_variables_json;  // its ContentVariables; ${customer_name}, ${ticket_id} filled in
  bool enabled = true;
  std::size_t max_body_bytes = 4096;  // inbound Body is cut (at a UTF-8 boundary) beyond this

  // The routes accept input only when this holds: never unsigned input.
  bool accepts_webhooks() const { return enabled && !auth_token.empty(); }
  // StatusCallback sent with every outbound message ("" when neither URL is known).
  std::string status_callback() const {
    if (!status_callback_url.empty()) return status_callback_url;
    if (public_url.empty()) return {};
    std::string base = public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/webhooks/whatsapp/status";
  }
};

}  // namespace fte::channels::whatsapp
