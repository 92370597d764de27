// The webhook routes with a fake Intake: signed → 200 TwiML after the message is durable; replay →
// duplicate → 200; forged/missing → 403 and intake never called; store errors → 503 + Retry-After;
// the status callback reaches the sink.
#include <gtest/gtest.h>

#include <optional>

#include "channels/whatsapp/routes.h"
#include "channels/whatsapp/signature.h"
#include "core/error.h"
#include "core/ids.h"
#include "ops/metrics.h"
#include "test_support.h"

namespace fte::channels::whatsapp {
namespace {

using test::FakeIntake;
using test::FixedClock;

const char* kForm =
    "MessageSid=SMbars0001&AccountSid=ACbars&From=whatsapp%3A%2B14155550101&To=whatsapp%3A%2B14155550199"
    "&Body=how+do+i+reset+my+password&NumMedia=0&ProfileName=Bars&WaId=14155550101";
const char* kSignature = "RlFyBoF/Uw+kBfWbFv8djZe1Cbc=";  // the acceptance script's signer, token bars-token-42

WhatsAppConfig config() {
  WhatsAppConfig c;
  c.account_sid = "ACbars";
  c.auth_token = "bars-token-42";
  c.public_url = "https://support.example.test";
  return c;
}

class RecordingSink final : public DeliveryStatusSink {
 public:
  std::vector<DeliveryStatusUpdate> updates;
  std::exception_ptr fail;
  void record(DeliveryStatusUpdate u, std::function<void(std::exception_ptr)> done) override {
    updates.push_back(std::move(u));
    done(fail);
  }
};

class WhatsAppRoutes : public ::testing::Test {
 protected:
  void SetUp() override { register_routes(router, intake, metrics, cfg, &sink, clock); }

  http::Request request(std::string path, std::string body, std::string signature) {
    http::Request r;
    r.method = "POST";
    r.target = path;
    r.path = std::move(path);
    r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    r.headers.emplace_back("host", "127.0.0.1:8080");
    if (!signature.empty()) r.headers.emplace_back("x-twilio-signature", std::move(signature));
    r.body = std::move(body);
    r.request_id = "req-1";
    r.remote_addr = "203.0.113.9";
    return r;
  }

  // Runs the handler; the answer may come later (from the intake's callback).
  std::shared_ptr<std::optional<http::Response>> call(http::Request req) {
    auto out = std::make_shared<std::optional<http::Response>>();
    auto m = router.match(req);
    EXPECT_TRUE(m.handler) << req.path;
    if (!m.handler) return out;
    (*m.handler)(req, [out](http::Response r) { *out = std::move(r); });
    return out;
  }

  std::string signed_for(const std::string& path, const std::string& body) {
    return twilio_signature(cfg.auth_token, cfg.public_url + path, http::parse_form(body));
  }

  double signature_failures() {
    return metrics.counter("fte_webhook_signature_failures_total", {{"channel", "whatsapp"}}).value();
  }

  WhatsAppConfig cfg = config();
  http::Router router;
  FakeIntake intake;
  RecordingSink sink;
  ops::Metrics metrics;
  FixedClock clock{1'700'000'000'000};
};

TEST_F(WhatsAppRoutes, SignedMessageIsAcceptedOnceDurable) {
  intake.defer = true;
  auto out = call(request("/webhooks/whatsapp", kForm, kSignature));
  EXPECT_FALSE(out->has_value()) << "answered before the message was durable";
  ASSERT_EQ(intake.calls, 1);
  intake.release();
  ASSERT_TRUE(out->has_value());
  EXPECT_EQ((*out)->status, 200);
  EXPECT_EQ((*out)->content_type.substr(0, 8), "text/xml");
  EXPECT_EQ((*out)->body, kEmptyTwiml);
  ASSERT_EQ(intake.accepted.size(), 1u);
  const auto& m = intake.accepted[0];
  EXPECT_EQ(m.channel, Channel::whatsapp);
  EXPECT_EQ(m.channel_message_id, "SMbars0001");
  EXPECT_EQ(m.phone, "+14155550101");
  EXPECT_EQ(m.customer_name, "Bars");
  EXPECT_EQ(m.body, "how do i reset my password");
  EXPECT_TRUE(is_uuid(m.ticket_id));
  EXPECT_EQ(m.correlation_id, "req-1");
  EXPECT_EQ(m.received_at_ms, 1'700'000'000'000);
}

TEST_F(WhatsAppRoutes, ReplayIsADuplicateAndStillAnswered) {
  auto first = call(request("/webhooks/whatsapp", kForm, kSignature));
  auto second = call(request("/webhooks/whatsapp", kForm, kSignature));
  ASSERT_TRUE(first->has_value() && second->has_value());
  EXPECT_EQ((*first)->status, 200);
  EXPECT_EQ((*second)->status, 200);
  EXPECT_EQ(intake.calls, 2);
  EXPECT_EQ(intake.accepted.size(), 1u);
  EXPECT_EQ(metrics.counter("fte_whatsapp_inbound_total", {{"result", "duplicate"}}).value(), 1);
}

TEST_F(WhatsAppRoutes, ForgedMissingAndStaleSignaturesAreRefused) {
  std::string other(kForm);
  other.replace(other.find("SMbars0001"), 10, "SMbars0002");
  std::vector<std::string> sigs = {
      std::string("AAAA") + kSignature,                                   // forged
      "",                                                                 // missing
      twilio_signature(cfg.auth_token, "https://old.example.test/webhooks/whatsapp",
                       http::parse_form(other)),                          // stale URL
      kSignature,                                                         // another message's
  };
  for (const auto& s : sigs) {
    auto out = call(request("/webhooks/whatsapp", other, s));
    ASSERT_TRUE(out->has_value());
    EXPECT_EQ((*out)->status, 403) << s;
    EXPECT_EQ((*out)->content_type.substr(0, 16), "application/json");
  }
  EXPECT_EQ(intake.calls, 0);
  EXPECT_EQ(signature_failures(), 4);
}

TEST_F(WhatsAppRoutes, OtherAccountIsRefused) {
  std::string form(kForm);
  form.replace(form.find("ACbars"), 6, "ACevil");
  auto out = call(request("/webhooks/whatsapp", form, signed_for("/webhooks/whatsapp", form)));
  ASSERT_TRUE(out->has_value());
  EXPECT_EQ((*out)->status, 403);
  EXPECT_EQ(intake.calls, 0);
}

TEST_F(WhatsAppRoutes, StoreErrorsAskTwilioToRetry) {
  intake.fail = std::make_exception_ptr(Error(ErrorKind::unavailable, "database is locked"));
  auto out = call(request("/webhooks/whatsapp", kForm, kSignature));
  ASSERT_TRUE(out->has_value());
  EXPECT_EQ((*out)->status, 503);
  bool retry_after = false;
  for (const auto& [k, v] : (*out)->headers) retry_after |= k == "Retry-After" && !v.empty();
  EXPECT_TRUE(retry_after);
  EXPECT_EQ((*out)->body.find("locked"), std::string::npos);  // internals not echoed
}

TEST_F(WhatsAppRoutes, InvalidSignedPayloads) {
  std::string sms = "MessageSid=SMx1&AccountSid=ACbars&From=%2B14155550101&Body=hi";
  auto out = call(request("/webhooks/whatsapp", sms, signed_for("/webhooks/whatsapp", sms)));
  ASSERT_TRUE(out->has_value());
  EXPECT_EQ((*out)->status, 400);
  std::string reaction = "MessageSid=SMx2&AccountSid=ACbars&From=whatsapp%3A%2B14155550101&Body=";
  out = call(request("/webhooks/whatsapp", reaction, signed_for("/webhooks/whatsapp", reaction)));
  ASSERT_TRUE(out->has_value());
  EXPECT_EQ((*out)->status, 200);
  EXPECT_EQ(intake.calls, 0);
}

TEST_F(WhatsAppRoutes, StatusCallbackReachesTheSink) {
  std::string form =
      "MessageSid=SM0a1b&MessageStatus=undelivered&ErrorCode=63016&AccountSid=ACbars"
      "&To=whatsapp%3A%2B14155550101&From=whatsapp%3A%2B14155550199";
  auto out = call(request("/webhooks/whatsapp/status", form, signed_for("/webhooks/whatsapp/status", form)));
  ASSERT_TRUE(out->has_value());
  EXPECT_EQ((*out)->status, 200);
  ASSERT_EQ(sink.updates.size(), 1u);
  EXPECT_EQ(sink.updates[0].message_sid, "SM0a1b");
  EXPECT_EQ(sink.updates[0].status, "undelivered");
  EXPECT_EQ(sink.updates[0].error_code, "63016");
  EXPECT_EQ(metrics.counter("fte_whatsapp_delivery_status_total", {{"status", "undelivered"}}).value(), 1);
  EXPECT_EQ(metrics.counter("fte_whatsapp_delivery_failures_total", {{"action", "needs_template"}}).value(), 1);

  // Forged: refused, nothing recorded.
  out = call(request("/webhooks/whatsapp/status", form, "bm9wZQ=="));
  EXPECT_EQ((*out)->status, 403);
  EXPECT_EQ(sink.updates.size(), 1u);

  // The sink could not record it: Twilio must call again.
  sink.fail = std::make_exception_ptr(Error(ErrorKind::unavailable, "down"));
  out = call(request("/webhooks/whatsapp/status", form, signed_for("/webhooks/whatsapp/status", form)));
  EXPECT_EQ((*out)->status, 503);
}

TEST(WhatsAppRoutesUnconfigured, NoTokenMeans503AndNothingAccepted) {
  http::Router router;
  FakeIntake intake;
  ops::Metrics metrics;
  WhatsAppConfig cfg = config();
  cfg.auth_token.clear();
  register_routes(router, intake, metrics, cfg);
  for (const char* path : {"/webhooks/whatsapp", "/webhooks/whatsapp/status"}) {
    http::Request req;
    req.method = "POST";
    req.path = req.target = path;
    req.body = kForm;
    auto m = router.match(req);
    ASSERT_TRUE(m.handler);
    std::optional<http::Response> out;
    (*m.handler)(req, [&](http::Response r) { out = std::move(r); });
    ASSERT_TRUE(out);
    EXPECT_EQ(out->status, 503);
    EXPECT_NE(out->body.find("whatsapp channel not configured"), std::string::npos);
  }
  EXPECT_EQ(intake.calls, 0);
}

}  // namespace
}  // namespace fte::channels::whatsapp
