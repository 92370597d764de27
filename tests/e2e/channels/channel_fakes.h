// Provider fakes for the channel end-to-end tests, served on loopback inside the test process by
// fte::http::HttpServer, and the client side of the providers' webhooks:
//  - FakeTwilio: POST /2010-04-01/Accounts/{AccountSid}/Messages.json as documented (basic auth
//    AccountSid:AuthToken, form fields To/From/Body/StatusCallback, 201 with a Message resource,
//    errors as {"code","message","more_info","status"}); failures can be scripted.
//  - GoogleServer: the unit tests' FakeGoogle (JWKS, OAuth token endpoint, Gmail API) over HTTP.
//  - twilio_signature(): X-Twilio-Signature computed here from Twilio's published algorithm
//    (base64 HMAC-SHA1 with the auth token over the URL + every POST parameter sorted by name as
//    name+value), independently of the code under test.
//  - A client for webhook calls with arbitrary content types and headers.
#pragma once
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "http/client.h"
#include "http/http.h"
#include "http/server.h"
#include "ops/metrics.h"
#include "unit/channels_email/fake_google.h"

namespace fte::e2e {

namespace json = boost::json;
using Params = std::vector<std::pair<std::string, std::string>>;

inline std::string b64(std::string_view in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

inline std::string twilio_signature(const std::string& token, const std::string& url,
                                    Params params) {
  std::stable_sort(params.begin(), params.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string data = url;
  for (const auto& [k, v] : params) data += k + v;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), token.data(), static_cast<int>(token.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  return b64(std::string_view(reinterpret_cast<const char*>(mac), len));
}

inline std::string form_encode(const Params& params) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out.push_back('&');
    for (const std::string* s : {&k, &v}) {
      for (char c : *s) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
          out.push_back(c);
        } else if (c == ' ') {
          out.push_back('+');
        } else {
          out.push_back('%');
          out.push_back(hex[u >> 4]);
          out.push_back(hex[u & 0xF]);
        }
      }
      if (s == &k) out.push_back('=');
    }
  }
  return out;
}

inline http::ClientResponse send(const std::string& method, const std::string& url,
                                 const std::string& body,
                                 std::vector<std::pair<std::string, std::string>> headers) {
  static auto client = http::make_curl_client();
  http::ClientRequest r;
  r.method = method;
  r.url = url;
  r.body = body;
  r.headers = std::move(headers);
  r.timeout_ms = 10000;
  return client->send(r);
}

inline std::string header_of(const http::ClientResponse& r, const std::string& lower) {
  for (const auto& [k, v] : r.headers) {
    std::string l = k;
    for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (l == lower) return v;
  }
  return {};
}

// A loopback HTTP server around a Router, on a free port.
class LoopbackServer {
 public:
  explicit LoopbackServer(http::Router& router) {
    http::ServerOptions so;
    so.bind = "127.0.0.1";
    so.port = 0;
    so.io_threads = 2;
    server_ = std::make_unique<http::HttpServer>(so, router, metrics_);
    server_->start();
  }
  ~LoopbackServer() { server_->stop(1000); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

 private:
  ops::Metrics metrics_;
  std::unique_ptr<http::HttpServer> server_;
};

class FakeTwilio {
 public:
  struct Request {
    std::string path, authorization, content_type;
    Params form;
    int answered = 0;  // HTTP status we answered
    std::string sid;   // of a created message
    std::string get(const std::string& k) const {
      for (const auto& [n, v] : form)
        if (n == k) return v;
      return {};
    }
  };

  FakeTwilio(std::string account_sid, std::string auth_token, std::string from)
      : sid_(std::move(account_sid)), token_(std::move(auth_token)), from_(std::move(from)) {
    router_.add("POST", "/2010-04-01/Accounts/{sid}/Messages.json",
                [this](http::Request& req, http::Respond respond) { respond(handle(req)); });
    server_ = std::make_unique<LoopbackServer>(router_);
  }
  std::string url() const { return server_->url(); }

  // The next `times` message creations are answered `status` with Twilio error `code`.
  void fail_next(int status, int code, int times = 1) {
    std::lock_guard lk(mu_);
    for (int i = 0; i < times; ++i) failures_.push_back({status, code});
  }
  // Fails the n-th creation request (1-based, counting every request) once.
  void fail_request(int n, int status, int code) {
    std::lock_guard lk(mu_);
    fail_at_[n] = {status, code};
  }
  std::vector<Request> requests() const {
    std::lock_guard lk(mu_);
    return requests_;
  }
  std::vector<Request> created() const {
    std::lock_guard lk(mu_);
    std::vector<Request> out;
    for (const auto& r : requests_)
      if (r.answered == 201) out.push_back(r);
    return out;
  }

 private:
  struct Failure {
    int status, code;
  };

  static http::Response error(int status, int code, const std::string& message) {
    json::object o{{"code", code},
                   {"message", message},
                   {"more_info", "https://www.twilio.com/docs/errors/" + std::to_string(code)},
                   {"status", status}};
    return http::Response::json(status, json::serialize(o));
  }

  http::Response handle(http::Request& req) {
    std::lock_guard lk(mu_);
    Request rec;
    rec.path = req.path;
    rec.authorization = std::string(req.header("authorization"));
    rec.content_type = std::string(req.header("content-type"));
    rec.form = http::parse_form(req.body);
    auto answer = [&](http::Response r) {
      rec.answered = r.status;
      requests_.push_back(rec);
      return r;
    };
    int n = static_cast<int>(requests_.size()) + 1;
    if (rec.authorization != "Basic " + b64(sid_ + ":" + token_))
      return answer(error(401, 20003, "Authenticate"));
    if (req.param("sid") != sid_)
      return answer(error(404, 20404, "The requested resource " + req.path + " was not found"));
    if (rec.content_type.rfind("application/x-www-form-urlencoded", 0) != 0)
      return answer(error(400, 21620, "Invalid content type"));
    if (auto it = fail_at_.find(n); it != fail_at_.end())
      return answer(error(it->second.status, it->second.code, "scripted failure"));
    if (!failures_.empty()) {
      auto f = failures_.front();
      failures_.pop_front();
      return answer(error(f.status, f.code, "scripted failure"));
    }
    auto to = rec.get("To");
    if (to.rfind("whatsapp:+", 0) != 0)
      return answer(error(400, 21211, "The 'To' number " + to + " is not a valid phone number."));
    if (rec.get("From") != from_)
      return answer(error(400, 21606, "The From phone number is not a valid sender."));
    auto body = rec.get("Body");
    std::size_t chars = 0;  // UTF-16 code units, as Twilio counts
    for (unsigned char c : body) chars += (c & 0xC0) == 0x80 ? 0 : (c >= 0xF0 ? 2 : 1);
    if (body.empty() && rec.get("ContentSid").empty())
      return answer(error(400, 21602, "Message body is required."));
    if (chars > 1600)
      return answer(
          error(400, 21617, "The concatenated message body exceeds the 1600 character limit."));
    char sid[35];
    std::snprintf(sid, sizeof sid, "SM%032x", ++created_);
    rec.sid = sid;
    json::object m{{"account_sid", sid_},
                   {"api_version", "2010-04-01"},
                   {"body", body},
                   {"date_created", "Mon, 05 Jan 2026 09:15:31 +0000"},
                   {"date_sent", nullptr},
                   {"date_updated", "Mon, 05 Jan 2026 09:15:31 +0000"},
                   {"direction", "outbound-api"},
                   {"error_code", nullptr},
                   {"error_message", nullptr},
                   {"from", rec.get("From")},
                   {"messaging_service_sid", nullptr},
                   {"num_media", "0"},
                   {"num_segments", "1"},
                   {"price", nullptr},
                   {"price_unit", "USD"},
                   {"sid", rec.sid},
                   {"status", "queued"},
                   {"to", to},
                   {"uri", "/2010-04-01/Accounts/" + sid_ + "/Messages/" + rec.sid + ".json"}};
    return answer(http::Response::json(201, json::serialize(m)));
  }

  std::string sid_, token_, from_;
  mutable std::mutex mu_;
  std::vector<Request> requests_;
  std::deque<Failure> failures_;
  std::map<int, Failure> fail_at_;
  unsigned created_ = 0;
  http::Router router_;
  std::unique_ptr<LoopbackServer> server_;
};

// Meta's WhatsApp Cloud API send endpoint as documented: POST /{version}/{phone-number-id}/messages
// with a Bearer token and a JSON body {"messaging_product":"whatsapp","to":…,"type":"text",
// "text":{"body":…}}; 200 {"messaging_product","contacts":[{"input","wa_id"}],"messages":[{"id"}]};
// errors as {"error":{"message","type","code","fbtrace_id"}}.
class FakeMetaGraph {
 public:
  struct Request {
    std::string path, authorization;
    json::object body;
    int answered = 0;
    std::string wamid;
  };
  FakeMetaGraph(std::string phone_number_id, std::string access_token)
      : phone_id_(std::move(phone_number_id)), token_(std::move(access_token)) {
    router_.add("POST", "/{version}/{phone}/messages",
                [this](http::Request& req, http::Respond respond) { respond(handle(req)); });
    server_ = std::make_unique<LoopbackServer>(router_);
  }
  std::string url() const { return server_->url() + "/v21.0"; }
  std::vector<Request> sent() const {
    std::lock_guard lk(mu_);
    std::vector<Request> out;
    for (const auto& r : requests_)
      if (r.answered == 200) out.push_back(r);
    return out;
  }

 private:
  static http::Response error(int status, int code, const std::string& message) {
    json::object e{{"message", message},
                   {"type", "OAuthException"},
                   {"code", code},
                   {"fbtrace_id", "AbCdEfGhIjK"}};
    return http::Response::json(status, json::serialize(json::object{{"error", e}}));
  }
  http::Response handle(http::Request& req) {
    std::lock_guard lk(mu_);
    Request rec;
    rec.path = req.path;
    rec.authorization = std::string(req.header("authorization"));
    auto answer = [&](http::Response r) {
      rec.answered = r.status;
      requests_.push_back(rec);
      return r;
    };
    if (rec.authorization != "Bearer " + token_)
      return answer(error(401, 190, "Invalid OAuth access token."));
    if (req.param("phone") != phone_id_)
      return answer(error(400, 100, "Unsupported post request."));
    if (req.header("content-type").find("application/json") == std::string_view::npos)
      return answer(error(400, 100, "Invalid content type"));
    json::error_code ec;
    auto v = json::parse(req.body, ec);
    if (ec || !v.is_object()) return answer(error(400, 100, "Invalid JSON"));
    rec.body = v.as_object();
    auto str = [&](const json::object& o, const char* k) {
      auto* x = o.if_contains(k);
      return x && x->is_string() ? std::string(x->as_string()) : std::string();
    };
    if (str(rec.body, "messaging_product") != "whatsapp")
      return answer(error(400, 100, "messaging_product is required"));
    auto to = str(rec.body, "to");
    if (to.empty() || to.find_first_not_of("0123456789") != std::string::npos)
      return answer(error(400, 131009, "Parameter value is not valid"));
    if (str(rec.body, "type") == "text") {
      auto* t = rec.body.if_contains("text");
      if (!t || !t->is_object() || str(t->as_object(), "body").empty())
        return answer(error(400, 100, "text.body is required"));
      if (str(t->as_object(), "body").size() > 4096)
        return answer(error(400, 100, "text.body is too long"));
    }
    char id[64];
    std::snprintf(id, sizeof id, "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI%06u", ++created_);
    rec.wamid = id;
    json::object out{{"messaging_product", "whatsapp"},
                     {"contacts", json::array{json::object{{"input", to}, {"wa_id", to}}}},
                     {"messages", json::array{json::object{{"id", rec.wamid}}}}};
    return answer(http::Response::json(200, json::serialize(out)));
  }

  std::string phone_id_, token_;
  mutable std::mutex mu_;
  std::vector<Request> requests_;
  unsigned created_ = 0;
  http::Router router_;
  std::unique_ptr<LoopbackServer> server_;
};

// "sha256=" + hex HMAC-SHA256 of the raw body with the app secret: Meta's X-Hub-Signature-256.
inline std::string meta_signature_header(const std::string& app_secret, const std::string& body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), app_secret.data(), static_cast<int>(app_secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &len);
  static const char* hex = "0123456789abcdef";
  std::string out = "sha256=";
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(hex[mac[i] >> 4]);
    out.push_back(hex[mac[i] & 0xF]);
  }
  return out;
}

// FakeGoogle (JWKS at /oauth2/v3/certs, OAuth at /token, Gmail at /gmail/v1/users/me/...) over
// HTTP.
class GoogleServer {
 public:
  GoogleServer() {
    for (const char* method : {"GET", "POST"}) {
      router_.add(method, "/*", [this](http::Request& req, http::Respond respond) {
        test::FakeRequest fr{req.method, req.path, req.query, req.body, req.headers};
        test::FakeResponse f = google.handle(fr);
        http::Response out;
        out.status = f.status;
        out.body = f.body;
        out.content_type = "application/json; charset=UTF-8";
        for (const auto& [k, v] : f.headers)
          if (k != "Content-Type") out.headers.emplace_back(k, v);
        respond(std::move(out));
      });
    }
    server_ = std::make_unique<LoopbackServer>(router_);
  }
  std::string url() const { return server_->url(); }
  test::FakeGoogle google;

 private:
  http::Router router_;
  std::unique_ptr<LoopbackServer> server_;
};

}  // namespace fte::e2e
