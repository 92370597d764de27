#include "channels/webform/cors.h"

#include <algorithm>
#include <cctype>

namespace fte::channels::webform {

namespace {
constexpr std::string_view kAllowedHeaders = "Content-Type, Idempotency-Key, X-Request-Id";
constexpr std::string_view kMaxAgeSeconds = "600";

// True when `token` is one of the comma-separated words of `list` ("GET, POST").
bool has_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    auto comma = list.find(',');
    auto word = list.substr(0, comma);
    while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
    while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
    if (word == token) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}
}  // namespace

std::string CorsPolicy::normalise(std::string_view origin) {
  std::string o(origin);
  while (!o.empty() && (o.back() == '/' || o.back() == ' ')) o.pop_back();
  while (!o.empty() && o.front() == ' ') o.erase(o.begin());
  std::transform(o.begin(), o.end(), o.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return o;
}

CorsPolicy::CorsPolicy(const std::vector<std::string>& origins) {
  for (const auto& o : origins) {
    auto n = normalise(o);
    if (n == "*")
      any_ = true;
    else if (!n.empty())
      origins_.push_back(std::move(n));
  }
}

bool CorsPolicy::allows(std::string_view origin) const {
  if (origin.empty() || origin == "null") return false;
  if (any_) return true;
  auto n = normalise(origin);
  return std::find(origins_.begin(), origins_.end(), n) != origins_.end();
}

void CorsPolicy::decorate(std::string_view origin, http::Response& r) const {
  if (!enabled() || origin.empty()) return;
  r.headers.emplace_back("Vary", "Origin");
  if (!allows(origin)) return;
  r.headers.emplace_back("Access-Control-Allow-Origin",
                         any_ ? std::string("*") : std::string(origin));
  r.headers.emplace_back("Access-Control-Expose-Headers", "Retry-After, X-Request-Id");
}

http::Response CorsPolicy::preflight(const http::Request& req, std::string_view methods) const {
  auto origin = req.header("origin");
  std::string allow = std::string(methods) + ", OPTIONS";
  if (origin.empty()) {  // not a CORS preflight: a plain OPTIONS
    auto r = http::Response::text(204, "");
    r.headers.emplace_back("Allow", allow);
    return r;
  }
  auto requested = req.header("access-control-request-method");
  bool method_ok = requested.empty() || requested == "OPTIONS" || has_token(methods, requested);
  if (!allows(origin) || !method_ok) {
    auto r = http::Response::error(403, "forbidden", "this origin may not call the API");
    r.headers.emplace_back("Vary", "Origin");
    return r;
  }
  auto r = http::Response::text(204, "");
  decorate(origin, r);
  r.headers.emplace_back("Access-Control-Allow-Methods", allow);
  r.headers.emplace_back("Access-Control-Allow-Headers", std::string(kAllowedHeaders));
  r.headers.emplace_back("Access-Control-Max-Age", std::string(kMaxAgeSeconds));
  return r;
}

http::Handler CorsPolicy::wrap(std::shared_ptr<const CorsPolicy> policy, http::Handler h) {
  if (!policy || !policy->enabled()) return h;
  return [policy, h = std::move(h)](http::Request& req, http::Respond respond) {
    auto origin = req.header("origin");
    if (origin.empty()) return h(req, std::move(respond));
    h(req, [policy, o = std::string(origin), respond = std::move(respond)](http::Response r) {
      policy->decorate(o, r);
      respond(std::move(r));
    });
  };
}

}  // namespace fte::channels::webform
