// POST /webhooks/gmail: the token is checked first (401/403 with an audit line and a counter,
// nothing fetched or stored), then the push is parsed and the mailbox synced; 200 only after the
// messages are durable, 503 when anything failed.
#include "channels/email/webhook.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>

#include "channels/email/gmail_client.h"
#include "channels/email/mailbox_sync.h"
#include "fake_google.h"
#include "ops/log.h"
#include "ops/metrics.h"
#include "test_keys.h"
#include "test_support.h"

namespace email = fte::channels::email;
using fte::test::FakeGoogle;

namespace {

std::mutex g_log_mu;
std::vector<std::string> g_log;
void capture(std::string_view line) {
  std::lock_guard lk(g_log_mu);
  g_log.emplace_back(line);
}

const std::string kAudience = "https://support.example/webhooks/gmail";
const std::string kServiceAccount = "gmail-push@project.iam.gserviceaccount.com";

std::string push_body(const std::string& mailbox, std::uint64_t history_id) {
  std::string data =
      R"({"emailAddress":")" + mailbox + R"(","historyId":)" + std::to_string(history_id) + "}";
  return R"({"message":{"data":")" + email::base64_encode(data) +
         R"(","messageId":"136969346945","publishTime":"2026-01-05T09:00:00Z"},"subscription":"projects/p/subscriptions/gmail"})";
}

struct Answer {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class WebhookTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { key_ = new fte::test::TestRsaKey("push-key-1"); }
  static void TearDownTestSuite() { delete key_; }

  WebhookTest()
      : keys_(fte::test::jwks_json({key_})),
        tokens_(google_, oauth(), clock_),
        api_(google_, tokens_, api_opts()),
        sync_(api_, intake_, cursor_, {}, clock_) {
    fte::ops::set_log_sink(&capture);
    std::lock_guard lk(g_log_mu);
    g_log.clear();
  }
  ~WebhookTest() override { fte::ops::set_log_sink(nullptr); }

  static email::OAuthOptions oauth() {
    email::OAuthOptions o;
    o.token_url = "http://google.test/token";
    o.client_id = "id";
    o.client_secret = "secret";
    o.refresh_token = "refresh-secret";
    return o;
  }
  static email::GmailApiOptions api_opts() {
    email::GmailApiOptions o;
    o.api_base = "http://google.test";
    o.retry = {1, 1, 1, 1000};
    return o;
  }
  std::unique_ptr<email::GmailWebhook> webhook(bool configured) {
    email::WebhookOptions o;
    if (configured) {
      o.token.audience = kAudience;
      o.token.service_account = kServiceAccount;
    }
    o.mailbox = "support@rotaloom.example";
    return std::make_unique<email::GmailWebhook>(o, configured ? &keys_ : nullptr,
                                                 configured ? &sync_ : nullptr, metrics_, clock_);
  }
  std::string token(std::function<void(fte::test::Claims&)> edit = {}) {
    fte::test::Claims c;
    c.aud = kAudience;
    c.email = kServiceAccount;
    c.iat = clock_.now_ms() / 1000 - 5;
    c.exp = c.iat + 3600;
    if (edit) edit(c);
    return "Bearer " + fte::test::mint(*key_, c);
  }
  Answer post(email::GmailWebhook& w, const std::string& authorization, const std::string& body) {
    fte::http::Request req;
    req.method = "POST";
    req.target = req.path = "/webhooks/gmail";
    req.request_id = "req-1";
    req.remote_addr = "203.0.113.9";
    if (!authorization.empty()) req.headers.emplace_back("authorization", authorization);
    req.headers.emplace_back("content-type", "application/json");
    req.body = body;
    auto p = std::make_shared<std::promise<Answer>>();
    auto f = p->get_future();
    w.handle(req, [p](fte::http::Response r) { p->set_value({r.status, r.body, r.headers}); });
    EXPECT_EQ(f.wait_for(std::chrono::seconds(20)), std::future_status::ready);
    return f.get();
  }
  bool logged(const std::string& needle) {
    std::lock_guard lk(g_log_mu);
    for (const auto& l : g_log)
      if (l.find(needle) != std::string::npos) return true;
    return false;
  }
  double failures() {
    return metrics_.counter("fte_webhook_signature_failures_total", {{"channel", "email"}}).value();
  }

  static fte::test::TestRsaKey* key_;
  fte::test::ManualClock clock_;
  FakeGoogle google_;
  email::StaticKeys keys_;
  email::OAuthRefreshTokens tokens_;
  email::GmailClient api_;
  fte::test::RecordingIntake intake_;
  email::MemoryHistoryCursor cursor_;
  email::MailboxSync sync_;
  fte::ops::Metrics metrics_;
};
fte::test::TestRsaKey* WebhookTest::key_ = nullptr;

}  // namespace

TEST_F(WebhookTest, UnconfiguredChannelStillRefusesMissingAndForgedTokens) {
  auto w = webhook(false);
  std::string body = push_body("support@rotaloom.example", 5);
  EXPECT_EQ(post(*w, "", body).status, 401);
  EXPECT_EQ(post(*w, "Bearer e30.e30.AAAA", body).status, 401);
  Answer a = post(*w, token(), body);
  EXPECT_EQ(a.status, 503);
  EXPECT_NE(a.body.find("email channel not configured"), std::string::npos);
  EXPECT_EQ(failures(), 2);
  EXPECT_TRUE(google_.requests().empty());
}

TEST_F(WebhookTest, BadTokensAre401Or403WithAnAuditLineAndNothingFetched) {
  auto w = webhook(true);
  std::uint64_t n = google_.deliver({"m1", "t1", fte::test::read_fixture("gmail_reply.eml")});
  std::string body = push_body("support@rotaloom.example", n);
  EXPECT_EQ(post(*w, "", body).status, 401);
  EXPECT_EQ(post(*w, "Bearer e30.e30.AAAA", body).status, 401);
  EXPECT_EQ(post(*w, token([](auto& c) {
              c.iat -= 7200;
              c.exp = c.iat + 3600;
            }),
                 body)
                .status,
            401);
  EXPECT_EQ(post(*w, token([](auto& c) { c.aud = "https://elsewhere.example"; }), body).status,
            403);
  EXPECT_EQ(post(*w, token([](auto& c) { c.iss = "https://evil.example"; }), body).status, 403);
  EXPECT_EQ(post(*w, token([](auto& c) { c.email = "x@y.iam.gserviceaccount.com"; }), body).status,
            403);
  std::string t = token();
  EXPECT_EQ(post(*w, t.substr(0, t.size() - 4) + "AAAA", body).status, 401);  // bad signature
  EXPECT_EQ(failures(), 7);
  EXPECT_TRUE(logged("webhook authentication failed"));
  EXPECT_TRUE(logged("\"reason\":\"wrong_audience\""));
  EXPECT_TRUE(logged("\"reason\":\"expired\""));
  EXPECT_FALSE(logged(t.substr(7, 40)));  // no token content in logs
  EXPECT_TRUE(google_.requests().empty());
  EXPECT_TRUE(intake_.accepted().empty());
  EXPECT_NE(metrics_.render().find("fte_webhook_signature_failures_total{channel=\"email\"} 7"),
            std::string::npos);
}

TEST_F(WebhookTest, ValidPushSyncsTheMailboxAndAnswers200AfterIntake) {
  auto w = webhook(true);
  cursor_.save(std::to_string(google_.history_id()));
  google_.deliver({"m1", "thread-a", fte::test::read_fixture("gmail_reply.eml")});
  std::uint64_t n =
      google_.deliver({"m2", "thread-b", fte::test::read_fixture("apple_attachments.eml")});
  Answer a = post(*w, token(), push_body("support@rotaloom.example", n));
  EXPECT_EQ(a.status, 200) << a.body;
  EXPECT_NE(a.body.find("\"accepted\":2"), std::string::npos) << a.body;
  auto in = intake_.accepted();
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[1].channel_message_id, "m2");
  EXPECT_EQ(in[1].customer_name, "Zo\xC3\xAB Martin");
  EXPECT_EQ(in[1].attachments.size(), 2u);
  // Redelivery of the same push (Pub/Sub at-least-once): acknowledged, nothing new.
  Answer again = post(*w, token(), push_body("support@rotaloom.example", n));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(intake_.accepted().size(), 2u);
}

TEST_F(WebhookTest, InvalidBodiesOtherMailboxesAndFailures) {
  auto w = webhook(true);
  cursor_.save(std::to_string(google_.history_id()));
  EXPECT_EQ(post(*w, token(), "{\"message\":{}}").status, 400);
  Answer other = post(*w, token(), push_body("someone@else.example", 99999));
  EXPECT_EQ(other.status, 200);
  EXPECT_NE(other.body.find("ignored"), std::string::npos);
  std::uint64_t n = google_.deliver({"m1", "t1", fte::test::read_fixture("latin1.eml")});
  intake_.fail_next(1);
  Answer failed = post(*w, token(), push_body("support@rotaloom.example", n));
  EXPECT_EQ(failed.status, 503);
  bool retry_after = false;
  for (const auto& [k, v] : failed.headers) retry_after = retry_after || k == "Retry-After";
  EXPECT_TRUE(retry_after);
  EXPECT_EQ(post(*w, token(), push_body("support@rotaloom.example", n)).status, 200);
  EXPECT_EQ(intake_.accepted().size(), 1u);
  google_.fail_next("/gmail/v1/users/me/history", 500, 5);
  n = google_.deliver({"m2", "t2", fte::test::read_fixture("latin1.eml")});
  EXPECT_EQ(post(*w, token(), push_body("support@rotaloom.example", n)).status, 503);
}
