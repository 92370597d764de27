// The human console's API on a real SQLite store, routed like the server routes (typed errors →
// JSON in one place): bearer token, the ticket with the customer's cross-channel history, its
// escalations and agent runs, a person's reply formatted for the customer's channel and queued on
// the same outbound topic as the agent's (then sent by the delivery worker), status changes.
#include "app/console_routes.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "app/pipeline.h"
#include "channels/channel.h"
#include "core/clock.h"
#include "core/ids.h"
#include "http/errors.h"
#include "ops/metrics.h"
#include "store/store.h"

namespace json = boost::json;
using namespace fte;

namespace {

constexpr const char* kToken = "console-test-token";

http::Response call(const http::Router& router, http::Request req) {
  auto m = router.match(req);
  if (!m.handler) return http::Response::error(m.path_known ? 405 : 404, "x", "unrouted");
  http::Response out;
  try {
    (*m.handler)(req, [&](http::Response r) { out = std::move(r); });
  } catch (...) {
    return http::error_response(std::current_exception());
  }
  return out;
}

std::string_view header(const http::Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

InboundMessage form_message(const std::string& email, const std::string& phone,
                            const std::string& body) {
  InboundMessage m;
  m.channel = Channel::webform;
  m.channel_message_id = "form-" + new_uuid();
  m.ticket_id = new_uuid();
  m.customer_name = "Ana Lima";
  m.email = email;
  m.phone = phone;
  m.subject = "Business plan";
  m.category = "billing";
  m.priority = "medium";
  m.body = body;
  m.received_at_ms = now_ms();
  m.correlation_id = new_uuid();
  return m;
}

class ConsoleApi : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("fte-console-" + new_uuid());
    std::filesystem::create_directories(dir_);
    StoreOptions so;
    so.url = "sqlite://" + (dir_ / "fte.db").string();
    store_ = open_sqlite_store(so);
    app::register_console_routes(router_, *store_, metrics_, kToken, {.company_name = "Acme"});
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  http::Response send(std::string method, std::string path, std::string body = {},
                      std::string token = kToken) {
    http::Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.target = r.path;
    r.body = std::move(body);
    if (!token.empty()) r.headers.emplace_back("authorization", "Bearer " + token);
    r.request_id = "req-" + new_uuid();
    r.remote_addr = "127.0.0.1";
    return call(router_, std::move(r));
  }

  // A web-form ticket the agent escalated (pricing), with one agent run on record.
  IngestResult escalated_ticket(const std::string& email, const std::string& phone = "") {
    auto r = store_->ingest(
        form_message(email, phone, "What does the Business plan cost for 12 users?"), nullptr);
    AgentOutcome o;
    o.idempotency_key = "in:webform:" + r.message_id;
    o.ticket_id = r.ticket_id;
    o.conversation_id = r.conversation_id;
    o.channel = Channel::webform;
    o.escalated = true;
    o.escalation_reason = "pricing_inquiry";
    o.escalation_urgency = "normal";
    o.escalation_context = "pricing";
    o.trace_json = R"({"spans":[{"tool":"escalate_to_human","ok":true}]})";
    o.engine = "local";
    o.latency_ms = 7;
    EXPECT_TRUE(store_->commit_agent_outcome(o, {}));
    return r;
  }

  std::vector<StoredEvent> outbound_since(std::int64_t seq, const std::string& channel) {
    return store_->read_events({topics::channel_topic(channel, "outbound")}, seq, 100);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  ops::Metrics metrics_;
  http::Router router_;
};

}  // namespace

TEST_F(ConsoleApi, EveryRouteNeedsTheAdminToken) {
  auto r = escalated_ticket("ana@example.com");
  const std::string base = "/console/api/tickets/" + r.ticket_id;
  struct Case {
    const char* method;
    std::string path, body;
  } cases[] = {{"GET", base, ""},
               {"POST", base + "/reply", R"({"message":"hello there"})"},
               {"POST", base + "/status", R"({"status":"closed"})"}};
  for (const auto& c : cases) {
    for (const std::string token : {"", "wrong-token", "console-test-token-but-longer"}) {
      auto resp = send(c.method, c.path, c.body, token);
      EXPECT_EQ(resp.status, 401) << c.method << " " << c.path << " token=" << token;
      EXPECT_EQ(json::parse(resp.body).at("error").at("code").as_string(), "unauthorized");
      EXPECT_EQ(header(resp, "WWW-Authenticate"), "Bearer");
    }
  }
  auto v = store_->ticket_view(r.ticket_id);
  EXPECT_EQ(v->messages.size(), 1u) << "nothing was sent";
  EXPECT_EQ(v->ticket.status, ticket_status::escalated) << "nothing was changed";

  http::Router off;
  app::register_console_routes(off, *store_, metrics_, "");
  http::Request req;
  req.method = "GET";
  req.path = base;
  req.headers.emplace_back("authorization", "Bearer ");
  EXPECT_EQ(call(off, req).status, 401) << "an empty admin token turns the console API off";
}

TEST_F(ConsoleApi, TicketShowsTheWholeCrossChannelHistoryEscalationsAndAgentRuns) {
  auto r = escalated_ticket("ana@example.com", "+14155550123");
  InboundMessage wa;
  wa.channel = Channel::whatsapp;
  wa.channel_message_id = "SM" + new_uuid();
  wa.ticket_id = new_uuid();
  wa.customer_name = "Ana";
  wa.phone = "+14155550123";
  wa.body = "any news about the price?";
  wa.received_at_ms = now_ms() + 1;
  auto r2 = store_->ingest(wa, nullptr);
  ASSERT_EQ(r2.customer_id, r.customer_id);

  auto resp = send("GET", "/console/api/tickets/" + r.ticket_id);
  ASSERT_EQ(resp.status, 200) << resp.body;
  EXPECT_EQ(header(resp, "Cache-Control"), "no-store");
  auto o = json::parse(resp.body).as_object();
  EXPECT_EQ(o.at("ticket").at("id").as_string(), r.ticket_id);
  EXPECT_EQ(o.at("ticket").at("status").as_string(), "escalated");
  EXPECT_EQ(o.at("ticket").at("escalation_reason").as_string(), "pricing_inquiry");
  EXPECT_EQ(o.at("customer").at("email").as_string(), "ana@example.com");
  EXPECT_EQ(o.at("customer").at("name").as_string(), "Ana Lima");

  const auto& history = o.at("history").as_array();
  ASSERT_GE(history.size(), 2u);
  EXPECT_EQ(history[0].at("channel").as_string(), "webform") << "oldest first";
  EXPECT_EQ(history[0].at("content").as_string(), "What does the Business plan cost for 12 users?");
  EXPECT_EQ(history.back().at("channel").as_string(), "whatsapp");
  EXPECT_EQ(history.back().at("content").as_string(), "any news about the price?");
  EXPECT_EQ(history.back().at("ticket_id").as_string(), r2.ticket_id)
      << "a follow-up on an escalated ticket opens another ticket; the history shows both";
  EXPECT_EQ(o.at("tickets").as_array().size(), 2u);
  EXPECT_EQ(o.at("reply_channel").as_string(), "webform") << "the channel of this ticket";

  const auto& esc = o.at("escalations").as_array();
  ASSERT_EQ(esc.size(), 1u);
  EXPECT_EQ(esc[0].at("reason").as_string(), "pricing_inquiry");
  EXPECT_EQ(esc[0].at("status").as_string(), "open");
  EXPECT_GE(esc[0].at("waiting_seconds").as_int64(), 0);

  const auto& runs = o.at("agent_runs").as_array();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_TRUE(runs[0].at("escalated").as_bool());
  EXPECT_EQ(runs[0].at("engine").as_string(), "local");
  ASSERT_TRUE(runs[0].at("trace").is_object()) << "the trace is JSON, not a string";
  EXPECT_EQ(runs[0].at("trace").at("spans").at(0).at("tool").as_string(), "escalate_to_human");

  EXPECT_EQ(send("GET", "/console/api/tickets/" + new_uuid()).status, 404);
  auto bad = send("GET", "/console/api/tickets/not-a-ticket");
  EXPECT_EQ(bad.status, 404);
  EXPECT_EQ(json::parse(bad.body).at("error").at("code").as_string(), "not_found");
}

TEST_F(ConsoleApi, ReplyIsFormattedForTheChannelAndDeliveredThroughTheOutboundPath) {
  auto r = escalated_ticket("ana@example.com");
  auto before = store_->last_event_seq();
  auto resp = send(
      "POST", "/console/api/tickets/" + r.ticket_id + "/reply",
      R"({"message":"**Good news**: the Business plan quote is in your inbox.","author":"Sam"})");
  ASSERT_EQ(resp.status, 201) << resp.body;
  auto o = json::parse(resp.body).as_object();
  std::string message_id(o.at("message_id").as_string());
  EXPECT_EQ(o.at("channel").as_string(), "webform");

  // Stored as the person's reply on the ticket.
  auto v = store_->ticket_view(r.ticket_id);
  const auto& m = v->messages.back();
  EXPECT_EQ(m.id, message_id);
  EXPECT_EQ(m.role, "human");
  EXPECT_EQ(m.direction, "outbound");
  EXPECT_EQ(m.delivery_status, "pending");
  EXPECT_EQ(m.content.rfind("Hi Ana,", 0), 0u)
      << "web form greeting, like the agent's: " << m.content;
  EXPECT_NE(m.content.find("Good news: the Business plan quote"), std::string::npos)
      << "markdown normalised";
  EXPECT_NE(m.content.find("Ticket reference: " + r.ticket_id), std::string::npos);
  EXPECT_NE(m.content.find("Acme Support"), std::string::npos) << "signed like the agent";
  EXPECT_EQ(v->ticket.status, ticket_status::responded);

  // Its event is on the same outbound topic as the agent's, built by the same function.
  auto events = outbound_since(before, "webform");
  ASSERT_EQ(events.size(), 1u);
  const auto& e = events[0].envelope;
  EXPECT_EQ(e.type, "reply.outbound");
  EXPECT_EQ(e.key, r.customer_id);
  EXPECT_EQ(e.idempotency_key, "reply:" + message_id);
  auto out = channels::outbound_from_json(e.payload);
  EXPECT_EQ(out.message_id, message_id);
  EXPECT_EQ(out.ticket_id, r.ticket_id);
  EXPECT_EQ(out.channel, Channel::webform);
  EXPECT_EQ(out.to_email, "ana@example.com");
  ASSERT_EQ(out.parts.size(), 1u);
  EXPECT_EQ(out.parts[0], m.content);

  // The delivery worker sends it like any agent reply, and the status lands on the message.
  app::DeliveryWorker deliver(*store_, metrics_);
  deliver.handle(e);
  EXPECT_EQ(store_->ticket_view(r.ticket_id)->messages.back().delivery_status, "delivered");
  deliver.handle(e);  // redelivered: sent once
  EXPECT_NE(metrics_.render().find("fte_console_actions_total{action=\"reply\"} 1"),
            std::string::npos)
      << metrics_.render();

  // The escalation is now assigned (still listed until resolved).
  auto again = json::parse(send("GET", "/console/api/tickets/" + r.ticket_id).body).as_object();
  EXPECT_EQ(again.at("escalations").at(0).at("status").as_string(), "assigned");
}

TEST_F(ConsoleApi, ReplyGoesOutOnTheChannelTheCustomerLastUsedOnTheTicket) {
  auto r = store_->ingest(
      form_message("ana@example.com", "+14155550123", "How do I export my data?"), nullptr);
  AgentOutcome answered;
  answered.idempotency_key = "in:webform:" + r.message_id;
  answered.ticket_id = r.ticket_id;
  answered.conversation_id = r.conversation_id;
  answered.reply_parts = {"Hi Ana,\n\nUse Settings > Export."};
  answered.reply_message_id = new_uuid();
  answered.engine = "local";
  ASSERT_TRUE(store_->commit_agent_outcome(answered, {}));
  InboundMessage wa;
  wa.channel = Channel::whatsapp;
  wa.channel_message_id = "SM" + new_uuid();
  wa.customer_name = "Ana";
  wa.phone = "+14155550123";
  wa.body = "hello?";
  wa.received_at_ms = now_ms() + 1;
  ASSERT_EQ(store_->ingest(wa, nullptr).ticket_id, r.ticket_id)
      << "the follow-up joins the open ticket";
  auto before = store_->last_event_seq();
  auto resp = send("POST", "/console/api/tickets/" + r.ticket_id + "/reply",
                   R"({"message":"Your quote is ready. I sent it to your email address."})");
  ASSERT_EQ(resp.status, 201) << resp.body;
  EXPECT_TRUE(outbound_since(before, "webform").empty());
  auto events = outbound_since(before, "whatsapp");
  ASSERT_EQ(events.size(), 1u);
  auto out = channels::outbound_from_json(events[0].envelope.payload);
  EXPECT_EQ(out.channel, Channel::whatsapp);
  EXPECT_EQ(out.to_phone, "+14155550123");
  EXPECT_GT(out.last_inbound_at_ms, 0)
      << "the 24 h window is judged from the customer's last message";
  ASSERT_FALSE(out.parts.empty());
  EXPECT_EQ(out.parts[0].rfind("Hi Ana!", 0), 0u) << out.parts[0];
  for (const auto& p : out.parts) EXPECT_LE(p.size(), 1600u);
  EXPECT_NE(out.parts.back().find("Ref: " + r.ticket_id), std::string::npos);
}

TEST_F(ConsoleApi, BadRepliesAre422NamingTheFieldAndSendNothing) {
  auto r = escalated_ticket("ana@example.com");
  const std::string path = "/console/api/tickets/" + r.ticket_id + "/reply";
  auto before = store_->last_event_seq();
  std::string long_web;
  for (int i = 0; i < 400; ++i) long_web += "word ";
  struct Case {
    std::string body, field;
  } cases[] = {
      {"not json", "body"},
      {"[1,2]", "body"},
      {"{}", "message"},
      {R"({"message":42})", "message"},
      {R"({"message":"   \n\t "})", "message"},
      {json::serialize(json::object{{"message", std::string(5001, 'a')}}), "message"},
      {json::serialize(json::object{{"message", long_web}}),
       "message"},  // over 300 words on the web
      {R"({"message":"fine text","author":7})", "author"},
      {json::serialize(json::object{{"message", "fine text"}, {"author", std::string(61, 'x')}}),
       "author"},
  };
  for (const auto& c : cases) {
    auto resp = send("POST", path, c.body);
    EXPECT_EQ(resp.status, 422) << c.field << ": " << resp.body;
    auto err = json::parse(resp.body).at("error").as_object();
    EXPECT_EQ(err.at("field").as_string(), c.field) << resp.body;
  }
  EXPECT_EQ(send("POST", "/console/api/tickets/" + new_uuid() + "/reply", R"({"message":"hello"})")
                .status,
            404);
  EXPECT_EQ(send("POST", "/console/api/tickets/nope/reply", R"({"message":"hello"})").status, 404);
  EXPECT_EQ(store_->last_event_seq(), before) << "no event for a refused reply";
  EXPECT_EQ(store_->ticket_view(r.ticket_id)->messages.size(), 1u);
}

TEST_F(ConsoleApi, ResolveCloseAndReopen) {
  auto r = escalated_ticket("ana@example.com");
  const std::string path = "/console/api/tickets/" + r.ticket_id + "/status";
  auto queued = [&] {
    for (const auto& e : store_->open_escalations(100))
      if (e.ticket_id == r.ticket_id) return true;
    return false;
  };
  ASSERT_TRUE(queued());
  auto resp = send("POST", path, R"({"status":"resolved"})");
  ASSERT_EQ(resp.status, 200) << resp.body;
  EXPECT_EQ(json::parse(resp.body).at("ticket").at("status").as_string(), "resolved");
  EXPECT_EQ(store_->ticket_view(r.ticket_id)->ticket.status, ticket_status::resolved);
  EXPECT_FALSE(queued()) << "a resolved ticket leaves the escalation queue";

  EXPECT_EQ(send("POST", path, R"({"status":"open"})").status, 200);
  EXPECT_EQ(store_->ticket_view(r.ticket_id)->ticket.status, ticket_status::open);
  EXPECT_EQ(send("POST", path, R"({"status":"closed"})").status, 200);
  EXPECT_EQ(store_->ticket_view(r.ticket_id)->ticket.status, ticket_status::closed);

  for (const char* bad :
       {R"({"status":"escalated"})", R"({"status":"done"})", R"({"status":1})", "{}", "x"}) {
    auto b = send("POST", path, bad);
    EXPECT_EQ(b.status, 422) << bad;
    auto field = json::parse(b.body).at("error").at("field").as_string();
    EXPECT_TRUE(field == "status" || field == "body") << bad << " " << b.body;
  }
  EXPECT_EQ(store_->ticket_view(r.ticket_id)->ticket.status, ticket_status::closed);
  EXPECT_EQ(send("POST", "/console/api/tickets/" + new_uuid() + "/status", R"({"status":"closed"})")
                .status,
            404);
}

TEST(ConsoleParsing, ReplyAndStatusBodies) {
  auto r = app::parse_console_reply(R"({"message":"  Hello\u0007 there\n\nBye  "})");
  EXPECT_EQ(r.message, "Hello there\n\nBye");
  EXPECT_EQ(r.author, "console");
  EXPECT_EQ(app::parse_console_reply(R"({"message":"x","author":" Sam "})").author, "Sam");
  EXPECT_EQ(app::parse_console_reply(R"({"message":"x","author":null})").author, "console");
  EXPECT_EQ(app::parse_ticket_status(R"({"status":"resolved"})"), "resolved");
  try {
    app::parse_ticket_status(R"({"status":"RESOLVED"})");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid_argument);
    EXPECT_EQ(e.field(), "status");
  }
}

TEST(OutboundEvents, OneEventOnTheChannelsOutboundTopicKeyedByCustomer) {
  channels::OutboundReply r;
  r.ticket_id = new_uuid();
  r.message_id = new_uuid();
  r.customer_id = "cust-1";
  r.channel = Channel::email;
  r.parts = {"Dear Ana,\n\nHello."};
  r.correlation_id = "corr-1";
  auto ev = app::outbound_events(r);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].first, topics::channel_topic("email", "outbound"));
  EXPECT_EQ(ev[0].second.type, "reply.outbound");
  EXPECT_EQ(ev[0].second.key, "cust-1");
  EXPECT_EQ(ev[0].second.correlation_id, "corr-1");
  EXPECT_EQ(ev[0].second.idempotency_key, "reply:" + r.message_id);
  auto back = channels::outbound_from_json(ev[0].second.payload);
  EXPECT_EQ(back.dedup_key, "reply:" + r.message_id);
  EXPECT_EQ(back.parts, r.parts);
  r.dedup_key = "custom";
  EXPECT_EQ(app::outbound_events(r)[0].second.idempotency_key, "custom");
  r.parts.clear();
  EXPECT_THROW(app::outbound_events(r), Error);
}
