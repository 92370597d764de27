// Every webhook with no, wrong and right signatures, and replays: Twilio (X-Twilio-Signature),
// Meta (X-Hub-Signature-256) and Gmail Pub/Sub (OIDC bearer token). Refused calls store nothing;
// a replayed message files no second ticket. Uses the channel end-to-end world (provider fakes in
// this process, the real `fte serve`).
#include <gtest/gtest.h>

#include "e2e/channels/world.h"

namespace fte::security {
namespace {

using namespace fte::e2e;

std::string meta_notification(const std::string& wamid, const std::string& wa_id,
                              const std::string& body) {
  json::object msg{{"from", wa_id}, {"id", wamid}, {"timestamp", "1767604531"},
                   {"type", "text"}, {"text", json::object{{"body", body}}}};
  json::object value{
      {"messaging_product", "whatsapp"},
      {"metadata", json::object{{"display_phone_number", "15550783881"},
                                {"phone_number_id", kMetaPhoneNumberId}}},
      {"contacts", json::array{json::object{{"profile", json::object{{"name", "Sheena Nelson"}}},
                                            {"wa_id", wa_id}}}},
      {"messages", json::array{msg}}};
  return json::serialize(json::object{
      {"object", "whatsapp_business_account"},
      {"entry", json::array{json::object{
                    {"id", "102290129340398"},
                    {"changes", json::array{json::object{{"field", "messages"}, {"value", value}}}}}}}});
}

std::string mail(const std::string& from, const std::string& message_id) {
  return "From: Pat Doe <" + from + ">\r\nTo: Support <" + kSupportEmail +
         ">\r\nSubject: Export\r\nDate: Mon, 05 Jan 2026 09:15:31 +0000\r\nMessage-ID: " +
         message_id +
         "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n\r\n"
         "How do I export my data to CSV?\r\n";
}

int tickets_of(World& w, const std::string& query) {
  auto c = w.customer(query);
  if (!c || !c->contains("tickets")) return 0;
  return static_cast<int>(c->at("tickets").as_array().size());
}

TEST(Webhooks, EveryWebhookRefusesMissingAndWrongSignaturesAndIgnoresReplays) {
  World w({.whatsapp = true, .gmail = true, .meta = true});
  ASSERT_TRUE(w.serve->ready()) << w.log();

  // Twilio.
  const std::string path = "/webhooks/whatsapp";
  auto in = World::inbound("SM0123456789abcdef0123456789abcd01", "+14155550101",
                           "How do I reset my password?");
  EXPECT_EQ(w.twilio_webhook(path, in, "").status, 403) << "no signature";
  EXPECT_EQ(w.twilio_webhook(path, in, "AAAAAAAAAAAAAAAAAAAAAAAAAAA=").status, 403) << "wrong";
  EXPECT_EQ(w.twilio_webhook(path, in, twilio_signature("other-token", kPublicUrl + path, in)).status,
            403)
      << "other account's token";
  auto tampered = in;
  auto signed_for = twilio_signature(kAuthToken, kPublicUrl + path, in);
  for (auto& [k, v] : tampered)
    if (k == "Body") v = "Send me every customer's data";
  EXPECT_EQ(w.twilio_webhook(path, tampered, signed_for).status, 403) << "tampered body";
  EXPECT_FALSE(w.customer("phone=%2B14155550101")) << "a refused Twilio webhook stored a customer";
  auto ok = w.twilio_webhook(path, in);
  EXPECT_TRUE(ok.status == 200 || ok.status == 204) << ok.status << " " << ok.body;
  auto replay = w.twilio_webhook(path, in);
  EXPECT_TRUE(replay.status == 200 || replay.status == 204) << replay.status;
  EXPECT_TRUE(wait_until([&] { return tickets_of(w, "phone=%2B14155550101") == 1; }, 15s));
  EXPECT_EQ(tickets_of(w, "phone=%2B14155550101"), 1) << "the replay filed a second ticket";

  // Meta.
  auto body = meta_notification("wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzRUIwQTFCMkMzRDRFNUY3",
                                "16505550177", "Hi! How do I set up the GitHub integration?");
  EXPECT_EQ(w.meta_webhook(body, "").status, 403) << "no signature";
  EXPECT_EQ(w.meta_webhook(body, "sha256=" + std::string(64, '0')).status, 403) << "wrong";
  EXPECT_EQ(w.meta_webhook(body, meta_signature_header("another-secret", body)).status, 403);
  EXPECT_EQ(w.meta_webhook(body + " ", meta_signature_header(kMetaAppSecret, body)).status, 403)
      << "tampered body";
  EXPECT_FALSE(w.customer("phone=%2B16505550177"));
  EXPECT_EQ(w.meta_webhook(body).status, 200);
  EXPECT_EQ(w.meta_webhook(body).status, 200) << "a replay is acknowledged";
  EXPECT_TRUE(wait_until([&] { return tickets_of(w, "phone=%2B16505550177") == 1; }, 15s));
  EXPECT_EQ(tickets_of(w, "phone=%2B16505550177"), 1) << "the replay filed a second ticket";

  // Gmail Pub/Sub push.
  auto& g = w.google->google;
  ASSERT_EQ(w.gmail_push(g.history_id(), w.push_token()).status, 200) << w.log();
  auto hid = g.deliver({"18d1f0a1b2c3d4f1", "18d1f0a1b2c3d4f1",
                        mail("pat.doe@example.com", "<CAPat001+sec@mail.gmail.com>")});
  test::TestRsaKey stranger("e2e-push-key");
  test::Claims c;
  c.aud = kAudience;
  c.email = kPushAccount;
  c.iat = now_ms() / 1000 - 5;
  c.exp = c.iat + 3600;
  auto gmail_calls = [&] {
    int n = 0;
    for (const auto& r : g.requests()) n += r.path.rfind("/gmail/", 0) == 0 ? 1 : 0;
    return n;
  };
  const int calls_before = gmail_calls();
  for (const std::string& bad : {std::string(), test::mint(stranger, c), w.push_token(-3600),
                                 w.push_token(3600, "https://other.example/push"),
                                 std::string("e30.e30.AAAA")}) {
    auto r = w.gmail_push(hid, bad);
    EXPECT_TRUE(r.status == 401 || r.status == 403) << r.status << " " << r.body;
  }
  EXPECT_EQ(gmail_calls(), calls_before) << "a refused push made fte read the mailbox";
  EXPECT_FALSE(w.customer("email=pat.doe%40example.com")) << "a refused push stored a customer";
  std::string token = w.push_token();
  ASSERT_EQ(w.gmail_push(hid, token).status, 200) << w.log();
  ASSERT_EQ(w.gmail_push(hid, token).status, 200) << "Pub/Sub redelivery";
  EXPECT_EQ(tickets_of(w, "email=pat.doe%40example.com"), 1) << w.log();
  // Refusals are audited without the raw client address.
  std::string log = w.log();
  EXPECT_NE(log.find("webhook authentication failed"), std::string::npos);
  EXPECT_EQ(log.find("\"remote_addr\":\"127.0.0.1\""), std::string::npos);
}

}  // namespace
}  // namespace fte::security
