#include "chaos.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "providers.h"

namespace fte::bench {

Chaos::Chaos(ChaosOptions o, Fleet& fleet, std::function<bool()> restart_postgres,
             std::function<void(bool)> broker_up)
    : o_(o), fleet_(fleet), restart_postgres_(std::move(restart_postgres)), broker_up_(std::move(broker_up)) {}

void Chaos::start(std::int64_t start_ms) {
  thread_ = std::thread([this, start_ms] { run(start_ms); });
}

void Chaos::stop() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::vector<std::string> Chaos::log() const {
  std::lock_guard lk(mu_);
  return log_;
}

bool Chaos::sleep_until(std::int64_t at_ms) {
  std::unique_lock lk(mu_);
  cv_.wait_for(lk, std::chrono::milliseconds(std::max<std::int64_t>(0, at_ms - wall_ms())),
               [&] { return stopping_; });
  return !stopping_;
}

void Chaos::note(std::int64_t start_ms, const std::string& what) {
  char t[32];
  std::snprintf(t, sizeof t, "%7.1f s  ", (wall_ms() - start_ms) / 1000.0);
  std::lock_guard lk(mu_);
  log_.push_back(t + what);
}

void Chaos::run(std::int64_t start_ms) {
  std::mt19937_64 rng(o_.seed);
  auto jitter = [&] { return std::uniform_real_distribution<double>(0.7, 1.3)(rng); };
  // The one-off faults, in time order, interleaved with the kills.
  struct OneOff {
    double at_s;
    int kind;  // 0 = PostgreSQL restart, 1 = broker down, 2 = broker up
  };
  std::vector<OneOff> plan;
  if (o_.pg_restart_at_s >= 0) plan.push_back({o_.pg_restart_at_s, 0});
  if (o_.broker_outage_at_s >= 0) {
    plan.push_back({o_.broker_outage_at_s, 1});
    plan.push_back({o_.broker_outage_at_s + o_.broker_outage_s, 2});
  }
  std::sort(plan.begin(), plan.end(), [](auto& a, auto& b) { return a.at_s < b.at_s; });
  std::size_t next = 0;
  double next_kill = o_.kill_period_s > 0 ? o_.kill_period_s * jitter() : 1e18;
  for (;;) {
    double one_off = next < plan.size() ? plan[next].at_s : 1e18;
    double at = std::min(next_kill, one_off);
    if (at >= 1e17) break;
    if (!sleep_until(start_ms + static_cast<std::int64_t>(at * 1000))) return;
    if (at == one_off) {
      int kind = plan[next++].kind;
      if (kind == 0) {
        note(start_ms, "PostgreSQL stopping (fast shutdown)");
        bool ok = restart_postgres_();
        note(start_ms, ok ? "PostgreSQL started again" : "PostgreSQL restart FAILED");
        pg_done_ = ok;
      } else {
        broker_up_(kind == 2);
        note(start_ms, kind == 1 ? "Kafka broker down" : "Kafka broker up");
        if (kind == 2) broker_done_ = true;
      }
    } else {
      bool quiet = false;
      for (const auto& f : plan) quiet = quiet || std::abs(at - f.at_s) < o_.quiet_s;
      if (!quiet) {
        note(start_ms, "SIGKILL " + fleet_.kill_random(rng, o_.kill_roles) + " (restarted)");
        ++kills_;
      }
      next_kill += o_.kill_period_s * jitter();
    }
  }
  // Reached only without kills: the one-off faults are done.
}

}  // namespace fte::bench
