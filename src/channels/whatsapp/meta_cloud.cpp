#include "channels/whatsapp/meta_cloud.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>
#include <cctype>
#include <boost/json.hpp>
#include <memory>

#include "core/error.h"
#include "core/ids.h"
#include "core/json_util.h"
#include "ops/log.h"
#include "ops/metrics.h"

namespace json = boost::json;

namespace fte::channels::whatsapp {

namespace {

constexpr const char* kSignatureFailures = "fte_webhook_signature_failures_total";
constexpr const char* kInbound = "fte_whatsapp_inbound_total";
constexpr const char* kStatus = "fte_whatsapp_delivery_status_total";

const json::array* array_at(const json::object& o, std::string_view k) {
  auto* p = o.if_contains(k);
  return p && p->is_array() ? &p->get_array() : nullptr;
}
const json::object* object_at(const json::object& o, std::string_view k) {
  auto* p = o.if_contains(k);
  return p && p->is_object() ? &p->get_object() : nullptr;
}

// The customer's text for a message of any type; attachments are recorded by media id.
std::string message_text(const json::object& m, std::vector<Attachment>& attachments) {
  auto type = jsonu::str(m, "type");
  if (auto* t = object_at(m, "text")) return jsonu::str(*t, "body");
  for (const char* media : {"image", "document", "audio", "video", "sticker"}) {
    if (auto* x = object_at(m, media)) {
      Attachment a;
      a.filename = "meta-media:" + jsonu::str(*x, "id");
      a.content_type = jsonu::str(*x, "mime_type");
      attachments.push_back(std::move(a));
      auto caption = jsonu::str(*x, "caption");
      return caption.empty() ? "(sent 1 attachment: " + (attachments.back().content_type.empty()
                                                            ? std::string(media)
                                                            : attachments.back().content_type) + ")"
                             : caption;
    }
  }
  if (auto* b = object_at(m, "button")) return jsonu::str(*b, "text");
  if (auto* i = object_at(m, "interactive")) {
    for (const char* k : {"button_reply", "list_reply"})
      if (auto* r = object_at(*i, k)) return jsonu::str(*r, "title");
  }
  if (type == "location") return "(shared a location)";
  return {};
}

http::Response retry_later() {
  auto r = http::Response::error(503, "unavailable", "the notification could not be stored now, please retry");
  r.headers.emplace_back("Retry-After", "2");
  return r;
}

}  // namespace

std::string meta_signature(std::string_view secret, std::string_view body) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
            reinterpret_cast<const unsigned char*>(body.data()), body.size(), md, &len))
    return {};
  static const char* hex = "0123456789abcdef";
  std::string out = "sha256=";
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[md[i] >> 4]);
    out.push_back(hex[md[i] & 0xF]);
  }
  return out;
}

bool verify_meta_signature(std::string_view secret, std::string_view header, std::string_view body) {
  if (secret.empty() || header.empty()) return false;
  auto want = meta_signature(secret, body);
  std::string got(header);
  for (auto& c : got)
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c + 32);
  return got.size() == want.size() && CRYPTO_memcmp(got.data(), want.data(), want.size()) == 0;
}

std::optional<std::string> meta_subscription_challenge(const http::Request& req, std::string_view verify_token) {
  if (verify_token.empty()) return std::nullopt;
  auto mode = req.query_param("hub.mode");
  auto token = req.query_param("hub.verify_token");
  auto challenge = req.query_param("hub.challenge");
  if (!mode || *mode != "subscribe" || !token || !challenge || challenge->empty() || challenge->size() > 256)
    return std::nullopt;
  if (token->size() != verify_token.size() ||
      CRYPTO_memcmp(token->data(), verify_token.data(), verify_token.size()) != 0)
    return std::nullopt;
  for (char c : *challenge)  // echoed back: keep it to harmless characters
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return std::nullopt;
  return challenge;
}

MetaWebhook parse_meta_webhook(std::string_view body, std::string_view expected_number,
                               std::size_t max_body_bytes, std::int64_t now_ms) {
  MetaWebhook w;
  json::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object() || jsonu::str(v.get_object(), "object") != "whatsapp_business_account") {
    w.error = "not_a_whatsapp_notification";
    return w;
  }
  auto* entries = array_at(v.get_object(), "entry");
  if (!entries) return w;
  for (const auto& e : *entries) {
    if (!e.is_object()) continue;
    auto* changes = array_at(e.get_object(), "changes");
    if (!changes) continue;
    for (const auto& c : *changes) {
      if (!c.is_object() || jsonu::str(c.get_object(), "field") != "messages") continue;
      auto* value = object_at(c.get_object(), "value");
      if (!value) continue;
      if (auto* meta = object_at(*value, "metadata");
          !expected_number.empty() && (!meta || jsonu::str(*meta, "phone_number_id") != expected_number))
        continue;
      std::string name;
      if (auto* contacts = array_at(*value, "contacts"); contacts && !contacts->empty() && contacts->at(0).is_object())
        if (auto* profile = object_at(contacts->at(0).get_object(), "profile")) name = jsonu::str(*profile, "name");
      if (auto* messages = array_at(*value, "messages")) {
        for (const auto& mv : *messages) {
          if (!mv.is_object()) continue;
          const auto& m = mv.get_object();
          auto id = jsonu::str(m, "id");
          std::string from = "+";
          from += jsonu::str(m, "from");
          auto phone = normalize_phone(from);
          if (id.empty() || id.size() > 128 || !phone) continue;
          InboundMessage in;
          in.channel = Channel::whatsapp;
          in.channel_message_id = id;
          in.phone = *phone;
          in.customer_name = sanitize_text(name, 200);
          for (auto& ch : in.customer_name)
            if (ch == '\n' || ch == '\t') ch = ' ';
          in.body = sanitize_text(message_text(m, in.attachments), max_body_bytes);
          if (in.body.empty()) continue;  // reactions, unsupported types: nothing to answer
          in.subject = sanitize_text(in.body.substr(0, in.body.find('\n')), 120);
          in.received_at_ms = now_ms;
          w.messages.push_back(std::move(in));
        }
      }
      if (auto* statuses = array_at(*value, "statuses")) {
        for (const auto& sv : *statuses) {
          if (!sv.is_object()) continue;
          const auto& s = sv.get_object();
          DeliveryStatusUpdate u;
          u.message_sid = jsonu::str(s, "id");
          u.status = jsonu::str(s, "status");
          if (u.message_sid.empty() || u.message_sid.size() > 128 || !known_message_status(u.status)) continue;
          if (auto* errors = array_at(s, "errors"); errors && !errors->empty() && errors->at(0).is_object())
            u.error_code = std::to_string(jsonu::i64(errors->at(0).get_object(), "code"));
          u.received_at_ms = now_ms;
          w.statuses.push_back(std::move(u));
        }
      }
    }
  }
  return w;
}

void register_meta_routes(http::Router& r, Intake& intake, ops::Metrics& m, const MetaConfig& config,
                          DeliveryStatusSink* sink, const Clock& clock) {
  m.declare(kSignatureFailures, "counter", "Webhook requests refused because their signature or token did not verify");
  m.declare(kInbound, "counter", "WhatsApp inbound webhooks by result");
  m.declare(kStatus, "counter", "WhatsApp delivery status callbacks by status");
  auto cfg = std::make_shared<const MetaConfig>(config);

  r.add(
      "GET", "/webhooks/whatsapp/meta",
      [cfg, &m](http::Request& req, http::Respond respond) {
        if (auto challenge = meta_subscription_challenge(req, cfg->verify_token)) {
          respond(http::Response::text(200, *challenge));
          return;
        }
        m.counter(kSignatureFailures, {{"channel", "whatsapp_meta"}}).inc();
        ops::warn("webhook authentication failed", req.request_id,
                  {{"channel", "whatsapp_meta"}, {"reason", "bad_verify_token"}, {"peer", ops::fingerprint(req.remote_addr)}});
        respond(http::Response::error(403, "forbidden", "verification failed"));
      },
      "/webhooks/whatsapp/meta");

  r.add(
      "POST", "/webhooks/whatsapp/meta",
      [cfg, &intake, &m, sink, &clock](http::Request& req, http::Respond respond) {
        if (cfg->app_secret.empty()) {
          respond(http::Response::error(503, "not_configured", "whatsapp cloud api channel not configured"));
          return;
        }
        auto header = req.header("x-hub-signature-256");
        if (!verify_meta_signature(cfg->app_secret, header, req.body)) {
          m.counter(kSignatureFailures, {{"channel", "whatsapp_meta"}}).inc();
          ops::warn("webhook authentication failed", req.request_id,
                    {{"channel", "whatsapp_meta"},
                     {"reason", header.empty() ? "missing_signature" : "signature_mismatch"},
                     {"peer", ops::fingerprint(req.remote_addr)}});
          respond(http::Response::error(403, "forbidden", "request signature did not verify"));
          return;
        }
        auto w = parse_meta_webhook(req.body, cfg->phone_number_id, cfg->max_body_bytes, clock.now_ms());
        if (!w.error.empty()) {
          respond(http::Response::error(400, "invalid_notification", w.error));
          return;
        }
        auto total = w.messages.size() + (sink ? w.statuses.size() : 0);
        for (const auto& s : w.statuses) m.counter(kStatus, {{"status", s.status}}).inc();
        if (total == 0) {
          respond(http::Response::text(200, "ok"));
          return;
        }
        struct Batch {
          std::atomic<std::size_t> left;
          std::atomic<bool> failed{false};
          http::Respond respond;
        };
        auto batch = std::make_shared<Batch>();
        batch->left = total;
        batch->respond = std::move(respond);
        auto finish = [batch](bool ok) {
          if (!ok) batch->failed = true;
          if (batch->left.fetch_sub(1) == 1)
            batch->respond(batch->failed ? retry_later() : http::Response::text(200, "ok"));
        };
        for (auto& msg : w.messages) {
          msg.ticket_id = new_uuid();
          msg.correlation_id = req.request_id;
          intake.accept(std::move(msg), [finish, &m](IngestOutcome out) {
            m.counter(kInbound, {{"result", out.error ? "error" : out.result.duplicate ? "duplicate" : "accepted"}}).inc();
            finish(!out.error);
          });
        }
        if (sink)
          for (auto& s : w.statuses) {
            s.correlation_id = req.request_id;
            sink->record(std::move(s), [finish](std::exception_ptr e) { finish(!e); });
          }
      },
      "/webhooks/whatsapp/meta");
}

}  // namespace fte::channels::whatsapp
