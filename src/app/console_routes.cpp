#include "app/console_routes.h"

#include <boost/json.hpp>

#include "agent/format/channel_format.h"
#include "app/admin_routes.h"
#include "app/pipeline.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "ops/metrics.h"
#include "store/store.h"

namespace json = boost::json;

namespace fte::app {

namespace {

constexpr std::size_t kMaxReplyChars = 5000;
constexpr std::size_t kMaxAuthorChars = 60;
constexpr int kHistoryMessages = 200;

std::size_t codepoints(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// Drops control characters (keeps \n and \t when multiline) and trims.
std::string clean(std::string_view s, bool multiline) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && !(multiline && (c == '\n' || c == '\t'))) || u == 0x7f) continue;
    o.push_back(c);
  }
  auto b = o.find_first_not_of(" \n\t");
  if (b == std::string::npos) return {};
  return o.substr(b, o.find_last_not_of(" \n\t") - b + 1);
}

json::object parse_object(std::string_view body) {
  json::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object())
    throw Error(ErrorKind::invalid_argument, "the body must be a JSON object", "body");
  return std::move(v.get_object());
}

json::object message_json(const StoredMessage& m) {
  json::object o{{"id", m.id},
                 {"ticket_id", m.ticket_id},
                 {"conversation_id", m.conversation_id},
                 {"channel", to_string(m.channel)},
                 {"direction", m.direction},
                 {"role", m.role},
                 {"content", m.content},
                 {"created_at", iso8601(m.created_at_ms)}};
  if (m.direction == "outbound") o["delivery_status"] = m.delivery_status;
  return o;
}

json::object ticket_json(const Ticket& t) {
  json::object o{{"id", t.id},
                 {"customer_id", t.customer_id},
                 {"conversation_id", t.conversation_id},
                 {"channel", to_string(t.source_channel)},
                 {"subject", t.subject},
                 {"category", t.category},
                 {"priority", t.priority},
                 {"status", t.status},
                 {"escalation_reason", t.escalation_reason},
                 {"created_at", iso8601(t.created_at_ms)},
                 {"updated_at", iso8601(t.updated_at_ms)}};
  if (t.first_response_at_ms) o["first_response_at"] = iso8601(t.first_response_at_ms);
  return o;
}

json::value trace_value(const std::string& trace) {
  json::error_code ec;
  auto v = json::parse(trace, ec);
  return ec ? json::value(trace) : v;
}

// The channel a person's reply goes out on: the one the customer last wrote on for this ticket (a
// WhatsApp follow-up on a web-form ticket is answered on WhatsApp, as the agent would), else the
// ticket's source channel.
Channel reply_channel(const TicketView& v) {
  for (auto it = v.messages.rbegin(); it != v.messages.rend(); ++it)
    if (it->direction == "inbound") return it->channel;
  return v.ticket.source_channel;
}

std::int64_t last_inbound_on(const TicketView& v, Channel ch) {
  for (auto it = v.messages.rbegin(); it != v.messages.rend(); ++it)
    if (it->direction == "inbound" && it->channel == ch) return it->created_at_ms;
  return 0;
}

// The provider's id of the customer's last message on `ch` (for an email reply: the Gmail message
// whose thread it joins).
std::string last_inbound_id_on(const TicketView& v, Channel ch) {
  for (auto it = v.messages.rbegin(); it != v.messages.rend(); ++it)
    if (it->direction == "inbound" && it->channel == ch) return it->channel_message_id;
  return {};
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

const char* limit_text(Channel ch) {
  switch (ch) {
    case Channel::email:
      return "email replies are at most 500 words";
    case Channel::whatsapp:
      return "WhatsApp replies are at most 1200 characters";
    case Channel::webform:
      break;
  }
  return "web form replies are at most 300 words";
}

TicketView find_ticket(Store& store, const std::string& id) {
  std::optional<TicketView> v;
  if (is_uuid(id)) v = store.ticket_view(id);
  if (!v) throw Error(ErrorKind::not_found, "no such ticket", "ticket_id");
  return std::move(*v);
}

void audit(Store& store, const std::string& kind, const std::string& correlation,
           json::object detail) {
  try {
    store.audit(kind, correlation, json::serialize(detail));
  } catch (const Error&) {
    // The action itself committed; a lost audit row must not turn it into an error for the user.
  }
}

}  // namespace

ConsoleReply parse_console_reply(std::string_view body) {
  auto o = parse_object(body);
  ConsoleReply r;
  auto* m = o.if_contains("message");
  if (!m || !m->is_string())
    throw Error(ErrorKind::invalid_argument, "message must be a string", "message");
  r.message = clean(m->get_string(), true);
  if (r.message.empty()) throw Error(ErrorKind::invalid_argument, "message is required", "message");
  if (codepoints(r.message) > kMaxReplyChars)
    throw Error(ErrorKind::invalid_argument, "message must be at most 5000 characters", "message");
  r.author = "console";
  if (auto* a = o.if_contains("author"); a && !a->is_null()) {
    if (!a->is_string())
      throw Error(ErrorKind::invalid_argument, "author must be a string", "author");
    auto s = clean(a->get_string(), false);
    if (codepoints(s) > kMaxAuthorChars)
      throw Error(ErrorKind::invalid_argument, "author must be at most 60 characters", "author");
    if (!s.empty()) r.author = std::move(s);
  }
  return r;
}

std::string parse_ticket_status(std::string_view body) {
  auto o = parse_object(body);
  auto* s = o.if_contains("status");
  if (s && s->is_string()) {
    std::string v(s->get_string());
    if (v == "open" || v == "resolved" || v == "closed") return v;
  }
  throw Error(ErrorKind::invalid_argument, "status must be one of open, resolved, closed",
              "status");
}

void register_console_routes(http::Router& r, Store& store, ops::Metrics& metrics,
                             const std::string& admin_token, ConsoleOptions opt) {
  metrics.declare("fte_console_actions_total", "counter",
                  "Human console actions, by action (reply, open, resolved, closed)");
  auto guard = [admin_token](http::Handler h) {
    return [admin_token, h = std::move(h)](http::Request& req, http::Respond respond) {
      if (!authorized(req, admin_token)) {
        auto resp =
            http::Response::error(401, "unauthorized", "a valid admin bearer token is required");
        resp.headers.emplace_back("WWW-Authenticate", "Bearer");
        respond(std::move(resp));
        return;
      }
      h(req, std::move(respond));
    };
  };
  auto no_store = [](http::Response resp) {
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  };

  r.add("GET", "/console/api/tickets/{id}",
        guard([&store, no_store](http::Request& req, http::Respond respond) {
          auto v = find_ticket(store, std::string(req.param("id")));
          json::object o;
          o["ticket"] = ticket_json(v.ticket);
          json::array msgs;
          for (const auto& m : v.messages) msgs.push_back(message_json(m));
          o["messages"] = std::move(msgs);

          auto h = store.customer_history(v.ticket.customer_id, kHistoryMessages);
          json::array history, tickets;
          if (h) {
            o["customer"] = json::object{{"id", h->customer.id},
                                         {"name", h->customer.name},
                                         {"email", h->customer.email},
                                         {"phone", h->customer.phone},
                                         {"created_at", iso8601(h->customer.created_at_ms)}};
            for (auto it = h->messages.rbegin(); it != h->messages.rend(); ++it)  // oldest first
              history.push_back(message_json(*it));
            for (const auto& t : h->tickets) tickets.push_back(ticket_json(t));
          }
          o["history"] = std::move(history);
          o["tickets"] = std::move(tickets);

          json::array escalations;
          auto now = now_ms();
          for (const auto& e : store.open_escalations(1000))
            if (e.ticket_id == v.ticket.id)
              escalations.push_back(
                  json::object{{"id", e.id},
                               {"reason", e.reason},
                               {"urgency", e.urgency},
                               {"status", e.status},
                               {"channel", to_string(e.channel)},
                               {"created_at", iso8601(e.created_at_ms)},
                               {"waiting_seconds", (now - e.created_at_ms) / 1000}});
          o["escalations"] = std::move(escalations);

          json::array runs;
          for (const auto& a : store.agent_runs(v.ticket.id))
            runs.push_back(json::object{{"idempotency_key", a.idempotency_key},
                                        {"engine", a.engine},
                                        {"escalated", a.escalated},
                                        {"latency_ms", a.latency_ms},
                                        {"tokens_in", a.tokens_in},
                                        {"tokens_out", a.tokens_out},
                                        {"created_at", iso8601(a.created_at_ms)},
                                        {"trace", trace_value(a.trace_json)}});
          o["agent_runs"] = std::move(runs);
          o["reply_channel"] = to_string(reply_channel(v));
          respond(no_store(http::Response::json(200, json::serialize(o))));
        }),
        "/console/api/tickets/{id}");

  r.add("POST", "/console/api/tickets/{id}/reply",
        guard([&store, &metrics, opt, no_store](http::Request& req, http::Respond respond) {
          auto in = parse_console_reply(req.body);
          auto v = find_ticket(store, std::string(req.param("id")));
          const auto& t = v.ticket;
          auto h = store.customer_history(t.customer_id, 1);
          Customer c = h ? h->customer : Customer{};

          agent::ReplyContext ctx;
          ctx.channel = reply_channel(v);
          ctx.customer_name = c.name;
          ctx.ticket_id = t.id;
          ctx.company_name = opt.company_name;
          ctx.signature = opt.signature;
          ctx.whatsapp_reference = true;  // a person's answer to an escalated case names the ticket
          auto formatted = agent::format_reply(in.message, ctx);
          if (!formatted.within_limits)
            throw Error(ErrorKind::invalid_argument,
                        std::string("message is too long for the customer's channel: ") +
                            limit_text(ctx.channel),
                        "message");

          channels::OutboundReply out;
          out.ticket_id = t.id;
          out.message_id = new_uuid();
          out.conversation_id = t.conversation_id;
          out.customer_id = t.customer_id;
          out.channel = ctx.channel;
          out.parts = formatted.parts;
          out.customer_name = c.name;
          out.to_email = c.email;
          out.to_phone = c.phone;
          out.subject = t.subject;
          out.last_inbound_at_ms = last_inbound_on(v, ctx.channel);
          if (ctx.channel == Channel::email)  // threaded like the agent's replies
            out.reply_to_channel_message_id = last_inbound_id_on(v, Channel::email);
          out.correlation_id = req.request_id;
          auto events = outbound_events(out);

          HumanReply hr;
          hr.ticket_id = t.id;
          hr.message_id = out.message_id;
          hr.text = joined(formatted.parts);
          hr.author = in.author;
          store.record_human_reply(hr, events);
          metrics.counter("fte_console_actions_total", {{"action", "reply"}}).inc();
          audit(store, "console.reply", req.request_id,
                json::object{{"ticket_id", t.id},
                             {"message_id", out.message_id},
                             {"channel", to_string(out.channel)},
                             {"author", in.author},
                             {"parts", formatted.parts.size()},
                             {"chars", formatted.chars}});
          json::array parts;
          for (const auto& p : formatted.parts) parts.push_back(json::string(p));
          respond(no_store(http::Response::json(
              201, json::serialize(json::object{{"ticket_id", t.id},
                                                {"message_id", out.message_id},
                                                {"channel", to_string(out.channel)},
                                                {"parts", std::move(parts)},
                                                {"delivery_status", "pending"}}))));
        }),
        "/console/api/tickets/{id}/reply");

  r.add("POST", "/console/api/tickets/{id}/status",
        guard([&store, &metrics, no_store](http::Request& req, http::Respond respond) {
          auto status = parse_ticket_status(req.body);
          std::string id(req.param("id"));
          if (!is_uuid(id)) throw Error(ErrorKind::not_found, "no such ticket", "ticket_id");
          store.set_ticket_status(id, status);
          metrics.counter("fte_console_actions_total", {{"action", status}}).inc();
          audit(store, "console.status", req.request_id,
                json::object{{"ticket_id", id}, {"status", status}});
          auto v = find_ticket(store, id);
          respond(no_store(http::Response::json(
              200, json::serialize(json::object{{"ticket", ticket_json(v.ticket)}}))));
        }),
        "/console/api/tickets/{id}/status");
}

}  // namespace fte::app
