// The providers' side of the test: a fake Google (OAuth, JWKS, Gmail API; the unit tests'
// FakeGoogle) whose sends are timestamped as they arrive, a fake Twilio (tests/e2e/channels), and
// what the providers send to fte: Pub/Sub push notifications with OIDC tokens signed by a test key
// published in the fake JWKS, signed Twilio webhooks, and RFC 5322 mail in the fake mailbox.
// Thread-safe: the fakes lock internally; the helpers are pure.
#pragma once
#include <atomic>
#include <chrono>
#include <thread>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "e2e/channels/channel_fakes.h"
#include "scenario.h"
#include "unit/channels_email/test_keys.h"

namespace fte::bench {

inline const std::string kAccountSid = "AC0123456789abcdef0123456789abcdef";
inline const std::string kAuthToken = "multichannel-twilio-auth-token";
inline const std::string kWhatsAppFrom = "whatsapp:+14155238886";
inline const std::string kPublicUrl = "https://support.example.com";
inline const std::string kAdminToken = "multichannel-admin-token";
inline const std::string kSupportEmail = "support@example.com";
inline const std::string kAudience = "https://support.example.com/webhooks/gmail";
inline const std::string kPushAccount = "gmail-push@project.iam.gserviceaccount.com";

std::int64_t wall_ms();

// A send as the customer sees it: when it reached the provider, to whom, in which thread.
struct ProviderSend {
  std::int64_t at_ms = 0;
  std::string to, thread, body;
};

// FakeGoogle over HTTP, recording every accepted users.messages.send with its arrival time.
class TimedGoogle {
 public:
  TimedGoogle();
  std::string url() const { return server_->url(); }
  std::vector<ProviderSend> sends() const;
  test::FakeGoogle google;
  test::TestRsaKey key{"multichannel-push-key"};
  std::string push_token();  // a valid Pub/Sub OIDC token

 private:
  http::Router router_;
  std::unique_ptr<e2e::LoopbackServer> server_;
  mutable std::mutex mu_;
  std::vector<ProviderSend> sends_;
};

std::string customer_mail(const Customer& c, const Message& m);
std::string push_body(std::uint64_t history_id, int n);
e2e::Params twilio_inbound(const Customer& c, const Message& m);

}  // namespace fte::bench

namespace fte::bench {

// Watches the fake Twilio's accepted message creations and stamps each when first seen (every
// 10 ms): the time a WhatsApp reply reached the provider. Thread-safe.
class TwilioWatch {
 public:
  explicit TwilioWatch(e2e::FakeTwilio& t);
  ~TwilioWatch();
  std::vector<ProviderSend> sends() const;

 private:
  e2e::FakeTwilio& twilio_;
  mutable std::mutex mu_;
  std::vector<ProviderSend> sends_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace fte::bench
