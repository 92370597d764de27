#include "channels/email/gmail_client.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>

#include "channels/email/codec.h"
#include "core/error.h"
#include "core/json_util.h"

namespace json = boost::json;

namespace fte::channels::email {

namespace {

[[noreturn]] void fail(const http::ClientResponse& r, const std::string& what) {
  int s = r.status;
  std::string msg =
      what + " failed: " + (s == 0 ? std::string("unreachable") : "HTTP " + std::to_string(s));
  if (s == 0 || s == 408 || s == 429 || s >= 500) throw Error(ErrorKind::unavailable, msg);
  if (s == 403 && (r.body.find("ateLimitExceeded") != std::string::npos ||
                   r.body.find("RESOURCE_EXHAUSTED") != std::string::npos))
    throw Error(ErrorKind::unavailable, msg + " (rate limited)");
  if (s == 401) throw Error(ErrorKind::unauthorized, msg);
  if (s == 403) throw Error(ErrorKind::forbidden, msg);
  if (s == 404) throw Error(ErrorKind::not_found, msg);
  throw Error(ErrorKind::invalid_argument, msg);
}

json::object parse_body(const http::ClientResponse& r, const std::string& what) {
  json::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec || !v.is_object()) throw Error(ErrorKind::unavailable, what + ": response is not JSON");
  return std::move(v.get_object());
}

// Gmail ids are short URL-safe tokens; anything else must not reach a URL path.
void check_id(const std::string& id, const char* what) {
  bool ok = !id.empty() && id.size() <= 128;
  for (char c : id)
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
  if (!ok) throw Error(ErrorKind::invalid_argument, std::string("invalid Gmail ") + what, what);
}

MessageRef ref_of(const json::object& m) {
  MessageRef r{jsonu::str(m, "id"), jsonu::str(m, "threadId"), {}};
  if (const json::value* ls = m.if_contains("labelIds"); ls && ls->is_array())
    for (const auto& l : ls->get_array())
      if (l.is_string()) r.label_ids.emplace_back(l.get_string());
  return r;
}

// "historyId" and "expiration" come as strings of digits (int64 in JSON-as-string form), but
// accept numbers too.
std::string id_string(const json::object& o, std::string_view k) {
  const json::value* v = o.if_contains(k);
  if (!v) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_uint64()) return std::to_string(v->get_uint64());
  if (v->is_int64()) return std::to_string(v->get_int64());
  return {};
}

}  // namespace

std::string url_component(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string o;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      o.push_back(static_cast<char>(c));
    } else {
      o.push_back('%');
      o.push_back(kHex[c >> 4]);
      o.push_back(kHex[c & 15]);
    }
  }
  return o;
}

// --- OAuth ---

OAuthRefreshTokens::OAuthRefreshTokens(http::HttpClient& client, OAuthOptions o, const Clock& clock)
    : client_(client), o_(std::move(o)), clock_(clock) {}

int OAuthRefreshTokens::refreshes() const {
  std::lock_guard lk(mu_);
  return refreshes_;
}

void OAuthRefreshTokens::invalidate() {
  std::lock_guard lk(mu_);
  token_.clear();
}

std::string OAuthRefreshTokens::token() {
  std::lock_guard lk(mu_);
  std::int64_t now = clock_.now_ms();
  if (!token_.empty() && now < refresh_at_) return token_;
  if (o_.refresh_token.empty() || o_.client_id.empty())
    throw Error(ErrorKind::unauthorized, "Gmail OAuth credentials are not configured");
  http::ClientRequest req;
  req.method = "POST";
  req.url = o_.token_url;
  req.timeout_ms = o_.timeout_ms;
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                 {"Accept", "application/json"}};
  req.body = "client_id=" + url_component(o_.client_id) +
             "&client_secret=" + url_component(o_.client_secret) +
             "&refresh_token=" + url_component(o_.refresh_token) + "&grant_type=refresh_token";
  ++refreshes_;
  // Refreshing is safe to repeat: a lost response only costs another access token.
  http::ClientResponse r = client_.retry(req, {3, 200, 2000, 2 * o_.timeout_ms});
  if (r.status == 400 || r.status == 401)
    throw Error(ErrorKind::unauthorized,
                "Gmail OAuth refresh token rejected (HTTP " + std::to_string(r.status) + ")");
  if (r.status != 200) fail(r, "Gmail OAuth token refresh");
  json::object o = parse_body(r, "Gmail OAuth token refresh");
  std::string access = jsonu::str(o, "access_token");
  std::int64_t expires_in = jsonu::i64(o, "expires_in", 3600);
  if (access.empty() || expires_in <= 0)
    throw Error(ErrorKind::unavailable, "Gmail OAuth token response has no access token");
  std::int64_t life_ms = expires_in * 1000;
  token_ = std::move(access);
  refresh_at_ = now + life_ms - std::min(o_.refresh_margin_ms, life_ms / 2);
  return token_;
}

// --- Gmail API ---

GmailClient::GmailClient(http::HttpClient& client, AccessTokens& tokens, GmailApiOptions o)
    : client_(client), tokens_(tokens), o_(std::move(o)) {
  while (!o_.api_base.empty() && o_.api_base.back() == '/') o_.api_base.pop_back();
}

std::string GmailClient::users_url() const {
  return o_.api_base + "/gmail/v1/users/" + url_component(o_.user);
}

http::ClientResponse GmailClient::call(const std::string& method, const std::string& path_query,
                                       const std::string& json_body, bool idempotent) {
  http::ClientResponse r;
  for (int attempt = 0; attempt < 2; ++attempt) {
    http::ClientRequest req;
    req.method = method;
    req.url = users_url() + path_query;
    req.timeout_ms = o_.timeout_ms;
    req.headers = {{"Authorization", "Bearer " + tokens_.token()}, {"Accept", "application/json"}};
    if (!json_body.empty()) {
      req.headers.emplace_back("Content-Type", "application/json");
      req.body = json_body;
    }
    r = idempotent ? client_.retry(req, o_.retry) : client_.send(req);
    if (r.status != 401 || attempt == 1) break;
    tokens_.invalidate();  // expired or revoked early: one more try with a fresh token
  }
  return r;
}

HistoryPage GmailClient::list_history(const std::string& start, const std::string& page_token) {
  std::string q = "/history?startHistoryId=" + url_component(start) +
                  "&historyTypes=messageAdded&maxResults=500";
  if (!page_token.empty()) q += "&pageToken=" + url_component(page_token);
  http::ClientResponse r = call("GET", q, {}, true);
  HistoryPage page;
  if (r.status == 404) {
    page.expired = true;
    return page;
  }
  if (r.status != 200) fail(r, "Gmail history.list");
  json::object o = parse_body(r, "Gmail history.list");
  page.history_id = id_string(o, "historyId");
  page.next_page_token = jsonu::str(o, "nextPageToken");
  if (const json::value* hs = o.if_contains("history"); hs && hs->is_array()) {
    for (const auto& hv : hs->get_array()) {
      if (!hv.is_object()) continue;
      const auto& h = hv.get_object();
      page.last_record_id = id_string(h, "id");
      const json::value* added = h.if_contains("messagesAdded");
      if (!added || !added->is_array()) continue;
      for (const auto& av : added->get_array()) {
        if (!av.is_object()) continue;
        const json::value* mv = av.get_object().if_contains("message");
        if (mv && mv->is_object()) page.added.push_back(ref_of(mv->get_object()));
      }
    }
  }
  return page;
}

MessagePage GmailClient::list_messages(const std::string& query, int max_results,
                                       const std::string& page_token) {
  std::string q = "/messages?maxResults=" + std::to_string(std::clamp(max_results, 1, 500));
  if (!query.empty()) q += "&q=" + url_component(query);
  if (!page_token.empty()) q += "&pageToken=" + url_component(page_token);
  http::ClientResponse r = call("GET", q, {}, true);
  if (r.status != 200) fail(r, "Gmail messages.list");
  json::object o = parse_body(r, "Gmail messages.list");
  MessagePage page;
  page.next_page_token = jsonu::str(o, "nextPageToken");
  if (const json::value* ms = o.if_contains("messages"); ms && ms->is_array())
    for (const auto& mv : ms->get_array())
      if (mv.is_object()) page.messages.push_back(ref_of(mv.get_object()));
  return page;
}

std::optional<GmailMessage> GmailClient::get_message(const std::string& id) {
  check_id(id, "message id");
  http::ClientResponse r = call("GET", "/messages/" + id + "?format=raw", {}, true);
  if (r.status == 404) return std::nullopt;
  if (r.status != 200) fail(r, "Gmail messages.get");
  GmailMessageParse p = parse_gmail_message(r.body, o_.mime);
  if (!p.message) throw Error(ErrorKind::unavailable, "Gmail messages.get: " + p.error);
  return std::move(p.message);
}

SentMessage GmailClient::send_message(const std::string& rfc822, const std::string& thread_id) {
  json::object body;
  body["raw"] = base64_encode(rfc822, B64Alphabet::url, true);
  if (!thread_id.empty()) {
    check_id(thread_id, "thread id");
    body["threadId"] = thread_id;
  }
  http::ClientResponse r = call("POST", "/messages/send", json::serialize(body), false);
  if (r.status != 200) fail(r, "Gmail messages.send");
  json::object o = parse_body(r, "Gmail messages.send");
  return {jsonu::str(o, "id"), jsonu::str(o, "threadId")};
}

WatchResponse GmailClient::watch(const std::string& topic, const std::vector<std::string>& labels) {
  json::object body;
  body["topicName"] = topic;
  json::array ls;
  for (const auto& l : labels) ls.emplace_back(l);
  if (!ls.empty()) {
    body["labelIds"] = std::move(ls);
    body["labelFilterBehavior"] = "include";
  }
  // watch is idempotent: calling it again just renews the same watch.
  http::ClientResponse r = call("POST", "/watch", json::serialize(body), true);
  if (r.status != 200) fail(r, "Gmail watch");
  json::object o = parse_body(r, "Gmail watch");
  WatchResponse w;
  w.history_id = id_string(o, "historyId");
  std::string exp = id_string(o, "expiration");
  if (!exp.empty() && exp.size() <= 15 && exp.find_first_not_of("0123456789") == std::string::npos)
    w.expiration_ms = std::stoll(exp);
  return w;
}

std::string GmailClient::current_history_id() {
  http::ClientResponse r = call("GET", "/profile", {}, true);
  if (r.status != 200) fail(r, "Gmail getProfile");
  return id_string(parse_body(r, "Gmail getProfile"), "historyId");
}

}  // namespace fte::channels::email
