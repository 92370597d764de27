// Shared parts of the relay tests: a store world per backend (SQLite file, or a fresh database on
// the test's own PostgreSQL server), a librdkafka mock cluster, and counting the records a topic
// holds from the broker's watermarks (every record the relays produced, duplicates included).
#pragma once
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "bus/kafka/kafka_bus.h"
#include "bus/kafka/mock_cluster.h"
#include "store/store.h"
#include "unit/store/postgres_world.h"

namespace fte::relaytest {

using storetest::StoreWorld;

class SqliteWorld final : public StoreWorld {
 public:
  SqliteWorld() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "fte-relay-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
  }
  ~SqliteWorld() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::unique_ptr<Store> open(StoreOptions o) override {
    o.url = "sqlite://" + (dir_ / "fte.db").string();
    return open_sqlite_store(o);
  }

 private:
  std::filesystem::path dir_;
};

inline std::unique_ptr<StoreWorld> make_world(const std::string& backend, std::string& why_not) {
  if (backend == "sqlite") return std::make_unique<SqliteWorld>();
  return storetest::make_postgres_world(why_not);
}

inline std::string param_name(const ::testing::TestParamInfo<std::string>& i) { return i.param; }

// Two handles on one store of the backend the test parameter names ("sqlite" or "postgres"), as
// two replicas see it; the test is skipped where that backend is not available.
class TwoReplicasTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string why;
    world_ = make_world(GetParam(), why);
    if (!world_) GTEST_SKIP() << GetParam() << " not available: " << why;
    a_ = world_->open(StoreOptions{});
    b_ = world_->open(StoreOptions{});
  }
  std::unique_ptr<StoreWorld> world_;
  std::unique_ptr<Store> a_, b_;
};

// Records on `topic` now: the sum over its partitions of high − low watermark.
inline std::int64_t records_on(const std::string& bootstrap, const std::string& topic) {
  char err[256];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof err);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!rk) return -1;
  std::int64_t total = 0;
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  if (rd_kafka_metadata(rk, 0, rkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR && md->topic_cnt == 1) {
    for (int p = 0; p < md->topics[0].partition_cnt; ++p) {
      int64_t lo = 0, hi = 0;
      if (rd_kafka_query_watermark_offsets(rk, topic.c_str(), p, &lo, &hi, 5000) ==
          RD_KAFKA_RESP_ERR_NO_ERROR)
        total += hi - lo;
      else
        total = -1;
      if (total < 0) break;
    }
  } else {
    total = -1;
  }
  if (md) rd_kafka_metadata_destroy(md);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  return total;
}

// How many times each event id (header event_id) is on `topic`: every record of every partition,
// from the low to the high watermark. Empty on a broker error (the caller's count then fails).
inline std::map<std::string, int> event_ids_on(const std::string& bootstrap, const std::string& topic) {
  std::map<std::string, int> out;
  char err[256];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof err);
  rd_kafka_conf_set(conf, "group.id", "relay-test-reader", err, sizeof err);
  rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!rk) return out;
  std::map<int, std::int64_t> until;
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(4);
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  if (rd_kafka_metadata(rk, 0, rkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR && md->topic_cnt == 1) {
    for (int p = 0; p < md->topics[0].partition_cnt; ++p) {
      int64_t lo = 0, hi = 0;
      if (rd_kafka_query_watermark_offsets(rk, topic.c_str(), p, &lo, &hi, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR ||
          hi <= lo)
        continue;
      until[p] = hi;
      rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = lo;
    }
  }
  if (md) rd_kafka_metadata_destroy(md);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_assign(rk, parts);
  rd_kafka_topic_partition_list_destroy(parts);
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!until.empty() && std::chrono::steady_clock::now() < end) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 100);
    if (!m) continue;
    if (!m->err) {
      rd_kafka_headers_t* h = nullptr;
      const void* v = nullptr;
      size_t n = 0;
      if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR &&
          rd_kafka_header_get_last(h, "event_id", &v, &n) == RD_KAFKA_RESP_ERR_NO_ERROR)
        ++out[std::string(static_cast<const char*>(v), n)];
      else
        ++out[""];
      auto it = until.find(m->partition);
      if (it != until.end() && m->offset + 1 >= it->second) until.erase(it);
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
  if (!until.empty()) out.clear();
  return out;
}

// Polls `f` until true or the deadline (conditions on other processes' clocks and brokers).
inline bool eventually(const std::function<bool()>& f,
                       std::chrono::milliseconds deadline = std::chrono::seconds(20)) {
  auto end = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < end) {
    if (f()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // poll interval
  }
  return f();
}

inline KafkaOptions quick_kafka() {
  KafkaOptions ko;
  ko.session_timeout_ms = 4500;
  ko.heartbeat_interval_ms = 500;
  ko.commit_interval_ms = 20;
  ko.publish_timeout_ms = 5000;
  return ko;
}

}  // namespace fte::relaytest
