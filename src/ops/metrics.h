// Metrics: a registry of counters, gauges and histograms with labels, rendered as Prometheus text
// (version 0.0.4) for GET /metrics. Each component declares its own families where it is set up
// (e.g. src/app/runtime.cpp, src/agent/runtime/agent_metrics.cpp, src/http/server.cpp, the channels).
// Thread-safe: counter(), gauge() and histogram() take the registry's mutex to find or create the
// series; updates through the returned reference are lock-free atomics (a render during updates
// may see a histogram's count, sum and buckets a moment apart), so hot paths keep the reference.
// Units: durations are observed in seconds (Prometheus convention); callers convert from µs/ms.
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace fte::ops {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void inc(double v = 1);
  double value() const;
 private:
  std::atomic<double> v_{0};
};

class Gauge {
 public:
  void set(double v);
  void add(double v);
  double value() const;
 private:
  std::atomic<double> v_{0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double v);
  std::uint64_t count() const;
  double sum() const;
  std::vector<std::uint64_t> bucket_counts() const;  // cumulative, one per bound, then +Inf
  const std::vector<double>& bounds() const { return bounds_; }
 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;
  // Declares a family (idempotent). Type: counter|gauge|histogram.
  void declare(const std::string& name, const std::string& type, const std::string& help,
               std::vector<double> buckets = {});
  Counter& counter(const std::string& name, const Labels& labels = {});
  Gauge& gauge(const std::string& name, const Labels& labels = {});
  Histogram& histogram(const std::string& name, const Labels& labels = {});
  // A collector runs at render time (e.g. bus lag, pool sizes) to set gauges.
  void add_collector(std::function<void(Metrics&)> fn);
  std::string render();

  static std::vector<double> latency_buckets();  // 0.5 ms … 10 s

 private:
  struct Family;
  Family& family(const std::string& name);
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Family>> families_;
  std::vector<std::function<void(Metrics&)>> collectors_;
};

}  // namespace fte::ops
