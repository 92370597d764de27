// The PostgreSQL store's coordination methods (store.h, "one relay per store"): leases, fenced
// forward-only offsets, event retention and shared counters. Each is one statement in autocommit
// on a pooled connection (no group-commit wait: the lease renewal and the form's rate counter are
// on latency paths), retried on transient errors — every statement is safe to run again (a lease
// renewal by its holder keeps the epoch, offsets only move forward; a counter increment whose
// COMMIT was lost may count twice, which only makes a limit slightly stricter). Lease expiry is
// the server's clock (fte_now_ms, migration 0004).
#include <algorithm>

#include "core/clock.h"
#include "core/error.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/rows.h"
#include "store/postgres/sql.h"

namespace fte::pg {
std::int64_t PostgresStore::acquire_lease(const std::string& name, const std::string& holder,
                                          std::int64_t ttl_ms) {
  if (name.empty() || holder.empty())
    throw Error(ErrorKind::invalid_argument, "a lease needs a name and a holder", "lease");
  return read([&](Connection& c) {
    return c.run(sql::kAcquireLease, name, holder, std::max<std::int64_t>(1, ttl_ms))
        .first_i64()
        .value_or(0);
  });
}

void PostgresStore::release_lease(const std::string& name, const std::string& holder) {
  read([&](Connection& c) { c.run(sql::kReleaseLease, name, holder); });
}

std::vector<Store::LeaseHolder> PostgresStore::live_leases(const std::string& prefix) {
  return read([&](Connection& c) {
    auto r = c.run(sql::kLiveLeases, prefix);
    std::vector<LeaseHolder> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.text(i, 1), r.i64(i, 2), r.i64(i, 3)});
    return out;
  });
}

bool PostgresStore::commit_offsets_fenced(const std::string& group,
                                          const std::vector<std::string>& topics, std::int64_t seq,
                                          const std::string& lease, const std::string& holder,
                                          std::int64_t epoch) {
  if (topics.empty()) return true;
  return read([&](Connection& c) {
    return c.run(sql::kCommitOffsetsFenced, group, text_array(topics), seq, lease, holder, epoch,
                 now_ms())
               .affected() > 0;
  });
}

std::int64_t PostgresStore::prune_events(std::int64_t before_ms, int limit) {
  return read([&](Connection& c) {
    return c.run(sql::kPruneEvents, before_ms, static_cast<std::int64_t>(std::max(1, limit)))
        .affected();
  });
}

Store::EventLogStats PostgresStore::event_log_stats() {
  return read([&](Connection& c) {
    auto r = c.run(sql::kEventLogStats);
    EventLogStats st;
    if (r.rows() > 0) {
      st.rows = r.i64(0, 0);
      st.oldest_created_at_ms = r.i64(0, 1);
    }
    return st;
  });
}

std::int64_t PostgresStore::add_to_counter(const std::string& key, std::int64_t window_start_ms,
                                           std::int64_t amount, std::int64_t expires_at_ms,
                                           bool durable) {
  if (key.empty()) throw Error(ErrorKind::invalid_argument, "a counter needs a key", "key");
  return read([&](Connection& c) {
    return c.run(durable ? sql::kAddToCounter : sql::kAddToRateCounter, key, window_start_ms,
                 amount, expires_at_ms)
        .first_i64()
        .value_or(0);
  });
}

std::int64_t PostgresStore::prune_counters(std::int64_t now) {
  return read([&](Connection& c) { return c.run(sql::kPruneCounters, now).first_i64().value_or(0); });
}

}  // namespace fte::pg
