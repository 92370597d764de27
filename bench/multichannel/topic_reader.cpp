#include "topic_reader.h"

#include <librdkafka/rdkafka.h>

#include <set>

namespace fte::bench {

std::optional<std::vector<TopicRecord>> read_topic(const std::string& bootstrap, const std::string& topic,
                                                   std::chrono::milliseconds deadline) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  auto set = [&](const char* k, const char* v) { rd_kafka_conf_set(conf, k, v, err, sizeof err); };
  set("bootstrap.servers", bootstrap.c_str());
  set("group.id", "fte-bench-reader");
  set("enable.auto.commit", "false");
  set("enable.partition.eof", "true");
  set("log_level", "3");
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!rk) return std::nullopt;
  std::optional<std::vector<TopicRecord>> out;
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_topic_t* t = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  if (rd_kafka_metadata(rk, 0, t, &md, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR && md->topic_cnt == 1 &&
      md->topics[0].partition_cnt > 0) {
    int parts = md->topics[0].partition_cnt;
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(parts);
    for (int p = 0; p < parts; ++p)
      rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(rk, list);
    rd_kafka_topic_partition_list_destroy(list);
    std::set<int> at_end;
    std::vector<TopicRecord> recs;
    auto end = std::chrono::steady_clock::now() + deadline;
    while (static_cast<int>(at_end.size()) < parts && std::chrono::steady_clock::now() < end) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 200);
      if (!m) continue;
      if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        at_end.insert(m->partition);
      } else if (!m->err) {
        TopicRecord r;
        r.partition = m->partition;
        r.offset = m->offset;
        r.timestamp_ms = rd_kafka_message_timestamp(m, nullptr);
        if (m->key) r.key.assign(static_cast<const char*>(m->key), m->key_len);
        if (m->payload) r.value.assign(static_cast<const char*>(m->payload), m->len);
        rd_kafka_headers_t* hs = nullptr;
        if (rd_kafka_message_headers(m, &hs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
          const char* name;
          const void* val;
          size_t size;
          for (size_t i = 0; rd_kafka_header_get_all(hs, i, &name, &val, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
            r.headers[name] = val ? std::string(static_cast<const char*>(val), size) : std::string();
        }
        recs.push_back(std::move(r));
      }
      rd_kafka_message_destroy(m);
    }
    if (static_cast<int>(at_end.size()) == parts) out = std::move(recs);
  }
  if (md) rd_kafka_metadata_destroy(md);
  rd_kafka_topic_destroy(t);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return out;
}

}  // namespace fte::bench
