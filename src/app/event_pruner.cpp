#include "app/event_pruner.h"

#include <algorithm>

#include "app/relay_metrics.h"
#include "core/clock.h"
#include "core/ids.h"
#include "ops/log.h"

namespace fte::app {

namespace {
constexpr const char* kLease = "fte-event-pruner";
constexpr std::int64_t kHourMs = 3600LL * 1000;
}  // namespace

EventPruner::EventPruner(Store& store, ops::Metrics& metrics, PrunerOptions o)
    : store_(store), metrics_(metrics), o_(o), holder_(new_uuid()) {
  metric::declare_relay_metrics(metrics_);
  metrics_.counter(metric::kEventsPruned);
  thread_ = std::thread([this] {
    std::unique_lock lk(mu_);
    while (!stopping_) {
      lk.unlock();
      try {
        run_once();
      } catch (const std::exception& e) {
        ops::warn("event retention round failed", {}, {{"error", e.what()}});
      }
      lk.lock();
      cv_.wait_for(lk, std::chrono::milliseconds(std::max(10, o_.interval_ms)), [this] { return stopping_; });
    }
  });
}

EventPruner::~EventPruner() { stop(); }

void EventPruner::stop() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::int64_t EventPruner::run_once() {
  std::int64_t deleted = 0;
  const std::int64_t now = now_ms();
  // The lease outlives a round by far, so one holder keeps it while it lives.
  if (store_.acquire_lease(kLease, holder_, std::max<std::int64_t>(3LL * o_.interval_ms, 1000)) > 0) {
    if (o_.retention_hours > 0) {
      const std::int64_t before = now - o_.retention_hours * kHourMs;
      for (int i = 0; i < o_.max_chunks; ++i) {
        auto n = store_.prune_events(before, o_.chunk);
        deleted += n;
        if (n == 0) break;
      }
    }
    store_.prune_counters(now);
    if (deleted > 0) {
      metrics_.counter(metric::kEventsPruned).inc(static_cast<double>(deleted));
      ops::info("events pruned", {}, {{"deleted", std::to_string(deleted)}});
    }
  }
  auto st = store_.event_log_stats();
  metrics_.gauge(metric::kEventsRows).set(static_cast<double>(st.rows));
  metrics_.gauge(metric::kEventsOldestAge)
      .set(st.oldest_created_at_ms > 0 ? static_cast<double>(std::max<std::int64_t>(0, now - st.oldest_created_at_ms)) / 1000.0 : 0.0);
  return deleted;
}

}  // namespace fte::app
