// TwilioSender against a scripted HttpClient: request shape, parts in order, the 24-hour window,
// 63016, and which failures are retryable.
#include <gtest/gtest.h>

#include "channels/whatsapp/twilio_sender.h"
#include "http/http.h"
#include "ops/metrics.h"
#include "test_support.h"

namespace fte::channels::whatsapp {
namespace {

using test::answer;
using test::created;
using test::fixture;
using test::FixedClock;
using test::ScriptedClient;

constexpr std::int64_t kNow = 1'800'000'000'000;

WhatsAppConfig config() {
  WhatsAppConfig c;
  c.account_sid = "ACtest";
  c.auth_token = "tok-123";
  c.public_url = "https://support.example.test";
  c.from_number = "whatsapp:+14155238886";
  c.api_base_url = "http://twilio.test/";
  return c;
}

OutboundReply reply(std::vector<std::string> parts) {
  OutboundReply r;
  r.channel = Channel::whatsapp;
  r.ticket_id = "t-1";
  r.message_id = "m-1";
  r.customer_name = "Ana";
  r.to_phone = "+5511987654321";
  r.parts = std::move(parts);
  r.last_inbound_at_ms = kNow - 60'000;
  return r;
}

std::string field(const http::ClientRequest& r, const std::string& name) {
  for (const auto& [k, v] : http::parse_form(r.body))
    if (k == name) return v;
  return "<absent>";
}

TEST(TwilioSender, SendsEachPartInOrderWithTheDocumentedFields) {
  ScriptedClient client;
  client.script = {created("SM01"), created("SM02"), created("SM03")};
  FixedClock clock(kNow);
  ops::Metrics metrics;
  TwilioSender sender(config(), client, clock, &metrics);
  auto res = sender.send(reply({"*Hi Ana!* First part.", "Second part with a list:\n- one\n- two", "Third."}));
  EXPECT_TRUE(res.ok) << res.error;
  EXPECT_FALSE(res.retryable);
  EXPECT_EQ(res.status, "queued");
  EXPECT_EQ(res.provider_id, "SM01,SM02,SM03");
  ASSERT_EQ(client.requests.size(), 3u);
  const auto& q = client.requests[0];
  EXPECT_EQ(q.method, "POST");
  EXPECT_EQ(q.url, "http://twilio.test/2010-04-01/Accounts/ACtest/Messages.json");
  EXPECT_EQ(q.basic_auth_user, "ACtest");
  EXPECT_EQ(q.basic_auth_password, "tok-123");
  EXPECT_EQ(field(q, "To"), "whatsapp:+5511987654321");
  EXPECT_EQ(field(q, "From"), "whatsapp:+14155238886");
  EXPECT_EQ(field(q, "StatusCallback"), "https://support.example.test/webhooks/whatsapp/status");
  EXPECT_EQ(field(q, "Body"), "*Hi Ana!* First part.");
  EXPECT_EQ(field(client.requests[1], "Body"), "Second part with a list:\n- one\n- two");
  EXPECT_EQ(field(client.requests[2], "Body"), "Third.");
  EXPECT_EQ(field(q, "ContentSid"), "<absent>");
  EXPECT_EQ(metrics.counter("fte_whatsapp_sends_total", {{"result", "sent"}}).value(), 1);
}

TEST(TwilioSender, SplitsPartsOverTheHardLimit) {
  ScriptedClient client;
  client.script = {created("SMa"), created("SMb"), created("SMc")};
  FixedClock clock(kNow);
  TwilioSender sender(config(), client, clock);
  std::string long_part;
  while (long_part.size() < 2000) long_part += "This sentence is part of a long answer. ";
  auto res = sender.send(reply({long_part}));
  ASSERT_TRUE(res.ok);
  ASSERT_EQ(client.requests.size(), 2u);
  for (const auto& q : client.requests) EXPECT_LE(field(q, "Body").size(), 1600u);
  EXPECT_EQ(res.provider_id, "SMa,SMb");
}

TEST(TwilioSender, OutsideTheWindowSendsTheTemplate) {
  ScriptedClient client;
  client.script = {created("SMtemplate")};
  FixedClock clock(kNow);
  auto cfg = config();
  cfg.template_content_sid = "HX0123456789abcdef0123456789abcdef";
  cfg.template_variables_json = R"({"1":"${customer_name}","2":"${ticket_id}"})";
  TwilioSender sender(cfg, client, clock);
  auto r = reply({"free text must not go out"});
  r.customer_name = "Ana \"A\"";
  r.last_inbound_at_ms = kNow - kSessionWindowMs - 1;
  auto res = sender.send(r);
  EXPECT_TRUE(res.ok);
  EXPECT_EQ(res.status, "fallback_template");
  EXPECT_EQ(res.provider_id, "SMtemplate");
  ASSERT_EQ(client.requests.size(), 1u);
  EXPECT_EQ(field(client.requests[0], "Body"), "<absent>");
  EXPECT_EQ(field(client.requests[0], "ContentSid"), "HX0123456789abcdef0123456789abcdef");
  EXPECT_EQ(field(client.requests[0], "ContentVariables"), R"({"1":"Ana \"A\"","2":"t-1"})");
  EXPECT_EQ(field(client.requests[0], "To"), "whatsapp:+5511987654321");
}

TEST(TwilioSender, OutsideTheWindowWithoutTemplateAsksForEmail) {
  ScriptedClient client;
  FixedClock clock(kNow);
  TwilioSender sender(config(), client, clock);
  auto r = reply({"hello"});
  r.last_inbound_at_ms = kNow - 25LL * 3600 * 1000;
  auto res = sender.send(r);
  EXPECT_FALSE(res.ok);
  EXPECT_FALSE(res.retryable);
  EXPECT_EQ(res.status, "needs_email_fallback");
  EXPECT_TRUE(client.requests.empty());
  // Just inside the window, free text goes out.
  client.script = {created("SMin")};
  r.last_inbound_at_ms = kNow - kSessionWindowMs;
  EXPECT_TRUE(sender.send(r).ok);
}

TEST(TwilioSender, Error63016IsTreatedAsOutsideTheWindow) {
  ScriptedClient client;
  client.script = {answer(400, fixture("error_63016.json"))};
  FixedClock clock(kNow);
  TwilioSender sender(config(), client, clock);
  auto res = sender.send(reply({"hello"}));
  EXPECT_FALSE(res.ok);
  EXPECT_EQ(res.status, "needs_email_fallback");
  EXPECT_FALSE(res.retryable);

  ScriptedClient client2;
  client2.script = {created("SM1"), answer(400, fixture("error_63016.json")), created("SMtpl")};
  auto cfg = config();
  cfg.template_content_sid = "HXabc";
  TwilioSender with_template(cfg, client2, clock);
  auto res2 = with_template.send(reply({"one", "two", "three"}));
  EXPECT_TRUE(res2.ok);
  EXPECT_EQ(res2.status, "fallback_template");
  EXPECT_EQ(res2.provider_id, "SM1,SMtpl");
  ASSERT_EQ(client2.requests.size(), 3u);
  EXPECT_EQ(field(client2.requests[2], "ContentSid"), "HXabc");
}

TEST(TwilioSender, RetryableAndPermanentFailures) {
  FixedClock clock(kNow);
  struct Case {
    http::ClientResponse resp;
    bool retryable;
  };
  std::vector<Case> cases = {{answer(429, fixture("error_429.json")), true},
                             {answer(500, fixture("error_500.json")), true},
                             {answer(503, ""), true},
                             {http::ClientResponse{}, true},  // transport failure
                             {answer(400, fixture("error_21211.json")), false},
                             {answer(401, R"({"code":20003,"message":"Authenticate","status":401})"), false}};
  for (const auto& c : cases) {
    ScriptedClient client;
    client.script = {created("SMfirst"), c.resp};
    TwilioSender sender(config(), client, clock);
    auto res = sender.send(reply({"one", "two", "three"}));
    EXPECT_FALSE(res.ok);
    EXPECT_EQ(res.retryable, c.retryable) << c.resp.status;
    EXPECT_EQ(res.status, "failed");
    EXPECT_EQ(res.provider_id, "SMfirst");  // the part already sent, so a retry can skip it
    EXPECT_EQ(client.requests.size(), 2u);  // stops at the failing part
    EXPECT_TRUE(res.error.starts_with("part 2 of 3")) << res.error;
    EXPECT_EQ(res.error.find("+55"), std::string::npos);  // no phone number in errors
  }
}

TEST(TwilioSender, RefusesWithoutConfigurationOrNumber) {
  ScriptedClient client;
  FixedClock clock(kNow);
  auto cfg = config();
  cfg.auth_token.clear();
  EXPECT_EQ(TwilioSender(cfg, client, clock).send(reply({"x"})).status, "not_configured");
  auto r = reply({"x"});
  r.to_phone.clear();
  auto res = TwilioSender(config(), client, clock).send(r);
  EXPECT_FALSE(res.ok);
  EXPECT_FALSE(res.retryable);
  EXPECT_TRUE(client.requests.empty());
}

TEST(TwilioSender, ParsesTwilioAnswers) {
  auto ok = parse_twilio_answer(answer(201, fixture("message_created.json")));
  EXPECT_TRUE(ok.created);
  EXPECT_EQ(ok.sid, "SM00000000000000000000000000000001");
  EXPECT_EQ(ok.status, "queued");
  auto err = parse_twilio_answer(answer(400, fixture("error_63016.json")));
  EXPECT_FALSE(err.created);
  EXPECT_EQ(err.error_code, 63016);
  EXPECT_EQ(err.error, "twilio answered 400 (error 63016)");
  EXPECT_FALSE(parse_twilio_answer(answer(201, "not json")).created);
}

}  // namespace
}  // namespace fte::channels::whatsapp
