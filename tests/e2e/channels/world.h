// The channel end-to-end worlds: a real `fte serve` process wired to provider fakes in this test
// process (Twilio and/or Google), plus the calls a provider or an operator would make.
#pragma once
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "channel_fakes.h"
#include "core/clock.h"
#include "support/fte_service.h"
#include "support/process.h"
#include "unit/channels_email/test_keys.h"

namespace fte::e2e {

using namespace fte::testing;
using namespace std::chrono_literals;

inline const std::string kAccountSid = "AC0123456789abcdef0123456789abcdef";
inline const std::string kAuthToken = "e2e-twilio-auth-token-5f2c";
inline const std::string kWhatsAppFrom = "whatsapp:+14155238886";
inline const std::string kPublicUrl = "https://support.example.com";
inline const std::string kAdminToken = "e2e-admin-token";
inline const std::string kSupportEmail = "support@rotaloom.example";
inline const std::string kAudience = "https://support.example.com/webhooks/gmail";
inline const std::string kPushAccount = "gmail-push@project.iam.gserviceaccount.com";
inline const std::string kMetaAppSecret = "e2e-meta-app-secret";
inline const std::string kMetaVerifyToken = "e2e-meta-verify";
inline const std::string kMetaAccessToken = "EAAGe2eAccessToken";
inline const std::string kMetaPhoneNumberId = "106540352242922";

// A provider-facing world: the fakes that are asked for, then `fte serve` configured against them.
class World {
 public:
  struct Options {
    bool whatsapp = false;
    bool gmail = false;
    bool meta = false;  // WhatsApp through Meta's Cloud API instead of Twilio
  };
  explicit World(Options o) : dir_(temp_dir("fte-e2e-channels")) {
    std::map<std::string, std::string> env = {{"FTE_ADMIN_TOKEN", kAdminToken},
                                              {"FTE_PUBLIC_URL", kPublicUrl},
                                              {"FTE_COMPANY_NAME", "Rotaloom"}};
    if (o.whatsapp) {
      twilio = std::make_unique<FakeTwilio>(kAccountSid, kAuthToken, kWhatsAppFrom);
      env["TWILIO_ACCOUNT_SID"] = kAccountSid;
      env["TWILIO_AUTH_TOKEN"] = kAuthToken;
      env["TWILIO_WHATSAPP_FROM"] = kWhatsAppFrom;
      env["TWILIO_API_BASE"] = twilio->url();
    }
    if (o.meta) {
      meta = std::make_unique<FakeMetaGraph>(kMetaPhoneNumberId, kMetaAccessToken);
      env["META_APP_SECRET"] = kMetaAppSecret;
      env["META_VERIFY_TOKEN"] = kMetaVerifyToken;
      env["META_ACCESS_TOKEN"] = kMetaAccessToken;
      env["META_PHONE_NUMBER_ID"] = kMetaPhoneNumberId;
      env["META_GRAPH_BASE"] = meta->url();
    }
    if (o.gmail) {
      google = std::make_unique<GoogleServer>();
      google->google.jwks = test::jwks_json({&key});
      env["GMAIL_CLIENT_ID"] = "e2e-client.apps.googleusercontent.com";
      env["GMAIL_CLIENT_SECRET"] = "e2e-client-secret";
      env["GMAIL_REFRESH_TOKEN"] = google->google.expected_refresh_token;
      env["GMAIL_API_BASE"] = google->url();
      env["GMAIL_TOKEN_URL"] = google->url() + "/token";
      env["FTE_GMAIL_JWKS_URL"] = google->url() + "/oauth2/v3/certs";
      env["FTE_GMAIL_PUSH_AUDIENCE"] = kAudience;
      env["FTE_GMAIL_PUSH_SERVICE_ACCOUNT"] = kPushAccount;
      env["FTE_SUPPORT_EMAIL"] = kSupportEmail;
    }
    serve = std::make_unique<Serve>(dir_, env);
  }

  std::string log() { return serve->process().log(); }

  // --- admin / status reads ---
  std::optional<json::object> customer(const std::string& query) {
    auto r = send("GET", serve->url("/customers/lookup?" + query), "",
                  {{"Authorization", "Bearer " + kAdminToken}});
    if (r.status != 200) return std::nullopt;
    return json::parse(r.body).as_object();
  }
  // The only ticket of the customer, "" when there is none or more than one.
  std::string only_ticket(const std::string& query) {
    auto c = customer(query);
    if (!c || !c->contains("tickets") || c->at("tickets").as_array().size() != 1) return {};
    return std::string(c->at("tickets").as_array()[0].at("ticket_id").as_string());
  }
  json::object ticket(const std::string& id) {
    auto r = serve->get("/support/ticket/" + id);
    if (r.status != 200) return {};
    return json::parse(r.body).as_object();
  }
  static std::vector<json::object> messages(const json::object& t, const std::string& direction) {
    std::vector<json::object> out;
    if (auto* ms = t.if_contains("messages"))
      for (const auto& m : ms->as_array())
        if (m.at("direction").as_string() == direction) out.push_back(m.as_object());
    return out;
  }
  static std::string str(const json::object& o, const char* k) {
    auto* v = o.if_contains(k);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  }

  // --- Twilio → fte ---
  static Params inbound(const std::string& message_sid, const std::string& phone,
                        const std::string& body, const std::string& profile = "Maria Souza") {
    return {{"SmsMessageSid", message_sid}, {"NumMedia", "0"},
            {"ProfileName", profile},       {"MessageType", "text"},
            {"SmsSid", message_sid},        {"WaId", phone.substr(1)},
            {"SmsStatus", "received"},      {"Body", body},
            {"To", kWhatsAppFrom},          {"NumSegments", "1"},
            {"ReferralNumMedia", "0"},      {"MessageSid", message_sid},
            {"AccountSid", kAccountSid},    {"From", "whatsapp:" + phone},
            {"ApiVersion", "2010-04-01"}};
  }
  static Params status(const std::string& message_sid, const std::string& phone,
                       const std::string& st) {
    return {{"ChannelPrefix", "whatsapp"},
            {"ApiVersion", "2010-04-01"},
            {"MessageStatus", st},
            {"SmsSid", message_sid},
            {"SmsStatus", st},
            {"ChannelInstallSid", "XE0123456789abcdef0123456789abcdef"},
            {"To", "whatsapp:" + phone},
            {"From", kWhatsAppFrom},
            {"MessageSid", message_sid},
            {"AccountSid", kAccountSid},
            {"ChannelToAddress", phone}};
  }
  // POSTs a Twilio webhook to `path`, signed over the public URL (as Twilio, behind the proxy,
  // would). `signature`: nullopt = computed correctly; "" = header left out; else sent as given.
  http::ClientResponse twilio_webhook(const std::string& path, const Params& params,
                                      std::optional<std::string> signature = std::nullopt) {
    std::vector<std::pair<std::string, std::string>> h = {
        {"Content-Type", "application/x-www-form-urlencoded"}, {"User-Agent", "TwilioProxy/1.1"}};
    std::string sig =
        signature ? *signature : twilio_signature(kAuthToken, kPublicUrl + path, params);
    if (!sig.empty()) h.emplace_back("X-Twilio-Signature", sig);
    return send("POST", serve->url(path), form_encode(params), h);
  }

  // --- Pub/Sub → fte ---
  std::string push_token(std::int64_t exp_offset_s = 3600, std::string aud = kAudience,
                         std::string iss = "https://accounts.google.com") {
    test::Claims c;
    c.aud = std::move(aud);
    c.iss = std::move(iss);
    c.email = kPushAccount;
    c.iat = now_ms() / 1000 - 5;
    c.exp = c.iat + exp_offset_s;
    return test::mint(key, c);
  }
  static std::string push_body(std::uint64_t history_id, int n) {
    std::string data = R"({"emailAddress":")" + kSupportEmail + R"(","historyId":)" +
                       std::to_string(history_id) + "}";
    json::object msg{{"data", b64(data)},
                     {"messageId", std::to_string(2070443601311540 + n)},
                     {"message_id", std::to_string(2070443601311540 + n)},
                     {"publishTime", "2026-01-05T09:15:32.123Z"},
                     {"publish_time", "2026-01-05T09:15:32.123Z"}};
    return json::serialize(json::object{
        {"message", msg}, {"subscription", "projects/rotaloom/subscriptions/gmail-push"}});
  }
  http::ClientResponse gmail_push(std::uint64_t history_id, const std::string& bearer) {
    std::vector<std::pair<std::string, std::string>> h = {{"Content-Type", "application/json"},
                                                          {"User-Agent", "APIs-Google"}};
    if (!bearer.empty()) h.emplace_back("Authorization", "Bearer " + bearer);
    return send("POST", serve->url("/webhooks/gmail"), push_body(history_id, ++pushes_), h);
  }

  // --- Meta → fte ---
  http::ClientResponse meta_webhook(const std::string& body,
                                    std::optional<std::string> signature = std::nullopt) {
    std::vector<std::pair<std::string, std::string>> h = {
        {"Content-Type", "application/json"}, {"User-Agent", "facebookexternalua"}};
    std::string sig = signature ? *signature : meta_signature_header(kMetaAppSecret, body);
    if (!sig.empty()) h.emplace_back("X-Hub-Signature-256", sig);
    return send("POST", serve->url("/webhooks/whatsapp/meta"), body, h);
  }

  std::unique_ptr<FakeTwilio> twilio;
  std::unique_ptr<FakeMetaGraph> meta;
  std::unique_ptr<GoogleServer> google;
  test::TestRsaKey key{"e2e-push-key"};
  std::unique_ptr<Serve> serve;

 private:
  std::filesystem::path dir_;
  int pushes_ = 0;
};

}  // namespace fte::e2e
