// The poll side of KafkaConsumer: group membership, fetching, flow control, commits and lag.
// The worker side (handler, retries, dead letters) is in kafka_consumer_worker.cpp.
#include "bus/kafka/kafka_consumer.h"

#include <chrono>
#include <cstring>

#include "bus/kafka/kafka_conf.h"
#include "core/error.h"
#include "ops/log.h"

namespace fte::kafka {
namespace {

constexpr int kPollMs = 50;
// A commit not confirmed by the coordinator within this long is sent again.
constexpr auto kCommitResend = std::chrono::milliseconds(2000);
// Lease mode: an offset not committed for this long is committed again (broker offset retention).
constexpr auto kOffsetRefresh = std::chrono::hours(1);

ConsumedRecord copy_record(const rd_kafka_message_t* m) {
  ConsumedRecord r;
  r.topic = rd_kafka_topic_name(m->rkt);
  r.partition = m->partition;
  r.offset = m->offset;
  if (m->key) r.record.key.assign(static_cast<const char*>(m->key), m->key_len);
  if (m->payload) r.record.value.assign(static_cast<const char*>(m->payload), m->len);
  rd_kafka_headers_t* hdrs = nullptr;
  if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR && hdrs) {
    const char* name;
    const void* value;
    size_t size;
    for (size_t i = 0;
         rd_kafka_header_get_all(hdrs, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
      r.record.headers.emplace_back(
          name, value ? std::string(static_cast<const char*>(value), size) : std::string());
  }
  return r;
}

}  // namespace

KafkaConsumer::KafkaConsumer(const std::string& brokers, std::string group,
                             std::vector<std::string> topics, std::string topic_prefix,
                             EventHandler handler, const BusOptions& bo, const KafkaOptions& ko,
                             DeadLetter dead_letter)
    : group_(std::move(group)),
      topics_(std::move(topics)),
      topic_prefix_(std::move(topic_prefix)),
      handler_(std::move(handler)),
      bo_(bo),
      ko_(ko),
      dead_letter_(std::move(dead_letter)) {
  auto conf = make_conf(
      {{"bootstrap.servers", strip_scheme(brokers)},
       {"client.id", ko.client_id},
       {"group.id", group_},
       {"enable.auto.commit", "false"},
       {"enable.auto.offset.store", "false"},
       {"auto.offset.reset", "earliest"},
       {"enable.partition.eof", "false"},
       // Eager: librdkafka 2.0.2's cooperative-sticky assignor wedges the group (and can abort
       // in rd_kafka_sticky_assignor_state_destroy) when members die during a rebalance.
       {"partition.assignment.strategy", "roundrobin"},
       {"session.timeout.ms", std::to_string(ko.session_timeout_ms)},
       {"heartbeat.interval.ms", std::to_string(ko.heartbeat_interval_ms)},
       {"fetch.wait.max.ms", std::to_string(ko.fetch_wait_max_ms)},
       {"socket.timeout.ms", std::to_string(ko.socket_timeout_ms)},
       {"reconnect.backoff.ms", std::to_string(ko.reconnect_backoff_ms)},
       {"reconnect.backoff.max.ms", std::to_string(ko.reconnect_backoff_max_ms)},
       {"queued.min.messages", std::to_string(std::max(100, ko.max_queued_per_partition))}},
      ko);
  if (!ko.lease_store) rd_kafka_conf_set_rebalance_cb(conf.get(), on_rebalance_cb);
  rd_kafka_conf_set_offset_commit_cb(conf.get(), on_commit_cb);
  rd_kafka_conf_set_opaque(conf.get(), this);
  rk_ = new_client(RD_KAFKA_CONSUMER, std::move(conf));
  rd_kafka_poll_set_consumer(rk_);
  if (ko.lease_store) {
    // Manual assignment: no group membership, no rebalances; PartitionLeases decides.
    leases_ = std::make_unique<PartitionLeases>(
        *ko.lease_store,
        PartitionLeases::Options{.group = group_,
                                 .instance = ko.instance_id,
                                 .topics = topics_,
                                 .ttl_ms = ko.lease_ttl_ms,
                                 .renew_ms = ko.lease_renew_ms},
        [this] { return metadata_partitions(800); });
    poll_ = std::thread([this] { poll_loop(); });
    return;
  }
  PartitionListPtr subs(rd_kafka_topic_partition_list_new(static_cast<int>(topics_.size())));
  for (const auto& t : topics_)
    rd_kafka_topic_partition_list_add(subs.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
  if (auto err = rd_kafka_subscribe(rk_, subs.get())) {
    rd_kafka_destroy(rk_);
    rk_ = nullptr;
    throw Error(ErrorKind::invalid_argument,
                "kafka subscribe (group " + group_ + "): " + rd_kafka_err2str(err));
  }
  poll_ = std::thread([this] { poll_loop(); });
}

KafkaConsumer::~KafkaConsumer() {
  stop();
}

void KafkaConsumer::stop() {
  if (leases_) leases_->freeze();  // no new claims; the held ones are renewed while closing
  stopping_ = true;
  if (poll_.joinable()) poll_.join();
  if (leases_) leases_->stop();  // released: the other replicas claim them at their next tick
}

void KafkaConsumer::poll_loop() {
  using clock = std::chrono::steady_clock;
  auto next_commit = clock::now();
  while (!stopping_) {
    if (rd_kafka_message_t* m = rd_kafka_consumer_poll(rk_, kPollMs)) {
      if (m->err)
        on_poll_error(m);
      else
        dispatch(m);
      rd_kafka_message_destroy(m);
    }
    if (leases_ && leases_->generation() != applied_generation_) apply_leases();
    if (paused_ > 0) resume_drained();
    if (clock::now() >= next_commit) {
      commit_handled(false);
      next_commit = clock::now() + std::chrono::milliseconds(ko_.commit_interval_ms);
    }
  }
  std::vector<Key> all;
  for (const auto& [k, p] : partitions_) all.push_back(k);
  close_partitions(all, true);
  if (auto err = rd_kafka_consumer_close(rk_))
    ops::warn("kafka consumer close", {}, {{"group", group_}, {"error", rd_kafka_err2name(err)}});
  std::lock_guard lk(rk_mu_);
  rd_kafka_destroy(rk_);
  rk_ = nullptr;
}

void KafkaConsumer::dispatch(const rd_kafka_message_t* m) {
  auto it = partitions_.find(Key(rd_kafka_topic_name(m->rkt), m->partition));
  if (it == partitions_.end()) return;  // no longer ours: its next owner fetches it again
  Partition& p = *it->second;
  std::size_t queued;
  {
    std::lock_guard lk(p.mu);
    p.queue.push_back(copy_record(m));
    queued = p.queue.size();
  }
  p.cv.notify_one();
  if (!p.paused && queued >= static_cast<std::size_t>(std::max(1, ko_.max_queued_per_partition)))
    pause(p, true);
}

void KafkaConsumer::pause(Partition& p, bool on) {
  PartitionListPtr l(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(l.get(), p.topic.c_str(), p.partition);
  auto err =
      on ? rd_kafka_pause_partitions(rk_, l.get()) : rd_kafka_resume_partitions(rk_, l.get());
  if (err) return;
  p.paused = on;
  paused_ += on ? 1 : -1;
  ops::log(ops::Level::debug, on ? "kafka partition paused" : "kafka partition resumed", {},
           {{"group", group_}, {"topic", p.topic}, {"partition", std::to_string(p.partition)}});
}

void KafkaConsumer::resume_drained() {
  auto low = static_cast<std::size_t>(std::max(1, ko_.max_queued_per_partition) / 2);
  for (auto& [k, p] : partitions_) {
    if (!p->paused) continue;
    std::size_t queued;
    {
      std::lock_guard lk(p->mu);
      queued = p->queue.size();
    }
    if (queued <= low) pause(*p, false);
  }
}

void KafkaConsumer::on_poll_error(const rd_kafka_message_t* m) {
  if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) return;
  ops::warn("kafka consumer error", {},
            {{"group", group_},
             {"topic", m->rkt ? rd_kafka_topic_name(m->rkt) : ""},
             {"error", rd_kafka_err2name(m->err)},
             {"reason", rd_kafka_message_errstr(m)}});
}

void KafkaConsumer::on_rebalance_cb(rd_kafka_t*, rd_kafka_resp_err_t err,
                                    rd_kafka_topic_partition_list_t* parts, void* self) {
  static_cast<KafkaConsumer*>(self)->on_rebalance(err, parts);
}

void KafkaConsumer::on_rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts) {
  bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk_), "COOPERATIVE") == 0;
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    if (!cooperative) {
      // Eager: `parts` is the whole new assignment. The revoke before it closed everything; a
      // partition still open here (a revoke that never came) may belong to another member now.
      std::vector<Key> stale;
      for (const auto& [k, p] : partitions_) {
        bool kept = false;
        for (int i = 0; i < parts->cnt && !kept; ++i)
          kept = k.first == parts->elems[i].topic && k.second == parts->elems[i].partition;
        if (!kept) stale.push_back(k);
      }
      close_partitions(stale, false);
    }
    assign(parts);
    if (cooperative) {
      if (rd_kafka_error_t* e = rd_kafka_incremental_assign(rk_, parts)) rd_kafka_error_destroy(e);
    } else {
      rd_kafka_assign(rk_, parts);
    }
    ops::info("kafka partitions assigned", {},
              {{"group", group_},
               {"partitions", std::to_string(parts->cnt)},
               {"owned", std::to_string(partitions_.size())}});
    return;
  }
  // Revoked (or a rebalance error): give up these partitions, committing what was handled unless
  // the assignment was lost (another member may already own them).
  bool lost = rd_kafka_assignment_lost(rk_) || err != RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS;
  std::vector<Key> keys;
  if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    for (int i = 0; i < parts->cnt; ++i)
      keys.emplace_back(parts->elems[i].topic, parts->elems[i].partition);
  } else {
    for (const auto& [k, p] : partitions_) keys.push_back(k);
    ops::warn("kafka rebalance error", {}, {{"group", group_}, {"error", rd_kafka_err2name(err)}});
  }
  close_partitions(keys, !lost);
  if (cooperative) {
    if (rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk_, parts)) rd_kafka_error_destroy(e);
  } else {
    rd_kafka_assign(rk_, nullptr);
  }
  ops::info("kafka partitions revoked", {},
            {{"group", group_},
             {"partitions", std::to_string(keys.size())},
             {"lost", lost ? "true" : "false"}});
}

void KafkaConsumer::assign(const rd_kafka_topic_partition_list_t* parts) {
  for (int i = 0; i < parts->cnt; ++i) {
    Key k(parts->elems[i].topic, parts->elems[i].partition);
    if (partitions_.count(k)) continue;
    auto p = std::make_unique<Partition>();
    p->topic = k.first;
    p->partition = k.second;
    p->sent_at = std::chrono::steady_clock::now();
    Partition* raw = p.get();
    p->worker = std::thread([this, raw] { run_partition(*raw); });
    partitions_.emplace(std::move(k), std::move(p));
  }
}

void KafkaConsumer::close_partitions(const std::vector<Key>& keys, bool commit_handled_offsets) {
  std::vector<Partition*> closing;
  for (const auto& k : keys) {
    auto it = partitions_.find(k);
    if (it == partitions_.end()) continue;
    Partition& p = *it->second;
    {
      std::lock_guard lk(p.mu);
      p.closing = true;
      p.queue.clear();  // uncommitted: fetched again by the next owner
    }
    p.cv.notify_all();
    closing.push_back(&p);
  }
  for (Partition* p : closing) p->worker.join();
  if (commit_handled_offsets) commit(closing, true);
  for (Partition* p : closing) {
    if (p->paused) pause(*p, false);
    partitions_.erase(Key(p->topic, p->partition));
  }
}

void KafkaConsumer::commit_handled(bool sync) {
  std::vector<Partition*> all;
  for (auto& [k, p] : partitions_) all.push_back(p.get());
  commit(all, sync);
}

void KafkaConsumer::commit(const std::vector<Partition*>& parts, bool sync) {
  const auto now = std::chrono::steady_clock::now();
  PartitionListPtr l(rd_kafka_topic_partition_list_new(static_cast<int>(parts.size())));
  for (Partition* p : parts) {
    std::int64_t handled;
    {
      std::lock_guard lk(p->mu);
      handled = p->handled;
    }
    if (p->lease && !PartitionLeases::held(p->lease)) continue;  // not ours (now)
    if (p->lease && !sync && now - p->sent_at >= kOffsetRefresh) {
      // Lease mode: the group never has members, so the broker expires each committed offset
      // offsets.retention.minutes after its last commit; a quiet partition commits it again.
      if (handled < 0) handled = position(*p);
      if (handled >= 0) {
        p->acked = p->committed = -1;  // sent below even if unchanged
      } else {
        p->sent_at = now;  // unknown: try again in an hour
      }
    }
    if (handled < 0 || handled == p->acked) continue;  // the coordinator holds it
    if (!sync && handled == p->committed && now - p->sent_at < kCommitResend) continue;  // in flight
    rd_kafka_topic_partition_list_add(l.get(), p->topic.c_str(), p->partition)->offset = handled;
    p->committed = handled;
    p->sent_at = now;
  }
  if (l->cnt == 0) return;
  if (auto err = rd_kafka_commit(rk_, l.get(), sync ? 0 : 1)) {
    ops::warn("kafka commit failed", {}, {{"group", group_}, {"error", rd_kafka_err2name(err)}});
    for (Partition* p : parts) p->committed = -1;  // try again with the next commit
  }
}

void KafkaConsumer::on_commit_cb(rd_kafka_t*, rd_kafka_resp_err_t err,
                                 rd_kafka_topic_partition_list_t* offsets, void* self) {
  // Runs on the poll thread (served by rd_kafka_consumer_poll). Per partition: a success records
  // what the coordinator now holds (which may be older than what we sent since, when librdkafka's
  // own retry of an earlier request lands last); anything else is committed again next round.
  auto* c = static_cast<KafkaConsumer*>(self);
  if (err == RD_KAFKA_RESP_ERR__NO_OFFSET || !offsets) return;
  rd_kafka_resp_err_t failed = err;
  for (int i = 0; i < offsets->cnt; ++i) {
    const auto& e = offsets->elems[i];
    auto it = c->partitions_.find(Key(e.topic, e.partition));
    if (it == c->partitions_.end()) continue;  // no longer ours
    Partition& p = *it->second;
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR && e.err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      bool backwards = p.acked >= 0 && e.offset < p.acked;
      p.acked = e.offset;
      if (backwards && p.committed != e.offset) p.committed = -1;  // overwritten: send again now
    } else {
      if (!failed) failed = e.err;
      p.committed = -1;
    }
  }
  if (failed)
    ops::warn("kafka commit failed", {}, {{"group", c->group_}, {"error", rd_kafka_err2name(failed)}});
}

std::vector<Bus::Lag> KafkaConsumer::lag() {
  using clock = std::chrono::steady_clock;
  auto deadline = clock::now() + std::chrono::milliseconds(ko_.lag_timeout_ms);
  auto remaining = [&] {
    auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
    return static_cast<int>(std::max<std::int64_t>(ms, 0));
  };
  std::vector<Bus::Lag> out;
  auto parts = metadata_partitions(remaining());
  std::lock_guard lk(rk_mu_);
  if (!rk_ || stopping_ || !parts) return out;
  PartitionListPtr l(rd_kafka_topic_partition_list_new(16));
  for (const auto& [t, p] : *parts) rd_kafka_topic_partition_list_add(l.get(), t.c_str(), p);
  if (l->cnt == 0 || remaining() == 0) return out;
  if (rd_kafka_committed(rk_, l.get(), remaining())) return out;
  for (int i = 0; i < l->cnt && remaining() > 0; ++i) {
    const auto& e = l->elems[i];
    std::int64_t low = 0, high = 0;
    if (rd_kafka_query_watermark_offsets(rk_, e.topic, e.partition, &low, &high, remaining()))
      continue;
    std::int64_t lag = e.offset >= 0 ? high - e.offset : high - low;  // nothing committed: all
    out.push_back(Bus::Lag{group_, e.topic, e.partition, std::max<std::int64_t>(lag, 0)});
  }
  return out;
}

}  // namespace fte::kafka

namespace fte::kafka {

std::optional<std::vector<KafkaConsumer::Key>> KafkaConsumer::metadata_partitions(int timeout_ms) {
  std::lock_guard lk(rk_mu_);
  if (!rk_ || stopping_ || timeout_ms <= 0) return std::nullopt;
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_metadata(rk_, 1, nullptr, &md, timeout_ms)) return std::nullopt;
  std::vector<Key> out;
  for (const auto& t : topics_)
    for (int i = 0; i < md->topic_cnt; ++i) {
      if (md->topics[i].err || t != md->topics[i].topic) continue;
      for (int j = 0; j < md->topics[i].partition_cnt; ++j)
        out.emplace_back(t, md->topics[i].partitions[j].id);
    }
  rd_kafka_metadata_destroy(md);
  return out;
}

void KafkaConsumer::apply_leases() {
  // Poll thread. Close what is no longer ours (committing what is still held), then start the
  // newly claimed partitions at the group's committed offset.
  const std::uint64_t gen = leases_->generation();
  auto wanted = leases_->owned();
  applied_generation_ = gen;
  std::vector<Key> gone;
  for (const auto& [k, p] : partitions_)
    if (!wanted.count(k)) gone.push_back(k);
  if (!gone.empty()) {
    PartitionListPtr l(rd_kafka_topic_partition_list_new(static_cast<int>(gone.size())));
    for (const auto& k : gone) rd_kafka_topic_partition_list_add(l.get(), k.first.c_str(), k.second);
    close_partitions(gone, true);
    if (rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk_, l.get())) {
      ops::warn("kafka unassign failed", {}, {{"group", group_}, {"error", rd_kafka_error_string(e)}});
      rd_kafka_error_destroy(e);
    }
    leases_->closed(gone);
  }
  PartitionListPtr add(rd_kafka_topic_partition_list_new(static_cast<int>(wanted.size())));
  for (const auto& [k, d] : wanted)
    if (!partitions_.count(k))
      rd_kafka_topic_partition_list_add(add.get(), k.first.c_str(), k.second)->offset =
          RD_KAFKA_OFFSET_STORED;
  if (add->cnt > 0) {
    assign(add.get());
    for (int i = 0; i < add->cnt; ++i) {
      Key k(add->elems[i].topic, add->elems[i].partition);
      partitions_.at(k)->lease = wanted.at(k);
    }
    if (rd_kafka_error_t* e = rd_kafka_incremental_assign(rk_, add.get())) {
      ops::warn("kafka assign failed", {}, {{"group", group_}, {"error", rd_kafka_error_string(e)}});
      rd_kafka_error_destroy(e);
    }
  }
  if (!gone.empty() || add->cnt > 0)
    ops::info("kafka partition leases applied", {},
              {{"group", group_},
               {"added", std::to_string(add->cnt)},
               {"closed", std::to_string(gone.size())},
               {"owned", std::to_string(partitions_.size())}});
}

}  // namespace fte::kafka

namespace fte::kafka {

std::int64_t KafkaConsumer::position(const Partition& p) {
  // Nothing handled since the claim: the offset the group holds (one round trip, hourly).
  PartitionListPtr l(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(l.get(), p.topic.c_str(), p.partition);
  if (rd_kafka_committed(rk_, l.get(), 500) || l->elems[0].err) return -1;
  return l->elems[0].offset;  // negative (RD_KAFKA_OFFSET_INVALID) when none is committed
}

}  // namespace fte::kafka
