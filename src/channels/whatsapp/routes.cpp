#include "channels/whatsapp/routes.h"

#include <boost/json.hpp>

#include <memory>

#include "channels/whatsapp/signature.h"
#include "core/error.h"
#include "core/ids.h"
#include "ops/log.h"
#include "ops/metrics.h"

namespace json = boost::json;

namespace fte::channels::whatsapp {

namespace {

constexpr const char* kSignatureFailures = "fte_webhook_signature_failures_total";
constexpr const char* kInbound = "fte_whatsapp_inbound_total";
constexpr const char* kStatus = "fte_whatsapp_delivery_status_total";
constexpr const char* kFailures = "fte_whatsapp_delivery_failures_total";

void declare_metrics(ops::Metrics& m) {
  m.declare(kSignatureFailures, "counter",
            "Webhook requests refused because their signature or token did not verify");
  m.declare(kInbound, "counter",
            "WhatsApp inbound webhooks by result (accepted, duplicate, ignored, invalid, forbidden, error)");
  m.declare(kStatus, "counter", "WhatsApp delivery status callbacks by status");
  m.declare(kFailures, "counter",
            "WhatsApp messages reported failed or undelivered, by the action their error code asks for");
}

// Form parameters, or the members of a flat JSON object (JSON webhooks with bodySHA256).
Params request_params(const http::Request& req) {
  auto ct = req.header("content-type");
  if (ct.starts_with("application/json")) {
    Params p;
    json::error_code ec;
    auto v = json::parse(req.body, ec);
    if (ec || !v.is_object()) return p;
    for (const auto& [k, x] : v.get_object()) {
      if (x.is_string()) p.emplace_back(std::string(k), std::string(x.get_string()));
      else if (!x.is_object() && !x.is_array() && !x.is_null()) p.emplace_back(std::string(k), json::serialize(x));
    }
    return p;
  }
  return http::parse_form(req.body);
}

http::Response not_configured() {
  auto r = http::Response::error(503, "not_configured", "whatsapp channel not configured");
  r.headers.emplace_back("Retry-After", "60");
  return r;
}

http::Response retry_later(std::string_view code, std::string_view message) {
  auto r = http::Response::error(503, code, message);
  r.headers.emplace_back("Retry-After", "2");
  return r;
}

http::Response twiml_ok() { return http::Response::text(200, kEmptyTwiml, "text/xml"); }

// The audit line for a refused webhook: route, reason and a fingerprint of the peer; no PII.
void refuse(ops::Metrics& m, const http::Request& req, std::string_view route, std::string_view reason,
            const http::Respond& respond, int status = 403) {
  m.counter(kSignatureFailures, {{"channel", "whatsapp"}}).inc();
  ops::warn("webhook authentication failed", req.request_id,
            {{"channel", "whatsapp"},
             {"route", std::string(route)},
             {"reason", std::string(reason)},
             {"peer", ops::fingerprint(req.remote_addr)}});
  respond(http::Response::error(status, "forbidden", "request signature did not verify"));
}

// Common front of both routes: configured, signed. Returns the parameters, or nullopt after
// answering.
std::optional<Params> verified_params(const WhatsAppConfig& cfg, ops::Metrics& m, http::Request& req,
                                      std::string_view route, const http::Respond& respond) {
  if (!cfg.accepts_webhooks()) {
    respond(not_configured());
    return std::nullopt;
  }
  auto params = request_params(req);
  auto check = check_request(req, cfg.public_url, cfg.auth_token, params);
  if (check != SignatureCheck::ok) {
    refuse(m, req, route, to_string(check), respond);
    return std::nullopt;
  }
  return params;
}

void answer_store_error(std::exception_ptr e, const http::Respond& respond, const std::string& cid) {
  try {
    std::rethrow_exception(e);
  } catch (const Error& err) {
    ops::warn("whatsapp webhook not recorded", cid,
              {{"error_kind", to_string(err.kind())}, {"retryable", err.retryable() ? "true" : "false"}});
    if (err.kind() == ErrorKind::invalid_argument) {
      respond(http::Response::error(400, "invalid_message", "the message could not be accepted"));
      return;
    }
    respond(retry_later(err.kind() == ErrorKind::busy ? "busy" : "unavailable",
                        "the message could not be stored now, please retry"));
  } catch (...) {
    ops::error("whatsapp webhook not recorded", cid, {{"error_kind", "unknown"}});
    respond(retry_later("unavailable", "the message could not be stored now, please retry"));
  }
}

}  // namespace

void register_routes(http::Router& r, Intake& intake, ops::Metrics& m,
                     const WhatsAppConfig& config, DeliveryStatusSink* sink, const Clock& clock) {
  declare_metrics(m);
  auto cfg = std::make_shared<const WhatsAppConfig>(config);

  r.add(
      "POST", "/webhooks/whatsapp",
      [cfg, &intake, &m, &clock](http::Request& req, http::Respond respond) {
        auto params = verified_params(*cfg, m, req, "/webhooks/whatsapp", respond);
        if (!params) return;
        auto parsed = parse_inbound(*params, cfg->account_sid, cfg->max_body_bytes, clock.now_ms());
        if (!parsed.message) {
          if (parsed.forbidden) {
            m.counter(kInbound, {{"result", "forbidden"}}).inc();
            refuse(m, req, "/webhooks/whatsapp", parsed.error, respond);
          } else if (parsed.error == "empty_message") {
            // Signed, but nothing to answer (e.g. a reaction): acknowledge so Twilio does not retry.
            m.counter(kInbound, {{"result", "ignored"}}).inc();
            respond(twiml_ok());
          } else {
            m.counter(kInbound, {{"result", "invalid"}}).inc();
            ops::warn("whatsapp webhook invalid", req.request_id, {{"reason", parsed.error}});
            respond(http::Response::error(400, "invalid_message", parsed.error));
          }
          return;
        }
        auto& msg = *parsed.message;
        msg.ticket_id = new_uuid();
        msg.correlation_id = req.request_id;
        std::string cid = req.request_id;
        intake.accept(std::move(msg), [respond, &m, cid](IngestOutcome out) {
          if (out.error) {
            m.counter(kInbound, {{"result", "error"}}).inc();
            answer_store_error(out.error, respond, cid);
            return;
          }
          m.counter(kInbound, {{"result", out.result.duplicate ? "duplicate" : "accepted"}}).inc();
          respond(twiml_ok());
        });
      },
      "/webhooks/whatsapp");

  r.add(
      "POST", "/webhooks/whatsapp/status",
      [cfg, sink, &m, &clock](http::Request& req, http::Respond respond) {
        auto params = verified_params(*cfg, m, req, "/webhooks/whatsapp/status", respond);
        if (!params) return;
        auto parsed = parse_status(*params, cfg->account_sid, clock.now_ms());
        if (!parsed.update) {
          if (parsed.forbidden) {
            refuse(m, req, "/webhooks/whatsapp/status", parsed.error, respond);
          } else if (parsed.error == "unknown_status") {
            respond(twiml_ok());  // a status added by Twilio later: nothing to record
          } else {
            respond(http::Response::error(400, "invalid_status", parsed.error));
          }
          return;
        }
        auto& u = *parsed.update;
        u.correlation_id = req.request_id;
        m.counter(kStatus, {{"status", u.status}}).inc();
        auto action = failure_action(u.status, u.error_code);
        if (action != FailureAction::none) {
          m.counter(kFailures, {{"action", to_string(action)}}).inc();
          ops::warn("whatsapp message not delivered", req.request_id,
                    {{"message_sid", u.message_sid}, {"error_code", u.error_code}, {"action", to_string(action)}});
        }
        if (!sink) {
          respond(twiml_ok());
          return;
        }
        std::string cid = req.request_id;
        sink->record(std::move(u), [respond, cid](std::exception_ptr e) {
          if (e) answer_store_error(e, respond, cid);
          else respond(twiml_ok());
        });
      },
      "/webhooks/whatsapp/status");
}

}  // namespace fte::channels::whatsapp
