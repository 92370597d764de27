#include "ops/metrics.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace fte::ops {

namespace {
void atomic_add(std::atomic<double>& a, double v) {
  double cur = a.load(std::memory_order_relaxed);
  while (!a.compare_exchange_weak(cur, cur + v, std::memory_order_relaxed)) {
  }
}
std::string fmt(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  return std::string(buf, r.ptr);
}
std::string escape_label(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    if (c == '\\') o += "\\\\";
    else if (c == '"') o += "\\\"";
    else if (c == '\n') o += "\\n";
    else o += c;
  }
  return o;
}
std::string label_text(const Labels& l, const std::string& extra_k = {}, const std::string& extra_v = {}) {
  if (l.empty() && extra_k.empty()) return {};
  std::string o = "{";
  bool first = true;
  for (const auto& [k, v] : l) {
    if (!first) o += ',';
    first = false;
    o += k + "=\"" + escape_label(v) + "\"";
  }
  if (!extra_k.empty()) {
    if (!first) o += ',';
    o += extra_k + "=\"" + extra_v + "\"";
  }
  return o + "}";
}
}  // namespace

void Counter::inc(double v) { atomic_add(v_, v); }
double Counter::value() const { return v_.load(std::memory_order_relaxed); }
void Gauge::set(double v) { v_.store(v, std::memory_order_relaxed); }
void Gauge::add(double v) { atomic_add(v_, v); }
double Gauge::value() const { return v_.load(std::memory_order_relaxed); }

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<std::uint64_t>[bounds_.size() + 1]) {
  for (std::size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0);
}
void Histogram::observe(double v) {
  std::size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  atomic_add(sum_, v);
}
std::uint64_t Histogram::count() const { return count_.load(std::memory_order_relaxed); }
double Histogram::sum() const { return sum_.load(std::memory_order_relaxed); }
std::vector<std::uint64_t> Histogram::bucket_counts() const {
  std::vector<std::uint64_t> out(bounds_.size() + 1);
  std::uint64_t acc = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    acc += buckets_[i].load(std::memory_order_relaxed);
    out[i] = acc;
  }
  return out;
}

struct Metrics::Family {
  std::string type = "counter";
  std::string help;
  std::vector<double> buckets;
  std::map<Labels, std::unique_ptr<Counter>> counters;
  std::map<Labels, std::unique_ptr<Gauge>> gauges;
  std::map<Labels, std::unique_ptr<Histogram>> histograms;
};

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

std::vector<double> Metrics::latency_buckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

void Metrics::declare(const std::string& name, const std::string& type, const std::string& help,
                      std::vector<double> buckets) {
  std::lock_guard lk(mu_);
  auto& f = families_[name];
  if (!f) f = std::make_unique<Family>();
  f->type = type;
  f->help = help;
  if (type == "histogram") f->buckets = buckets.empty() ? latency_buckets() : std::move(buckets);
}

Metrics::Family& Metrics::family(const std::string& name) {
  auto& f = families_[name];
  if (!f) {
    f = std::make_unique<Family>();
    f->help = name;
  }
  return *f;
}

Counter& Metrics::counter(const std::string& name, const Labels& labels) {
  std::lock_guard lk(mu_);
  auto& f = family(name);
  auto& c = f.counters[labels];
  if (!c) c = std::make_unique<Counter>();
  return *c;
}
Gauge& Metrics::gauge(const std::string& name, const Labels& labels) {
  std::lock_guard lk(mu_);
  auto& f = family(name);
  if (f.type == "counter" && f.counters.empty()) f.type = "gauge";
  auto& g = f.gauges[labels];
  if (!g) g = std::make_unique<Gauge>();
  return *g;
}
Histogram& Metrics::histogram(const std::string& name, const Labels& labels) {
  std::lock_guard lk(mu_);
  auto& f = family(name);
  if (f.buckets.empty()) {
    f.type = "histogram";
    f.buckets = latency_buckets();
  }
  auto& h = f.histograms[labels];
  if (!h) h = std::make_unique<Histogram>(f.buckets);
  return *h;
}

void Metrics::add_collector(std::function<void(Metrics&)> fn) {
  std::lock_guard lk(mu_);
  collectors_.push_back(std::move(fn));
}

std::string Metrics::render() {
  std::vector<std::function<void(Metrics&)>> cols;
  {
    std::lock_guard lk(mu_);
    cols = collectors_;
  }
  for (auto& c : cols) {
    try {
      c(*this);
    } catch (...) {
    }
  }
  std::lock_guard lk(mu_);
  std::ostringstream o;
  for (const auto& [name, f] : families_) {
    o << "# HELP " << name << ' ' << f->help << '\n';
    o << "# TYPE " << name << ' ' << f->type << '\n';
    for (const auto& [l, c] : f->counters) o << name << label_text(l) << ' ' << fmt(c->value()) << '\n';
    for (const auto& [l, g] : f->gauges) o << name << label_text(l) << ' ' << fmt(g->value()) << '\n';
    for (const auto& [l, h] : f->histograms) {
      auto counts = h->bucket_counts();
      for (std::size_t i = 0; i < counts.size(); ++i) {
        std::string le = i < h->bounds().size() ? fmt(h->bounds()[i]) : "+Inf";
        o << name << "_bucket" << label_text(l, "le", le) << ' ' << counts[i] << '\n';
      }
      o << name << "_sum" << label_text(l) << ' ' << fmt(h->sum()) << '\n';
      o << name << "_count" << label_text(l) << ' ' << h->count() << '\n';
    }
  }
  return o.str();
}

}  // namespace fte::ops
