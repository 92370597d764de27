// End to end over WhatsApp: the real `fte serve` process with TWILIO_* pointing at a fake Twilio
// REST API in this test process. Webhooks are signed here as Twilio signs them (over the public
// URL, FTE_PUBLIC_URL, since the service sits behind a proxy).
#include <gtest/gtest.h>

#include "world.h"

using namespace fte::e2e;

namespace {

const std::string kCustomer = "+14155550123";

// Twilio's published signature example, so the signer used below is known to be Twilio's algorithm.
TEST(WhatsAppE2E, SignerMatchesTwiliosPublishedVector) {
  EXPECT_EQ(twilio_signature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2",
                             {{"CallSid", "CA1234567890ABCDE"},
                              {"Caller", "+14158675309"},
                              {"Digits", "1234"},
                              {"From", "+14158675309"},
                              {"To", "+18005551212"}}),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
}

TEST(WhatsAppE2E, SignedMessageBecomesOneTicketAnsweredThroughTwilioWithStatusCallbacks) {
  World w({.whatsapp = true});
  ASSERT_TRUE(w.serve->ready()) << w.log();
  auto in = World::inbound("SM1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c", kCustomer,
                           "Hi! How do I set up the Slack integration?");

  // Forged, missing, wrong-key and tampered signatures: 403, nothing stored, nothing sent.
  EXPECT_EQ(w.twilio_webhook("/webhooks/whatsapp", in, "bm90IGEgc2lnbmF0dXJlIGF0IGFsbA==").status,
            403);
  EXPECT_EQ(w.twilio_webhook("/webhooks/whatsapp", in, "").status, 403);
  EXPECT_EQ(
      w.twilio_webhook("/webhooks/whatsapp", in,
                       twilio_signature("another-token", kPublicUrl + "/webhooks/whatsapp", in))
          .status,
      403);
  auto tampered = in;
  auto signed_for_original = twilio_signature(kAuthToken, kPublicUrl + "/webhooks/whatsapp", in);
  for (auto& [k, v] : tampered)
    if (k == "Body") v = "Please refund my last invoice";
  EXPECT_EQ(w.twilio_webhook("/webhooks/whatsapp", tampered, signed_for_original).status, 403);
  // Signed for another URL (the service's own address instead of the public one): refused too.
  EXPECT_EQ(w.twilio_webhook("/webhooks/whatsapp", in,
                             twilio_signature(kAuthToken, w.serve->url("/webhooks/whatsapp"), in))
                .status,
            403);
  EXPECT_FALSE(w.customer("phone=%2B14155550123")) << "a refused webhook stored a customer";
  EXPECT_NE(w.log().find("webhook authentication failed"), std::string::npos) << "audit line";

  // The genuine message: 200 with empty TwiML (Twilio must not send anything by itself).
  auto ok = w.twilio_webhook("/webhooks/whatsapp", in);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_NE(header_of(ok, "content-type").find("xml"), std::string::npos);
  EXPECT_NE(ok.body.find("<Response></Response>"), std::string::npos) << ok.body;
  // Twilio retries the same MessageSid (signing the URL with its default port this time): still
  // 200, still one ticket with one inbound message.
  auto replay =
      w.twilio_webhook("/webhooks/whatsapp", in,
                       twilio_signature(kAuthToken, kPublicUrl + ":443/webhooks/whatsapp", in));
  ASSERT_EQ(replay.status, 200) << replay.body;
  std::string id = w.only_ticket("phone=%2B14155550123");
  ASSERT_FALSE(id.empty()) << (w.customer("phone=%2B14155550123") ? "not exactly one ticket"
                                                                  : "no customer");

  // The reply goes out through the Messages API, split in order, every part within Twilio's limit.
  json::object t;
  ASSERT_TRUE(wait_until(
      [&] {
        t = w.ticket(id);
        auto out = World::messages(t, "outbound");
        return out.size() == 1 && World::str(out[0], "delivery_status") == "queued";
      },
      15s))
      << json::serialize(t) << "\n"
      << w.log();
  EXPECT_EQ(World::messages(t, "inbound").size(), 1u) << json::serialize(t);
  EXPECT_EQ(World::str(t, "channel"), "whatsapp");
  auto sent = w.twilio->created();
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(w.twilio->requests().size(), sent.size()) << "every request was well-formed";
  std::string joined;
  for (const auto& r : sent) {
    EXPECT_EQ(r.path, "/2010-04-01/Accounts/" + kAccountSid + "/Messages.json");
    EXPECT_EQ(r.authorization, "Basic " + b64(kAccountSid + ":" + kAuthToken));
    EXPECT_EQ(r.get("To"), "whatsapp:" + kCustomer);
    EXPECT_EQ(r.get("From"), kWhatsAppFrom);
    EXPECT_EQ(r.get("StatusCallback"), kPublicUrl + "/webhooks/whatsapp/status");
    EXPECT_FALSE(r.get("Body").empty());
    EXPECT_LE(r.get("Body").size(), 1600u);
    joined += (joined.empty() ? "" : "\n\n") + r.get("Body");
  }
  auto reply = World::str(World::messages(t, "outbound")[0], "content");
  EXPECT_EQ(joined, reply) << "the parts, in order, are the stored reply";
  EXPECT_NE(reply.find("Slack"), std::string::npos) << reply;
  EXPECT_GE(sent.size(), 2u) << "this answer is longer than one WhatsApp message: " << reply;

  // Status callbacks: a forged one changes nothing; Twilio's signed "delivered" for each message
  // is recorded on the reply.
  auto forged = World::status(sent[0].sid, kCustomer, "read");
  EXPECT_EQ(
      w.twilio_webhook("/webhooks/whatsapp/status", forged, "c3RpbGwgbm90IGEgc2lnbmF0dXJl").status,
      403);
  for (const auto& r : sent) {
    auto cb =
        w.twilio_webhook("/webhooks/whatsapp/status", World::status(r.sid, kCustomer, "sent"));
    ASSERT_EQ(cb.status, 200) << cb.body;
    cb =
        w.twilio_webhook("/webhooks/whatsapp/status", World::status(r.sid, kCustomer, "delivered"));
    ASSERT_EQ(cb.status, 200) << cb.body;
  }
  ASSERT_TRUE(wait_until(
      [&] {
        t = w.ticket(id);
        auto out = World::messages(t, "outbound");
        return out.size() == 1 && World::str(out[0], "delivery_status") == "delivered";
      },
      5s))
      << json::serialize(t);
  // A late "sent" does not move the status backwards.
  ASSERT_EQ(w.twilio_webhook("/webhooks/whatsapp/status",
                             World::status(sent.back().sid, kCustomer, "sent"))
                .status,
            200);
  EXPECT_EQ(World::str(World::messages(w.ticket(id), "outbound")[0], "delivery_status"),
            "delivered");
  // The operator's view of the conversation shows the same.
  auto c = w.customer("phone=%2B14155550123");
  ASSERT_TRUE(c);
  int delivered = 0;
  for (const auto& m : c->at("messages").as_array())
    delivered += m.at("direction").as_string() == "outbound" &&
                 m.at("delivery_status").as_string() == "delivered";
  EXPECT_EQ(delivered, 1) << json::serialize(*c);
  EXPECT_EQ(w.twilio->created().size(), sent.size()) << "no second reply";
  EXPECT_FALSE(t.contains("escalated")) << json::serialize(t);
}

TEST(WhatsAppE2E, TransientTwilioErrorsAreRetriedIntoExactlyOneDelivery) {
  World w({.whatsapp = true});
  ASSERT_TRUE(w.serve->ready()) << w.log();
  w.twilio->fail_next(500, 20500, 2);  // Twilio answers 500 twice, then 201
  auto r = w.twilio_webhook("/webhooks/whatsapp",
                            World::inbound("SM2a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c", kCustomer,
                                           "How do I invite team members to my workspace?"));
  ASSERT_EQ(r.status, 200) << r.body;
  std::string id = w.only_ticket("phone=%2B14155550123");
  ASSERT_FALSE(id.empty());
  json::object t;
  ASSERT_TRUE(wait_until(
      [&] {
        t = w.ticket(id);
        auto out = World::messages(t, "outbound");
        return out.size() == 1 && World::str(out[0], "delivery_status") == "queued";
      },
      15s))
      << json::serialize(t) << "\n"
      << w.log();
  auto all = w.twilio->requests();
  auto sent = w.twilio->created();
  ASSERT_GE(all.size(), 3u);
  EXPECT_EQ(all[0].answered, 500);
  EXPECT_EQ(all[1].answered, 500);
  EXPECT_EQ(all.size(), sent.size() + 2) << "two failed attempts, then each part once";
  std::string joined;
  for (const auto& m : sent) joined += (joined.empty() ? "" : "\n\n") + m.get("Body");
  EXPECT_EQ(joined, World::str(World::messages(t, "outbound")[0], "content"))
      << "each part exactly once, in order";
  EXPECT_FALSE(t.contains("escalated")) << json::serialize(t);
}

// A reply in several messages whose second message hits a transient error: the retry sends only
// what Twilio has not accepted yet, so the customer never gets a part twice.
TEST(WhatsAppE2E, RetryAfterAPartialSendDoesNotRepeatPartsAlreadySent) {
  World w({.whatsapp = true});
  ASSERT_TRUE(w.serve->ready()) << w.log();
  w.twilio->fail_request(2, 429, 20429);  // "Too Many Requests" on the second message
  auto r = w.twilio_webhook("/webhooks/whatsapp",
                            World::inbound("SM4a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c", kCustomer,
                                           "How do I set up the Slack integration?"));
  ASSERT_EQ(r.status, 200) << r.body;
  std::string id = w.only_ticket("phone=%2B14155550123");
  ASSERT_FALSE(id.empty());
  json::object t;
  ASSERT_TRUE(wait_until(
      [&] {
        t = w.ticket(id);
        auto out = World::messages(t, "outbound");
        return out.size() == 1 && World::str(out[0], "delivery_status") == "queued";
      },
      15s))
      << json::serialize(t) << "\n"
      << w.log();
  auto sent = w.twilio->created();
  auto reply = World::str(World::messages(t, "outbound")[0], "content");
  ASSERT_EQ(w.twilio->requests().size(), sent.size() + 1) << "one refused attempt";
  ASSERT_GE(sent.size(), 2u) << "this answer is longer than one WhatsApp message: " << reply;
  std::string joined;
  for (const auto& m : sent) joined += (joined.empty() ? "" : "\n\n") + m.get("Body");
  EXPECT_EQ(joined, reply) << "each part exactly once, in order";
  EXPECT_FALSE(t.contains("escalated")) << json::serialize(t);
}

TEST(WhatsAppE2E, PermanentTwilioErrorEscalatesTheTicketAsDeliveryFailed) {
  World w({.whatsapp = true});
  ASSERT_TRUE(w.serve->ready()) << w.log();
  w.twilio->fail_next(400, 21211, 1);  // "The 'To' number is not a valid phone number."
  auto r = w.twilio_webhook("/webhooks/whatsapp",
                            World::inbound("SM3a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c", kCustomer,
                                           "How do I export my project data to CSV?"));
  ASSERT_EQ(r.status, 200) << r.body;
  std::string id = w.only_ticket("phone=%2B14155550123");
  ASSERT_FALSE(id.empty());
  json::object t;
  ASSERT_TRUE(wait_until(
      [&] {
        t = w.ticket(id);
        return World::str(t, "escalation_reason") == "delivery_failed";
      },
      15s))
      << json::serialize(t) << "\n"
      << w.log();
  EXPECT_EQ(World::str(t, "status"), "escalated") << json::serialize(t);
  auto out = World::messages(t, "outbound");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(World::str(out[0], "delivery_status"), "failed");
  // A permanent error is not retried, and nothing reached the customer.
  EXPECT_EQ(w.twilio->requests().size(), 1u);
  EXPECT_TRUE(w.twilio->created().empty());
}

}  // namespace

namespace {

TEST(WhatsAppE2E, AnUndeliveredStatusCallbackHandsTheTicketToAHuman) {
  World w({.whatsapp = true});
  ASSERT_TRUE(w.serve->ready()) << w.log();
  const std::string phone = "+14155550177";
  // A question whose answer goes out as several WhatsApp messages; the first one fails.
  auto in = World::inbound("SM00aa11bb22cc33dd44ee55ff66778899", phone,
                           "Hi! How do I set up the Slack integration?");
  ASSERT_EQ(w.twilio_webhook("/webhooks/whatsapp", in).status, 200);
  std::string id;
  ASSERT_TRUE(wait_until([&] { return !(id = w.only_ticket("phone=%2B14155550177")).empty(); }, 15s));
  ASSERT_TRUE(wait_until([&] { return !w.twilio->created().empty(); }, 15s)) << w.log();
  json::object t;
  ASSERT_TRUE(wait_until(
      [&] {
        t = w.ticket(id);
        auto out = World::messages(t, "outbound");
        return out.size() == 1 && World::str(out[0], "delivery_status") == "queued";
      },
      15s))
      << json::serialize(t);
  EXPECT_EQ(World::str(t, "status"), "responded");
  ASSERT_GE(w.twilio->created().size(), 2u) << "a reply in several parts";
  // Twilio accepted the reply, then reports its first part undeliverable (30006: landline or
  // unreachable) while the later ones went through.
  for (std::size_t i = 1; i < w.twilio->created().size(); ++i)
    ASSERT_EQ(w.twilio_webhook("/webhooks/whatsapp/status",
                               World::status(w.twilio->created()[i].sid, phone, "sent"))
                  .status,
              200);
  auto cb = World::status(w.twilio->created().front().sid, phone, "undelivered");
  cb.emplace_back("ErrorCode", "30006");
  ASSERT_EQ(w.twilio_webhook("/webhooks/whatsapp/status", cb).status, 200);
  ASSERT_TRUE(wait_until([&] { return World::str(w.ticket(id), "status") == "escalated"; }, 10s))
      << json::serialize(w.ticket(id));
  EXPECT_EQ(World::str(w.ticket(id), "escalation_reason"), "delivery_failed");
  // Twilio calls again with the same status: still one escalation, still 200.
  ASSERT_EQ(w.twilio_webhook("/webhooks/whatsapp/status", cb).status, 200);
  EXPECT_EQ(World::str(World::messages(w.ticket(id), "outbound")[0], "delivery_status"), "undelivered");
}

// Meta's WhatsApp Cloud API as the provider (FTE_WHATSAPP_PROVIDER=auto picks it when Twilio is not
// configured): the subscription check, signed notifications in, the reply out through the Graph
// API, and status notifications — the same pipeline behind a second adapter.
std::string meta_notification(const std::string& wamid, const std::string& wa_id,
                              const std::string& body) {
  json::object text{{"body", body}};
  json::object msg{{"from", wa_id}, {"id", wamid},   {"timestamp", "1767604531"},
                   {"type", "text"}, {"text", text}};
  json::object value{
      {"messaging_product", "whatsapp"},
      {"metadata",
       json::object{{"display_phone_number", "15550783881"}, {"phone_number_id", kMetaPhoneNumberId}}},
      {"contacts", json::array{json::object{{"profile", json::object{{"name", "Sheena Nelson"}}},
                                            {"wa_id", wa_id}}}},
      {"messages", json::array{msg}}};
  return json::serialize(json::object{
      {"object", "whatsapp_business_account"},
      {"entry", json::array{json::object{
                    {"id", "102290129340398"},
                    {"changes", json::array{json::object{{"field", "messages"}, {"value", value}}}}}}}});
}

std::string meta_status(const std::string& wamid, const std::string& wa_id, const std::string& st,
                        int error_code = 0) {
  json::object s{{"id", wamid},
                 {"status", st},
                 {"timestamp", "1767604540"},
                 {"recipient_id", wa_id}};
  if (error_code)
    s["errors"] = json::array{json::object{{"code", error_code}, {"title", "Message undeliverable"}}};
  json::object value{
      {"messaging_product", "whatsapp"},
      {"metadata",
       json::object{{"display_phone_number", "15550783881"}, {"phone_number_id", kMetaPhoneNumberId}}},
      {"statuses", json::array{s}}};
  return json::serialize(json::object{
      {"object", "whatsapp_business_account"},
      {"entry", json::array{json::object{
                    {"id", "102290129340398"},
                    {"changes", json::array{json::object{{"field", "messages"}, {"value", value}}}}}}}});
}

TEST(WhatsAppE2E, MetaCloudApiMessageIsAnsweredThroughTheGraphApiWithStatuses) {
  World w({.meta = true});
  ASSERT_TRUE(w.serve->ready()) << w.log();
  const std::string wa_id = "16505551234";

  // The subscription check Meta makes when the webhook is configured.
  auto check = send("GET",
                    w.serve->url("/webhooks/whatsapp/meta?hub.mode=subscribe&hub.challenge=1158201444"
                                 "&hub.verify_token=" + kMetaVerifyToken),
                    "", {});
  EXPECT_EQ(check.status, 200);
  EXPECT_EQ(check.body, "1158201444");
  EXPECT_EQ(send("GET",
                 w.serve->url("/webhooks/whatsapp/meta?hub.mode=subscribe&hub.challenge=1"
                              "&hub.verify_token=guess"),
                 "", {})
                .status,
            403);

  auto in = meta_notification("wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzRUIwQTFCMkMzRDRFNUY2", wa_id,
                              "Hi! How do I set up the Slack integration?");
  // Forged, missing, other-secret signatures: 403 and nothing stored.
  EXPECT_EQ(w.meta_webhook(in, "sha256=" + std::string(64, '0')).status, 403);
  EXPECT_EQ(w.meta_webhook(in, "").status, 403);
  EXPECT_EQ(w.meta_webhook(in, meta_signature_header("another-secret", in)).status, 403);
  EXPECT_FALSE(w.customer("phone=%2B16505551234")) << "a refused webhook stored a customer";

  auto ok = w.meta_webhook(in);
  ASSERT_EQ(ok.status, 200) << ok.body << "\n" << w.log();
  ASSERT_EQ(w.meta_webhook(in).status, 200) << "Meta's retry of the same wamid";
  std::string id;
  ASSERT_TRUE(wait_until([&] { return !(id = w.only_ticket("phone=%2B16505551234")).empty(); }, 15s))
      << w.log();

  ASSERT_TRUE(wait_until([&] { return !w.meta->sent().empty(); }, 15s)) << w.log();
  json::object t;
  ASSERT_TRUE(wait_until(
      [&] {
        t = w.ticket(id);
        auto out = World::messages(t, "outbound");
        return out.size() == 1 && !World::str(out[0], "delivery_status").empty() &&
               World::str(out[0], "delivery_status") != "pending";
      },
      15s))
      << json::serialize(t) << "\n" << w.log();
  auto sent = w.meta->sent();
  std::string joined;
  for (const auto& r : sent) {
    EXPECT_EQ(r.path, "/v21.0/" + kMetaPhoneNumberId + "/messages");
    EXPECT_EQ(r.authorization, "Bearer " + kMetaAccessToken);
    EXPECT_EQ(World::str(r.body, "to"), wa_id);
    EXPECT_EQ(World::str(r.body, "type"), "text");
    joined += (joined.empty() ? "" : "\n\n") + World::str(r.body.at("text").as_object(), "body");
  }
  auto reply = World::str(World::messages(t, "outbound")[0], "content");
  EXPECT_EQ(joined, reply) << "the parts, in order, are the stored reply";
  EXPECT_NE(reply.find("Slack"), std::string::npos) << reply;

  // Status notifications: forged ones change nothing; "delivered" is recorded on the reply.
  EXPECT_EQ(w.meta_webhook(meta_status(sent.back().wamid, wa_id, "read"), "sha256=00").status, 403);
  for (const auto& r : sent)
    ASSERT_EQ(w.meta_webhook(meta_status(r.wamid, wa_id, "delivered")).status, 200);
  ASSERT_TRUE(wait_until(
      [&] {
        t = w.ticket(id);
        return World::str(World::messages(t, "outbound")[0], "delivery_status") == "delivered";
      },
      5s))
      << json::serialize(t);
  EXPECT_FALSE(t.contains("escalated")) << json::serialize(t);

  // Meta later reports the reply failed (131026, undeliverable): a person takes the ticket.
  ASSERT_EQ(w.meta_webhook(meta_status(sent.back().wamid, wa_id, "failed", 131026)).status, 200);
  ASSERT_TRUE(wait_until([&] { return World::str(w.ticket(id), "status") == "escalated"; }, 10s))
      << json::serialize(w.ticket(id));
  EXPECT_EQ(World::str(w.ticket(id), "escalation_reason"), "delivery_failed");
  EXPECT_EQ(w.meta->sent().size(), sent.size()) << "no second reply";
}

}  // namespace
