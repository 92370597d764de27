#include "bus/local/local_bus.h"

#include <boost/json.hpp>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "core/error.h"
#include "ops/log.h"
#include "store/store.h"

namespace fte {
namespace {

class LocalBus final : public Bus {
 public:
  LocalBus(Store& store, BusOptions o, LocalBusOptions lo)
      : store_(store), o_(std::move(o)), lo_(lo) {
    // The callback outlives this object inside the store, so it only touches a shared waker.
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
  }
  ~LocalBus() override { stop(); }

  std::string kind() const override { return "local"; }

  void publish(const std::string& topic, const Envelope& e) override {
    store_.append_events({{o_.topic_prefix + topic, e}});
  }

  void subscribe(const std::string& group, const std::vector<std::string>& topics,
                 EventHandler handler) override {
    std::vector<std::string> full;
    for (const auto& t : topics) full.push_back(o_.topic_prefix + t);
    std::lock_guard lk(mu_);
    if (stopping_) throw Error(ErrorKind::unavailable, "bus is stopping");
    auto sub = std::make_shared<Subscription>();
    sub->group = group;
    sub->topics = full;
    sub->handler = std::move(handler);
    subs_.push_back(sub);
    sub->thread = std::thread([this, sub] { consume(*sub); });
  }

  void ping() override { store_.ping(); }

  void stop() override {
    {
      std::lock_guard lk(mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& s : subs_)
      if (s->thread.joinable()) s->thread.join();
  }

  std::vector<Lag> lag() override {
    std::vector<Lag> out;
    std::vector<std::shared_ptr<Subscription>> subs;
    {
      std::lock_guard lk(mu_);
      subs = subs_;
    }
    for (const auto& s : subs) {
      for (const auto& t : s->topics) {
        auto off = store_.load_offset(s->group, t);
        // Counted by reading the pending events, capped: a backlog beyond kLagCap reads as
        // kLagCap (enough to alert on) and a scrape never reads more than that.
        constexpr int kLagCap = 10000;
        auto pending = store_.read_events({t}, off, kLagCap);
        out.push_back(Lag{s->group, t, 0, static_cast<std::int64_t>(pending.size())});
      }
    }
    return out;
  }

 private:
  struct Subscription {
    std::string group;
    std::vector<std::string> topics;
    EventHandler handler;
    std::thread thread;
  };

  bool stopping() {
    std::lock_guard lk(mu_);
    return stopping_;
  }

  // Runs the handler with retries; after the last attempt the event goes to the DLQ.
  void handle(Subscription& s, const StoredEvent& ev) {
    int backoff = o_.backoff_initial_ms;
    for (int attempt = 1;; ++attempt) {
      std::string err;
      try {
        s.handler(ev.envelope, strip_prefix(ev.topic));
        return;
      } catch (const std::exception& e) {
        err = e.what();
      } catch (...) {
        err = "unknown error";
      }
      ops::warn("bus handler failed", ev.envelope.correlation_id,
                {{"topic", ev.topic}, {"group", s.group}, {"attempt", std::to_string(attempt)},
                 {"error", err}});
      if (attempt >= o_.max_attempts || stopping()) {
        if (stopping() && attempt < o_.max_attempts) throw Error(ErrorKind::unavailable, "stopping");
        to_dlq(s, ev, err);
        return;
      }
      std::unique_lock lk(mu_);
      cv_.wait_for(lk, std::chrono::milliseconds(backoff), [this] { return stopping_; });
      backoff = std::min(backoff * 2, o_.backoff_max_ms);
    }
  }

  void to_dlq(Subscription& s, const StoredEvent& ev, const std::string& err) {
    boost::json::object p;
    p["original_topic"] = ev.topic;
    p["group"] = s.group;
    p["error"] = err;
    p["envelope"] = boost::json::parse(to_json(ev.envelope));
    auto d = make_envelope("dead_letter", ev.envelope.key, boost::json::serialize(p),
                           ev.envelope.correlation_id, "dlq:" + s.group + ":" + ev.envelope.event_id);
    store_.append_events({{o_.topic_prefix + std::string(topics::dlq), d}});
    if (o_.on_dead_letter) o_.on_dead_letter(strip_prefix(ev.topic));
    ops::error("event sent to the DLQ", ev.envelope.correlation_id,
               {{"topic", ev.topic}, {"group", s.group}, {"event_id", ev.envelope.event_id}});
  }

  std::string strip_prefix(const std::string& t) const {
    if (!o_.topic_prefix.empty() && t.rfind(o_.topic_prefix, 0) == 0) return t.substr(o_.topic_prefix.size());
    return t;
  }

  void consume(Subscription& s) {
    std::map<std::string, std::int64_t> offsets;
    for (;;) {
      std::uint64_t gen;
      {
        std::lock_guard lk(mu_);
        if (stopping_) return;
        gen = generation_;
      }
      std::vector<StoredEvent> batch;
      try {
        std::int64_t from = INT64_MAX;
        for (const auto& t : s.topics) {
          if (!offsets.count(t)) offsets[t] = store_.load_offset(s.group, t);
          from = std::min(from, offsets[t]);
        }
        batch = store_.read_events(s.topics, from, lo_.batch);
        if (!batch.empty()) {
          // Every event of these topics up to `through` is in this read (the log is read in seq
          // order), so after the batch every topic's offset may move to `through` — also a topic
          // that had nothing in it. Otherwise a quiet topic would pin `from` and the same window
          // would be read again and again (a stall once the busy topic passed one batch).
          std::int64_t through = 0;
          for (const auto& e : batch) through = std::max(through, e.seq);
          std::erase_if(batch, [&](const StoredEvent& e) { return e.seq <= offsets[e.topic]; });
          if (!batch.empty()) run_batch(s, batch);
          for (const auto& t : s.topics) {
            if (offsets[t] >= through) continue;
            store_.commit_offset(s.group, t, through);
            offsets[t] = through;
          }
          continue;
        }
      } catch (const std::exception& e) {
        // Store unavailable or stopping: keep offsets as committed, retry after a pause.
        offsets.clear();
        ops::warn("local bus consumer paused", {}, {{"group", s.group}, {"error", e.what()}});
      }
      std::unique_lock lk(mu_);
      cv_.wait_for(lk, std::chrono::milliseconds(lo_.poll_ms),
                   [&] { return stopping_ || generation_ != gen; });
    }
  }

  // Hands the batch to lanes by key hash; returns when every handler returned. Throws when stopping
  // interrupted a retry (the batch is then not committed and is redelivered after restart).
  void run_batch(Subscription& s, const std::vector<StoredEvent>& batch) {
    int lanes = std::max(1, lo_.lanes);
    if (lanes == 1 || batch.size() == 1) {
      for (const auto& e : batch) handle(s, e);
      return;
    }
    std::vector<std::vector<const StoredEvent*>> by_lane(static_cast<std::size_t>(lanes));
    for (const auto& e : batch)
      by_lane[std::hash<std::string>{}(e.envelope.key) % static_cast<std::size_t>(lanes)].push_back(&e);
    std::vector<std::thread> workers;
    std::vector<std::exception_ptr> errors(by_lane.size());
    for (std::size_t i = 0; i < by_lane.size(); ++i) {
      if (by_lane[i].empty()) continue;
      workers.emplace_back([&, i] {
        try {
          for (const auto* e : by_lane[i]) handle(s, *e);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      });
    }
    for (auto& w : workers) w.join();
    for (auto& e : errors)
      if (e) std::rethrow_exception(e);
  }

  Store& store_;
  BusOptions o_;
  LocalBusOptions lo_;
  struct Waker {
    std::mutex mu;
    std::condition_variable cv;
    std::uint64_t generation = 0;
    bool stopping = false;
  };
  std::shared_ptr<Waker> waker_ = std::make_shared<Waker>();
  std::mutex& mu_ = waker_->mu;
  std::condition_variable& cv_ = waker_->cv;
  std::uint64_t& generation_ = waker_->generation;
  bool& stopping_ = waker_->stopping;
  std::vector<std::shared_ptr<Subscription>> subs_;
};

}  // namespace

std::unique_ptr<Bus> open_local_bus(Store& store, const BusOptions& o, const LocalBusOptions& lo) {
  return std::make_unique<LocalBus>(store, o, lo);
}
std::unique_ptr<Bus> open_local_bus(Store& store, const BusOptions& o) {
  return open_local_bus(store, o, LocalBusOptions{});
}

}  // namespace fte
