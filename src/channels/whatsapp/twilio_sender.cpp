#include "channels/whatsapp/twilio_sender.h"

#include <boost/json.hpp>

#include "channels/whatsapp/reply_parts.h"
#include "core/json_util.h"
#include "ops/metrics.h"

namespace json = boost::json;

namespace fte::channels::whatsapp {

namespace {

constexpr const char* kSends = "fte_whatsapp_sends_total";

void form_append(std::string& out, std::string_view name, std::string_view value) {
  static const char* hex = "0123456789ABCDEF";
  auto enc = [&](std::string_view s) {
    for (char c : s) {
      auto u = static_cast<unsigned char>(c);
      if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-' ||
          c == '.' || c == '_' || c == '~') {
        out.push_back(c);
      } else {
        out.push_back('%');
        out.push_back(hex[u >> 4]);
        out.push_back(hex[u & 0xF]);
      }
    }
  };
  if (!out.empty()) out.push_back('&');
  enc(name);
  out.push_back('=');
  enc(value);
}

bool retryable_status(int http_status) {
  return http_status == 0 || http_status == 408 || http_status == 429 || http_status >= 500;
}

std::string join_sid(std::string sids, const std::string& sid) {
  if (!sids.empty()) sids.push_back(',');
  return sids + sid;
}

}  // namespace

TwilioAnswer parse_twilio_answer(const http::ClientResponse& r) {
  TwilioAnswer a;
  a.http_status = r.status;
  if (r.status == 0) {
    a.error = "transport error";
    return a;
  }
  json::error_code ec;
  auto v = json::parse(r.body, ec);
  const json::object* o = !ec && v.is_object() ? &v.get_object() : nullptr;
  if (r.status >= 200 && r.status < 300) {
    if (o) {
      a.sid = jsonu::str(*o, "sid");
      a.status = jsonu::str(*o, "status", "queued");
      a.error_code = static_cast<int>(jsonu::i64(*o, "error_code"));
    }
    a.created = !a.sid.empty();
    if (!a.created) a.error = "twilio answered " + std::to_string(r.status) + " without a message sid";
    return a;
  }
  if (o) a.error_code = static_cast<int>(jsonu::i64(*o, "code"));
  a.error = "twilio answered " + std::to_string(r.status);
  if (a.error_code) a.error += " (error " + std::to_string(a.error_code) + ")";
  return a;
}

std::string fill_template_variables(std::string_view tmpl, const OutboundReply& r) {
  auto escaped = [](const std::string& s) {
    auto q = json::serialize(json::value(s));  // "…" with JSON escapes
    return q.substr(1, q.size() - 2);
  };
  std::string out(tmpl);
  for (auto [token, value] : {std::pair<std::string_view, std::string>{"${customer_name}", escaped(r.customer_name)},
                              std::pair<std::string_view, std::string>{"${ticket_id}", escaped(r.ticket_id)}}) {
    for (auto p = out.find(token); p != std::string::npos; p = out.find(token, p + value.size()))
      out.replace(p, token.size(), value);
  }
  return out;
}

TwilioSender::TwilioSender(WhatsAppConfig cfg, http::HttpClient& client, const Clock& clock,
                           ops::Metrics* metrics)
    : cfg_(std::move(cfg)), client_(client), clock_(clock), metrics_(metrics) {
  std::string base = cfg_.api_base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  messages_url_ = base + "/2010-04-01/Accounts/" + cfg_.account_sid + "/Messages.json";
  if (metrics_)
    metrics_->declare(kSends, "counter",
                      "WhatsApp replies handed to Twilio, by result (sent, template, "
                      "needs_email_fallback, retryable, failed)");
}

void TwilioSender::count(const char* result) {
  if (metrics_) metrics_->counter(kSends, {{"result", result}}).inc();
}

TwilioAnswer TwilioSender::post(const std::string& to, const std::string* body, const OutboundReply& r) {
  http::ClientRequest req;
  req.method = "POST";
  req.url = messages_url_;
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  req.basic_auth_user = cfg_.account_sid;
  req.basic_auth_password = cfg_.auth_token;
  form_append(req.body, "To", to);
  form_append(req.body, "From", cfg_.from_number);
  if (body) {
    form_append(req.body, "Body", *body);
  } else {
    form_append(req.body, "ContentSid", cfg_.template_content_sid);
    if (!cfg_.template_variables_json.empty())
      form_append(req.body, "ContentVariables", fill_template_variables(cfg_.template_variables_json, r));
  }
  if (auto cb = cfg_.status_callback(); !cb.empty()) form_append(req.body, "StatusCallback", cb);
  return parse_twilio_answer(client_.send(req));
}

DeliveryResult TwilioSender::send_template(const OutboundReply& r, std::string sids) {
  DeliveryResult res;
  res.provider_id = std::move(sids);
  if (cfg_.template_content_sid.empty()) {
    res.status = "needs_email_fallback";
    res.error = "outside the 24 h WhatsApp window and no template is configured";
    count("needs_email_fallback");
    return res;
  }
  auto a = post("whatsapp:" + r.to_phone, nullptr, r);
  if (a.created) {
    res.ok = true;
    res.status = "fallback_template";
    res.provider_id = join_sid(std::move(res.provider_id), a.sid);
    count("template");
    return res;
  }
  res.error = "template: " + a.error;
  if (retryable_status(a.http_status)) {
    res.retryable = true;
    res.status = "failed";
    count("retryable");
  } else {
    res.status = "needs_email_fallback";  // the template itself was refused: the reply must not vanish
    count("needs_email_fallback");
  }
  return res;
}

DeliveryResult TwilioSender::send(const OutboundReply& r) {
  DeliveryResult res;
  res.status = "failed";
  if (cfg_.account_sid.empty() || cfg_.auth_token.empty() || cfg_.from_number.empty()) {
    res.status = "not_configured";
    res.error = "twilio account, token or sender is not configured";
    count("failed");
    return res;
  }
  auto phone = normalize_phone(r.to_phone);
  if (!phone) {
    res.error = "the customer has no valid WhatsApp number";
    count("failed");
    return res;
  }
  OutboundReply reply = r;
  reply.to_phone = *phone;
  if (r.last_inbound_at_ms > 0 && clock_.now_ms() - r.last_inbound_at_ms > kSessionWindowMs)
    return send_template(reply, {});

  std::vector<std::string> messages;
  for (const auto& p : r.parts)
    for (auto& piece : split_reply(p, kTwilioMaxChars)) messages.push_back(std::move(piece));
  if (messages.empty()) {
    res.error = "the reply has no text";
    count("failed");
    return res;
  }
  const std::string to = "whatsapp:" + *phone;
  std::string last_status;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    auto a = post(to, &messages[i], reply);
    if (a.created) {
      res.provider_id = join_sid(std::move(res.provider_id), a.sid);
      last_status = a.status;
      continue;
    }
    if (a.error_code == 63016) return send_template(reply, std::move(res.provider_id));
    res.error = "part " + std::to_string(i + 1) + " of " + std::to_string(messages.size()) + ": " + a.error;
    res.retryable = retryable_status(a.http_status);
    count(res.retryable ? "retryable" : "failed");
    return res;
  }
  res.ok = true;
  res.status = last_status.empty() ? "queued" : last_status;
  count("sent");
  return res;
}

}  // namespace fte::channels::whatsapp
