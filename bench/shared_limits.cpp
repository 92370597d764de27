// The per-request cost of the store-backed form rate limit (issue 16): SubmitRateLimit::acquire
// with the store's shared counters, each call a client the local bucket lets through (so each
// one costs the store upsert — the worst case; a client already over the limit is refused
// locally without a store call). Reports acquires/s and p50/p95/p99 latency for C concurrent
// callers (closed loop), next to the same limiter without shared counters.
// Run: ./bench_shared_limits [--url sqlite:///tmp/x.db | postgres://USER@HOST:PORT/DB]
//        [--seconds 3] [--callers 1,4,16]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "channels/webform/rate_limit.h"
#include "ops/log.h"
#include "store/postgres/postgres_store.h"
#include "store/store.h"

namespace {

using namespace fte;
using Clock = std::chrono::steady_clock;

void run(const char* label, channels::webform::SubmitRateLimit& limit, int callers, double seconds) {
  std::vector<std::vector<double>> lat(static_cast<std::size_t>(callers));
  std::atomic<bool> stop{false};
  std::atomic<long> refused{0};
  std::vector<std::thread> ts;
  for (int c = 0; c < callers; ++c)
    ts.emplace_back([&, c] {
      long n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        std::string client = "10." + std::to_string(c) + "." + std::to_string(n / 250 % 250) + "." +
                             std::to_string(n % 250);
        ++n;
        auto t0 = Clock::now();
        if (!limit.acquire(client).allowed) ++refused;
        lat[static_cast<std::size_t>(c)].push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      }
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));  // the measured interval
  stop = true;
  for (auto& t : ts) t.join();
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all.empty() ? 0 : all[static_cast<std::size_t>(p * (all.size() - 1))]; };
  std::printf("%-28s callers %3d  %9.0f acquires/s  p50 %7.1f us  p95 %7.1f us  p99 %7.1f us  refused %ld\n",
              label, callers, static_cast<double>(all.size()) / seconds, pct(0.5), pct(0.95), pct(0.99),
              refused.load());
}

}  // namespace

int main(int argc, char** argv) {
  std::string url;
  double seconds = 3;
  std::vector<int> callers{1, 4, 16};
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--url") url = v;
    if (k == "--seconds") seconds = std::atof(v.c_str());
    if (k == "--callers") {
      callers.clear();
      for (std::size_t b = 0; b <= v.size();) {
        auto e = v.find(',', b);
        if (e == std::string::npos) e = v.size();
        callers.push_back(std::atoi(v.substr(b, e - b).c_str()));
        b = e + 1;
      }
    }
  }
  ops::set_log_level(ops::Level::warn);
  std::string dir;
  if (url.empty()) {
    dir = (std::filesystem::temp_directory_path() / "fte-bench-limits").string();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    url = "sqlite://" + dir + "/fte.db";
  }
  StoreOptions o;
  o.url = url;
  auto store = url.rfind("sqlite", 0) == 0 ? open_sqlite_store(o) : open_postgres_store(o);
  std::printf("store: %s\n", store->backend().c_str());
  for (int c : callers) {
    channels::webform::SubmitRateLimit local({30, 1 << 20, {}});
    run("in-process bucket only", local, c, seconds);
    channels::webform::SubmitRateLimit shared({30, 1 << 20, channels::webform::shared_window_in(*store)});
    run("bucket + store counter", shared, c, seconds);
  }
  store.reset();
  if (!dir.empty()) std::filesystem::remove_all(dir);
  return 0;
}
