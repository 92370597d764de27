#include "bus/kafka/kafka_tail.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "bus/kafka/kafka_conf.h"
#include "bus/kafka/kafka_record.h"
#include "core/error.h"

namespace fte::kafka {
namespace {

using Clock = std::chrono::steady_clock;

struct ClientDeleter {
  void operator()(rd_kafka_t* rk) const {
    rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);  // nothing to commit
  }
};

[[noreturn]] void unavailable(const std::string& what, rd_kafka_resp_err_t err) {
  throw Error(ErrorKind::unavailable, "kafka tail: " + what + ": " + rd_kafka_err2str(err));
}

// The event id (or idempotency key) of a consumed record: its header, else the envelope in its
// value.
std::string id_of(rd_kafka_message_t* m, TailId which) {
  const std::string_view name = which == TailId::event_id ? header::event_id : header::idempotency_key;
  rd_kafka_headers_t* hdrs = nullptr;
  if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const void* v = nullptr;
    size_t n = 0;
    if (rd_kafka_header_get_last(hdrs, std::string(name).c_str(), &v, &n) == RD_KAFKA_RESP_ERR_NO_ERROR && v)
      return std::string(static_cast<const char*>(v), n);
  }
  Record r;
  if (m->key) r.key.assign(static_cast<const char*>(m->key), m->key_len);
  if (m->payload) r.value.assign(static_cast<const char*>(m->payload), m->len);
  try {
    auto e = envelope_from_record(r);
    return which == TailId::event_id ? e.event_id : e.idempotency_key;
  } catch (const Error&) {
    return {};  // not an envelope: not one of ours
  }
}

}  // namespace

std::map<std::string, std::set<std::string>> read_tail_ids(
    const std::string& brokers, const KafkaOptions& ko, const std::vector<std::string>& full_topics,
    int per_partition, int timeout_ms, TailId which) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  auto left = [&] {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::max<long long>(1, ms));
  };
  std::unique_ptr<rd_kafka_t, ClientDeleter> rk(new_client(
      RD_KAFKA_CONSUMER,
      make_conf({{"bootstrap.servers", strip_scheme(brokers)},
                 {"client.id", ko.client_id + "-tail"},
                 {"group.id", ko.client_id + "-tail"},  // required by assign(); never joined
                 {"enable.auto.commit", "false"},
                 {"enable.auto.offset.store", "false"},
                 {"auto.offset.reset", "earliest"},
                 {"fetch.wait.max.ms", std::to_string(ko.fetch_wait_max_ms)},
                 {"socket.timeout.ms", std::to_string(ko.socket_timeout_ms)},
                 {"reconnect.backoff.ms", std::to_string(ko.reconnect_backoff_ms)},
                 {"reconnect.backoff.max.ms", std::to_string(ko.reconnect_backoff_max_ms)}},
                ko)));
  rd_kafka_poll_set_consumer(rk.get());

  std::map<std::string, std::set<std::string>> out;
  std::map<std::pair<std::string, std::int32_t>, std::int64_t> until;  // (topic, partition) → high
  PartitionListPtr assign(rd_kafka_topic_partition_list_new(8));
  for (const auto& topic : full_topics) {
    out[topic];
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk.get(), topic.c_str(), nullptr);
    const rd_kafka_metadata_t* md = nullptr;
    auto err = rd_kafka_metadata(rk.get(), 0, rkt, &md, left());
    rd_kafka_topic_destroy(rkt);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) unavailable("metadata of " + topic, err);
    std::int32_t partitions = 0;
    auto terr = md->topic_cnt == 1 ? md->topics[0].err : RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
    if (terr == RD_KAFKA_RESP_ERR_NO_ERROR) partitions = md->topics[0].partition_cnt;
    rd_kafka_metadata_destroy(md);
    if (terr == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) continue;  // nothing published there yet
    if (terr != RD_KAFKA_RESP_ERR_NO_ERROR) unavailable("metadata of " + topic, terr);
    for (std::int32_t p = 0; p < partitions; ++p) {
      std::int64_t lo = 0, hi = 0;
      err = rd_kafka_query_watermark_offsets(rk.get(), topic.c_str(), p, &lo, &hi, left());
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR) unavailable("watermarks of " + topic, err);
      if (hi <= lo) continue;
      until[{topic, p}] = hi;
      rd_kafka_topic_partition_list_add(assign.get(), topic.c_str(), p)->offset =
          std::max(lo, hi - std::max(1, per_partition));
    }
  }
  if (until.empty()) return out;
  if (auto err = rd_kafka_assign(rk.get(), assign.get())) unavailable("assign", err);

  while (!until.empty()) {
    if (Clock::now() >= deadline)
      throw Error(ErrorKind::unavailable, "kafka tail: " + std::to_string(until.size()) +
                                              " partitions not read within " + std::to_string(timeout_ms) + " ms");
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk.get(), std::min(100, left()));
    if (!m) continue;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR && m->rkt) {
      std::string topic = rd_kafka_topic_name(m->rkt);
      auto it = until.find({topic, m->partition});
      if (it != until.end() && m->offset < it->second) {
        if (auto id = id_of(m, which); !id.empty()) out[topic].insert(std::move(id));
        if (m->offset + 1 >= it->second) until.erase(it);
      }
    }
    rd_kafka_message_destroy(m);  // errors (a broker away) are retried by the client until the deadline
  }
  return out;
}

}  // namespace fte::kafka
