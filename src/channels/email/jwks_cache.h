// JwksCache: Google's push-token signing keys (a JWKS document) fetched with HttpClient and
// cached for the response's Cache-Control max-age. An unknown kid triggers a refetch, at most once
// per min_refetch_interval (so forged kids cannot make us hammer Google). When a refetch fails the
// previous keys stay in use: keys rotate slowly and Pub/Sub retries meanwhile.
// Thread-safe: callers wait for one fetch at a time. Never throws (except bad_alloc).
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "channels/email/oidc.h"
#include "core/clock.h"
#include "http/client.h"

namespace fte::channels::email {

struct JwksOptions {
  std::string url = "https://www.googleapis.com/oauth2/v3/certs";
  int timeout_ms = 5000;
  std::int64_t default_max_age_ms = 3600 * 1000;  // when the response has no Cache-Control max-age
  std::int64_t min_max_age_ms = 60 * 1000;
  std::int64_t max_max_age_ms = 24 * 3600 * 1000;
  std::int64_t min_refetch_interval_ms = 30 * 1000;  // on unknown kids (rate limit)
};

class JwksCache final : public KeySource {
 public:
  JwksCache(http::HttpClient& client, JwksOptions o, const Clock& clock = SystemClock::instance());
  std::shared_ptr<const RsaKey> key(const std::string& kid, bool* unavailable) override;
  std::size_t fetches() const;  // for tests and metrics

 private:
  bool refresh_locked(std::int64_t now);  // true when a fetch succeeded
  http::HttpClient& client_;
  JwksOptions o_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const RsaKey>> keys_;
  std::int64_t expires_at_ = 0, last_fetch_ = 0;
  bool fetched_once_ = false;
  std::size_t fetches_ = 0;
};

}  // namespace fte::channels::email
