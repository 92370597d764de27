// Chaos: the faults of the test, on a schedule relative to the start of the traffic: a SIGKILL of
// a random replica (restarted at once) every kill period (±30 %) except within quiet_s of a one-off
// fault, so that each fault's recovery is seen on its own; one PostgreSQL restart (fast
// shutdown, then start on the same port and data), and one broker outage (the mock cluster's only
// broker down for N seconds, then up). Runs on its own thread from start() until stop(); the log
// lists what happened when. Thread-safe.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fleet.h"

namespace fte::bench {

struct ChaosOptions {
  double kill_period_s = 5;   // 0 = no kills
  double pg_restart_at_s = -1;  // < 0: none
  double broker_outage_at_s = -1;
  double broker_outage_s = 10;
  double quiet_s = 10;  // no kills this long before and after a one-off fault (faults one at a time)
  std::uint64_t seed = 7;
  std::vector<std::string> kill_roles;  // empty: any replica
};

class Chaos {
 public:
  Chaos(ChaosOptions o, Fleet& fleet, std::function<bool()> restart_postgres,
        std::function<void(bool)> broker_up);
  ~Chaos() { stop(); }
  void start(std::int64_t start_ms);
  void stop();
  std::vector<std::string> log() const;
  int kills() const { return kills_; }
  bool pg_restarted() const { return pg_done_; }
  bool broker_outage_done() const { return broker_done_; }

 private:
  void run(std::int64_t start_ms);
  bool sleep_until(std::int64_t at_ms);  // false when stopped
  void note(std::int64_t start_ms, const std::string& what);

  ChaosOptions o_;
  Fleet& fleet_;
  std::function<bool()> restart_postgres_;
  std::function<void(bool)> broker_up_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::vector<std::string> log_;
  std::atomic<int> kills_{0};
  std::atomic<bool> pg_done_{false}, broker_done_{false};
  std::thread thread_;
};

}  // namespace fte::bench
