#include "channels/webform/rate_limit.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

#include "ops/log.h"
#include "store/store.h"

namespace fte::channels::webform {

std::string client_key(std::string_view address) {
  std::string a(address);
  if (!a.empty() && a.front() == '[' && a.back() == ']') a = a.substr(1, a.size() - 2);
  if (auto pct = a.find('%'); pct != std::string::npos) a.resize(pct);  // zone id
  in_addr v4{};
  if (inet_pton(AF_INET, a.c_str(), &v4) == 1) return a;
  in6_addr v6{};
  if (inet_pton(AF_INET6, a.c_str(), &v6) != 1) return std::string(address);
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char buf[INET6_ADDRSTRLEN];
  if (std::memcmp(v6.s6_addr, mapped, sizeof mapped) == 0) {
    std::memcpy(&v4, v6.s6_addr + 12, 4);
    return inet_ntop(AF_INET, &v4, buf, sizeof buf) ? std::string(buf) : a;
  }
  std::memset(v6.s6_addr + 8, 0, 8);
  if (!inet_ntop(AF_INET6, &v6, buf, sizeof buf)) return a;
  return std::string(buf) + "/64";
}

std::string client_address(std::string_view peer, std::string_view header_value) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  auto comma = header_value.rfind(',');
  auto last = trim(comma == std::string_view::npos ? header_value : header_value.substr(comma + 1));
  return std::string(last.empty() ? peer : last);
}

SharedWindow shared_window_in(Store& store) {
  return [&store](const std::string& key, std::int64_t window_start, std::int64_t expires_at) {
    return store.add_to_counter(key, window_start, 1, expires_at, false);
  };
}

SharedWindowLimit::SharedWindowLimit(std::string prefix, int limit, std::int64_t window_ms,
                                     SharedWindow shared, const Clock& clock)
    : prefix_(std::move(prefix)),
      limit_(limit),
      window_ms_(std::max<std::int64_t>(1000, window_ms)),
      shared_(std::move(shared)),
      clock_(clock) {}

RateDecision SharedWindowLimit::acquire(std::string_view key) {
  if (!enabled()) return {};
  const std::int64_t now = clock_.now_ms();
  const std::int64_t start = now - now % window_ms_;
  try {
    const auto total = shared_(prefix_ + std::string(key), start, start + 2 * window_ms_);
    if (failing_.exchange(false)) ops::info("shared rate limit counters reachable again");
    if (total <= limit_) return {};
    return {false, std::max(1, static_cast<int>((start + window_ms_ - now + 999) / 1000))};
  } catch (const std::exception& e) {
    if (!failing_.exchange(true))
      ops::warn("shared rate limit counters unreachable; limiting per process", {},
                {{"error", e.what()}});
    return {};
  }
}

SubmitRateLimit::SubmitRateLimit(RateLimitOptions o, const Clock& clock)
    : o_(o),
      clock_(clock),
      shared_("submit:ip:", o.per_minute, 60000, o.shared, clock),
      per_ms_(o.per_minute > 0 ? o.per_minute / 60000.0 : 0),
      per_shard_max_(std::max<std::size_t>(1, o.max_clients / kShards)) {}

double SubmitRateLimit::refilled(const Bucket& b, std::int64_t now) const {
  auto elapsed = std::max<std::int64_t>(0, now - b.at_ms);  // a clock stepping back refills nothing
  return std::min<double>(o_.per_minute, b.tokens + static_cast<double>(elapsed) * per_ms_);
}

void SubmitRateLimit::make_room(Shard& s, std::int64_t now) {
  for (auto it = s.buckets.begin(); it != s.buckets.end();) {
    if (refilled(it->second, now) >= o_.per_minute)
      it = s.buckets.erase(it);
    else
      ++it;
  }
  if (s.buckets.size() >= per_shard_max_) s.buckets.erase(s.buckets.begin());
}

RateDecision SubmitRateLimit::acquire(std::string_view client) {
  if (!enabled()) return {};
  auto& shard = shards_[std::hash<std::string_view>{}(client) % kShards];
  const auto now = clock_.now_ms();
  std::unique_lock lk(shard.mu);
  auto it = shard.buckets.find(std::string(client));
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= per_shard_max_) make_room(shard, now);
    it = shard.buckets.emplace(std::string(client), Bucket{static_cast<double>(o_.per_minute), now})
             .first;
  }
  auto& b = it->second;
  b.tokens = refilled(b, now);
  b.at_ms = std::max(b.at_ms, now);
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    lk.unlock();
    return shared_.acquire(client);  // all replicas together (a no-op without shared counters)
  }
  double wait_ms = (1.0 - b.tokens) / per_ms_;
  return {false, std::max(1, static_cast<int>(std::ceil(wait_ms / 1000.0)))};
}

std::size_t SubmitRateLimit::tracked_clients() {
  std::size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard lk(s.mu);
    n += s.buckets.size();
  }
  return n;
}

}  // namespace fte::channels::webform
