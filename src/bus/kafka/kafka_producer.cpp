#include "bus/kafka/kafka_producer.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "bus/kafka/kafka_conf.h"
#include "core/error.h"
#include "ops/log.h"

namespace fte::kafka {
namespace {

// One record's delivery report, shared between the waiting produce() call and the report thread
// (which may run after produce() gave up).
struct Delivery {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  auto* d = static_cast<std::shared_ptr<Delivery>*>(m->_private);
  if (!d) return;
  {
    std::lock_guard lk((*d)->mu);
    (*d)->done = true;
    (*d)->err = m->err;
  }
  (*d)->cv.notify_all();
  delete d;
}

ErrorKind kind_of(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_INVALID_RECORD:
    case RD_KAFKA_RESP_ERR_INVALID_MSG:
      return ErrorKind::invalid_argument;
    default:
      return ErrorKind::unavailable;
  }
}

constexpr int kReportGraceMs = 2000;  // delivery reports arrive shortly after message.timeout.ms

}  // namespace

KafkaProducer::KafkaProducer(const std::string& brokers, const KafkaOptions& ko) : ko_(ko) {
  auto conf = make_conf({{"bootstrap.servers", strip_scheme(brokers)},
                         {"client.id", ko.client_id},
                         {"enable.idempotence", "true"},
                         {"acks", "all"},
                         {"linger.ms", std::to_string(ko.linger_ms)},
                         {"message.timeout.ms", std::to_string(ko.publish_timeout_ms)},
                         {"socket.timeout.ms", std::to_string(ko.socket_timeout_ms)},
                         {"reconnect.backoff.ms", std::to_string(ko.reconnect_backoff_ms)},
                         {"reconnect.backoff.max.ms", std::to_string(ko.reconnect_backoff_max_ms)},
                         {"partitioner", "murmur2_random"}},
                        ko);
  rd_kafka_conf_set_dr_msg_cb(conf.get(), on_delivery);
  rk_ = new_client(RD_KAFKA_PRODUCER, std::move(conf));
  reports_ = std::thread([this] {
    while (running_.load(std::memory_order_relaxed)) rd_kafka_poll(rk_, 100);
  });
}

KafkaProducer::~KafkaProducer() {
  running_ = false;
  reports_.join();
  if (!flush(ko_.flush_timeout_ms)) {
    ops::error("kafka producer closed with unacknowledged records", {},
               {{"records", std::to_string(rd_kafka_outq_len(rk_))}});
    rd_kafka_purge(rk_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_flush(rk_, 1000);  // serves the purged records' reports (their waiters fail)
  }
  rd_kafka_destroy(rk_);
}

void KafkaProducer::learn_topic(const std::string& topic) {
  {
    std::lock_guard lk(topics_mu_);
    if (known_topics_.count(topic)) return;
  }
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk_, topic.c_str(), nullptr);
  if (!rkt) return;
  const rd_kafka_metadata_t* md = nullptr;
  auto err = rd_kafka_metadata(rk_, 0, rkt, &md, std::min(ko_.publish_timeout_ms, 5000));
  rd_kafka_topic_destroy(rkt);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return;  // produce() waits for the topic as usual
  bool exists = md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR;
  rd_kafka_metadata_destroy(md);
  if (!exists) return;
  std::lock_guard lk(topics_mu_);
  known_topics_.insert(topic);
}

void KafkaProducer::produce(const std::string& topic, const Record& r) {
  using clock = std::chrono::steady_clock;
  auto deadline = clock::now() + std::chrono::milliseconds(ko_.publish_timeout_ms);
  learn_topic(topic);
  auto d = std::make_shared<Delivery>();
  rd_kafka_headers_t* hdrs = rd_kafka_headers_new(r.headers.size());
  for (const auto& [k, v] : r.headers)
    rd_kafka_header_add(hdrs, k.data(), static_cast<ssize_t>(k.size()), v.data(),
                        static_cast<ssize_t>(v.size()));
  auto* opaque = new std::shared_ptr<Delivery>(d);
  for (;;) {
    // An empty key is a null key: librdkafka then spreads such records over the partitions.
    auto err =
        rd_kafka_producev(rk_, RD_KAFKA_V_TOPIC(topic.c_str()),
                          RD_KAFKA_V_KEY(r.key.empty() ? nullptr : r.key.data(), r.key.size()),
                          RD_KAFKA_V_VALUE(const_cast<char*>(r.value.data()), r.value.size()),
                          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(hdrs),
                          RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;  // headers and opaque now belong to librdkafka
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL && clock::now() < deadline) {
      // Local queue full: the report thread drains it as the broker acknowledges.
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    rd_kafka_headers_destroy(hdrs);
    delete opaque;
    throw Error(err == RD_KAFKA_RESP_ERR__QUEUE_FULL ? ErrorKind::unavailable : kind_of(err),
                std::string("kafka produce to ") + topic + ": " + rd_kafka_err2str(err));
  }
  std::unique_lock lk(d->mu);
  if (!d->cv.wait_until(lk, deadline + std::chrono::milliseconds(kReportGraceMs),
                        [&] { return d->done; }))
    throw Error(ErrorKind::unavailable, "kafka produce to " + topic + ": no acknowledgement");
  if (d->err != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw Error(kind_of(d->err), "kafka produce to " + topic + ": " + rd_kafka_err2str(d->err));
}

void KafkaProducer::ping(int timeout_ms) {
  const rd_kafka_metadata_t* md = nullptr;
  auto err = rd_kafka_metadata(rk_, 0, nullptr, &md, timeout_ms);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw Error(ErrorKind::unavailable, std::string("kafka unreachable: ") + rd_kafka_err2str(err));
  int brokers = md->broker_cnt;
  rd_kafka_metadata_destroy(md);
  if (brokers == 0) throw Error(ErrorKind::unavailable, "kafka unreachable: no brokers");
}

bool KafkaProducer::flush(int timeout_ms) {
  return rd_kafka_flush(rk_, timeout_ms) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

bool KafkaProducer::fatal() const {
  return rd_kafka_fatal_error(rk_, nullptr, 0) != RD_KAFKA_RESP_ERR_NO_ERROR;
}

}  // namespace fte::kafka
