// A fake of the Google endpoints the email channel talks to, following their documented JSON
// shapes: the JWKS (GET, Cache-Control max-age), the OAuth2 token endpoint (POST form,
// grant_type=refresh_token), and the Gmail API users.{history.list, messages.list, messages.get
// (format=raw), messages.send, watch, getProfile}. One mailbox with messages and history records.
// Usable in-process as an HttpClient, or behind fte::http::HttpServer via handle(). Thread-safe.
#pragma once
#include <boost/json.hpp>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "channels/email/codec.h"
#include "http/client.h"

namespace fte::test {

struct FakeRequest {
  std::string method, path, query, body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string header(std::string_view lower) const {
    for (const auto& [k, v] : headers) {
      std::string l = k;
      for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (l == lower) return v;
    }
    return {};
  }
  std::string param(const std::string& name) const {
    std::size_t p = 0;
    while (p <= query.size()) {
      std::size_t amp = query.find('&', p);
      std::string kv = query.substr(p, amp == std::string::npos ? std::string::npos : amp - p);
      auto eq = kv.find('=');
      if (eq != std::string::npos && kv.substr(0, eq) == name) return decode(kv.substr(eq + 1));
      if (amp == std::string::npos) break;
      p = amp + 1;
    }
    return {};
  }
  static std::string decode(const std::string& s) {
    std::string o;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '%' && i + 2 < s.size()) {
        o.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
        i += 2;
      } else {
        o.push_back(s[i] == '+' ? ' ' : s[i]);
      }
    }
    return o;
  }
};

struct FakeResponse {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class FakeGoogle final : public http::HttpClient {
 public:
  struct Message {
    std::string id, thread_id, raw;
    std::vector<std::string> labels{"INBOX", "UNREAD"};
  };
  struct Sent {
    std::string raw_b64, thread_id, decoded;
  };

  // --- the mailbox ---
  // Adds a message as one history record; returns the new mailbox history id.
  std::uint64_t deliver(Message m) {
    std::lock_guard lk(mu_);
    history_id_ += 7;  // history ids increase with gaps
    history_.push_back({history_id_, m.id, m.thread_id, m.labels});
    messages_[m.id] = std::move(m);
    return history_id_;
  }
  std::uint64_t history_id() const {
    std::lock_guard lk(mu_);
    return history_id_;
  }
  // History ids at or below this are "too old": history.list answers 404.
  void expire_history_before(std::uint64_t id) {
    std::lock_guard lk(mu_);
    oldest_history_ = id;
  }
  void set_history_page_size(std::size_t n) { page_size_ = n; }
  std::vector<Sent> sent() const {
    std::lock_guard lk(mu_);
    return sent_;
  }
  std::vector<FakeRequest> requests() const {
    std::lock_guard lk(mu_);
    return requests_;
  }
  int count(const std::string& method, const std::string& path_prefix) const {
    std::lock_guard lk(mu_);
    int n = 0;
    for (const auto& r : requests_)
      if (r.method == method && r.path.rfind(path_prefix, 0) == 0) ++n;
    return n;
  }
  // The next `times` requests whose path starts with `prefix` get `status`.
  void fail_next(const std::string& prefix, int status, int times = 1) {
    std::lock_guard lk(mu_);
    failures_.push_back({prefix, status, times});
  }

  // --- OAuth and JWKS ---
  std::string jwks;  // the document served at /oauth2/v3/certs
  int jwks_max_age_s = 3600;
  int token_lifetime_s = 3600;
  std::string expected_refresh_token = "refresh-secret";
  int tokens_issued() const {
    std::lock_guard lk(mu_);
    return tokens_issued_;
  }
  void revoke_access_tokens() {
    std::lock_guard lk(mu_);
    valid_tokens_.clear();
  }

  FakeResponse handle(const FakeRequest& req) {
    std::lock_guard lk(mu_);
    requests_.push_back(req);
    for (auto& f : failures_) {
      if (f.times > 0 && req.path.rfind(f.prefix, 0) == 0) {
        --f.times;
        return error(f.status, "injected failure");
      }
    }
    if (req.path == "/oauth2/v3/certs") {
      return {200,
              jwks,
              {{"Cache-Control",
                "public, max-age=" + std::to_string(jwks_max_age_s) + ", must-revalidate"}}};
    }
    if (req.path == "/token") return token(req);
    const std::string base = "/gmail/v1/users/me";
    if (req.path.rfind(base, 0) != 0) return error(404, "not found");
    std::string auth = req.header("authorization");
    if (auth.rfind("Bearer ", 0) != 0 || !valid_tokens_.count(auth.substr(7)))
      return error(401, "Request had invalid authentication credentials.");
    std::string rest = req.path.substr(base.size());
    if (req.method == "GET" && rest == "/history") return history(req);
    if (req.method == "GET" && rest == "/messages") return list(req);
    if (req.method == "GET" && rest.rfind("/messages/", 0) == 0) return get(rest.substr(10), req);
    if (req.method == "POST" && rest == "/messages/send") return send_message(req);
    if (req.method == "POST" && rest == "/watch") {
      return json(boost::json::object{{"historyId", std::to_string(history_id_)},
                                      {"expiration", std::to_string(watch_expiration_ms)}});
    }
    if (req.method == "GET" && rest == "/profile") {
      return json(boost::json::object{{"emailAddress", "support@rotaloom.example"},
                                      {"messagesTotal", messages_.size()},
                                      {"threadsTotal", messages_.size()},
                                      {"historyId", std::to_string(history_id_)}});
    }
    return error(404, "not found");
  }
  std::int64_t watch_expiration_ms = 1768204800000;

  // HttpClient
  http::ClientResponse send(const http::ClientRequest& r) override {
    FakeRequest req;
    req.method = r.method;
    std::string url = r.url;
    auto scheme = url.find("://");
    auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    std::string target = slash == std::string::npos ? "/" : url.substr(slash);
    auto q = target.find('?');
    req.path = target.substr(0, q);
    req.query = q == std::string::npos ? "" : target.substr(q + 1);
    req.headers = r.headers;
    req.body = r.body;
    FakeResponse f = handle(req);
    http::ClientResponse out;
    out.status = f.status;
    out.body = f.body;
    for (auto [k, v] : f.headers) {
      for (auto& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers.emplace_back(k, v);
    }
    return out;
  }

 private:
  struct Record {
    std::uint64_t id;
    std::string message_id, thread_id;
    std::vector<std::string> labels;
  };
  struct Failure {
    std::string prefix;
    int status;
    int times;
  };

  static FakeResponse json(const boost::json::value& v, int status = 200) {
    return {
        status, boost::json::serialize(v), {{"Content-Type", "application/json; charset=UTF-8"}}};
  }
  static FakeResponse error(int status, const std::string& message) {
    return json(boost::json::object{{"error", {{"code", status}, {"message", message}}}}, status);
  }
  static boost::json::array labels_json(const std::vector<std::string>& ls) {
    boost::json::array a;
    for (const auto& l : ls) a.emplace_back(l);
    return a;
  }

  FakeResponse token(const FakeRequest& req) {
    if (req.method != "POST" || req.header("content-type") != "application/x-www-form-urlencoded")
      return json(boost::json::object{{"error", "invalid_request"}}, 400);
    std::map<std::string, std::string> form;
    FakeRequest f;
    f.query = req.body;
    if (f.param("grant_type") != "refresh_token" || f.param("client_id").empty())
      return json(boost::json::object{{"error", "unsupported_grant_type"}}, 400);
    if (f.param("refresh_token") != expected_refresh_token)
      return json(boost::json::object{{"error", "invalid_grant"},
                                      {"error_description", "Token has been expired or revoked."}},
                  400);
    std::string t = "ya29.fake-" + std::to_string(++tokens_issued_);
    valid_tokens_[t] = true;
    return json(boost::json::object{{"access_token", t},
                                    {"expires_in", token_lifetime_s},
                                    {"scope", "https://www.googleapis.com/auth/gmail.modify"},
                                    {"token_type", "Bearer"}});
  }

  FakeResponse history(const FakeRequest& req) {
    std::string start_s = req.param("startHistoryId");
    if (start_s.empty()) return error(400, "startHistoryId required");
    std::uint64_t start = std::stoull(start_s);
    if (start < oldest_history_) return error(404, "Requested entity was not found.");
    std::size_t offset = req.param("pageToken").empty() ? 0 : std::stoul(req.param("pageToken"));
    std::vector<const Record*> after;
    for (const auto& r : history_)
      if (r.id > start) after.push_back(&r);
    boost::json::array hs;
    std::size_t end = std::min(after.size(), offset + page_size_);
    for (std::size_t i = offset; i < end; ++i) {
      const Record& r = *after[i];
      boost::json::object msg{
          {"id", r.message_id}, {"threadId", r.thread_id}, {"labelIds", labels_json(r.labels)}};
      hs.push_back(boost::json::object{
          {"id", std::to_string(r.id)},
          {"messages", boost::json::array{boost::json::object{{"id", r.message_id},
                                                              {"threadId", r.thread_id}}}},
          {"messagesAdded", boost::json::array{boost::json::object{{"message", msg}}}}});
    }
    boost::json::object o{{"historyId", std::to_string(history_id_)}};
    if (!hs.empty()) o["history"] = hs;
    if (end < after.size()) o["nextPageToken"] = std::to_string(end);
    return json(o);
  }

  FakeResponse list(const FakeRequest& req) {
    boost::json::array ms;
    std::size_t max = req.param("maxResults").empty() ? 100 : std::stoul(req.param("maxResults"));
    if (std::string q = req.param("q"); q.rfind("rfc822msgid:", 0) == 0) {
      // Gmail's search by Message-ID (without angle brackets), over the messages sent here.
      const std::string header = "Message-ID: <" + q.substr(12) + ">\r\n";
      for (std::size_t i = 0; i < sent_.size() && ms.size() < max; ++i)
        if (sent_[i].decoded.find(header) != std::string::npos)
          ms.push_back(boost::json::object{{"id", "sent" + std::to_string(i + 1)},
                                           {"threadId", sent_[i].thread_id}});
      return json(boost::json::object{{"messages", ms}, {"resultSizeEstimate", ms.size()}});
    }
    for (auto it = history_.rbegin(); it != history_.rend() && ms.size() < max; ++it)
      if (messages_.count(it->message_id))
        ms.push_back(boost::json::object{{"id", it->message_id}, {"threadId", it->thread_id}});
    return json(boost::json::object{{"messages", ms}, {"resultSizeEstimate", ms.size()}});
  }

  FakeResponse get(const std::string& id, const FakeRequest& req) {
    auto it = messages_.find(id);
    if (it == messages_.end()) return error(404, "Requested entity was not found.");
    if (req.param("format") != "raw") return error(400, "this fake serves format=raw");
    const Message& m = it->second;
    return json(boost::json::object{
        {"id", m.id},
        {"threadId", m.thread_id},
        {"labelIds", labels_json(m.labels)},
        {"snippet", ""},
        {"historyId", std::to_string(history_id_)},
        {"internalDate", "1767604531000"},
        {"sizeEstimate", m.raw.size()},
        {"raw", channels::email::base64_encode(m.raw, channels::email::B64Alphabet::url, true)}});
  }

  FakeResponse send_message(const FakeRequest& req) {
    boost::json::error_code ec;
    auto v = boost::json::parse(req.body, ec);
    if (ec || !v.is_object() || !v.get_object().contains("raw")) return error(400, "raw required");
    const auto& o = v.get_object();
    Sent s;
    s.raw_b64 = std::string(o.at("raw").get_string());
    if (auto* t = o.if_contains("threadId")) s.thread_id = std::string(t->get_string());
    auto decoded =
        channels::email::base64_decode_strict(s.raw_b64, channels::email::B64Alphabet::url);
    if (!decoded) return error(400, "Invalid value for ByteString");
    if (!s.thread_id.empty()) {
      bool known = false;
      for (const auto& [id, m] : messages_) known = known || m.thread_id == s.thread_id;
      if (!known) return error(404, "Requested entity was not found.");
    }
    s.decoded = *decoded;
    std::string id = "sent" + std::to_string(sent_.size() + 1);
    std::string thread = s.thread_id.empty() ? "thread-" + id : s.thread_id;
    sent_.push_back(std::move(s));
    return json(boost::json::object{
        {"id", id}, {"threadId", thread}, {"labelIds", boost::json::array{"SENT"}}});
  }

  mutable std::mutex mu_;
  std::uint64_t history_id_ = 1000, oldest_history_ = 0;
  std::size_t page_size_ = 100;
  std::vector<Record> history_;
  std::map<std::string, Message> messages_;
  std::vector<Sent> sent_;
  std::vector<FakeRequest> requests_;
  std::vector<Failure> failures_;
  std::map<std::string, bool> valid_tokens_;
  int tokens_issued_ = 0;
};

}  // namespace fte::test
