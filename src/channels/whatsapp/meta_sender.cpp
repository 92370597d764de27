#include "channels/whatsapp/meta_sender.h"

#include <boost/json.hpp>

#include "channels/whatsapp/reply_parts.h"
#include "channels/whatsapp/twilio_sender.h"
#include "core/json_util.h"

namespace json = boost::json;

namespace fte::channels::whatsapp {

namespace {

bool retryable(int http_status, long code) {
  // Meta's throttling and temporary errors: rate limits (4, 80007, 130429, 131056), service
  // unavailable (131016), "something went wrong" (131000).
  if (code == 4 || code == 80007 || code == 130429 || code == 131056 || code == 131016 || code == 131000)
    return true;
  return http_status == 0 || http_status == 408 || http_status == 429 || http_status >= 500;
}

std::string join(std::string ids, const std::string& id) {
  if (!ids.empty()) ids.push_back(',');
  return ids + id;
}

}  // namespace

MetaSender::MetaSender(MetaConfig cfg, http::HttpClient& client, const Clock& clock)
    : cfg_(std::move(cfg)), client_(client), clock_(clock) {
  std::string base = cfg_.graph_base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  url_ = base + "/" + cfg_.phone_number_id + "/messages";
}

MetaSender::Answer MetaSender::post(const std::string& body) {
  http::ClientRequest req;
  req.method = "POST";
  req.url = url_;
  req.headers = {{"Authorization", "Bearer " + cfg_.access_token}, {"Content-Type", "application/json"}};
  req.body = body;
  auto resp = client_.send(req);
  Answer a;
  a.http_status = resp.status;
  if (resp.status == 0) {
    a.error = "transport error";
    return a;
  }
  json::error_code ec;
  auto v = json::parse(resp.body, ec);
  const json::object* o = !ec && v.is_object() ? &v.get_object() : nullptr;
  if (resp.status >= 200 && resp.status < 300 && o) {
    if (auto* msgs = o->if_contains("messages"); msgs && msgs->is_array() && !msgs->get_array().empty() &&
                                                 msgs->get_array()[0].is_object())
      a.id = jsonu::str(msgs->get_array()[0].get_object(), "id");
  }
  if (!a.id.empty()) return a;
  if (o)
    if (auto* e = o->if_contains("error"); e && e->is_object()) a.code = static_cast<long>(jsonu::i64(e->get_object(), "code"));
  a.error = "meta answered " + std::to_string(resp.status);
  if (a.code) a.error += " (error " + std::to_string(a.code) + ")";
  return a;
}

DeliveryResult MetaSender::send_template(const std::string& to, std::string ids) {
  DeliveryResult res;
  res.provider_id = std::move(ids);
  if (cfg_.template_name.empty()) {
    res.status = "needs_email_fallback";
    res.error = "outside the 24 h WhatsApp window and no template is configured";
    return res;
  }
  json::object body{{"messaging_product", "whatsapp"},
                    {"recipient_type", "individual"},
                    {"to", to},
                    {"type", "template"},
                    {"template", json::object{{"name", cfg_.template_name},
                                              {"language", json::object{{"code", cfg_.template_language}}}}}};
  auto a = post(json::serialize(body));
  if (!a.id.empty()) {
    res.ok = true;
    res.status = "fallback_template";
    res.provider_id = join(std::move(res.provider_id), a.id);
    return res;
  }
  res.error = "template: " + a.error;
  res.retryable = retryable(a.http_status, a.code);
  res.status = res.retryable ? "failed" : "needs_email_fallback";
  return res;
}

DeliveryResult MetaSender::send(const OutboundReply& r) {
  DeliveryResult res;
  res.status = "failed";
  if (cfg_.access_token.empty() || cfg_.phone_number_id.empty()) {
    res.status = "not_configured";
    res.error = "meta access token or phone number id is not configured";
    return res;
  }
  auto phone = normalize_phone(r.to_phone);
  if (!phone) {
    res.error = "the customer has no valid WhatsApp number";
    return res;
  }
  const std::string to = phone->substr(1);  // Cloud API takes digits without '+'
  if (r.last_inbound_at_ms > 0 && clock_.now_ms() - r.last_inbound_at_ms > kSessionWindowMs)
    return send_template(to, {});
  std::vector<std::string> messages;
  for (const auto& p : r.parts)
    for (auto& piece : split_reply(p, kMetaMaxChars)) messages.push_back(std::move(piece));
  if (messages.empty()) {
    res.error = "the reply has no text";
    return res;
  }
  for (std::size_t i = 0; i < messages.size(); ++i) {
    json::object body{{"messaging_product", "whatsapp"},
                      {"recipient_type", "individual"},
                      {"to", to},
                      {"type", "text"},
                      {"text", json::object{{"preview_url", false}, {"body", messages[i]}}}};
    auto a = post(json::serialize(body));
    if (!a.id.empty()) {
      res.provider_id = join(std::move(res.provider_id), a.id);
      continue;
    }
    if (a.code == 131047) return send_template(to, std::move(res.provider_id));
    res.error = "part " + std::to_string(i + 1) + " of " + std::to_string(messages.size()) + ": " + a.error;
    res.retryable = retryable(a.http_status, a.code);
    return res;
  }
  res.ok = true;
  res.status = "sent";
  return res;
}

}  // namespace fte::channels::whatsapp
