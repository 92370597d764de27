// Meta's WhatsApp Cloud API provider: X-Hub-Signature-256, the hub.challenge check, notification
// parsing, the routes, and MetaSender against a scripted client.
#include <gtest/gtest.h>

#include <cctype>
#include <optional>

#include "channels/whatsapp/meta_cloud.h"
#include "channels/whatsapp/meta_sender.h"
#include "channels/whatsapp/twilio_sender.h"
#include "core/error.h"
#include "ops/metrics.h"
#include "test_support.h"

namespace fte::channels::whatsapp {
namespace {

using test::answer;
using test::FakeIntake;
using test::FixedClock;
using test::ScriptedClient;

// Shaped like Meta's webhook reference: one text message, one image, one status with an error.
const char* kNotification = R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
 "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
 "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
 "messages":[
  {"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383","type":"text","text":{"body":"Does it *sync* offline?"}},
  {"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFBNjU5OUFFRTAzODEwMTQ0RgB=","timestamp":"1749416390","type":"image","image":{"mime_type":"image/jpeg","sha256":"abc","id":"1003383421387256"}}],
 "statuses":[{"id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QzE5NUFEQkQwQjE2M0UxRjQA","status":"failed","timestamp":"1749416400","recipient_id":"16505551234",
  "errors":[{"code":131047,"title":"Re-engagement message"}]}]}}]}]})";

TEST(MetaCloud, SignatureOverTheRawBody) {
  // Independent value: Python hmac.new(b"app-secret", b'{"a":1}', sha256).hexdigest()
  EXPECT_EQ(meta_signature("app-secret", R"({"a":1})"),
            "sha256=a2ac6607a24977f9757e6d78319ae1660ad42ffeee0ee3f0dff30a92bcf85448");
  auto sig = meta_signature("app-secret", kNotification);
  EXPECT_TRUE(verify_meta_signature("app-secret", sig, kNotification));
  std::string upper = sig;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  upper.replace(0, 7, "sha256=");
  EXPECT_TRUE(verify_meta_signature("app-secret", upper, kNotification));
  EXPECT_FALSE(verify_meta_signature("app-secret", sig, std::string(kNotification) + " "));
  EXPECT_FALSE(verify_meta_signature("other", sig, kNotification));
  EXPECT_FALSE(verify_meta_signature("app-secret", "", kNotification));
  EXPECT_FALSE(verify_meta_signature("", sig, kNotification));
}

TEST(MetaCloud, ParsesMessagesAndStatuses) {
  auto w = parse_meta_webhook(kNotification, "106540352242922", 4096, 7);
  ASSERT_TRUE(w.error.empty());
  ASSERT_EQ(w.messages.size(), 2u);
  EXPECT_EQ(w.messages[0].channel, Channel::whatsapp);
  EXPECT_EQ(w.messages[0].phone, "+16505551234");
  EXPECT_EQ(w.messages[0].customer_name, "Sheena Nelson");
  EXPECT_EQ(w.messages[0].body, "Does it *sync* offline?");
  EXPECT_TRUE(w.messages[0].channel_message_id.starts_with("wamid."));
  EXPECT_EQ(w.messages[1].body, "(sent 1 attachment: image/jpeg)");
  ASSERT_EQ(w.messages[1].attachments.size(), 1u);
  EXPECT_EQ(w.messages[1].attachments[0].filename, "meta-media:1003383421387256");
  ASSERT_EQ(w.statuses.size(), 1u);
  EXPECT_EQ(w.statuses[0].status, "failed");
  EXPECT_EQ(w.statuses[0].error_code, "131047");
  EXPECT_EQ(failure_action(w.statuses[0].status, w.statuses[0].error_code), FailureAction::needs_template);
  // Another business number's notification is skipped.
  auto other = parse_meta_webhook(kNotification, "999", 4096, 7);
  EXPECT_TRUE(other.messages.empty());
  EXPECT_FALSE(parse_meta_webhook(R"({"object":"page"})", "", 4096, 7).error.empty());
  EXPECT_FALSE(parse_meta_webhook("not json", "", 4096, 7).error.empty());
}

class MetaRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg.app_secret = "app-secret";
    cfg.verify_token = "verify-me";
    cfg.phone_number_id = "106540352242922";
    register_meta_routes(router, intake, metrics, cfg, nullptr, clock);
  }
  std::optional<http::Response> call(const std::string& method, const std::string& target, std::string body,
                                     std::string signature = {}) {
    http::Request req;
    req.method = method;
    req.target = target;
    auto q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = target.substr(q + 1);
    req.body = std::move(body);
    if (!signature.empty()) req.headers.emplace_back("x-hub-signature-256", std::move(signature));
    std::optional<http::Response> out;
    auto m = router.match(req);
    EXPECT_TRUE(m.handler);
    if (m.handler) (*m.handler)(req, [&](http::Response r) { out = std::move(r); });
    return out;
  }
  MetaConfig cfg;
  http::Router router;
  FakeIntake intake;
  ops::Metrics metrics;
  FixedClock clock{1};
};

TEST_F(MetaRoutes, SubscriptionCheck) {
  auto ok = call("GET", "/webhooks/whatsapp/meta?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444", "");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, "1158201444");
  auto bad = call("GET", "/webhooks/whatsapp/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444", "");
  EXPECT_EQ(bad->status, 403);
  auto script = call("GET", "/webhooks/whatsapp/meta?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=%3Cscript%3E", "");
  EXPECT_EQ(script->status, 403);
}

TEST_F(MetaRoutes, SignedNotificationIsAcceptedForgedIsRefused) {
  auto out = call("POST", "/webhooks/whatsapp/meta", kNotification, meta_signature("app-secret", kNotification));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 200);
  EXPECT_EQ(intake.accepted.size(), 2u);
  auto again = call("POST", "/webhooks/whatsapp/meta", kNotification, meta_signature("app-secret", kNotification));
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(intake.accepted.size(), 2u);  // replays are duplicates
  auto forged = call("POST", "/webhooks/whatsapp/meta", kNotification, meta_signature("guess", kNotification));
  EXPECT_EQ(forged->status, 403);
  auto missing = call("POST", "/webhooks/whatsapp/meta", kNotification);
  EXPECT_EQ(missing->status, 403);
  EXPECT_EQ(intake.calls, 4);
  intake.fail = std::make_exception_ptr(Error(ErrorKind::unavailable, "down"));
  auto down = call("POST", "/webhooks/whatsapp/meta", kNotification, meta_signature("app-secret", kNotification));
  EXPECT_EQ(down->status, 503);
}

OutboundReply meta_reply(std::vector<std::string> parts, std::int64_t last_inbound) {
  OutboundReply r;
  r.channel = Channel::whatsapp;
  r.to_phone = "+16505551234";
  r.parts = std::move(parts);
  r.last_inbound_at_ms = last_inbound;
  return r;
}

TEST(MetaSender, SendsPartsAndHandlesTheWindow) {
  MetaConfig cfg;
  cfg.access_token = "EAAG-token";
  cfg.phone_number_id = "106540352242922";
  cfg.graph_base_url = "http://graph.test/v21.0/";
  ScriptedClient client;
  auto ok = [](const char* id) {
    return answer(200, std::string(R"({"messaging_product":"whatsapp","contacts":[{"input":"16505551234","wa_id":"16505551234"}],"messages":[{"id":")") + id + "\"}]}");
  };
  client.script = {ok("wamid.A"), ok("wamid.B")};
  FixedClock clock(100'000'000'000);
  MetaSender sender(cfg, client, clock);
  auto res = sender.send(meta_reply({"one", "two"}, clock.now_ms() - 1000));
  ASSERT_TRUE(res.ok) << res.error;
  EXPECT_EQ(res.provider_id, "wamid.A,wamid.B");
  ASSERT_EQ(client.requests.size(), 2u);
  EXPECT_EQ(client.requests[0].url, "http://graph.test/v21.0/106540352242922/messages");
  EXPECT_EQ(client.requests[1].body,
            R"({"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"text","text":{"preview_url":false,"body":"two"}})");
  bool bearer = false;
  for (const auto& [k, v] : client.requests[0].headers) bearer |= k == "Authorization" && v == "Bearer EAAG-token";
  EXPECT_TRUE(bearer);

  // Outside the window, no template → email fallback; with one → the template.
  ScriptedClient c2;
  auto outside = MetaSender(cfg, c2, clock).send(meta_reply({"x"}, clock.now_ms() - kSessionWindowMs - 1));
  EXPECT_EQ(outside.status, "needs_email_fallback");
  EXPECT_TRUE(c2.requests.empty());
  cfg.template_name = "support_reply_ready";
  c2.script = {answer(400, R"({"error":{"message":"Re-engagement message","type":"OAuthException","code":131047,"fbtrace_id":"x"}})"),
               ok("wamid.T")};
  auto tpl = MetaSender(cfg, c2, clock).send(meta_reply({"x"}, 0));
  EXPECT_TRUE(tpl.ok);
  EXPECT_EQ(tpl.status, "fallback_template");
  ASSERT_EQ(c2.requests.size(), 2u);
  EXPECT_NE(c2.requests[1].body.find(R"("template":{"name":"support_reply_ready","language":{"code":"en"}})"), std::string::npos);

  // Throttling is retryable, a bad recipient is not.
  ScriptedClient c3;
  c3.script = {answer(400, R"({"error":{"code":131056,"message":"pair rate limit"}})")};
  EXPECT_TRUE(MetaSender(cfg, c3, clock).send(meta_reply({"x"}, 0)).retryable);
  ScriptedClient c4;
  c4.script = {answer(400, R"({"error":{"code":131026,"message":"undeliverable"}})")};
  auto bad = MetaSender(cfg, c4, clock).send(meta_reply({"x"}, 0));
  EXPECT_FALSE(bad.retryable);
  EXPECT_FALSE(bad.ok);
}

}  // namespace
}  // namespace fte::channels::whatsapp
