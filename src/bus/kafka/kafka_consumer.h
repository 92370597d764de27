// KafkaConsumer: what one Bus::subscribe() call runs — a balanced consumer-group member
// (enable.auto.commit=false), or with KafkaOptions::lease_store a holder of store partition leases
// (PartitionLeases) using manual assignment, with one poll thread and one worker thread per
// assigned partition. In lease mode a partition whose lease is not held (PartitionLeases::held)
// handles and commits nothing until it is again, and is closed without committing when lost.
//
// The poll thread fetches records and queues each on its partition's worker; it pauses a partition
// whose queue reaches max_queued_per_partition and resumes it at half that. A worker runs the
// handler on its partition's records strictly in order, retrying a throwing handler with
// exponential backoff and then handing the record to `dead_letter` (which must publish it durably
// to fte.dlq or throw; it is retried until it succeeds or the partition is closed). Only then is
// the record's offset marked handled; the poll thread commits handled offsets every
// commit_interval_ms until the coordinator confirms them: a commit whose confirmation does not
// arrive is sent again, and so is one that a late success for an older offset overwrote
// (librdkafka retries a failed OffsetCommit request on its own, after newer ones may have landed). On revocation and on stop() a partition is closed: queued records are
// dropped, a retry wait is abandoned (that record stays uncommitted and is redelivered), the
// handler already running is awaited, and the handled offsets are committed synchronously.
// Thread-safe: stop() and lag() from any thread.
#pragma once
#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bus/bus.h"
#include "bus/kafka/kafka_bus.h"
#include "bus/kafka/kafka_record.h"
#include "bus/kafka/partition_leases.h"

namespace fte::kafka {

class KafkaConsumer {
 public:
  using DeadLetter = std::function<void(const Record&)>;

  // `topics` are full names (prefix included); the handler sees them without `topic_prefix`.
  // Throws Error(invalid_argument) on a bad configuration.
  KafkaConsumer(const std::string& brokers, std::string group, std::vector<std::string> topics,
                std::string topic_prefix, EventHandler handler, const BusOptions& bo,
                const KafkaOptions& ko, DeadLetter dead_letter);
  ~KafkaConsumer();  // stop()
  KafkaConsumer(const KafkaConsumer&) = delete;
  KafkaConsumer& operator=(const KafkaConsumer&) = delete;

  // Stops polling, closes every partition (see above), leaves the group and joins the threads.
  void stop();
  // High watermark − committed offset for every partition of the subscribed topics; partitions the
  // broker did not answer for within lag_timeout_ms are left out. Empty after stop().
  std::vector<Bus::Lag> lag();

 private:
  // One assigned partition: its queue of fetched records and its worker thread.
  struct Partition {
    std::string topic;
    std::int32_t partition = 0;
    std::mutex mu;
    std::condition_variable cv;
    std::deque<ConsumedRecord> queue;  // guarded by mu
    bool closing = false;              // guarded by mu: revoked or stopping
    std::int64_t handled = -1;         // guarded by mu: next offset to commit, -1 for none yet
    std::int64_t committed = -1;       // poll thread only: last offset sent for commit
    std::int64_t acked = -1;           // poll thread only: last offset the coordinator confirmed
    std::chrono::steady_clock::time_point sent_at;  // poll thread only: when `committed` was sent
    bool paused = false;               // poll thread only
    PartitionLeases::Deadline lease;   // lease mode: set before the first record is queued
    std::thread worker;
  };
  using Key = std::pair<std::string, std::int32_t>;

  static void on_rebalance_cb(rd_kafka_t*, rd_kafka_resp_err_t err,
                              rd_kafka_topic_partition_list_t* parts, void* self);
  static void on_commit_cb(rd_kafka_t*, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* offsets, void* self);

  void poll_loop();
  void dispatch(const rd_kafka_message_t* m);
  void on_poll_error(const rd_kafka_message_t* m);
  void on_rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts);
  void assign(const rd_kafka_topic_partition_list_t* parts);
  void close_partitions(const std::vector<Key>& keys, bool commit);
  void resume_drained();
  void commit(const std::vector<Partition*>& parts, bool sync);
  void commit_handled(bool sync);
  void pause(Partition& p, bool on);
  void apply_leases();
  // Partitions of topics_ from one metadata request; nullopt when the broker did not answer.
  std::optional<std::vector<Key>> metadata_partitions(int timeout_ms);
  bool wait_for_lease(Partition& p);
  std::int64_t position(const Partition& p);  // the group's committed offset; -1 when unknown

  void run_partition(Partition& p);
  bool handle(Partition& p, const ConsumedRecord& r);
  bool send_to_dead_letter(Partition& p, const ConsumedRecord& r,
                           const std::optional<Envelope>& env, const std::string& error,
                           int attempts);
  bool backoff_unless_closing(Partition& p, int ms);
  std::string handler_topic(const std::string& full) const;

  std::string group_;
  std::vector<std::string> topics_;
  std::string topic_prefix_;
  EventHandler handler_;
  BusOptions bo_;
  KafkaOptions ko_;
  DeadLetter dead_letter_;

  std::mutex rk_mu_;  // guards rk_'s lifetime against lag()
  rd_kafka_t* rk_ = nullptr;
  std::map<Key, std::unique_ptr<Partition>> partitions_;  // poll thread only
  int paused_ = 0;                                        // poll thread only
  std::atomic<bool> stopping_{false};
  std::unique_ptr<PartitionLeases> leases_;  // lease mode only
  std::uint64_t applied_generation_ = 0;     // poll thread only
  std::thread poll_;
};

}  // namespace fte::kafka
