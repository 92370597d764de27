#include "app/outbox_relay.h"

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>

#include "app/relay_metrics.h"
#include "bus/published_tail.h"
#include "core/error.h"
#include "core/ids.h"
#include "ops/log.h"

namespace fte::app {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {
// The idempotency key of the relay's dead letter for `ev`: one per event and relay name, so that a
// successor finds on fte.dlq the letters its predecessor sent for events past the stored position.
std::string dead_letter_key(const std::string& relay, const StoredEvent& ev) {
  return "dlq:" + relay + ":" + ev.envelope.event_id;
}
// Consumers dead-letter to fte.dlq too: records of theirs that can follow a former leader's
// letters on a partition, beyond the window of the outbox topics.
constexpr int kDlqTailSlack = 1000;
}  // namespace

std::vector<std::string> outbox_topics() {
  std::vector<std::string> t{std::string(topics::tickets_incoming)};
  for (const char* ch : {"email", "whatsapp", "webform"}) t.push_back(topics::channel_topic(ch, "outbound"));
  t.emplace_back(topics::escalations);
  t.emplace_back(topics::metrics);
  return t;
}

OutboxRelay::OutboxRelay(Store& store, Bus& kafka, ops::Metrics& metrics, RelayOptions o)
    : store_(store), kafka_(kafka), metrics_(metrics), o_(std::move(o)) {
  if (o_.topics.empty()) o_.topics = outbox_topics();
  if (o_.holder.empty()) o_.holder = new_uuid();
  o_.lease_ms = std::max<std::int64_t>(o_.lease_ms, 100);
  metric::declare_relay_metrics(metrics_);
  metrics_.gauge(metric::kRelayLeader).set(0);
  metrics_.gauge(metric::kRelayEpoch).set(0);
  metrics_.counter(metric::kRelayPublished);
  metrics_.counter(metric::kRelayLeaseLost);
  metrics_.counter(metric::kRelayAlreadyPublished);
  metrics_.counter(metric::kRelayTailCheckFailures);
  // The callback outlives this object inside the store, so it only touches the shared waker.
  std::weak_ptr<Waker> w = waker_;
  store_.on_events_appended([w] {
    if (auto k = w.lock()) {
      {
        std::lock_guard lk(k->mu);
        ++k->generation;
      }
      k->cv.notify_all();
    }
  });
  thread_ = std::thread([this] { run(); });
}

OutboxRelay::~OutboxRelay() { stop(); }

void OutboxRelay::stop() {
  {
    std::lock_guard lk(waker_->mu);
    waker_->stopping = true;
  }
  waker_->cv.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool OutboxRelay::stopping() {
  std::lock_guard lk(waker_->mu);
  return waker_->stopping;
}

bool OutboxRelay::leader() const {
  std::lock_guard lk(lease_mu_);
  return epoch_ > 0;
}

std::int64_t OutboxRelay::epoch() const {
  std::lock_guard lk(lease_mu_);
  return epoch_;
}

void OutboxRelay::pause(int ms) {
  std::unique_lock lk(waker_->mu);
  waker_->cv.wait_for(lk, milliseconds(ms), [&] { return waker_->stopping; });
  if (waker_->stopping) throw Stopping{};
}

void OutboxRelay::run() {
  int backoff = o_.backoff_initial_ms;
  while (!stopping()) {
    std::uint64_t gen;
    {
      std::lock_guard lk(waker_->mu);
      gen = waker_->generation;
    }
    bool busy = false;
    try {
      if (leader() || take_lease()) busy = relay_batch();
      backoff = o_.backoff_initial_ms;
    } catch (const LeaseLost&) {
      step_down("lease lost");
      continue;
    } catch (const Stopping&) {
      break;
    } catch (const std::exception& e) {
      ops::warn("outbox relay paused", {}, {{"error", e.what()}});
      try {
        pause(backoff);
      } catch (const Stopping&) {
        break;
      }
      backoff = std::min(backoff * 2, o_.backoff_max_ms);
      continue;
    }
    if (busy) continue;
    const bool lead = leader();  // a standby waits the poll out: appends do not make it leader
    std::unique_lock lk(waker_->mu);
    waker_->cv.wait_for(lk, milliseconds(o_.poll_ms),
                        [&] { return waker_->stopping || (lead && waker_->generation != gen); });
  }
  if (leader()) {
    try {
      store_.release_lease(o_.name, o_.holder);  // a successor need not wait for the expiry
    } catch (const std::exception& e) {
      ops::warn("outbox relay could not release its lease", {}, {{"error", e.what()}});
    }
    std::lock_guard lk(lease_mu_);
    epoch_ = 0;
  }
  metrics_.gauge(metric::kRelayLeader).set(0);
  metrics_.gauge(metric::kRelayEpoch).set(0);
}

bool OutboxRelay::take_lease() {
  const auto t0 = Clock::now();
  const std::int64_t e = store_.acquire_lease(o_.name, o_.holder, o_.lease_ms);
  if (e <= 0) return false;
  std::int64_t from = INT64_MAX;
  for (const auto& t : o_.topics) from = std::min(from, store_.load_offset(o_.name, t));
  {
    std::lock_guard lk(lease_mu_);
    epoch_ = e;
    renew_at_ = t0 + milliseconds(o_.lease_ms / 3);
    valid_until_ = t0 + milliseconds(o_.lease_ms * 4 / 5);
    position_ = from == INT64_MAX ? 0 : from;
  }
  {
    std::lock_guard lk(skip_mu_);
    on_topic_.erase(on_topic_.begin(), on_topic_.upper_bound(position_));
  }
  tail_checked_ = false;
  metrics_.gauge(metric::kRelayLeader).set(1);
  metrics_.gauge(metric::kRelayEpoch).set(static_cast<double>(e));
  ops::info("outbox relay is the leader", {},
            {{"holder", o_.holder}, {"epoch", std::to_string(e)}, {"from_seq", std::to_string(position_)}});
  return true;
}

void OutboxRelay::ensure_lease() {
  std::lock_guard lk(lease_mu_);
  if (epoch_ == 0) throw LeaseLost{};
  auto now = Clock::now();
  if (now >= renew_at_) {
    std::int64_t e = 0;
    try {
      e = store_.acquire_lease(o_.name, o_.holder, o_.lease_ms);
    } catch (const std::exception&) {
      if (Clock::now() >= valid_until_) throw LeaseLost{};
      throw;  // the store is away: retried; the lease may still be ours
    }
    if (e != epoch_) throw LeaseLost{};  // taken over, or expired and re-taken with a new epoch
    renew_at_ = now + milliseconds(o_.lease_ms / 3);
    valid_until_ = now + milliseconds(o_.lease_ms * 4 / 5);
  }
  if (Clock::now() >= valid_until_) throw LeaseLost{};
}

void OutboxRelay::step_down(const char* why) {
  std::int64_t was;
  {
    std::lock_guard lk(lease_mu_);
    was = epoch_;
    epoch_ = 0;
  }
  metrics_.gauge(metric::kRelayLeader).set(0);
  metrics_.gauge(metric::kRelayEpoch).set(0);
  if (was == 0) return;
  metrics_.counter(metric::kRelayLeaseLost).inc();
  ops::warn("outbox relay stands by", {}, {{"holder", o_.holder}, {"epoch", std::to_string(was)}, {"reason", why}});
}

bool OutboxRelay::relay_batch() {
  ensure_lease();
  std::int64_t from;
  {
    std::lock_guard lk(lease_mu_);
    from = position_;
  }
  if (!tail_checked_) check_tail();
  auto batch = store_.read_events(o_.topics, from, o_.batch);
  if (batch.empty()) return false;
  if (o_.before_publish) o_.before_publish(batch);
  std::int64_t through = 0;
  for (const auto& e : batch) through = std::max(through, e.seq);

  const int lanes = std::max(1, o_.lanes);
  std::vector<std::vector<const StoredEvent*>> by_lane(static_cast<std::size_t>(lanes));
  for (const auto& e : batch)
    by_lane[std::hash<std::string>{}(e.envelope.key) % static_cast<std::size_t>(lanes)].push_back(&e);
  std::vector<std::exception_ptr> errors(by_lane.size());
  {
    std::vector<std::thread> workers;
    for (std::size_t i = 0; i < by_lane.size(); ++i) {
      if (by_lane[i].empty()) continue;
      workers.emplace_back([&, i] {
        try {
          publish_lane(by_lane[i]);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      });
    }
    for (auto& w : workers) w.join();
  }
  // LeaseLost first: it must win over a concurrent store error.
  for (auto& e : errors) {
    if (!e) continue;
    try {
      std::rethrow_exception(e);
    } catch (const LeaseLost&) {
      throw;
    } catch (...) {
    }
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  if (o_.after_publish) o_.after_publish(batch);

  std::int64_t epoch;
  {
    std::lock_guard lk(lease_mu_);
    epoch = epoch_;
  }
  if (!store_.commit_offsets_fenced(o_.name, o_.topics, through, o_.name, o_.holder, epoch))
    throw LeaseLost{};
  {
    std::lock_guard lk(skip_mu_);
    on_topic_.erase(on_topic_.begin(), on_topic_.upper_bound(through));
  }
  std::lock_guard lk(lease_mu_);
  position_ = std::max(position_, through);
  return true;
}

void OutboxRelay::publish_lane(const std::vector<const StoredEvent*>& events) {
  for (const auto* e : events) publish_one(*e);
}

bool OutboxRelay::already_published(std::int64_t seq) {
  std::lock_guard lk(skip_mu_);
  return on_topic_.count(seq) > 0;
}

void OutboxRelay::check_tail() {
  auto* tail = dynamic_cast<PublishedTail*>(&kafka_);
  std::int64_t from;
  {
    std::lock_guard lk(lease_mu_);
    from = position_;
  }
  // What any former leader can have published past the stored position: one batch of its own
  // (twice ours, for a former leader configured with a larger batch).
  auto pending = tail ? store_.read_events(o_.topics, from, 2 * std::max(1, o_.batch))
                      : std::vector<StoredEvent>{};
  if (pending.empty()) {
    tail_checked_ = true;
    return;
  }
  std::set<std::string> topic_set;
  for (const auto& e : pending) topic_set.insert(e.topic);
  const std::vector<std::string> topics(topic_set.begin(), topic_set.end());
  // Only relays publish to outbox topics, so on every partition the records past the stored
  // position are among its last pending.size() records.
  const int window = static_cast<int>(pending.size());
  const int attempt_ms = static_cast<int>(std::max<std::int64_t>(
      100, std::min<std::int64_t>(o_.tail_check_timeout_ms, o_.lease_ms / 3)));
  const auto give_up = Clock::now() + milliseconds(o_.tail_check_budget_ms);
  int backoff = o_.backoff_initial_ms;
  for (;;) {
    ensure_lease();
    std::string err;
    try {
      auto ids = tail->recent_event_ids(topics, window, attempt_ms);
      ensure_lease();
      // Events a former leader dead-lettered: handled as well, or they would get a second letter.
      auto letters = tail->recent_idempotency_keys(std::string(topics::dlq), window + kDlqTailSlack, attempt_ms);
      int found = 0, dead_lettered = 0;
      {
        std::lock_guard lk(skip_mu_);
        for (const auto& e : pending) {
          if (ids[e.topic].count(e.envelope.event_id)) {
            found += on_topic_.insert(e.seq).second;
          } else if (letters.count(dead_letter_key(o_.name, e))) {
            dead_lettered += on_topic_.insert(e.seq).second;
          }
        }
      }
      ops::info("outbox relay checked the topics' tail", {},
                {{"from_seq", std::to_string(from)},
                 {"pending", std::to_string(pending.size())},
                 {"already_published", std::to_string(found)},
                 {"already_dead_lettered", std::to_string(dead_lettered)}});
      tail_checked_ = true;
      return;
    } catch (const std::exception& e) {
      err = e.what();
    }
    if (Clock::now() >= give_up) {
      metrics_.counter(metric::kRelayTailCheckFailures).inc();
      ops::warn("outbox relay could not read the topics' tail; publishing at-least-once", {},
                {{"from_seq", std::to_string(from)}, {"error", err}});
      tail_checked_ = true;
      return;
    }
    ops::warn("outbox relay tail check failed; retrying", {}, {{"error", err}});
    pause(backoff);
    backoff = std::min(backoff * 2, o_.backoff_max_ms);
  }
}

void OutboxRelay::publish_one(const StoredEvent& ev) {
  if (already_published(ev.seq)) {  // by a former leader (tail check) or by us before a failed commit
    metrics_.counter(metric::kRelayAlreadyPublished).inc();
    return;
  }
  int backoff = o_.backoff_initial_ms;
  int rejected = 0;
  for (;;) {
    ensure_lease();  // fencing: a leader past its lease publishes nothing more
    std::string err;
    try {
      kafka_.publish(ev.topic, ev.envelope);
      metrics_.counter(metric::kRelayPublished).inc();
      std::lock_guard lk(skip_mu_);
      on_topic_.insert(ev.seq);
      return;
    } catch (const Error& e) {
      err = e.what();
      if (e.kind() == ErrorKind::invalid_argument && ++rejected >= o_.poison_attempts) {
        ensure_lease();
        dead_letter(ev, err);
        std::lock_guard lk(skip_mu_);
        on_topic_.insert(ev.seq);
        return;
      }
    } catch (const std::exception& e) {
      err = e.what();
    }
    ops::warn("outbox relay publish failed", ev.envelope.correlation_id,
              {{"topic", ev.topic}, {"seq", std::to_string(ev.seq)}, {"error", err}});
    pause(backoff);
    backoff = std::min(backoff * 2, o_.backoff_max_ms);
  }
}

// The dead letter names the event and the error but does not carry the event itself: a record
// rejected for its size would be rejected again inside the letter. The event stays in the store's
// events table (until retention) with its seq, for a replay.
void OutboxRelay::dead_letter(const StoredEvent& ev, const std::string& error) {
  boost::json::object p;
  p["original_topic"] = ev.topic;
  p["group"] = o_.name;
  p["error"] = error;
  p["seq"] = ev.seq;
  p["event_id"] = ev.envelope.event_id;
  p["event_type"] = ev.envelope.type;
  p["attempts"] = o_.poison_attempts;
  auto d = make_envelope("dead_letter", ev.envelope.key, boost::json::serialize(p),
                         ev.envelope.correlation_id, dead_letter_key(o_.name, ev));
  kafka_.publish(std::string(topics::dlq), d);  // unavailable: thrown, the batch is retried
  metrics_.counter(metric::kDlqEvents, {{"topic", ev.topic}}).inc();
  ops::error("outbox event sent to the DLQ", ev.envelope.correlation_id,
             {{"topic", ev.topic}, {"seq", std::to_string(ev.seq)}, {"event_id", ev.envelope.event_id}});
}

std::vector<Bus::Lag> OutboxRelay::lag() {
  std::vector<Bus::Lag> out;
  for (const auto& t : o_.topics) {
    auto off = store_.load_offset(o_.name, t);
    constexpr int kLagCap = 10000;
    auto pending = store_.read_events({t}, off, kLagCap);
    out.push_back(Bus::Lag{o_.name, t, 0, static_cast<std::int64_t>(pending.size())});
  }
  return out;
}

}  // namespace fte::app
