// SQLite store benchmark: lookup latency on a large CRM, and intake throughput and latency.
//
//   populate   N customers and M inbound messages through the real ingest path (async, 4,096 in
//              flight, so group commit batches them). A customer's first message is a web form
//              (email + phone); then its own channel. 1% are regulars with 60 messages rotating
//              over the three channels; the rest share the remaining messages.
//   lookups    p50/p95/p99 (one thread) of find_customer by email and by phone, ticket_view by id
//              (ticket + its messages), and customer_history(50) of a regular.
//   ingest     new web-form submissions (each with its ticket.incoming outbox event, as the
//              gateway writes them) from C concurrent callers, closed loop (each caller sends
//              its next one when the previous one was acknowledged, i.e. committed): accepted/s,
//              p50/p95/p99 of submit→ack, mean group-commit batch, writer time per op and per
//              commit, and process CPU per accepted submission.
//   rates      new web-form submissions arriving at a fixed rate (open loop); latency counts from
//              the scheduled arrival, so a store that falls behind shows it.
//   pipeline   the store calls of a whole ticket in `fte serve` (intake, create_ticket, history,
//              outcome, delivery claim and status, bus offset): tickets/s, writer CPU per ticket.
//
// A plain main rather than Google Benchmark: what we publish are latency percentiles over many
// single operations, which Benchmark's mean-per-iteration model does not report.
// Run: ./bench_store_lookup [--customers 100000] [--messages 1000000] [--lookups 20000]
//        [--ingest-seconds 5] [--callers 1,8,64,256] [--rates 2000,5000,8000]
//        [--sync normal|full] [--url-options checkpoint_pages=N] [--db PATH]   (default: a fresh
//        temporary database, removed after)
//        [--url postgres://USER@HOST:PORT/DB]   (the PostgreSQL store instead; the database should
//        be empty; the writer-CPU columns are SQLite's and read 0 there, `mean batch` is the
//        PostgreSQL writer's operations per transaction)
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "ops/log.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace {

using namespace fte;
using Clock = std::chrono::steady_clock;

struct Args {
  long customers = 100000;
  long messages = 1000000;
  long lookups = 20000;
  double ingest_seconds = 5;
  std::vector<int> callers = {1, 8, 64, 256};
  std::vector<int> rates = {2000, 5000, 8000};
  std::string sync = "normal";
  std::string db;
  std::string url_options;  // extra sqlite URL options, e.g. checkpoint_pages=16000
  std::string url;          // postgres://... : benchmark the PostgreSQL store instead
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--customers")
      a.customers = std::stol(v);
    else if (k == "--messages")
      a.messages = std::stol(v);
    else if (k == "--lookups")
      a.lookups = std::stol(v);
    else if (k == "--ingest-seconds")
      a.ingest_seconds = std::stod(v);
    else if (k == "--sync")
      a.sync = v;
    else if (k == "--db")
      a.db = v;
    else if (k == "--url-options")
      a.url_options = v;
    else if (k == "--url")
      a.url = v;
    else if (k == "--rates") {
      a.rates.clear();
      std::stringstream ss(v);
      for (std::string x; std::getline(ss, x, ',');) a.rates.push_back(std::stoi(x));
    } else if (k == "--callers") {
      a.callers.clear();
      std::stringstream ss(v);
      for (std::string x; std::getline(ss, x, ',');) a.callers.push_back(std::stoi(x));
    } else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      std::exit(2);
    }
  }
  return a;
}

// CPU time of this process (all threads), microseconds.
double cpu_us() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e6 +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

std::string email_of(long k) {
  return "customer" + std::to_string(k) + "@example.com";
}
std::string phone_of(long k) {
  char b[32];
  std::snprintf(b, sizeof b, "+1415%07ld", k);
  return b;
}

// Keeps `window` ingests in flight; blocks the producer when the window is full.
class Window {
 public:
  explicit Window(int n) : free_(n) {}
  void acquire() {
    std::unique_lock lk(mu_);
    cv_.wait(lk, [&] { return free_ > 0; });
    --free_;
  }
  void release() {
    std::lock_guard lk(mu_);
    ++free_;
    cv_.notify_all();
  }
  void drain(int n) {
    std::unique_lock lk(mu_);
    cv_.wait(lk, [&] { return free_ == n; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int free_;
};

struct Population {
  std::vector<std::string> ticket_sample;  // every 7th ingest's ticket
  std::vector<std::string> regular_ids;    // customers with 60 messages
};

Population populate(Store& store, const Args& a) {
  long regulars = std::max(1L, a.customers / 100);
  long rest_msgs = std::max(0L, a.messages - regulars * 60);
  long per_rest = a.customers > regulars ? rest_msgs / (a.customers - regulars) : 0;
  auto count_of = [&](long k) { return k < regulars ? 60L : per_rest; };
  Population pop;
  std::mutex mu;
  Window window(4096);
  std::atomic<long> failed{0};
  std::int64_t t0 = now_ms() - 60LL * 24 * 3600 * 1000;  // two months of history
  auto start = Clock::now();
  long total = 0;
  static const Channel kRotation[] = {Channel::webform, Channel::email, Channel::whatsapp};
  for (long j = 0; j < 60; ++j) {
    for (long k = 0; k < a.customers; ++k) {
      if (j >= count_of(k)) continue;
      InboundMessage m;
      // A first message by web form (email and phone: one identity), then the customer's own
      // channel; regulars use all three in turn.
      m.channel = j == 0 ? Channel::webform : kRotation[(k < regulars ? j : k) % 3];
      m.channel_message_id = new_uuid();
      m.ticket_id = new_uuid();
      m.customer_name = "Customer " + std::to_string(k);
      if (m.channel != Channel::whatsapp) m.email = email_of(k);
      if (m.channel != Channel::email) m.phone = phone_of(k);
      if (m.channel == Channel::email)
        m.thread_id = "thread-" + std::to_string(k) + "-" + std::to_string(j / 4);
      m.subject = "Question " + std::to_string(j);
      m.body =
          "How do I export my project report as CSV? I tried the menu but the download is empty.";
      // 8 h between messages, 30 h every fourth: a new conversation now and then.
      m.received_at_ms = t0 + j * 8LL * 3600 * 1000 + (j / 4) * 22LL * 3600 * 1000 + k % 1000;
      bool sample = total % 7 == 0;
      bool regular = k < regulars && j == 0;
      window.acquire();
      store.ingest_async(std::move(m), nullptr, [&, sample, regular](const IngestOutcome& o) {
        if (o.error) {
          ++failed;
        } else if (sample || regular) {
          std::lock_guard lk(mu);
          if (sample) pop.ticket_sample.push_back(o.result.ticket_id);
          if (regular) pop.regular_ids.push_back(o.result.customer_id);
        }
        window.release();
      });
      ++total;
    }
  }
  window.drain(4096);
  double s = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("populate: %ld customers, %ld messages in %.1f s (%.0f ingests/s), %ld failed\n",
              a.customers, total, s, static_cast<double>(total) / s, failed.load());
  return pop;
}

void report(const char* name, std::vector<double>& us) {
  if (us.empty()) return;
  std::sort(us.begin(), us.end());
  auto q = [&](double p) {
    return us[std::min(us.size() - 1,
                       static_cast<std::size_t>(p * static_cast<double>(us.size())))];
  };
  std::printf("  %-28s n=%-7zu p50=%8.1f us  p95=%8.1f us  p99=%8.1f us  max=%8.1f us\n", name,
              us.size(), q(0.50), q(0.95), q(0.99), us.back());
}

template <class F>
std::vector<double> time_each(long n, F f) {
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(n));
  for (long i = 0; i < n; ++i) {
    auto t = Clock::now();
    f(i);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t).count());
  }
  return us;
}

void lookups(Store& store, const Args& a, const Population& pop) {
  std::mt19937_64 rng(42);
  auto pick = [&](long n) { return static_cast<long>(rng() % static_cast<std::uint64_t>(n)); };
  std::printf("lookups (one thread):\n");
  long misses = 0;
  auto by_email = time_each(a.lookups, [&](long) {
    misses += !store.find_customer(IdentifierType::email, email_of(pick(a.customers)));
  });
  report("customer by email", by_email);
  auto by_phone = time_each(a.lookups, [&](long) {
    misses += !store.find_customer(IdentifierType::phone, phone_of(pick(a.customers)));
  });
  report("customer by phone", by_phone);
  auto n_tickets = static_cast<long>(pop.ticket_sample.size());
  auto ticket = time_each(a.lookups, [&](long) {
    misses += !store.ticket_view(pop.ticket_sample[static_cast<std::size_t>(pick(n_tickets))]);
  });
  report("ticket by id (+messages)", ticket);
  auto n_regulars = static_cast<long>(pop.regular_ids.size());
  std::size_t got = 0;
  auto history = time_each(a.lookups, [&](long) {
    auto h =
        store.customer_history(pop.regular_ids[static_cast<std::size_t>(pick(n_regulars))], 50);
    got += h ? h->messages.size() : 0;
  });
  report("history of 50 messages", history);
  std::printf("  misses=%ld, mean history size=%.1f\n", misses,
              static_cast<double>(got) / static_cast<double>(a.lookups));
}

// The gateway's outbox: one ticket.incoming event per accepted message, built once the ids are
// known (as src/app/pipeline.cpp does), so the benchmark pays for the event like production does.
OutboxFn incoming_event(const InboundMessage& m) {
  std::string body = m.body, subject = m.subject, email = m.email;
  return [body, subject, email](const IngestResult& r) {
    std::string payload = "{\"channel\":\"webform\",\"ticket_id\":\"" + r.ticket_id +
                          "\",\"customer_id\":\"" + r.customer_id + "\",\"conversation_id\":\"" +
                          r.conversation_id + "\",\"message_id\":\"" + r.message_id +
                          "\",\"email\":\"" + email + "\",\"subject\":\"" + subject +
                          "\",\"body\":\"" + body + "\"}";
    return std::vector<std::pair<std::string, Envelope>>{
        {std::string(topics::tickets_incoming),
         make_envelope("ticket.incoming", r.customer_id, std::move(payload), "",
                       "in:" + r.message_id)}};
  };
}

InboundMessage submission(char tag, int group, long n) {
  InboundMessage m;
  m.channel = Channel::webform;
  m.channel_message_id = new_uuid();
  m.ticket_id = new_uuid();
  m.customer_name = "Load Tester";
  m.email = "load";
  m.email += tag;
  m.email += std::to_string(group);
  m.email += '-';
  m.email += std::to_string(n);
  m.email += "@example.org";
  m.subject = "Cannot invite a team member";
  m.category = "technical";
  m.body = "When I invite a colleague the email never arrives. What should I check?";
  m.received_at_ms = now_ms();
  return m;
}

void ingest(Store& store, const Args& a) {
  auto* impl = dynamic_cast<sqlite::SqliteStore*>(&store);
  std::printf("ingest (new web-form submissions, acknowledged after commit):\n");
  for (int callers : a.callers) {
    std::mutex mu;
    std::vector<double> lat;
    std::atomic<long> errors{0}, issued{0};
    std::atomic<bool> stop{false};
    Window window(callers);
    auto stats0 = impl ? impl->writer_stats() : sqlite::GroupCommitWriter::Stats{};
    auto* pgs = dynamic_cast<pg::PostgresStore*>(&store);
    auto pg0 = pgs ? pgs->writer_stats() : pg::Writer::Stats{};
    auto start = Clock::now();
    double cpu0 = cpu_us();
    auto deadline = start + std::chrono::duration<double>(a.ingest_seconds);
    // Each caller: submit, wait for the ack, submit again (closed loop, like a keep-alive client).
    std::function<void()> submit = [&] {
      long n = issued++;
      InboundMessage m = submission('c', callers, n);
      auto t = Clock::now();
      auto outbox = incoming_event(m);
      store.ingest_async(std::move(m), std::move(outbox), [&, t](const IngestOutcome& o) {
        double us = std::chrono::duration<double, std::micro>(Clock::now() - t).count();
        if (o.error) ++errors;
        {
          std::lock_guard lk(mu);
          lat.push_back(us);
        }
        if (!stop && Clock::now() < deadline)
          submit();
        else
          window.release();
      });
    };
    for (int i = 0; i < callers; ++i) {
      window.acquire();
      submit();
    }
    window.drain(callers);
    stop = true;
    double s = std::chrono::duration<double>(Clock::now() - start).count();
    double cpu_per_op =
        (cpu_us() - cpu0) / static_cast<double>(std::max<std::size_t>(1, lat.size()));
    auto stats1 = impl ? impl->writer_stats() : stats0;
    double batch = stats1.batches > stats0.batches
                       ? static_cast<double>(stats1.ops - stats0.ops) /
                             static_cast<double>(stats1.batches - stats0.batches)
                       : 0;
    if (pgs) {  // PostgreSQL: the writer's batches (operations per transaction)
      auto pg1 = pgs->writer_stats();
      batch = pg1.batches > pg0.batches ? static_cast<double>(pg1.ops - pg0.ops) /
                                              static_cast<double>(pg1.batches - pg0.batches)
                                        : 0;
    }
    double ops = static_cast<double>(stats1.ops - stats0.ops);
    double run_per_op = ops > 0 ? static_cast<double>(stats1.run_us - stats0.run_us) / ops : 0;
    double writer_cpu = ops > 0 ? static_cast<double>(stats1.cpu_us - stats0.cpu_us) / ops : 0;
    double commit_per_batch = stats1.batches > stats0.batches
                                  ? static_cast<double>(stats1.commit_us - stats0.commit_us) /
                                        static_cast<double>(stats1.batches - stats0.batches)
                                  : 0;
    std::printf(
        " callers=%-4d accepted=%-7zu %8.0f/s  errors=%ld  mean batch=%.1f  run=%.0f us/op  "
        "commit=%.0f us/batch  writer cpu=%.0f us/op  process cpu=%.0f us/op\n",
        callers, lat.size(), static_cast<double>(lat.size()) / s, errors.load(), batch, run_per_op,
        commit_per_batch, writer_cpu, cpu_per_op);
    report("submit -> durable ack", lat);
  }
}

// Open loop: submissions arrive at a fixed rate whatever the store does (like independent
// customers); latency counts from the scheduled arrival, so queueing delay is not hidden.
void ingest_at_rates(Store& store, const Args& a) {
  std::printf("ingest at a fixed arrival rate (open loop, latency from scheduled arrival):\n");
  for (int rate : a.rates) {
    std::mutex mu;
    std::vector<double> lat;
    std::atomic<long> errors{0}, pending{0};
    long n = static_cast<long>(a.ingest_seconds * rate);
    auto start = Clock::now();
    double cpu0 = cpu_us();
    for (long i = 0; i < n; ++i) {
      auto due =
          start + std::chrono::nanoseconds(static_cast<long>(1e9 * static_cast<double>(i) / rate));
      std::this_thread::sleep_until(due);
      ++pending;
      auto m = submission('r', rate, i);
      auto outbox = incoming_event(m);
      store.ingest_async(std::move(m), std::move(outbox), [&, due](const IngestOutcome& o) {
        double us = std::chrono::duration<double, std::micro>(Clock::now() - due).count();
        if (o.error) ++errors;
        std::lock_guard lk(mu);
        lat.push_back(us);
        --pending;
      });
    }
    while (pending > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    double s = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf(" rate=%-5d accepted=%-7zu %8.0f/s  errors=%ld  process cpu=%.0f us/op\n", rate,
                lat.size(), static_cast<double>(lat.size()) / s, errors.load(),
                (cpu_us() - cpu0) / static_cast<double>(std::max<std::size_t>(1, lat.size())));
    report("arrival -> durable ack", lat);
  }
}

// The store's share of one whole ticket in `fte serve`: intake (with its outbox event), then what
// the agent and delivery workers write — create_ticket (upsert), the history read, the outcome
// with its reply and outbound event, the delivery claim and status, and the bus offset. Closed
// loop from `workers` threads; reports tickets/s and the writer's CPU per ticket.
void pipeline(Store& store, const Args& a, int workers) {
  auto* impl = dynamic_cast<sqlite::SqliteStore*>(&store);
  std::atomic<long> done{0}, errors{0};
  auto stats0 = impl ? impl->writer_stats() : sqlite::GroupCommitWriter::Stats{};
  auto start = Clock::now();
  auto deadline = start + std::chrono::duration<double>(a.ingest_seconds);
  std::vector<std::thread> ts;
  for (int w = 0; w < workers; ++w)
    ts.emplace_back([&, w] {
      for (long i = 0; Clock::now() < deadline; ++i) {
        try {
          auto m = submission('p', w, i);
          auto r = store.ingest(m, incoming_event(m));
          store.upsert_ticket({r.ticket_id, r.customer_id, r.conversation_id, Channel::webform, "",
                               "technical", "medium"});
          store.customer_history(r.customer_id, 20);
          AgentOutcome o;
          o.idempotency_key = "in:" + r.message_id;
          o.ticket_id = r.ticket_id;
          o.conversation_id = r.conversation_id;
          o.reply_parts = {"Hi, please check the spam folder and the invite settings."};
          o.reply_message_id = new_uuid();
          o.sentiment = 0.7;
          o.trace_json = "{\"spans\":[]}";
          o.engine = "local";
          auto out = make_envelope("reply.outbound", r.customer_id, "{\"n\":1}", "",
                                   "reply:" + o.reply_message_id);
          store.commit_agent_outcome(o, {{topics::channel_topic("webform", "outbound"), out}});
          store.claim_delivery("reply:" + o.reply_message_id, o.reply_message_id);
          store.set_delivery_status(o.reply_message_id, "delivered", "");
          store.commit_offset("agents", std::string(topics::tickets_incoming), i);
          ++done;
        } catch (const std::exception&) {
          ++errors;
        }
      }
    });
  for (auto& t : ts) t.join();
  double s = std::chrono::duration<double>(Clock::now() - start).count();
  auto stats1 = impl ? impl->writer_stats() : stats0;
  double n = static_cast<double>(std::max(1L, done.load()));
  std::printf(
      "pipeline (store calls of a whole ticket, %d workers): %.0f tickets/s  errors=%ld  "
      "writer cpu=%.0f us/ticket  mean batch=%.1f\n",
      workers, static_cast<double>(done.load()) / s, errors.load(),
      static_cast<double>(stats1.cpu_us - stats0.cpu_us) / n,
      stats1.batches > stats0.batches ? static_cast<double>(stats1.ops - stats0.ops) /
                                            static_cast<double>(stats1.batches - stats0.batches)
                                      : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  Args a = parse(argc, argv);
  fte::ops::set_log_level(fte::ops::Level::error);
  std::string dir;
  if (a.db.empty()) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "fte-bench-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) return 1;
    dir = tmpl;
    a.db = dir + "/fte.db";
  }
  StoreOptions o;
  o.url = "sqlite://" + a.db + "?synchronous=" + a.sync;
  if (!a.url_options.empty()) o.url += "&" + a.url_options;
  if (!a.url.empty()) o.url = a.url;
  bool postgres = o.url.rfind("postgres", 0) == 0;
  o.write_queue = 100000;
  std::printf("store: %s\n",
              postgres ? pg::parse_postgres_url(o.url).redacted.c_str() : o.url.c_str());
  {
    auto store = postgres ? open_postgres_store(o) : open_sqlite_store(o);
    auto pop = populate(*store, a);
    lookups(*store, a, pop);
    ingest(*store, a);
    ingest_at_rates(*store, a);
    for (int w : {8, 64}) pipeline(*store, a, w);
  }
  std::error_code ec;
  auto size = std::filesystem::file_size(a.db, ec);
  if (!postgres) std::printf("database file: %.0f MB\n", static_cast<double>(size) / 1e6);
  if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  return 0;
}
