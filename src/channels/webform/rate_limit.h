// SubmitRateLimit: the per-client limit on POST /support/submit (FTE_SUBMIT_RATE_PER_MINUTE).
// One token bucket per client: it holds at most `per_minute` tokens, refills at per_minute/60 a
// second, and each submission takes one; an empty bucket answers "retry after N seconds". A client
// is an IPv4 address or an IPv6 /64 (one household or host usually owns a whole /64); behind a
// reverse proxy the client address can come from a header the proxy sets (client_ip_header: the
// rightmost address of e.g. X-Forwarded-For, the one the proxy itself appended).
//
// Replicas: with a SharedWindow (the store's counters, shared_window_in) the limit holds for all
// gateway replicas together. The local bucket is checked first and refuses on its own (no store
// round trip for a client already over the limit here); a submission it lets through is counted in
// the store's fixed window of the current minute (one atomic upsert; PostgreSQL: an UNLOGGED table,
// no WAL write), refused once all replicas together passed per_minute in that window. A store
// error lets the submission through (the local bucket still holds; logged once per outage): the
// front door does not close because a counter could not be written.
//
// Thread-safe and lock-light: the buckets are spread over 32 shards, each with its own mutex held
// for a hash lookup and a few arithmetic operations. Memory is bounded: a shard keeps at most
// max_clients/32 buckets; when full it first forgets buckets that have refilled completely (they
// are indistinguishable from new ones), then an arbitrary one. per_minute = 0 turns the limit off.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"

namespace fte {
class Store;
}

namespace fte::channels::webform {

// Counts one submission under `key` in the window starting at window_start_ms, shared by every
// replica; returns the window's total. Throws when the store is unreachable.
using SharedWindow = std::function<std::int64_t(const std::string& key, std::int64_t window_start_ms,
                                                std::int64_t expires_at_ms)>;
// The store's non-durable shared counters (Store::add_to_counter, durable = false).
SharedWindow shared_window_in(Store& store);

struct RateLimitOptions {
  int per_minute = 30;  // 0 = unlimited
  std::size_t max_clients = 65536;
  SharedWindow shared;  // {}: this process alone
};

struct RateDecision {
  bool allowed = true;
  int retry_after_s = 0;  // when refused: whole seconds until one token is back (≥ 1)
};

// A fixed-window limit held only in the shared counters: at most `limit` per `window_ms` per key,
// all replicas together (e.g. the per-customer throttle). limit 0 = off. A store error allows.
// Thread-safe.
class SharedWindowLimit {
 public:
  SharedWindowLimit(std::string prefix, int limit, std::int64_t window_ms, SharedWindow shared,
                    const Clock& clock = SystemClock::instance());
  bool enabled() const { return limit_ > 0 && shared_ != nullptr; }
  RateDecision acquire(std::string_view key);

 private:
  const std::string prefix_;
  const int limit_;
  const std::int64_t window_ms_;
  const SharedWindow shared_;
  const Clock& clock_;
  std::atomic<bool> failing_{false};
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
  SharedWindowLimit shared_;
  double per_ms_;  // tokens per millisecond
  std::size_t per_shard_max_;
  std::array<Shard, kShards> shards_;
};

}  // namespace fte::channels::webform
