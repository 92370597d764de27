#include "app/admin_routes.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/clock.h"
#include "core/ids.h"
#include "ops/metrics.h"
#include "store/store.h"

namespace json = boost::json;

namespace fte::app {

void register_health_routes(http::Router& r, ops::Metrics& m, ReadinessProbe probe) {
  r.add("GET", "/health", [](http::Request&, http::Respond respond) {
    respond(http::Response::json(200, R"({"status":"ok"})"));
  }, "/health", http::Dispatch::io);  // never blocks: liveness must not wait on the store
  // Everything below runs on the HTTP worker pool (the default): it may wait on the store or bus.
  r.add("GET", "/ready", [probe](http::Request&, http::Respond respond) {
    json::object o;
    bool ok = true;
    auto check = [&](const char* name, const std::function<void()>& f) {
      if (!f) return;
      try {
        f();
        o[name] = "ok";
      } catch (const std::exception& e) {
        ok = false;
        o[name] = "unavailable";
      }
    };
    check("store", probe.store_ping);
    check("bus", probe.bus_ping);
    if (!probe.kb_mode.empty()) o["knowledge_base"] = probe.kb_mode;
    if (!probe.store_backend.empty()) o["store_backend"] = probe.store_backend;
    if (!probe.bus_kind.empty()) o["bus_kind"] = probe.bus_kind;
    o["status"] = ok ? "ready" : "not_ready";
    auto resp = http::Response::json(ok ? 200 : 503, json::serialize(o));
    if (!ok) resp.headers.emplace_back("Retry-After", "1");
    respond(std::move(resp));
  }, "/ready");
  r.add("GET", "/metrics", [&m](http::Request&, http::Respond respond) {
    respond(http::Response::text(200, m.render(), "text/plain; version=0.0.4; charset=utf-8"));
  }, "/metrics");
}

bool authorized(const http::Request& req, const std::string& token) {
  if (token.empty()) return false;
  auto h = req.header("authorization");
  constexpr std::string_view pre = "Bearer ";
  if (h.size() != pre.size() + token.size() || h.substr(0, pre.size()) != pre) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < token.size(); ++i)
    diff |= static_cast<unsigned char>(h[pre.size() + i] ^ token[i]);
  return diff == 0;
}

namespace {

json::object message_json(const StoredMessage& m) {
  return json::object{{"id", m.id},
                      {"ticket_id", m.ticket_id},
                      {"channel", to_string(m.channel)},
                      {"direction", m.direction},
                      {"role", m.role},
                      {"content", m.content},
                      {"delivery_status", m.delivery_status},
                      {"created_at", iso8601(m.created_at_ms)}};
}

double percentile(std::vector<std::int64_t> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto idx = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return static_cast<double>(v[std::min(idx, v.size() - 1)]);
}

}  // namespace

void register_admin_routes(http::Router& r, Store& store, const std::string& token) {
  auto guard = [token](http::Handler h) {
    return [token, h = std::move(h)](http::Request& req, http::Respond respond) {
      if (!authorized(req, token)) {
        auto resp = http::Response::error(401, "unauthorized", "a valid admin bearer token is required");
        resp.headers.emplace_back("WWW-Authenticate", "Bearer");
        respond(std::move(resp));
        return;
      }
      h(req, std::move(respond));
    };
  };

  r.add("GET", "/customers/lookup", guard([&store](http::Request& req, http::Respond respond) {
    auto email = req.query_param("email");
    auto phone = req.query_param("phone");
    std::optional<Customer> c;
    if (email && !email->empty()) {
      c = store.find_customer(IdentifierType::email, normalize_email(*email));
    } else if (phone && !phone->empty()) {
      auto p = normalize_phone(*phone);
      if (!p) {
        respond(http::Response::error(422, "validation_failed", "phone must be in international format", "phone"));
        return;
      }
      c = store.find_customer(IdentifierType::phone, *p);
      if (!c) c = store.find_customer(IdentifierType::whatsapp, *p);
    } else {
      respond(http::Response::error(422, "validation_failed", "give email or phone", "email"));
      return;
    }
    if (!c) {
      respond(http::Response::error(404, "not_found", "no such customer"));
      return;
    }
    auto h = store.customer_history(c->id, 50);
    json::object o{{"customer_id", c->id}, {"name", c->name}, {"email", c->email}, {"phone", c->phone},
                   {"created_at", iso8601(c->created_at_ms)}};
    if (h) {
      json::array tickets;
      for (const auto& t : h->tickets)
        tickets.push_back(json::object{{"ticket_id", t.id}, {"status", t.status},
                                       {"channel", to_string(t.source_channel)}, {"subject", t.subject},
                                       {"created_at", iso8601(t.created_at_ms)}});
      o["tickets"] = std::move(tickets);
      json::array msgs;
      for (const auto& m : h->messages) msgs.push_back(message_json(m));
      o["messages"] = std::move(msgs);
    }
    respond(http::Response::json(200, json::serialize(o)));
  }), "/customers/lookup");

  r.add("GET", "/conversations/{id}", guard([&store](http::Request& req, http::Respond respond) {
    std::string id(req.param("id"));
    auto msgs = is_uuid(id) ? store.conversation_messages(id) : std::vector<StoredMessage>{};
    if (msgs.empty()) {
      respond(http::Response::error(404, "not_found", "no such conversation"));
      return;
    }
    json::array a;
    for (const auto& m : msgs) a.push_back(message_json(m));
    respond(http::Response::json(200, json::serialize(json::object{{"conversation_id", id}, {"messages", std::move(a)}})));
  }), "/conversations/{id}");

  r.add("GET", "/metrics/channels", [&store](http::Request&, http::Respond respond) {
    json::object o;
    for (const auto& s : store.channel_stats()) {
      double esc_rate = s.tickets ? static_cast<double>(s.escalated) / static_cast<double>(s.tickets) : 0;
      auto fb = s.helpful_yes + s.helpful_no;
      o[to_string(s.channel)] = json::object{
          {"tickets", s.tickets},
          {"answered", s.answered},
          {"escalated", s.escalated},
          {"escalation_rate", esc_rate},
          {"first_response_ms_p50", percentile(s.first_response_ms, 0.5)},
          {"first_response_ms_p95", percentile(s.first_response_ms, 0.95)},
          {"helpful_rate", fb ? static_cast<double>(s.helpful_yes) / static_cast<double>(fb) : 0.0},
          {"feedback_count", fb}};
    }
    for (auto ch : {Channel::email, Channel::whatsapp, Channel::webform})
      if (!o.contains(to_string(ch)))
        o[to_string(ch)] = json::object{{"tickets", 0}, {"answered", 0}, {"escalated", 0},
                                        {"escalation_rate", 0.0}, {"first_response_ms_p50", 0.0},
                                        {"first_response_ms_p95", 0.0}, {"helpful_rate", 0.0},
                                        {"feedback_count", 0}};
    respond(http::Response::json(200, json::serialize(json::object{{"channels", std::move(o)}})));
  }, "/metrics/channels");

  r.add("GET", "/console/api/escalations", guard([&store](http::Request&, http::Respond respond) {
    json::array a;
    auto now = now_ms();
    for (const auto& e : store.open_escalations(200))
      a.push_back(json::object{{"escalation_id", e.id}, {"ticket_id", e.ticket_id}, {"reason", e.reason},
                               {"urgency", e.urgency}, {"status", e.status}, {"channel", to_string(e.channel)},
                               {"created_at", iso8601(e.created_at_ms)},
                               {"waiting_seconds", (now - e.created_at_ms) / 1000}});
    respond(http::Response::json(200, json::serialize(json::object{{"escalations", std::move(a)}})));
  }), "/console/api/escalations");
}

}  // namespace fte::app
