// Fleet: the `fte` replicas of a scaled-out deployment as real child processes (gateway, agent and
// deliver roles of the real binary), each on its own fixed loopback port, sharing one environment
// (PostgreSQL, Kafka, provider fakes). It plays the part of Kubernetes: a replica that is killed or
// dies is started again on the same port, and a gateway receives front-door traffic only while its
// /ready answers 200 (an endpoint of the Service), from the moment it is killed until it is ready
// again it gets none. Thread-safe: kill/restart, the monitor thread and the front door's pick() may
// run concurrently. Failure: a replica that cannot be started is retried by the monitor.
#pragma once
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "support/process.h"

namespace fte::bench {

class Fleet {
 public:
  struct Replica {
    std::string role;  // gateway | agent | deliver
    int index = 0;
    int port = 0;
    std::unique_ptr<testing::FteProcess> proc;
    std::atomic<bool> ready{false};
    std::atomic<int> generation{0};  // bumped at each kill: a probe of the old process is stale
    std::chrono::steady_clock::time_point failing_since{};  // monitor thread: first failed probe of a run
    bool failing = false;                                   // monitor thread
    int kills = 0, crashes = 0, exits = 0;  // crashes: died of a signal we did not send
    std::string name() const { return role + "-" + std::to_string(index); }
  };

  Fleet(std::filesystem::path dir, std::map<std::string, std::string> env,
        std::map<std::string, std::map<std::string, std::string>> role_env);
  ~Fleet();
  Fleet(const Fleet&) = delete;
  Fleet& operator=(const Fleet&) = delete;

  void add(const std::string& role, int count);
  // Starts every replica and the monitor; false when one is not ready within the deadline.
  bool start(std::chrono::milliseconds deadline);
  // SIGKILLs a random replica of one of `roles` (all when empty) and starts it again at once;
  // returns its name.
  std::string kill_random(std::mt19937_64& rng, const std::vector<std::string>& roles = {});
  // Port of a ready gateway (round robin), or 0 when none is ready.
  int pick_gateway();
  std::vector<int> ports(const std::string& role) const;
  bool all_ready();
  // SIGTERM to every replica (graceful stop) and waits for them; names those that did not exit 0.
  std::string stop();
  int kills() const;
  int crashes() const;  // deaths by a signal the harness did not send (restarted by the monitor)
  std::string crash_report() const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  void spawn(Replica& r);
  bool probe(const Replica& r, const char* path) const;
  void monitor();

  std::filesystem::path dir_;
  std::map<std::string, std::string> env_;
  std::map<std::string, std::map<std::string, std::string>> role_env_;
  std::vector<std::unique_ptr<Replica>> replicas_;
  mutable std::mutex mu_;  // guards the processes (not `ready`)
  std::atomic<bool> stopping_{false};
  std::atomic<unsigned> rr_{0};
  std::thread monitor_;
};

}  // namespace fte::bench
