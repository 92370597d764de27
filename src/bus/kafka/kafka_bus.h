// The Kafka event bus (DESIGN §2, spec III) over librdkafka.
//
// publish(): one idempotent producer per bus (enable.idempotence=true, acks=all); the call returns
// only after the broker acknowledged the record on all in-sync replicas, and throws
// Error(unavailable) when that did not happen within KafkaOptions::publish_timeout_ms (librdkafka
// retries broker outages and retriable errors until then, without duplicates). The record's key is
// Envelope::key, its value the JSON envelope, and every envelope field also travels as a Kafka
// header (event_id, type, schema_version, correlation_id, traceparent, idempotency_key,
// occurred_at).
//
// subscribe() with KafkaOptions::lease_store: the partitions are claimed through store leases
// (partition_leases.h) and consumed with manual assignment from the group's committed offsets;
// everything below about handling, retries, the DLQ and commits is the same.
// subscribe() without: one balanced consumer group member per call (enable.auto.commit=false, eager
// round-robin assignment: every rebalance revokes all partitions, then assigns anew — librdkafka
// 2.0.2's cooperative-sticky assignor can wedge a group or abort a process when members are
// SIGKILLed during a rebalance (librdkafka issue 4312); auto.offset.reset=earliest for a new group). A poll thread
// fetches and hands records to one worker thread per assigned partition, so each partition is
// handled strictly in order while different partitions (different customers) run in parallel. A
// partition's offset is committed only after its handler returned (or the record went to fte.dlq).
// A throwing handler is retried with exponential backoff (BusOptions), then the record goes to
// fte.dlq — value: a "dead_letter" envelope wrapping the original (the same shape as the local
// bus), headers: the original headers plus x-original-topic/-partition/-offset, x-group, x-error,
// x-attempts — and the partition moves on. A record that is not an envelope goes to fte.dlq at
// once. A partition whose backlog exceeds max_queued_per_partition is paused until its worker
// catches up. On revocation or stop() a partition's in-flight handler finishes, queued records are
// dropped uncommitted (redelivered to the next owner) and the handled offsets are committed
// synchronously.
//
// stop(): stops polling, lets in-flight handlers finish, commits, closes the consumers
// (rd_kafka_consumer_close) and flushes the producer; publish() keeps working until destruction.
// lag(): per (group, topic, partition) of the subscribed topics, high watermark − committed offset,
// with full (prefixed) topic names, as the broker sees them. ping(): a metadata round trip.
// The bus is also a PublishedTail (bus/published_tail.h; kafka_tail.h): the event ids of the last
// records of each partition, read by a short-lived consumer outside any group.
// Logs go through fte::ops as JSON and never contain payloads. Thread-safe.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bus/bus.h"

namespace fte {

struct KafkaOptions {
  std::string client_id = "fte";
  int publish_timeout_ms = 10000;  // publish() gives up with Error(unavailable); message.timeout.ms
  int linger_ms = 0;               // producer batching delay; concurrent publishes batch anyway
  // A group member is considered dead after this without a heartbeat: how long a SIGKILLed
  // replica's partitions wait. 6000 is the smallest a broker accepts by default
  // (group.min.session.timeout.ms).
  int session_timeout_ms = 6000;
  int heartbeat_interval_ms = 1000;  // also how soon members learn that a rebalance started
  int fetch_wait_max_ms = 100;  // longest a fetch waits for new records
  // A request unanswered this long fails and its connection is closed (librdkafka's
  // socket.timeout.ms, default 60 s): requests in flight when a broker vanished are retried on a
  // new connection seconds after it returns instead of a minute later. ≥ fetch_wait_max_ms + 1000,
  // and above session_timeout_ms: librdkafka 2.0.2 bounds a SyncGroup request (which the
  // coordinator holds until every member synced, up to the session timeout) by it too.
  int socket_timeout_ms = 10000;
  int reconnect_backoff_ms = 100;      // first reconnect delay, doubling up to the max
  int reconnect_backoff_max_ms = 1000;
  int commit_interval_ms = 100;         // handled offsets are committed at most this often
  int max_queued_per_partition = 1000;  // handler backlog before the partition is paused
  int ping_timeout_ms = 2000;
  int lag_timeout_ms = 2000;     // budget for one lag() call (broker round trips)
  int flush_timeout_ms = 10000;  // stop(): wait this long for unacknowledged records
  // Partition assignment. With a store, each subscribe() holds its partitions as store leases
  // (partition_leases.h: a killed replica's partitions move within lease_ttl_ms, nothing else
  // stops; offsets are still committed to Kafka under the group id, so lag and KEDA see the same
  // group). Without one (nullptr), a Kafka consumer group as described above.
  Store* lease_store = nullptr;
  std::string instance_id;     // unique among live processes (the pod name); "" = "fte"
  int lease_ttl_ms = 2000;     // a partition of a dead process is free after this
  int lease_renew_ms = 500;    // renewals, member counting and claims happen this often
  // Raw librdkafka properties applied to the producer and the consumers (security.protocol,
  // sasl.*, ssl.*, ...). Applied last, so they can override anything above.
  std::vector<std::pair<std::string, std::string>> properties;
};

// `brokers`: "host:port[,host:port...]", optionally prefixed with "kafka://". Connects lazily;
// throws Error(invalid_argument) on a bad configuration.
std::unique_ptr<Bus> open_kafka_bus(const std::string& brokers, const BusOptions& o,
                                    const KafkaOptions& ko = {});

}  // namespace fte
