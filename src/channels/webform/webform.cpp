#include "channels/webform/webform.h"

#include <boost/json.hpp>
#include <cctype>
#include <memory>

#include "channels/webform/cors.h"
#include "channels/webform/rate_limit.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/json_util.h"
#include "ops/log.h"
#include "ops/metrics.h"

namespace json = boost::json;

namespace fte::channels::webform {

namespace {

// Removes control characters (keeps \n and \t), trims, and counts UTF-8 code points.
std::string clean(std::string_view s, bool multiline) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && !(multiline && (c == '\n' || c == '\t'))) {
      if (c == '\r' || c == '\t') o.push_back(' ');
      continue;
    }
    if (u == 0x7f) continue;
    o.push_back(c);
  }
  auto b = o.find_first_not_of(" \n\t");
  if (b == std::string::npos) return {};
  auto e = o.find_last_not_of(" \n\t");
  return o.substr(b, e - b + 1);
}

std::size_t codepoints(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

bool valid_email(const std::string& e) {
  if (e.empty() || e.size() > 254) return false;
  auto at = e.find('@');
  if (at == 0 || at > 64) return false;
  auto domain = std::string_view(e).substr(at + 1);
  auto dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size()) return false;
  if (domain.find("..") != std::string_view::npos || domain.front() == '-' ) return false;
  for (char c : e) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' ||
        c == ':' || c == '\\' || c == '"' || c == '[' || c == ']')
      return false;
  }
  return true;
}

const char* kCategories[] = {"general", "technical", "billing", "bug_report", "feedback"};
const char* kPriorities[] = {"low", "medium", "high"};

template <std::size_t N>
bool one_of(const std::string& v, const char* (&set)[N]) {
  for (auto* s : set)
    if (v == s) return true;
  return false;
}

}  // namespace

bool is_json_content_type(std::string_view ct) {
  auto semi = ct.find(';');
  std::string_view type = ct.substr(0, semi);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  constexpr std::string_view want = "application/json";
  if (type.size() != want.size()) return false;
  for (std::size_t i = 0; i < want.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(type[i])) != want[i]) return false;
  return true;
}

std::string idempotency_scope(std::string_view normalised_email, std::string_view key) {
  return "idem:" + ops::fingerprint(normalised_email) + ":" + std::string(key);
}

Submission parse_submission(std::string_view body) {
  Submission s;
  auto& m = s.message;
  m.channel = Channel::webform;
  json::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object()) {
    s.errors.push_back({"body", "must be a JSON object"});
    return s;
  }
  const auto& o = v.get_object();
  auto text = [&](const char* k, bool multiline = false) -> std::string {
    auto* p = o.if_contains(k);
    if (!p || p->is_null()) return {};
    if (!p->is_string()) {
      s.errors.push_back({k, "must be a string"});
      return {};
    }
    return clean(p->get_string(), multiline);
  };
  std::size_t before = 0;

  before = s.errors.size();
  m.customer_name = text("name");
  if (s.errors.size() == before) {
    auto n = codepoints(m.customer_name);
    if (n < 2) s.errors.push_back({"name", "must be at least 2 characters"});
    else if (n > 100) s.errors.push_back({"name", "must be at most 100 characters"});
  }

  before = s.errors.size();
  auto email = text("email");
  if (s.errors.size() == before) {
    m.email = normalize_email(email);
    if (!valid_email(m.email)) s.errors.push_back({"email", "must be a valid email address"});
  }

  before = s.errors.size();
  m.subject = text("subject");
  if (s.errors.size() == before) {
    auto n = codepoints(m.subject);
    if (n == 0) s.errors.push_back({"subject", "is required"});
    else if (n > 200) s.errors.push_back({"subject", "must be at most 200 characters"});
  }

  before = s.errors.size();
  m.category = text("category");
  if (s.errors.size() == before && !one_of(m.category, kCategories))
    s.errors.push_back({"category", "must be one of general, technical, billing, bug_report, feedback"});

  before = s.errors.size();
  m.priority = text("priority");
  if (s.errors.size() == before) {
    if (m.priority.empty()) m.priority = "medium";
    else if (!one_of(m.priority, kPriorities))
      s.errors.push_back({"priority", "must be one of low, medium, high"});
  }

  before = s.errors.size();
  m.body = text("message", true);
  if (s.errors.size() == before) {
    auto n = codepoints(m.body);
    if (n < 10) s.errors.push_back({"message", "must be at least 10 characters"});
    else if (n > 5000) s.errors.push_back({"message", "must be at most 5000 characters"});
  }

  before = s.errors.size();
  auto phone = text("phone");
  if (s.errors.size() == before && !phone.empty()) {
    auto p = normalize_phone(phone);
    if (!p) s.errors.push_back({"phone", "must be a phone number in international format"});
    else m.phone = *p;
  }
  return s;
}

std::string ticket_status_json(const TicketView& v) {
  const auto& t = v.ticket;
  json::object o;
  o["ticket_id"] = t.id;
  o["status"] = t.status;
  o["channel"] = to_string(t.source_channel);
  o["subject"] = t.subject;
  o["category"] = t.category;
  o["priority"] = t.priority;
  o["created_at"] = iso8601(t.created_at_ms);
  o["updated_at"] = iso8601(t.updated_at_ms);
  if (t.status == ticket_status::escalated || !t.escalation_reason.empty()) {
    o["escalated"] = true;
    o["escalation_reason"] = t.escalation_reason;
  }
  json::array msgs;
  std::string reply;
  for (const auto& m : v.messages) {
    json::object x;
    x["role"] = m.role;
    x["direction"] = m.direction;
    x["channel"] = to_string(m.channel);
    x["content"] = m.content;
    x["created_at"] = iso8601(m.created_at_ms);
    if (m.direction == "outbound") {
      x["delivery_status"] = m.delivery_status;
      reply = m.content;  // the latest reply wins
    }
    msgs.push_back(std::move(x));
  }
  o["messages"] = std::move(msgs);
  if (!reply.empty()) o["reply"] = reply;
  if (t.first_response_at_ms) o["first_response_at"] = iso8601(t.first_response_at_ms);
  return json::serialize(o);
}

namespace {

http::Response too_many(int retry_after_s, const char* from = "from this address") {
  auto s = std::to_string(retry_after_s);
  json::object err{{"code", "rate_limited"},
                   {"message", std::string("too many submissions ") + from + "; retry in " + s + " s"},
                   {"retry_after_seconds", retry_after_s}};
  auto resp = http::Response::json(429, json::serialize(json::object{{"error", std::move(err)}}));
  resp.headers.emplace_back("Retry-After", s);
  return resp;
}

// The body of a filed form's answer (201, or 200 for a keyed retry): concatenated, not a JSON tree.
std::string ticket_answer_body(const std::string& id, const std::string& est_json) {
  const bool plain = is_uuid(id);  // nothing to escape
  std::string ticket = plain ? "\"" + id + "\"" : json::serialize(json::value(json::string(id)));
  std::string url = plain ? "\"/support/ticket/" + id + "\""
                          : json::serialize(json::value(json::string("/support/ticket/" + id)));
  std::string body;
  body.reserve(256);
  body.append(R"({"ticket_id":)").append(ticket);
  body.append(
      R"(,"message":"Thank you for contacting us! Our AI assistant will respond shortly.")");
  body.append(R"(,"estimated_response_time":)").append(est_json);
  body.append(R"(,"status_url":)").append(url).append("}");
  return body;
}

}  // namespace

void register_routes(http::Router& r, Intake& intake, Store& store, ops::Metrics& metrics,
                     const Options& opt) {
  metrics.declare(
      "fte_webform_submissions_total", "counter",
      "Web form submissions by result (accepted, duplicate, invalid, rate_limited, error)");
  // Both limits are held in the store's shared counters, so all gateway replicas enforce one.
  auto limit = std::make_shared<SubmitRateLimit>(
      RateLimitOptions{opt.submit_rate_per_minute, 65536, shared_window_in(store)});
  auto per_customer = std::make_shared<SharedWindowLimit>(
      "submit:customer:", opt.submit_rate_per_customer_per_hour, 3600LL * 1000, shared_window_in(store));
  auto cors = std::make_shared<const CorsPolicy>(opt.cors_origins);
  std::string ip_header = opt.client_ip_header;
  for (auto& ch : ip_header) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  // The answer is handed over on the store's writer thread (the commit callback), the busiest
  // thread under load: counters are looked up once here and the body is made before the intake.
  struct Answer {
    ops::Counter& accepted;
    ops::Counter& duplicate;
    ops::Counter& error;
    std::string est_json;  // estimated_response_time, as a JSON string
  };
  auto answer = std::make_shared<const Answer>(Answer{
      metrics.counter("fte_webform_submissions_total", {{"result", "accepted"}}),
      metrics.counter("fte_webform_submissions_total", {{"result", "duplicate"}}),
      metrics.counter("fte_webform_submissions_total", {{"result", "error"}}),
      json::serialize(json::value(json::string(opt.estimated_response_time)))});
  auto submit = [&intake, &metrics, opt, limit, per_customer, ip_header, answer](
                    http::Request& req, http::Respond respond) {
    if (limit->enabled()) {
      auto from = ip_header.empty() ? req.remote_addr
                                    : client_address(req.remote_addr, req.header(ip_header));
      auto d = limit->acquire(client_key(from));
      if (!d.allowed) {
        metrics.counter("fte_webform_submissions_total", {{"result", "rate_limited"}}).inc();
        respond(too_many(d.retry_after_s));
        return;
      }
    }
    if (!is_json_content_type(req.header("content-type"))) {
      // Browsers send text/plain, form-urlencoded and multipart cross-site without a preflight;
      // only JSON (which needs one, so the CORS allow-list applies) files a ticket.
      metrics.counter("fte_webform_submissions_total", {{"result", "invalid"}}).inc();
      respond(http::Response::error(415, "unsupported_media_type",
                                    "the body must be application/json", "content-type"));
      return;
    }
    auto sub = parse_submission(req.body);
    if (!sub.errors.empty()) {
      metrics.counter("fte_webform_submissions_total", {{"result", "invalid"}}).inc();
      json::array fields;
      for (const auto& e : sub.errors) fields.push_back(json::object{{"field", e.field}, {"message", e.message}});
      json::object err{{"code", "validation_failed"},
                       {"message", "the form has invalid fields"},
                       {"field", sub.errors.front().field},
                       {"fields", std::move(fields)}};
      respond(http::Response::json(422, json::serialize(json::object{{"error", std::move(err)}})));
      return;
    }
    auto& m = sub.message;
    if (per_customer->enabled()) {
      auto d = per_customer->acquire(m.email);
      if (!d.allowed) {
        metrics.counter("fte_webform_submissions_total", {{"result", "rate_limited"}}).inc();
        respond(too_many(d.retry_after_s, "for this customer"));
        return;
      }
    }
    m.ticket_id = new_uuid();
    auto idem = req.header("idempotency-key");
    // The key is the submitter's own: scoped to the (normalised) email, so another customer who
    // reuses it files a ticket of their own and never gets this one back. Without a key nothing
    // can retry into this message, so its id only has to be unique: time-ordered, so the store's
    // (channel, channel_message_id) index appends instead of writing a random page per intake.
    m.channel_message_id_fresh = idem.empty() || idem.size() > 128;
    m.channel_message_id = m.channel_message_id_fresh ? new_time_ordered_id()
                                                      : idempotency_scope(m.email, idem);
    m.received_at_ms = now_ms();
    m.correlation_id = req.request_id;
    // The answer to the expected outcome — a new ticket under the id given here — is written now,
    // on this thread; the store's writer thread, which runs the completion, only hands it over.
    std::string made_for = m.ticket_id;
    std::string made = ticket_answer_body(made_for, answer->est_json);
    intake.accept(std::move(m), [respond, answer, made_for = std::move(made_for),
                                 made = std::move(made)](IngestOutcome out) mutable {
      if (out.error) {
        answer->error.inc();
        try {
          std::rethrow_exception(out.error);
        } catch (const Error& e) {
          auto resp = http::Response::error(503, e.kind() == ErrorKind::busy ? "busy" : "unavailable",
                                            "the service cannot accept the form now, please retry");
          resp.headers.emplace_back("Retry-After", "1");
          respond(std::move(resp));
        } catch (...) {
          auto resp = http::Response::error(503, "unavailable", "the service is busy, please retry");
          resp.headers.emplace_back("Retry-After", "1");
          respond(std::move(resp));
        }
        return;
      }
      (out.result.duplicate ? answer->duplicate : answer->accepted).inc();
      const auto& id = out.result.ticket_id;
      std::string body =
          id == made_for ? std::move(made) : ticket_answer_body(id, answer->est_json);
      respond(http::Response::json(out.result.duplicate ? 200 : 201, std::move(body)));
    });
  };
  // Without a store-backed limit the handler never blocks (parse, validate, queue the intake; the
  // answer comes from the store's commit callback), so it runs on the I/O thread: no hop to a
  // worker thread and back. A limit's shared counter is a blocking store call: then a worker.
  bool blocking = limit->enabled() || per_customer->enabled();
  r.add("POST", "/support/submit", CorsPolicy::wrap(cors, submit), "/support/submit",
        blocking ? http::Dispatch::worker : http::Dispatch::io);

  auto status = [&store](http::Request& req, http::Respond respond) {
    std::string id(req.param("id"));
    if (!is_uuid(id)) {
      respond(http::Response::error(404, "not_found", "no such ticket"));
      return;
    }
    auto v = store.ticket_view(id);
    if (!v) {
      respond(http::Response::error(404, "not_found", "no such ticket"));
      return;
    }
    auto resp = http::Response::json(200, ticket_status_json(*v));
    resp.headers.emplace_back("Cache-Control", "no-store");
    respond(std::move(resp));
  };
  r.add("GET", "/support/ticket/{id}", CorsPolicy::wrap(cors, status), "/support/ticket/{id}");
  r.add("GET", "/ticket/{id}", CorsPolicy::wrap(cors, status), "/ticket/{id}");

  auto feedback = [&store](http::Request& req, http::Respond respond) {
    std::string id(req.param("id"));
    json::error_code ec;
    auto v = json::parse(req.body, ec);
    const json::value* h =
        (!ec && v.is_object()) ? v.get_object().if_contains("helpful") : nullptr;
    if (!h || !h->is_bool()) {
      respond(http::Response::error(422, "validation_failed", "helpful must be true or false",
                                    "helpful"));
      return;
    }
    if (!is_uuid(id) || !store.ticket_view(id)) {
      respond(http::Response::error(404, "not_found", "no such ticket"));
      return;
    }
    store.record_feedback(id, h->get_bool());
    respond(http::Response::json(200, R"({"ok":true})"));
  };
  r.add("POST", "/support/ticket/{id}/feedback", CorsPolicy::wrap(cors, feedback),
        "/support/ticket/{id}/feedback");

  // CORS preflights (answered for configured origins only; see cors.h).
  auto preflight = [cors](std::string methods) {
    return [cors, methods](http::Request& req, http::Respond respond) {
      respond(cors->preflight(req, methods));
    };
  };
  r.add("OPTIONS", "/support/submit", preflight("POST"), "/support/submit", http::Dispatch::io);
  r.add("OPTIONS", "/support/ticket/{id}", preflight("GET"), "/support/ticket/{id}", http::Dispatch::io);
  r.add("OPTIONS", "/ticket/{id}", preflight("GET"), "/ticket/{id}", http::Dispatch::io);
  r.add("OPTIONS", "/support/ticket/{id}/feedback", preflight("POST"),
        "/support/ticket/{id}/feedback", http::Dispatch::io);
}

}  // namespace fte::channels::webform
