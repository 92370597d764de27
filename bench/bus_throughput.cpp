// Bus throughput and latency for 1 KB envelopes, per backend (docs/BENCHMARKS.md):
//   publish_serial      one thread, publish() one envelope at a time (each waits for the ack);
//   publish_concurrent  N threads publishing at once (the producer batches them);
//   publish_to_consume  N threads publish a burst, one subscription consumes it: messages/s from
//                       the first publish to the last handler call, and end-to-end p50/p99;
//   steady_2000         2,000 messages/s for 5 s: end-to-end p99 and the largest consumer lag.
// Backends: "kafka" (librdkafka's mock cluster on loopback TCP, 3 partitions per topic) and
// "local" (the store's event log in a SQLite database in a temp dir).
// Run: ./bench_bus_throughput --benchmark_counters_tabular=true
// Knobs (Kafka): FTE_BENCH_FETCH_WAIT_MS (consumer fetch.wait.max.ms, default 100 — the mock
// cluster holds an empty fetch that long even when records arrive, real brokers answer at once),
// FTE_BENCH_LINGER_MS (producer linger.ms, default 0).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bus/kafka/kafka_bus.h"
#include "bus/kafka/mock_cluster.h"
#include "core/clock.h"
#include "ops/log.h"
#include "bus/local/local_bus.h"
#include "store/store.h"

namespace {

using namespace fte;
namespace json = boost::json;

const std::string kTopic(topics::tickets_incoming);  // publish-only benchmarks
const std::string kE2eTopic(topics::escalations);    // consumed benchmarks (nothing else on it)

// One backend's running world: whatever the bus needs (a cluster, a database) plus a bus on it.
struct World {
  std::function<std::unique_ptr<Bus>()> open;
  std::vector<std::shared_ptr<void>> keep_alive;
};

std::map<std::string, std::function<World()>>& backends() {
  static std::map<std::string, std::function<World()>> b = {
      {"kafka",
       [] {
         auto cluster = std::make_shared<KafkaMockCluster>();
         World w;
         w.keep_alive.push_back(cluster);
         w.open = [cluster] {
           KafkaOptions ko;
           ko.session_timeout_ms = 4500;  // the mock's first rebalance waits 3 s
           ko.heartbeat_interval_ms = 500;
           if (const char* v = std::getenv("FTE_BENCH_FETCH_WAIT_MS"))
             ko.fetch_wait_max_ms = std::atoi(v);
           if (const char* v = std::getenv("FTE_BENCH_LINGER_MS")) ko.linger_ms = std::atoi(v);
           return open_kafka_bus(cluster->bootstrap(), {}, ko);
         };
         return w;
       }},
      {"local",
       [] {
         auto dir =
             std::filesystem::temp_directory_path() / ("fte-bench-" + std::to_string(now_ms()));
         std::filesystem::create_directories(dir);
         StoreOptions so;
         so.url = "sqlite://" + (dir / "bench.db").string();
         std::shared_ptr<Store> store = open_sqlite_store(so);
         World w;
         w.keep_alive.push_back(store);
         w.open = [store] { return open_local_bus(*store, {}); };
         return w;
       }},
  };
  return b;
}

// A subscription that records end-to-end latencies (µs) and counts handled envelopes.
struct Sink;

// Worlds are built once per process and backend (the Kafka group join alone takes seconds), and
// so is the consuming subscription. Subscriptions are declared last so they stop first.
struct Registry {
  std::map<std::string, World> worlds;
  std::map<std::string, std::pair<std::unique_ptr<Bus>, std::unique_ptr<Sink>>> subs;
  ~Registry() {
    for (auto& [name, sub] : subs) sub.first->stop();
  }
};
Registry& registry() {
  static Registry r;
  return r;
}

World& world(const std::string& backend) {
  auto& worlds = registry().worlds;
  auto it = worlds.find(backend);
  if (it == worlds.end()) it = worlds.emplace(backend, backends().at(backend)()).first;
  return it->second;
}

// A ~1 KB envelope stamped with its publish time (monotonic µs).
Envelope envelope_1kb(int i) {
  json::object p{{"t_us", monotonic_us()}, {"n", i}, {"text", std::string(760, 'x')}};
  return make_envelope("ticket.incoming", "cust-" + std::to_string(i % 64), json::serialize(p), "",
                       "");
}

double percentile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

struct Sink {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<double> latency_us;
  std::size_t handled = 0;

  void on(const Envelope& e) {
    auto t = json::parse(e.payload).as_object().at("t_us").as_int64();
    double l = static_cast<double>(monotonic_us() - t);
    {
      std::lock_guard lk(mu);
      latency_us.push_back(l);
      ++handled;
    }
    cv.notify_all();
  }
  bool wait_for(std::size_t n, std::chrono::seconds deadline) {
    std::unique_lock lk(mu);
    return cv.wait_for(lk, deadline, [&] { return handled >= n; });
  }
  void reset() {
    std::lock_guard lk(mu);
    latency_us.clear();
    handled = 0;
  }
};

void publish_serial(benchmark::State& st, const std::string& backend) {
  auto bus = world(backend).open();
  std::vector<double> lat;
  int i = 0;
  for (auto _ : st) {
    auto e = envelope_1kb(i++);
    auto t0 = monotonic_us();
    bus->publish(kTopic, e);
    lat.push_back(static_cast<double>(monotonic_us() - t0));
  }
  st.SetItemsProcessed(st.iterations());
  st.counters["p50_ms"] = percentile(lat, 0.50) / 1000;
  st.counters["p99_ms"] = percentile(lat, 0.99) / 1000;
}

void publish_concurrent(benchmark::State& st, const std::string& backend) {
  const int threads = static_cast<int>(st.range(0)), per_thread = 500;
  auto bus = world(backend).open();
  std::vector<double> lat;
  std::mutex mu;
  for (auto _ : st) {
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t)
      ts.emplace_back([&, t] {
        std::vector<double> mine;
        for (int i = 0; i < per_thread; ++i) {
          auto e = envelope_1kb(t * per_thread + i);
          auto t0 = monotonic_us();
          bus->publish(kTopic, e);
          mine.push_back(static_cast<double>(monotonic_us() - t0));
        }
        std::lock_guard lk(mu);
        lat.insert(lat.end(), mine.begin(), mine.end());
      });
    for (auto& t : ts) t.join();
  }
  st.SetItemsProcessed(st.iterations() * threads * per_thread);
  st.counters["p99_ms"] = percentile(lat, 0.99) / 1000;
}

// One subscription per backend, kept for the whole run.
Sink& subscribed_sink(const std::string& backend, Bus*& bus_out) {
  auto& subs = registry().subs;
  auto it = subs.find(backend);
  if (it == subs.end()) {
    auto bus = world(backend).open();
    auto sink = std::make_unique<Sink>();
    Sink* s = sink.get();
    bus->subscribe("bench-" + std::to_string(now_ms()), {kE2eTopic},
                   [s](const Envelope& e, const std::string&) { s->on(e); });
    bus->publish(kE2eTopic, envelope_1kb(-1));  // warm-up: the group join is not measured
    s->wait_for(1, std::chrono::seconds(60));
    s->reset();
    it = subs.emplace(backend, std::make_pair(std::move(bus), std::move(sink))).first;
  }
  bus_out = it->second.first.get();
  return *it->second.second;
}

void publish_to_consume(benchmark::State& st, const std::string& backend) {
  const int threads = 16, burst = 4000;
  Bus* bus = nullptr;
  Sink& sink = subscribed_sink(backend, bus);
  std::vector<double> lat;
  double seconds = 0;
  for (auto _ : st) {
    sink.reset();
    auto t0 = monotonic_us();
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t)
      ts.emplace_back([&, t] {
        for (int i = t; i < burst; i += threads) bus->publish(kE2eTopic, envelope_1kb(i));
      });
    for (auto& t : ts) t.join();
    if (!sink.wait_for(static_cast<std::size_t>(burst), std::chrono::seconds(120))) {
      st.SkipWithError("not every envelope was consumed within 120 s");
      return;
    }
    seconds += static_cast<double>(monotonic_us() - t0) / 1e6;
    std::lock_guard lk(sink.mu);
    lat.insert(lat.end(), sink.latency_us.begin(), sink.latency_us.end());
  }
  st.counters["msgs_per_s"] = static_cast<double>(st.iterations()) * burst / seconds;
  st.counters["e2e_p50_ms"] = percentile(lat, 0.50) / 1000;
  st.counters["e2e_p99_ms"] = percentile(lat, 0.99) / 1000;
}

void steady_2000(benchmark::State& st, const std::string& backend) {
  const int rate = 2000, seconds = 5, publishers = 8;
  Bus* bus = nullptr;
  Sink& sink = subscribed_sink(backend, bus);
  std::vector<double> lat;
  std::int64_t max_lag = 0;
  for (auto _ : st) {
    sink.reset();
    std::atomic<bool> done{false};
    std::thread sampler([&] {
      while (!done) {
        std::int64_t lag = 0;
        for (const auto& l : bus->lag()) lag += l.lag;
        max_lag = std::max(max_lag, lag);
        std::this_thread::sleep_for(std::chrono::milliseconds(250));  // sampling period
      }
    });
    // Each publisher sends its share on a fixed schedule (rate / publishers per second).
    auto start = monotonic_us();
    std::vector<std::thread> ts;
    for (int p = 0; p < publishers; ++p)
      ts.emplace_back([&, p] {
        const int mine = rate * seconds / publishers;
        const std::int64_t gap_us = 1000000LL * publishers / rate;
        for (int i = 0; i < mine; ++i) {
          auto due = start + p * (gap_us / publishers) + i * gap_us;
          auto now = monotonic_us();
          if (due > now)
            std::this_thread::sleep_for(std::chrono::microseconds(due - now));  // pacing
          bus->publish(kE2eTopic, envelope_1kb(p * mine + i));
        }
      });
    for (auto& t : ts) t.join();
    bool all = sink.wait_for(static_cast<std::size_t>(rate * seconds), std::chrono::seconds(60));
    done = true;
    sampler.join();
    if (!all) {
      st.SkipWithError("not every envelope was consumed within 60 s");
      return;
    }
    std::lock_guard lk(sink.mu);
    lat.insert(lat.end(), sink.latency_us.begin(), sink.latency_us.end());
  }
  st.counters["e2e_p99_ms"] = percentile(lat, 0.99) / 1000;
  st.counters["e2e_max_ms"] = lat.empty() ? 0 : *std::max_element(lat.begin(), lat.end()) / 1000;
  st.counters["max_lag_msgs"] = static_cast<double>(max_lag);
}

void register_all() {
  for (const auto& [name, make] : backends()) {
    (void)make;
    std::string n = name;
    benchmark::RegisterBenchmark(("publish_serial/" + n).c_str(), publish_serial, n)
        ->UseRealTime()
        ->MinTime(2.0);
    benchmark::RegisterBenchmark(("publish_concurrent/" + n).c_str(), publish_concurrent, n)
        ->Arg(16)
        ->Arg(64)
        ->UseRealTime()
        ->Iterations(3);
    benchmark::RegisterBenchmark(("publish_to_consume/" + n).c_str(), publish_to_consume, n)
        ->UseRealTime()
        ->Iterations(3);
    benchmark::RegisterBenchmark(("steady_2000/" + n).c_str(), steady_2000, n)
        ->UseRealTime()
        ->Iterations(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  fte::ops::set_log_level(fte::ops::Level::warn);
  benchmark::Initialize(&argc, argv);
  register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
