#include "channels/email/jwks_cache.h"

#include <algorithm>
#include <cctype>

namespace fte::channels::email {

namespace {

std::int64_t max_age_ms(std::string_view cache_control, const JwksOptions& o) {
  std::string cc(cache_control);
  for (auto& c : cc) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t p = cc.find("max-age=");
  if (p == std::string::npos) return o.default_max_age_ms;
  std::int64_t s = 0;
  std::size_t digits = 0;
  for (std::size_t i = p + 8;
       i < cc.size() && std::isdigit(static_cast<unsigned char>(cc[i])) && digits < 9;
       ++i, ++digits)
    s = s * 10 + (cc[i] - '0');
  if (digits == 0) return o.default_max_age_ms;
  return std::clamp(s * 1000, o.min_max_age_ms, o.max_max_age_ms);
}

}  // namespace

JwksCache::JwksCache(http::HttpClient& client, JwksOptions o, const Clock& clock)
    : client_(client), o_(std::move(o)), clock_(clock) {}

std::size_t JwksCache::fetches() const {
  std::lock_guard lk(mu_);
  return fetches_;
}

bool JwksCache::refresh_locked(std::int64_t now) {
  last_fetch_ = now;
  fetched_once_ = true;
  ++fetches_;
  http::ClientRequest req;
  req.method = "GET";
  req.url = o_.url;
  req.timeout_ms = o_.timeout_ms;
  req.headers = {{"Accept", "application/json"}};
  http::ClientResponse r = client_.retry(req, {3, 100, 1000, o_.timeout_ms * 2});
  if (r.status != 200) return false;
  auto keys = parse_jwks(r.body);
  if (keys.empty()) return false;
  keys_ = std::move(keys);
  expires_at_ = now + max_age_ms(r.header("cache-control"), o_);
  return true;
}

std::shared_ptr<const RsaKey> JwksCache::key(const std::string& kid, bool* unavailable) {
  std::lock_guard lk(mu_);
  std::int64_t now = clock_.now_ms();
  bool may_fetch = !fetched_once_ || now - last_fetch_ >= o_.min_refetch_interval_ms;
  bool fresh = !keys_.empty() && now < expires_at_;
  if (!fresh && may_fetch) {
    refresh_locked(now);
    may_fetch = false;
  }
  auto it = keys_.find(kid);
  if (it == keys_.end() && may_fetch) {  // maybe rotated: look again, rate-limited
    refresh_locked(now);
    it = keys_.find(kid);
  }
  if (unavailable) *unavailable = keys_.empty();
  return it == keys_.end() ? nullptr : it->second;
}

}  // namespace fte::channels::email
