#include "providers.h"

#include <ctime>

#include "core/clock.h"

namespace fte::bench {

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

// The unfolded value of header `name` (e.g. "To") in a raw message, "" if absent.
std::string header(const std::string& raw, const std::string& name) {
  auto end = raw.find("\r\n\r\n");
  std::string head = "\r\n" + raw.substr(0, end);
  auto p = head.find("\r\n" + name + ": ");
  if (p == std::string::npos) return {};
  p += name.size() + 4;
  auto e = head.find("\r\n", p);
  return head.substr(p, e == std::string::npos ? std::string::npos : e - p);
}

std::string address(const std::string& to) {
  auto lt = to.find('<'), gt = to.find('>');
  return lt != std::string::npos && gt != std::string::npos && gt > lt ? to.substr(lt + 1, gt - lt - 1) : to;
}

// The current time as an RFC 5322 date (the store dates a mail by its Date header).
std::string rfc5322_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

}  // namespace

TimedGoogle::TimedGoogle() {
  google.jwks = test::jwks_json({&key});
  for (const char* method : {"GET", "POST"}) {
    router_.add(method, "/*", [this](http::Request& req, http::Respond respond) {
      test::FakeRequest fr{req.method, req.path, req.query, req.body, req.headers};
      test::FakeResponse f;
      if (req.path == "/gmail/v1/users/me/messages/send") {
        std::lock_guard lk(mu_);  // one send at a time, so the new Sent is this request's
        auto before = google.sent().size();
        f = google.handle(fr);
        auto all = google.sent();
        if (f.status == 200 && all.size() > before) {
          const auto& s = all.back();
          sends_.push_back({wall_ms(), address(header(s.decoded, "To")), s.thread_id, s.decoded});
        }
      } else {
        f = google.handle(fr);
      }
      http::Response out;
      out.status = f.status;
      out.body = f.body;
      out.content_type = "application/json; charset=UTF-8";
      for (const auto& [k, v] : f.headers)
        if (k != "Content-Type") out.headers.emplace_back(k, v);
      respond(std::move(out));
    });
  }
  server_ = std::make_unique<e2e::LoopbackServer>(router_);
}

std::vector<ProviderSend> TimedGoogle::sends() const {
  std::lock_guard lk(mu_);
  return sends_;
}

std::string TimedGoogle::push_token() {
  test::Claims c;
  c.aud = kAudience;
  c.iss = "https://accounts.google.com";
  c.email = kPushAccount;
  c.iat = now_ms() / 1000 - 5;
  c.exp = c.iat + 3600;
  return test::mint(key, c);
}

std::string customer_mail(const Customer& c, const Message& m) {
  return "Return-Path: <" + c.email + ">\r\nFrom: " + c.name + " <" + c.email +
         ">\r\nTo: Support <" + kSupportEmail + ">\r\nSubject: " + m.subject +
         "\r\nDate: " + rfc5322_now() + "\r\nMessage-ID: <" + m.key +
         "@mail.example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n"
         "Content-Transfer-Encoding: 7bit\r\n\r\nHello,\r\n\r\n" +
         m.text + "\r\n\r\n" + c.name + "\r\n";
}

std::string push_body(std::uint64_t history_id, int n) {
  std::string data = R"({"emailAddress":")" + kSupportEmail + R"(","historyId":)" +
                     std::to_string(history_id) + "}";
  boost::json::object msg{{"data", e2e::b64(data)},
                          {"messageId", std::to_string(3070443601311540 + n)},
                          {"message_id", std::to_string(3070443601311540 + n)},
                          {"publishTime", "2026-01-05T09:15:32.123Z"},
                          {"publish_time", "2026-01-05T09:15:32.123Z"}};
  return boost::json::serialize(boost::json::object{
      {"message", msg}, {"subscription", "projects/example/subscriptions/gmail-push"}});
}

e2e::Params twilio_inbound(const Customer& c, const Message& m) {
  return {{"SmsMessageSid", m.key}, {"NumMedia", "0"},
          {"ProfileName", c.name},  {"MessageType", "text"},
          {"SmsSid", m.key},        {"WaId", c.phone.substr(1)},
          {"SmsStatus", "received"}, {"Body", m.text},
          {"To", kWhatsAppFrom},    {"NumSegments", "1"},
          {"ReferralNumMedia", "0"}, {"MessageSid", m.key},
          {"AccountSid", kAccountSid}, {"From", "whatsapp:" + c.phone},
          {"ApiVersion", "2010-04-01"}};
}

}  // namespace fte::bench

namespace fte::bench {

TwilioWatch::TwilioWatch(e2e::FakeTwilio& t) : twilio_(t) {
  thread_ = std::thread([this] {
    while (!stop_) {
      auto created = twilio_.created();
      {
        std::lock_guard lk(mu_);
        auto now = wall_ms();
        for (std::size_t i = sends_.size(); i < created.size(); ++i)
          sends_.push_back({now, created[i].get("To"), "", created[i].get("Body")});
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // sampling period
    }
  });
}

TwilioWatch::~TwilioWatch() {
  stop_ = true;
  thread_.join();
}

std::vector<ProviderSend> TwilioWatch::sends() const {
  std::lock_guard lk(mu_);
  return sends_;
}

}  // namespace fte::bench
