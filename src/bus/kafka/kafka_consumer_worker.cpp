// The worker side of KafkaConsumer: one thread per assigned partition runs the handler on that
// partition's records in order, with retries, backoff and the dead-letter topic.
#include <algorithm>
#include <chrono>

#include "bus/kafka/kafka_consumer.h"
#include "ops/log.h"

namespace fte::kafka {

void KafkaConsumer::run_partition(Partition& p) {
  for (;;) {
    ConsumedRecord r;
    {
      std::unique_lock lk(p.mu);
      p.cv.wait(lk, [&] { return p.closing || !p.queue.empty(); });
      if (p.closing) return;
      r = std::move(p.queue.front());
      p.queue.pop_front();
    }
    if (!wait_for_lease(p)) return;  // closing: stays uncommitted, redelivered
    if (!handle(p, r)) return;  // abandoned while closing: stays uncommitted, redelivered
    std::lock_guard lk(p.mu);
    p.handled = r.offset + 1;
  }
}

bool KafkaConsumer::handle(Partition& p, const ConsumedRecord& r) {
  std::optional<Envelope> env;
  try {
    env = envelope_from_record(r.record);
  } catch (const std::exception& e) {
    // Not an envelope: retrying cannot help.
    return send_to_dead_letter(p, r, std::nullopt, e.what(), 0);
  }
  const std::string topic = handler_topic(r.topic);
  const int max_attempts = std::max(1, bo_.max_attempts);
  int backoff = std::max(1, bo_.backoff_initial_ms);
  for (int attempt = 1;; ++attempt) {
    std::string err;
    try {
      handler_(*env, topic);
      return true;
    } catch (const std::exception& e) {
      err = e.what();
    } catch (...) {
      err = "unknown error";
    }
    ops::warn("bus handler failed", env->correlation_id,
              {{"topic", r.topic},
               {"group", group_},
               {"partition", std::to_string(r.partition)},
               {"offset", std::to_string(r.offset)},
               {"event_id", env->event_id},
               {"attempt", std::to_string(attempt)},
               {"error", err}});
    if (attempt >= max_attempts) return send_to_dead_letter(p, r, env, err, attempt);
    if (!backoff_unless_closing(p, backoff)) return false;
    backoff = std::min(backoff * 2, std::max(bo_.backoff_max_ms, 1));
  }
}

bool KafkaConsumer::send_to_dead_letter(Partition& p, const ConsumedRecord& r,
                                        const std::optional<Envelope>& env,
                                        const std::string& error, int attempts) {
  const Record dead = dead_letter_record(r, env, group_, error, attempts);
  const std::string cid = env ? env->correlation_id : std::string();
  int backoff = std::max(1, bo_.backoff_initial_ms);
  for (;;) {
    try {
      dead_letter_(dead);
      if (bo_.on_dead_letter) {
        const auto& pre = bo_.topic_prefix;
        bo_.on_dead_letter(!pre.empty() && r.topic.rfind(pre, 0) == 0 ? r.topic.substr(pre.size()) : r.topic);
      }
      ops::error("event sent to the DLQ", cid,
                 {{"topic", r.topic},
                  {"group", group_},
                  {"partition", std::to_string(r.partition)},
                  {"offset", std::to_string(r.offset)},
                  {"event_id", env ? env->event_id : std::string()},
                  {"attempts", std::to_string(attempts)}});
      return true;
    } catch (const std::exception& e) {
      ops::error("DLQ publish failed", cid,
                 {{"topic", r.topic}, {"group", group_}, {"error", e.what()}});
    }
    if (!backoff_unless_closing(p, backoff)) return false;
    backoff = std::min(backoff * 2, std::max(bo_.backoff_max_ms, 1));
  }
}

bool KafkaConsumer::wait_for_lease(Partition& p) {
  // Lease mode: a lease not renewed in time (store away, process paused) may be another
  // replica's soon; handle nothing until it is renewed or the partition is closed.
  while (p.lease && !PartitionLeases::held(p.lease))
    if (!backoff_unless_closing(p, 20)) return false;
  return true;
}

bool KafkaConsumer::backoff_unless_closing(Partition& p, int ms) {
  std::unique_lock lk(p.mu);
  return !p.cv.wait_for(lk, std::chrono::milliseconds(ms), [&] { return p.closing; });
}

std::string KafkaConsumer::handler_topic(const std::string& full) const {
  if (!topic_prefix_.empty() && full.rfind(topic_prefix_, 0) == 0)
    return full.substr(topic_prefix_.size());
  return full;
}

}  // namespace fte::kafka
