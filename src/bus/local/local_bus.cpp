#include "bus/local/local_bus.h"

#include <boost/json.hpp>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

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
    const std::size_t cap = in_flight_cap();
    // Preferably the store hands over each commit's events (no read back from the log); every
    // consumer gets every batch (their seqs chain), and only the consumers of its topics wake.
    // A consumer waiting with nothing unread has its events handed straight to its lanes here
    // (hand_to_lanes): one thread hand-off per commit fewer.
    fed_ = store_.on_events_committed([w, cap](const std::shared_ptr<const CommittedEvents>& b) {
      if (auto k = w.lock()) {
        std::lock_guard lk(k->mu);
        std::vector<std::string_view> topics;
        for (const auto& e : b->events)
          if (std::find(topics.begin(), topics.end(), e.topic) == topics.end()) {
            topics.push_back(e.topic);
            ++k->topic_generation[e.topic];
          }
        for (const auto& c : k->consumers) {
          const auto mine = static_cast<std::uint64_t>(
              std::count_if(c.sub->topics.begin(), c.sub->topics.end(), [&](const std::string& t) {
                return std::find(topics.begin(), topics.end(), t) != topics.end();
              }));
          if (!k->stopping && hand_to_lanes(*c.sub, b, cap)) {
            c.sub->direct_generations += mine;  // not news for the consumer: already handed out
            continue;
          }
          // A consumer far behind reads the log instead (the dropped batches leave a gap).
          if (c.sub->fed.size() >= kMaxFed) c.sub->fed.clear();
          c.sub->fed.push_back(b);
          if (mine) c.sub->consumer_cv.notify_one();
        }
      }
    });
    if (fed_) return;
    store_.on_events_appended_to([w](const std::vector<std::string>& topics) {
      if (auto k = w.lock()) {
        // Wakes only the consumers of these topics; under the lock, because the bus's destructor
        // removes its consumers under it.
        std::lock_guard lk(k->mu);
        if (topics.empty()) ++k->generation;  // not told which: every consumer reads
        for (const auto& t : topics) ++k->topic_generation[t];
        for (const auto& c : k->consumers)
          if (topics.empty() || std::any_of(c.sub->topics.begin(), c.sub->topics.end(), [&](const std::string& t) {
                return std::find(topics.begin(), topics.end(), t) != topics.end();
              }))
            c.sub->consumer_cv.notify_one();
      }
    });
  }
  ~LocalBus() override {
    stop();
    std::lock_guard lk(mu_);
    waker_->consumers.clear();  // the store's callback may outlive the subscriptions
  }

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
    auto lanes = static_cast<std::size_t>(std::max(1, lo_.lanes));
    sub->queues.resize(lanes);
    sub->lane_cv = std::vector<std::condition_variable>(lanes);
    waker_->consumers.push_back(Consumer{sub.get()});
    for (std::size_t i = 0; i < lanes; ++i)
      sub->lanes.emplace_back([this, sub, i] { lane(*sub, i); });
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
    for (auto& s : subs_) {
      s->consumer_cv.notify_all();
      for (auto& c : s->lane_cv) c.notify_all();
    }
    for (auto& s : subs_)
      if (s->thread.joinable()) s->thread.join();  // joins its lanes, then commits what they handled
  }

  LocalBusStats stats() {
    std::lock_guard lk(mu_);
    LocalBusStats st;
    for (const auto& sub : subs_) st.handed_to_lanes += sub->direct_events;
    return st;
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
  // An event handed to a lane; the batch it was read in stays alive while any of it is queued.
  struct Item {
    std::shared_ptr<const std::vector<StoredEvent>> batch;
    std::size_t index = 0;
  };
  struct Subscription {
    std::string group;
    std::vector<std::string> topics;
    EventHandler handler;
    std::thread thread;  // the consumer: reads, hands out, commits offsets
    // Guarded by the bus mutex (mu_):
    std::vector<std::deque<Item>> queues;  // one per lane
    std::vector<std::thread> lanes;
    std::vector<std::condition_variable> lane_cv;  // work for lane i (only that lane wakes)
    std::condition_variable consumer_cv;  // wakes this subscription's consumer only
    std::deque<std::shared_ptr<const CommittedEvents>> fed;  // commits handed over by the store
    std::map<std::int64_t, bool> in_flight;  // seq handed to a lane -> handled
    std::uint64_t progress = 0;            // bumped when the oldest events in flight are handled
    bool failed = false;                   // a handler gave up without handling its event
    int running = 0;                       // lanes inside a handler
    bool room_wanted = false;              // the consumer waits for in-flight events to finish
    // The direct hand-off (hand_to_lanes): armed by the consumer while it waits with nothing
    // unread and nothing handed over queued, from `direct_through` (its read_through), which the
    // store's commit callback then moves on; disarmed by the callback at the first commit it cannot
    // hand out (a gap, the in-flight cap), after which commits queue in `fed` as before.
    bool direct = false;
    std::int64_t direct_through = -1;
    bool idle_wait = false;  // the armed consumer waits for the poll interval (nothing in flight)
    std::uint64_t direct_generations = 0;  // topic generations of commits handed out directly
    std::uint64_t direct_events = 0;       // events handed out directly (LocalBusStats)
  };

  // Queues the events of `events` that `take` accepts on their lanes (by key: one key, one lane,
  // in order), marks them in flight and wakes each lane that got one. Holds mu_.
  template <class Take>
  static std::size_t queue_on_lanes(Subscription& s,
                                    const std::shared_ptr<const std::vector<StoredEvent>>& events,
                                    Take take) {
    const auto lanes = s.queues.size();
    std::vector<char> woken(lanes, 0);
    std::size_t queued = 0;
    for (std::size_t i = 0; i < events->size(); ++i) {
      const auto& e = (*events)[i];
      if (!take(e)) continue;
      s.in_flight.emplace(e.seq, false);
      const auto lane = std::hash<std::string>{}(e.envelope.key) % lanes;
      s.queues[lane].push_back(Item{events, i});
      woken[lane] = 1;
      ++queued;
    }
    for (std::size_t l = 0; l < lanes; ++l)
      if (woken[l]) s.lane_cv[l].notify_one();
    return queued;
  }

  std::size_t in_flight_cap() const { return 2 * static_cast<std::size_t>(std::max(1, lo_.batch)); }

  // Queues one committed batch's events of s's topics on their lanes, as the consumer's dispatch
  // would, when the consumer is armed and the batch chains on what it has read. Holds mu_.
  // Returns false (and disarms) when the consumer must take the batch itself.
  static bool hand_to_lanes(Subscription& s, const std::shared_ptr<const CommittedEvents>& b,
                            std::size_t cap) {
    if (!s.direct) return false;
    if (s.failed || b->first_seq - 1 > s.direct_through || s.in_flight.size() >= cap) {
      s.direct = false;
      return false;
    }
    if (b->last_seq <= s.direct_through) return true;  // read already
    const std::shared_ptr<const std::vector<StoredEvent>> events(b, &b->events);
    const auto queued = queue_on_lanes(s, events, [&](const StoredEvent& e) {
      return e.seq > s.direct_through &&
             std::find(s.topics.begin(), s.topics.end(), e.topic) != s.topics.end();
    });
    s.direct_events += queued;
    s.direct_through = b->last_seq;
    if (queued > 0 && s.idle_wait) {
      // The consumer slept for the poll interval: it now commits offsets on the commit tick.
      s.idle_wait = false;
      s.consumer_cv.notify_one();
    }
    return true;
  }

  bool stopping() {
    std::lock_guard lk(mu_);
    return stopping_;
  }

  // Grows whenever one of the subscription's topics (or an unnamed one) got events. Holds mu_.
  std::uint64_t generation_of(const Subscription& s) const {
    std::uint64_t g = generation_;
    for (const auto& t : s.topics)
      if (auto it = waker_->topic_generation.find(t); it != waker_->topic_generation.end()) g += it->second;
    return g - s.direct_generations;  // commits handed straight to the lanes are no news
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

  // A lane: handles its queue in order (one key always maps to one lane, so a key's events keep
  // their log order). On stop it leaves the rest of its queue unhandled (redelivered at restart).
  void lane(Subscription& s, std::size_t i) {
    for (;;) {
      Item it;
      {
        std::unique_lock lk(mu_);
        s.lane_cv[i].wait(lk, [&] { return stopping_ || !s.queues[i].empty(); });
        if (stopping_) return;
        it = std::move(s.queues[i].front());
        s.queues[i].pop_front();
        ++s.running;
      }
      const StoredEvent& ev = (*it.batch)[it.index];
      bool handled = true;
      try {
        handle(s, ev);
      } catch (...) {
        handled = false;  // stopping interrupted a retry, or the DLQ append failed
      }
      bool advanced = false;  // the handled prefix grew: the consumer may commit and read more
      {
        std::lock_guard lk(mu_);
        --s.running;
        if (handled) {
          s.in_flight[ev.seq] = true;
          while (!s.in_flight.empty() && s.in_flight.begin()->second) {
            s.in_flight.erase(s.in_flight.begin());
            advanced = true;
          }
        } else {
          s.failed = true;
        }
        advanced = advanced || s.failed;
        if (advanced) ++s.progress;
        advanced = advanced && (s.failed || s.room_wanted);  // someone waits for it
      }
      if (advanced) s.consumer_cv.notify_one();
    }
  }

  // Drops the handled prefix of in_flight; returns the seq through which every event handed out is
  // handled (everything read up to `read_through` when nothing is in flight). Holds mu_.
  std::int64_t handled_through(Subscription& s, std::int64_t read_through) {
    while (!s.in_flight.empty() && s.in_flight.begin()->second) s.in_flight.erase(s.in_flight.begin());
    return s.in_flight.empty() ? read_through : s.in_flight.begin()->first - 1;
  }

  // The topics behind `through`, in one store call.
  void commit(Subscription& s, std::map<std::string, std::int64_t>& offsets, std::int64_t through) {
    std::vector<std::string> behind;
    for (const auto& t : s.topics)
      if (offsets[t] < through) behind.push_back(t);
    if (behind.empty()) return;
    store_.commit_offsets(s.group, behind, through);
    for (const auto& t : behind) offsets[t] = through;
  }

  // Reads the log in seq order and hands events to the lanes while earlier ones are still being
  // handled (at most 2 batches in flight), and commits each topic's offset up to the oldest event
  // not yet handled: at-least-once, without stopping the lanes for a read or an offset commit.
  // Offsets are committed at most every kCommitEvery (each commit is a store transaction; an event
  // handled since is redelivered after a crash, and handlers are idempotent), and once more at stop.
  void consume(Subscription& s) {
    constexpr auto kCommitEvery = std::chrono::milliseconds(20);
    const std::size_t cap = in_flight_cap();
    std::map<std::string, std::int64_t> offsets;  // committed, per topic
    std::int64_t read_through = -1;               // -1: start from the committed offsets
    auto last_commit = std::chrono::steady_clock::now();
    // Whether the log may hold unread events: after a non-empty read, a wake-up from an append in
    // this process, or a poll timeout (appends by other processes). A lane's progress alone does
    // not make the consumer query the store again.
    bool maybe_more = true;
    std::uint64_t seen_gen = 0;
    const auto poll = std::chrono::milliseconds(lo_.poll_ms);
    auto last_read = std::chrono::steady_clock::now();
    // Commits the store handed over (fed_), oldest first, not yet taken.
    std::deque<std::shared_ptr<const CommittedEvents>> fed;
    for (;;) {
      std::uint64_t gen, progress;
      std::int64_t through;
      std::size_t in_flight;
      bool failed;
      {
        std::lock_guard lk(mu_);
        if (stopping_) break;
        gen = generation_of(s);
        progress = s.progress;
        failed = s.failed;
        through = read_through < 0 ? -1 : handled_through(s, read_through);
        in_flight = s.in_flight.size();
        for (auto& b : s.fed) fed.push_back(std::move(b));
        s.fed.clear();
      }
      if (fed.size() > kMaxFed) fed.clear();  // a gap: read the log
      if (gen != seen_gen) {
        seen_gen = gen;
        maybe_more = true;
      }
      if (std::chrono::steady_clock::now() - last_read >= poll)
        maybe_more = true;  // poll: another process may have appended
      bool pending_commit = false;
      bool errored = false;
      try {
        if (failed) {
          // A handler gave up: let the lanes finish what they hold, then read again from the
          // committed offsets (the unhandled event and what followed it are delivered again).
          auto handled = drain_after_failure(s, read_through);
          if (handled < 0) break;
          commit(s, offsets, handled);
          offsets.clear();
          read_through = -1;
          fed.clear();
          throw Error(ErrorKind::unavailable, "a handler gave up; reading again from the offsets");
        }
        if (read_through < 0) {
          for (const auto& t : s.topics) offsets[t] = store_.load_offset(s.group, t);
          read_through = INT64_MAX;
          for (const auto& t : s.topics) read_through = std::min(read_through, offsets[t]);
          through = read_through;
        }
        auto now = std::chrono::steady_clock::now();
        bool behind = std::any_of(s.topics.begin(), s.topics.end(),
                                  [&](const std::string& t) { return offsets[t] < through; });
        if (behind && now - last_commit >= kCommitEvery) {
          commit(s, offsets, through);
          last_commit = now;
          behind = false;
        }
        pending_commit = behind;
        if (in_flight < cap && !fed.empty()) {
          // Commits handed over: taken as long as they chain on what was read (a commit's events
          // are the only ones between its first and last seq, and everything below its first seq
          // was committed before it); a gap means events of another writer: read the log.
          auto batch = std::make_shared<std::vector<StoredEvent>>();
          bool chained = true;
          while (!fed.empty() && chained) {
            const auto& b = *fed.front();
            if (b.last_seq > read_through) {
              chained = b.first_seq - 1 <= read_through;
              if (!chained) break;
              for (const auto& e : b.events)
                if (e.seq > read_through &&
                    std::find(s.topics.begin(), s.topics.end(), e.topic) != s.topics.end())
                  batch->push_back(e);
              read_through = b.last_seq;
            }
            fed.pop_front();
          }
          if (chained) maybe_more = std::chrono::steady_clock::now() - last_read >= poll;
          else maybe_more = true;
          if (!batch->empty()) {
            dispatch(s, batch, offsets);
            continue;
          }
        }
        if (in_flight < cap && maybe_more) {
          last_read = std::chrono::steady_clock::now();
          // With handed-over commits: the log's end before this read. A short read then took
          // every event of these topics up to it, so the commits handed over next chain on it.
          const std::int64_t log_end = fed_ ? store_.last_event_seq() : -1;
          auto batch = std::make_shared<std::vector<StoredEvent>>(
              store_.read_events(s.topics, read_through, lo_.batch));
          // A short read took everything there was: what is appended later wakes this
          // consumer (or, from another process, the poll) before it reads again.
          maybe_more = batch->size() >= static_cast<std::size_t>(std::max(1, lo_.batch));
          // Every event of these topics up to the last one read is in this read (seq order),
          // so every topic's offset may later move to it, a quiet topic's too.
          std::int64_t last = read_through;
          for (const auto& e : *batch) last = std::max(last, e.seq);
          if (!maybe_more) last = std::max(last, log_end);
          if (!batch->empty()) {
            dispatch(s, batch, offsets);
            read_through = last;
            continue;
          }
          read_through = last;
        }
      } catch (const std::exception& e) {
        // Store unavailable: keep offsets as committed, retry after a pause.
        if (!failed) {
          std::lock_guard lk(mu_);
          if (s.in_flight.empty()) {
            offsets.clear();
            read_through = -1;
            fed.clear();
          }
        }
        ops::warn("local bus consumer paused", {}, {{"group", s.group}, {"error", e.what()}});
        pending_commit = false;
        maybe_more = true;
        errored = true;
      }
      // Lanes wake the consumer only when it waits for room (at most `cap` events in flight) or
      // one failed; otherwise it commits their progress on the kCommitEvery tick.
      const bool tick = pending_commit || in_flight > 0;
      // With nothing unread (every topic's offset at or below read_through), the store's commits
      // go straight to the lanes while this thread waits (hand_to_lanes).
      const bool may_arm =
          fed_ && !maybe_more && !errored && fed.empty() && read_through >= 0 &&
          std::all_of(s.topics.begin(), s.topics.end(), [&](const std::string& t) {
            auto it = offsets.find(t);
            return it == offsets.end() || it->second <= read_through;
          });
      std::unique_lock lk(mu_);
      s.room_wanted = in_flight >= cap;
      const bool armed = may_arm && s.fed.empty() && !s.failed && !stopping_;
      if (armed) {
        s.direct = true;
        s.direct_through = read_through;
        s.idle_wait = !tick;
      }
      s.consumer_cv.wait_for(lk, tick ? kCommitEvery : poll, [&] {
        return stopping_ || s.failed || generation_of(s) != gen ||
               (s.room_wanted && s.progress != progress) || (armed && !tick && !s.idle_wait);
      });
      s.room_wanted = false;
      if (armed) {
        read_through = s.direct_through;  // what the callback handed out meanwhile
        s.direct = false;
        s.idle_wait = false;
      }
    }
    for (auto& l : s.lanes)
      if (l.joinable()) l.join();
    // What was handled before the stop is not delivered again.
    try {
      std::int64_t through;
      {
        std::lock_guard lk(mu_);
        through = read_through < 0 ? -1 : handled_through(s, read_through);
      }
      if (through >= 0) commit(s, offsets, through);  // stops before an unhandled event
    } catch (const std::exception& e) {
      ops::warn("local bus: offsets not committed at stop", {}, {{"group", s.group}, {"error", e.what()}});
    }
  }

  // Queues a batch's events on their lanes (by key), skipping events at or below their topic's
  // committed offset (a first read starts at the lowest topic offset).
  void dispatch(Subscription& s, const std::shared_ptr<std::vector<StoredEvent>>& batch,
                std::map<std::string, std::int64_t>& offsets) {
    std::lock_guard lk(mu_);
    queue_on_lanes(s, batch, [&](const StoredEvent& e) { return e.seq > offsets[e.topic]; });
  }

  // After a failure: drops what the lanes have not started (it is delivered again from the
  // offsets), waits for the handlers still running, and returns the seq through which everything
  // is handled (-1 when stopping).
  std::int64_t drain_after_failure(Subscription& s, std::int64_t read_through) {
    std::unique_lock lk(mu_);
    for (auto& q : s.queues) q.clear();
    s.consumer_cv.wait(lk, [&] { return stopping_ || s.running == 0; });
    if (stopping_) return -1;
    auto through = handled_through(s, read_through);
    s.in_flight.clear();
    s.failed = false;
    return through;
  }

  static constexpr std::size_t kMaxFed = 256;  // commits queued per consumer before it reads the log

  Store& store_;
  BusOptions o_;
  LocalBusOptions lo_;
  bool fed_ = false;  // the store hands over committed events (on_events_committed)
  struct Consumer {
    Subscription* sub;  // its wake-up, topics, fed commits and lanes (they live as long as the bus)
  };
  struct Waker {
    std::mutex mu;
    std::condition_variable cv;
    std::uint64_t generation = 0;  // appends to topics not named
    std::unordered_map<std::string, std::uint64_t> topic_generation;  // appends per topic
    // Each subscription's consumer: wake-up, topics, fed commits (they live as long as the bus).
    std::vector<Consumer> consumers;
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
LocalBusStats local_bus_stats(Bus& bus) {
  auto* b = dynamic_cast<LocalBus*>(&bus);
  return b ? b->stats() : LocalBusStats{};
}

std::unique_ptr<Bus> open_local_bus(Store& store, const BusOptions& o) {
  return open_local_bus(store, o, LocalBusOptions{});
}

}  // namespace fte
