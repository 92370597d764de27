// The agent worker's reads before a run, on SQLite, as `fte serve` makes them: after every commit
// a WAL reader's page cache starts empty, so each read transaction reads its B-tree pages again.
// Populates N customers (one web form each, through the real ingest path), then K times: one
// commit (a new customer's web form, as the gateway writes it), then the reads of one run for that
// customer (--random: a random earlier one), alternating between
//   two reads   is_processed(key) + customer_history(id, 20)   (two read transactions; main)
//   one read    agent_run_inputs(key, id, 20)                  (one read transaction)
// and prints the calling thread's CPU µs per run (p50, mean, p90) for each.
// Run: ./bench_agent_reads [--customers 20000] [--runs 4000] [--random]. Not run by the tests.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/ids.h"
#include "core/envelope.h"
#include "ops/log.h"
#include "store/store.h"

namespace {

using namespace fte;

double thread_cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

IngestResult submit(Store& store, long k) {
  InboundMessage m;
  m.channel = Channel::webform;
  m.channel_message_id = new_uuid();
  m.ticket_id = new_uuid();
  char buf[64];
  std::snprintf(buf, sizeof buf, "Customer %ld", k);
  m.customer_name = buf;
  std::snprintf(buf, sizeof buf, "c%ld@example.com", k);
  m.email = buf;
  m.subject = "Password";
  m.body = "How do I reset my password? I forgot it.";
  return store.ingest(m, [](const IngestResult& ids) {
    return std::vector<std::pair<std::string, Envelope>>{
        {"fte.tickets.incoming",
         make_envelope("ticket.incoming", ids.customer_id, "{}", new_uuid(), "in:" + ids.message_id)}};
  });
}

void report(const char* name, std::vector<double> v) {
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (double x : v) sum += x;
  std::printf("%-10s runs %zu  cpu us per run: p50 %.1f  mean %.1f  p90 %.1f\n", name, v.size(),
              v[v.size() / 2], sum / static_cast<double>(v.size()), v[v.size() * 9 / 10]);
}

}  // namespace

int main(int argc, char** argv) {
  long customers = 20000, runs = 4000;
  bool random = false;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    if (k == "--random") random = true;
    else if (k == "--customers" && i + 1 < argc) customers = std::atol(argv[++i]);
    else if (k == "--runs" && i + 1 < argc) runs = std::atol(argv[++i]);
  }
  ops::set_log_level(ops::Level::warn);
  auto dir = std::filesystem::temp_directory_path() / ("fte-agent-reads-" + new_uuid());
  std::filesystem::create_directories(dir);
  {
    StoreOptions o;
    o.url = "sqlite://" + (dir / "fte.db").string();
    auto store = open_sqlite_store(o);
    std::vector<IngestResult> ids;
    for (long k = 0; k < customers; ++k) ids.push_back(submit(*store, k));
    // The background checkpointer (1 s after a commit) copies the population's WAL into the
    // database, so the runs below start on a short WAL, as under steady load.
    std::this_thread::sleep_for(std::chrono::seconds(3));
    std::mt19937 rng(7);
    std::vector<double> two, one;
    for (long r = 0; r < runs; ++r) {
      // A commit (the readers' page caches start empty again): a new customer's web form, whose
      // history the run then reads, as the agent does for the ticket just ingested; with --random
      // the run reads a random earlier customer instead (pages mostly in the database file).
      const auto fresh = submit(*store, customers + r);
      const auto& c = random ? ids[rng() % ids.size()] : fresh;
      const std::string key = "in:" + c.message_id;
      const double t0 = thread_cpu_us();
      if (r % 2 == 0) {
        if (!store->is_processed(key)) (void)store->customer_history(c.customer_id, 20);
        two.push_back(thread_cpu_us() - t0);
      } else {
        (void)store->agent_run_inputs(key, c.customer_id, 20);
        one.push_back(thread_cpu_us() - t0);
      }
    }
    report("two reads", two);
    report("one read", one);
  }
  std::filesystem::remove_all(dir);
}
