// SubmitRateLimit: the per-client limit on POST /support/submit (FTE_SUBMIT_RATE_PER_MINUTE).
// One token bucket per client: it holds at most `per_minute` tokens, refills at per_minute/60 a
// second, and each submission takes one; an empty bucket answers "retry after N seconds". A client
// is an IPv4 address or an IPv6 /64 (one household or host usually owns a whole /64); behind a
// reverse proxy the client address can come from a header the proxy sets (client_ip_header: the
// rightmost address of e.g. X-Forwarded-For, the one the proxy itself appended).
//
// Thread-safe and lock-light: the buckets are spread over 32 shards, each with its own mutex held
// for a hash lookup and a few arithmetic operations. Memory is bounded: a shard keeps at most
// max_clients/32 buckets; when full it first forgets buckets that have refilled completely (they
// are indistinguishable from new ones), then an arbitrary one. per_minute = 0 turns the limit off.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"

namespace fte::channels::webform {

struct RateLimitOptions {
  int per_minute = 30;  // 0 = unlimited
  std::size_t max_clients = 65536;
};

struct RateDecision {
  bool allowed = true;
  int retry_after_s = 0;  // when refused: whole seconds until one token is back (≥ 1)
};

// "203.0.113.7" → "203.0.113.7"; "2001:db8:1:2:aa:bb:cc:dd" → "2001:db8:1:2::/64";
// "::ffff:203.0.113.7" → "203.0.113.7"; anything unparsable is used as given.
std::string client_key(std::string_view address);

// The client address of a request: the rightmost entry of `header` (lower-case name, e.g.
// "x-forwarded-for") when the name is set and the header present, else `peer`.
std::string client_address(std::string_view peer, std::string_view header_value);

class SubmitRateLimit {
 public:
  explicit SubmitRateLimit(RateLimitOptions o, const Clock& clock = SystemClock::instance());
  bool enabled() const { return o_.per_minute > 0; }
  // Takes one token from the client's bucket (client: see client_key).
  RateDecision acquire(std::string_view client);
  std::size_t tracked_clients();  // for tests and metrics

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t at_ms = 0;  // when `tokens` was computed
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };
  static constexpr std::size_t kShards = 32;
  void make_room(Shard& s, std::int64_t now);
  double refilled(const Bucket& b, std::int64_t now) const;

  RateLimitOptions o_;
  const Clock& clock_;
  double per_ms_;  // tokens per millisecond
  std::size_t per_shard_max_;
  std::array<Shard, kShards> shards_;
};

}  // namespace fte::channels::webform
