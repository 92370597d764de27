// KafkaMockCluster: librdkafka's in-process mock Kafka cluster (rdkafka_mock.h) — real Kafka
// wire-protocol brokers listening on loopback TCP (ephemeral ports), holding their data in memory.
// Any Kafka client (fte's bus, kcat) can talk to bootstrap(). Used by `fte dev kafka`, the tests
// and the benchmarks; not for production data. The spec III topics are created at start (with
// `partitions` partitions each, names prefixed with topic_prefix); other topics are created on
// first produce. Fault injection: brokers down/up, request errors, latency.
// Thread-safe (librdkafka serialises access to the cluster); throws Error(internal) when the
// cluster cannot be created.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace fte {

// Kafka protocol request types (ApiKey), for error injection.
enum class KafkaApi : std::int16_t {
  produce = 0,
  fetch = 1,
  list_offsets = 2,
  metadata = 3,
  offset_commit = 8,
  offset_fetch = 9,
  find_coordinator = 10,
  join_group = 11,
  heartbeat = 12,
  leave_group = 13,
  sync_group = 14,
  init_producer_id = 22,
};

struct KafkaMockOptions {
  int brokers = 1;
  int partitions = 3;        // per pre-created topic
  std::string topic_prefix;  // FTE_TOPIC_PREFIX
};

class KafkaMockCluster {
 public:
  explicit KafkaMockCluster(const KafkaMockOptions& o = {});
  ~KafkaMockCluster();
  KafkaMockCluster(const KafkaMockCluster&) = delete;
  KafkaMockCluster& operator=(const KafkaMockCluster&) = delete;

  const std::string& bootstrap() const;  // "127.0.0.1:PORT[,127.0.0.1:PORT...]"
  int brokers() const;

  // `name` is the full topic name (no prefix is added). Replication = min(3, brokers).
  void create_topic(const std::string& name, int partitions);
  // The spec III topics, each as prefix + name.
  void create_spec_topics(const std::string& prefix, int partitions);

  // Broker ids are 1..brokers(). A down broker drops its connections and refuses new ones.
  void broker_down(int broker_id);
  void broker_up(int broker_id);
  void set_broker_rtt(int broker_id, int rtt_ms);

  // The next errors.size() requests of type `api` (any broker) fail with these error codes
  // (rd_kafka_resp_err_t values; RD_KAFKA_RESP_ERR__TRANSPORT (-195) drops the connection).
  void push_request_errors(KafkaApi api, const std::vector<int>& errors);
  // Broker-level variant: each entry is (error code or 0, response delay in ms).
  void push_broker_request_errors(int broker_id, KafkaApi api,
                                  const std::vector<std::pair<int, int>>& errors_and_rtt_ms);
  // How many broker-level injected errors are still pending for `api`.
  std::size_t pending_broker_errors(int broker_id, KafkaApi api) const;
  void clear_request_errors(KafkaApi api);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The spec III topic names, unprefixed: fte.tickets.incoming, fte.channels.{email,whatsapp,
// webform}.{inbound,outbound,status}, fte.escalations, fte.metrics, fte.dlq.
std::vector<std::string> spec_topic_names();

// `fte dev kafka`: starts a mock cluster with `brokers` brokers and the spec topics (prefixed with
// topic_prefix), prints "bootstrap=HOST:PORT[,...]" as the first line on stdout (flushed), then
// runs in the foreground until SIGINT or SIGTERM. Returns the process exit code (0 on a signal,
// 1 when the cluster could not start). Blocks SIGINT/SIGTERM in the calling thread while it runs;
// call it from the main thread before starting other threads.
int run_dev_kafka(int brokers, const std::string& topic_prefix = {});

}  // namespace fte
