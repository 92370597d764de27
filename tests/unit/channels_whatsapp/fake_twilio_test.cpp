// TwilioSender and the status route against a fake Twilio REST server on loopback (fte::http::
// HttpServer, port 0) that follows the documented Messages API: POST
// /2010-04-01/Accounts/{AccountSid}/Messages.json with HTTP basic auth, form fields To/From/Body/
// StatusCallback (or ContentSid/ContentVariables), answering 201 {"sid":"SM…","status":"queued",…} or
// an error {code, message, more_info, status}. Like Twilio, it then posts signed status callbacks to
// the StatusCallback URL, which lands on our /webhooks/whatsapp/status route.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <boost/json.hpp>
#include <cctype>
#include <cstdio>
#include <deque>
#include <mutex>

#include "channels/whatsapp/routes.h"
#include "channels/whatsapp/signature.h"
#include "channels/whatsapp/twilio_sender.h"
#include "http/client.h"
#include "http/server.h"
#include "ops/metrics.h"
#include "test_support.h"

namespace fte::channels::whatsapp {
namespace {

namespace json = boost::json;
using test::FakeIntake;
using test::Waiter;

constexpr const char* kAccount = "AC0123456789abcdef0123456789abcdef";
constexpr const char* kToken = "fake-auth-token";

std::string b64(std::string_view s) {
  std::string out(4 * ((s.size() + 2) / 3), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                  reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
  return out;
}

struct SentMessage {
  Params form;
  std::string sid;
  std::string get(const std::string& k) const {
    for (const auto& [n, v] : form)
      if (n == k) return v;
    return {};
  }
};

// The fake Twilio. `errors` scripts the next answers (a status and a Twilio error code) before it
// goes back to creating messages.
class FakeTwilio {
 public:
  explicit FakeTwilio(ops::Metrics& m) {
    router_.add("POST", "/2010-04-01/Accounts/{sid}/Messages.json",
                [this](http::Request& req, http::Respond respond) { respond(messages(req)); });
    server_ = std::make_unique<http::HttpServer>(http::ServerOptions{"127.0.0.1", 0, 1}, router_, m);
    server_->start();
  }
  ~FakeTwilio() { server_->stop(1000); }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  void script_error(int status, int code) {
    std::lock_guard lk(mu_);
    errors_.emplace_back(status, code);
  }
  std::vector<SentMessage> sent() {
    std::lock_guard lk(mu_);
    return sent_;
  }
  int unauthorized() {
    std::lock_guard lk(mu_);
    return unauthorized_;
  }

 private:
  static http::Response twilio_error(int status, int code, std::string message) {
    json::object o{{"code", code},
                   {"message", std::move(message)},
                   {"more_info", "https://www.twilio.com/docs/errors/" + std::to_string(code)},
                   {"status", status}};
    return http::Response::json(status, json::serialize(o));
  }

  http::Response messages(http::Request& req) {
    std::lock_guard lk(mu_);
    if (req.header("authorization") != "Basic " + b64(std::string(kAccount) + ":" + kToken) ||
        req.param("sid") != kAccount) {
      ++unauthorized_;
      return twilio_error(401, 20003, "Authenticate");
    }
    if (!req.header("content-type").starts_with("application/x-www-form-urlencoded"))
      return twilio_error(400, 20001, "Unsupported content type");
    auto form = http::parse_form(req.body);
    SentMessage m{form, {}};
    if (m.get("To").empty() || m.get("From").empty() || (m.get("Body").empty() && m.get("ContentSid").empty()))
      return twilio_error(400, 21602, "Message body is required.");
    if (m.get("Body").size() > 1600) return twilio_error(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
    if (!errors_.empty()) {
      auto [status, code] = errors_.front();
      errors_.pop_front();
      return twilio_error(status, code, "scripted");
    }
    char sid[35];
    std::snprintf(sid, sizeof sid, "SM%032x", ++counter_);
    m.sid = sid;
    sent_.push_back(m);
    json::object o{{"account_sid", kAccount}, {"api_version", "2010-04-01"}, {"body", m.get("Body")},
                   {"direction", "outbound-api"}, {"error_code", nullptr}, {"error_message", nullptr},
                   {"from", m.get("From")}, {"num_media", "0"}, {"num_segments", "1"},
                   {"sid", m.sid}, {"status", "queued"}, {"to", m.get("To")},
                   {"uri", "/2010-04-01/Accounts/" + std::string(kAccount) + "/Messages/" + m.sid + ".json"}};
    return http::Response::json(201, json::serialize(o));
  }

  http::Router router_;
  std::unique_ptr<http::HttpServer> server_;
  std::mutex mu_;
  std::deque<std::pair<int, int>> errors_;
  std::vector<SentMessage> sent_;
  unsigned counter_ = 0;
  int unauthorized_ = 0;
};

// Records status updates and wakes the test.
class SinkToWaiter final : public DeliveryStatusSink {
 public:
  explicit SinkToWaiter(Waiter& w) : w_(w) {}
  void record(DeliveryStatusUpdate u, std::function<void(std::exception_ptr)> done) override {
    {
      std::lock_guard lk(w_.mutex());
      updates.push_back(std::move(u));
    }
    w_.notify();
    done(nullptr);
  }
  std::vector<DeliveryStatusUpdate> updates;  // guarded by the waiter's mutex

 private:
  Waiter& w_;
};

class FakeTwilioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    twilio = std::make_unique<FakeTwilio>(metrics);
    client = http::make_curl_client();
  }
  WhatsAppConfig config() const {
    WhatsAppConfig c;
    c.account_sid = kAccount;
    c.auth_token = kToken;
    c.from_number = "whatsapp:+14155238886";
    c.api_base_url = twilio->base_url();
    c.public_url = "https://support.example.test";
    return c;
  }
  OutboundReply reply(std::vector<std::string> parts) const {
    OutboundReply r;
    r.channel = Channel::whatsapp;
    r.ticket_id = "t-1";
    r.to_phone = "+14155550101";
    r.parts = std::move(parts);
    r.last_inbound_at_ms = now_ms() - 60'000;
    return r;
  }

  ops::Metrics metrics;
  std::unique_ptr<FakeTwilio> twilio;
  std::unique_ptr<http::HttpClient> client;
};

TEST_F(FakeTwilioTest, PartsArriveInOrderWithTheRightFields) {
  TwilioSender sender(config(), *client);
  auto res = sender.send(reply({"*Password reset*", "1. Open _Settings_\n2. Tap *Reset*", "Anything else?"}));
  ASSERT_TRUE(res.ok) << res.error;
  auto sent = twilio->sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].get("Body"), "*Password reset*");
  EXPECT_EQ(sent[1].get("Body"), "1. Open _Settings_\n2. Tap *Reset*");
  EXPECT_EQ(sent[2].get("Body"), "Anything else?");
  for (const auto& m : sent) {
    EXPECT_EQ(m.get("To"), "whatsapp:+14155550101");
    EXPECT_EQ(m.get("From"), "whatsapp:+14155238886");
    EXPECT_EQ(m.get("StatusCallback"), "https://support.example.test/webhooks/whatsapp/status");
  }
  EXPECT_EQ(res.provider_id, sent[0].sid + "," + sent[1].sid + "," + sent[2].sid);
  EXPECT_EQ(twilio->unauthorized(), 0);
}

TEST_F(FakeTwilioTest, WrongCredentialsAreNotRetried) {
  auto cfg = config();
  cfg.auth_token = "wrong";
  auto res = TwilioSender(cfg, *client).send(reply({"hi"}));
  EXPECT_FALSE(res.ok);
  EXPECT_FALSE(res.retryable);
  EXPECT_EQ(twilio->unauthorized(), 1);
  EXPECT_NE(res.error.find("20003"), std::string::npos);
}

TEST_F(FakeTwilioTest, ScriptedErrors) {
  TwilioSender sender(config(), *client);
  twilio->script_error(429, 20429);
  auto r429 = sender.send(reply({"hi"}));
  EXPECT_FALSE(r429.ok);
  EXPECT_TRUE(r429.retryable);
  twilio->script_error(500, 20500);
  EXPECT_TRUE(sender.send(reply({"hi"})).retryable);
  twilio->script_error(400, 63016);
  auto r63016 = sender.send(reply({"hi"}));
  EXPECT_EQ(r63016.status, "needs_email_fallback");
  EXPECT_FALSE(r63016.retryable);
  EXPECT_TRUE(twilio->sent().empty());

  auto cfg = config();
  cfg.template_content_sid = "HX0123456789abcdef0123456789abcdef";
  cfg.template_variables_json = R"({"1":"${ticket_id}"})";
  twilio->script_error(400, 63016);
  auto tpl = TwilioSender(cfg, *client).send(reply({"hi"}));
  EXPECT_TRUE(tpl.ok) << tpl.error;
  EXPECT_EQ(tpl.status, "fallback_template");
  auto sent = twilio->sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].get("ContentSid"), "HX0123456789abcdef0123456789abcdef");
  EXPECT_EQ(sent[0].get("ContentVariables"), R"({"1":"t-1"})");
  EXPECT_EQ(sent[0].get("Body"), "");
}

// End to end through loopback HTTP: a signed inbound message is accepted, the reply's parts reach the
// fake Twilio, and Twilio's signed status callbacks (sent to the public StatusCallback URL, carried to
// us as a reverse proxy would) reach the delivery-status sink. A forged callback is refused.
TEST_F(FakeTwilioTest, InboundReplyAndStatusCallbacks) {
  http::Router ours;
  FakeIntake intake;
  Waiter waiter;
  SinkToWaiter sink(waiter);
  auto cfg = config();
  register_routes(ours, intake, metrics, cfg, &sink);
  http::HttpServer server(http::ServerOptions{"127.0.0.1", 0, 1}, ours, metrics);
  server.start();
  const std::string proxy = "http://127.0.0.1:" + std::to_string(server.port());

  auto post_signed = [&](const std::string& path, const Params& form, std::string signature) {
    http::ClientRequest req;
    req.method = "POST";
    req.url = proxy + path;
    for (const auto& [k, v] : form) {
      if (!req.body.empty()) req.body += '&';
      for (auto* part : {&k, &v}) {
        for (unsigned char c : *part) {
          if (std::isalnum(c)) req.body.push_back(static_cast<char>(c));
          else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            req.body += buf;
          }
        }
        if (part == &k) req.body += '=';
      }
    }
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Twilio-Signature", std::move(signature)}};
    return client->send(req);
  };

  // 1. The customer writes; Twilio signs over the public URL.
  Params inbound = {{"MessageSid", "SM11111111111111111111111111111111"}, {"AccountSid", kAccount},
                    {"From", "whatsapp:+14155550101"}, {"To", "whatsapp:+14155238886"},
                    {"Body", "How do I reset my password?"}, {"NumMedia", "0"}, {"ProfileName", "Ana"},
                    {"WaId", "14155550101"}};
  auto sig = twilio_signature(kToken, cfg.public_url + "/webhooks/whatsapp", inbound);
  auto in = post_signed("/webhooks/whatsapp", inbound, sig);
  ASSERT_EQ(in.status, 200) << in.error << in.body;
  EXPECT_EQ(in.body, kEmptyTwiml);
  ASSERT_EQ(intake.accepted.size(), 1u);
  EXPECT_EQ(post_signed("/webhooks/whatsapp", inbound, sig).status, 200);  // replay: duplicate, 200
  EXPECT_EQ(intake.accepted.size(), 1u);
  auto forged = inbound;
  forged[0].second = "SM22222222222222222222222222222222";
  EXPECT_EQ(post_signed("/webhooks/whatsapp", forged, sig).status, 403);
  EXPECT_EQ(intake.accepted.size(), 1u);

  // 2. The reply goes out in two parts.
  auto r = reply({"*Reset your password*: open Settings > Security.", "Then tap _Reset_. Anything else?"});
  r.to_phone = intake.accepted[0].phone;
  auto res = TwilioSender(cfg, *client).send(r);
  ASSERT_TRUE(res.ok) << res.error;
  auto sent = twilio->sent();
  ASSERT_EQ(sent.size(), 2u);

  // 3. Twilio reports sent, delivered, read for each part, signed over the StatusCallback URL.
  const std::string public_prefix = cfg.public_url;
  int posted = 0;
  for (const char* status : {"sent", "delivered", "read"}) {
    for (const auto& m : sent) {
      auto cb = m.get("StatusCallback");
      ASSERT_TRUE(cb.starts_with(public_prefix));
      Params form = {{"ChannelPrefix", "whatsapp"}, {"ApiVersion", "2010-04-01"}, {"MessageStatus", status},
                     {"SmsSid", m.sid}, {"SmsStatus", status}, {"To", m.get("To")}, {"From", m.get("From")},
                     {"MessageSid", m.sid}, {"AccountSid", kAccount}};
      auto resp = post_signed(cb.substr(public_prefix.size()), form, twilio_signature(kToken, cb, form));
      EXPECT_EQ(resp.status, 200) << resp.body;
      ++posted;
    }
  }
  ASSERT_TRUE(waiter.wait([&] { return sink.updates.size() == static_cast<std::size_t>(posted); }));
  {
    std::lock_guard lk(waiter.mutex());
    EXPECT_EQ(sink.updates.front().message_sid, sent[0].sid);
    EXPECT_EQ(sink.updates.front().status, "sent");
    EXPECT_EQ(sink.updates.back().message_sid, sent[1].sid);
    EXPECT_EQ(sink.updates.back().status, "read");
  }
  Params fake = {{"MessageSid", sent[0].sid}, {"MessageStatus", "failed"}, {"AccountSid", kAccount}};
  EXPECT_EQ(post_signed("/webhooks/whatsapp/status", fake, "Zm9yZ2Vk").status, 403);
  {
    std::lock_guard lk(waiter.mutex());
    EXPECT_EQ(sink.updates.size(), static_cast<std::size_t>(posted));
  }
  server.stop(1000);
}

}  // namespace
}  // namespace fte::channels::whatsapp
