// PartitionLeases: which partitions of one Bus::subscribe() this process owns, decided with the
// store's lease rows instead of a Kafka consumer group (FTE_KAFKA_ASSIGNMENT=lease, the default;
// docs/DECISIONS.md "Partition leases instead of the consumer group").
//
// A thread renews, every renew_ms, a member lease `kafka:<group>:member:<slot>` (the lowest free
// slot, so the table stays bounded) and a lease `kafka:<group>:p:<topic>:<partition>` for every
// partition it owns, each for ttl_ms on the store's clock. The live member leases count the
// members; this process's share is ceil(partitions / members). It claims free partitions (never
// held, expired or released) up to its share; when it owns more than its share it marks the
// surplus, the consumer closes those (in-flight handler done, offsets committed) and calls
// closed(), and the lease is released so another member claims it at its next tick. Nothing else
// stops while partitions move.
//
// Holders are "<instance>/<uuid>" (app/instance_leases.h: a process restarted under the same
// instance id releases its dead predecessor's leases at start instead of waiting for them).
//
// A lease counts as held on this process's monotonic clock until 80 % of ttl_ms after the start of
// its last successful renewal (`Deadline`); after that (store unreachable, process paused) the
// consumer handles and commits nothing on that partition until a renewal succeeds. A renewal that
// finds the lease gone to another holder, or retaken after someone else held it (epoch moved by
// more than one), drops the partition: the consumer closes it without committing.
//
// Thread-safe. Store errors are logged (once per streak) and retried at the next tick.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace fte {
class Store;
}

namespace fte::kafka {

class PartitionLeases {
 public:
  using Key = std::pair<std::string, std::int32_t>;  // full topic name, partition
  // Steady-clock nanoseconds until which the lease counts as held; 0 once it is lost.
  using Deadline = std::shared_ptr<std::atomic<std::int64_t>>;
  // The partitions of the consumer's topics from broker metadata; nullopt when the broker did not
  // answer (the last known list stays).
  using ListPartitions = std::function<std::optional<std::vector<Key>>()>;

  struct Options {
    std::string group;
    std::string instance;  // unique among live processes (the pod name)
    std::vector<std::string> topics;  // full names; metadata is re-read every tick until all are known
    int ttl_ms = 2000;
    int renew_ms = 500;
  };

  PartitionLeases(Store& store, Options o, ListPartitions list);
  ~PartitionLeases();  // stop()
  PartitionLeases(const PartitionLeases&) = delete;
  PartitionLeases& operator=(const PartitionLeases&) = delete;

  // Bumped whenever owned() changes.
  std::uint64_t generation() const { return generation_.load(); }
  // The partitions to own now (surplus ones being handed back are left out).
  std::map<Key, Deadline> owned();
  // The consumer closed these partitions: release the ones handed back.
  void closed(const std::vector<Key>& keys);
  // No new claims from now on (stopping); leases held are still renewed.
  void freeze();
  // Releases every lease and the member slot, joins the thread. Call after the consumer closed
  // its partitions.
  void stop();

  static bool held(const Deadline& d);
  const std::string& holder() const { return holder_; }

 private:
  struct Held {
    std::int64_t epoch = 0;
    Deadline deadline;
    bool surplus = false;
  };

  void run();
  void tick();
  int renew_member(const std::vector<std::pair<std::string, std::string>>& live);
  void renew_partitions(std::int64_t start_ns);
  void rebalance(const std::set<std::string>& taken, int members, std::int64_t start_ns);
  void release_closed();
  std::string partition_lease(const Key& k) const;
  void store_failed(const std::exception& e);

  Store& store_;
  const Options o_;
  const ListPartitions list_;
  const std::string holder_;
  const std::string prefix_;  // "kafka:<group>:"

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<Key, Held> held_;       // guarded by mu_
  std::vector<Key> to_release_;    // guarded by mu_: closed surplus partitions
  bool stopping_ = false;          // guarded by mu_
  std::atomic<bool> frozen_{false};
  std::atomic<std::uint64_t> generation_{0};

  // lease thread only
  std::string member_;            // member lease name, "" when none held
  std::vector<Key> partitions_;   // last known partitions of the topics
  int ticks_since_metadata_ = 1 << 20;
  bool failing_ = false;
  std::thread thread_;
};

}  // namespace fte::kafka
