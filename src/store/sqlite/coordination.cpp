// The SQLite store's coordination methods (store.h, "one relay per store"): leases, fenced
// forward-only offsets, event retention and shared counters. Every write goes through the store's
// one writer inside a BEGIN IMMEDIATE transaction, so a check and the write that depends on it
// (the lease check and the offset update) are atomic also against other processes on the file.
// Times come from this machine's clock (processes sharing a SQLite file share the machine).
#include <algorithm>

#include "core/clock.h"
#include "core/error.h"
#include "store/sqlite/sql.h"
#include "store/sqlite/sqlite_store.h"

namespace fte::sqlite {

std::int64_t SqliteStore::acquire_lease(const std::string& name, const std::string& holder,
                                        std::int64_t ttl_ms) {
  if (name.empty() || holder.empty())
    throw Error(ErrorKind::invalid_argument, "a lease needs a name and a holder", "lease");
  return writer_->call([&](Connection& c, OpContext&) -> std::int64_t {
    auto s = c.prepare(sql::kAcquireLease);
    s.bind(name, holder, now_ms(), std::max<std::int64_t>(1, ttl_ms));
    return s.step() ? s.i64(0) : 0;
  });
}

void SqliteStore::release_lease(const std::string& name, const std::string& holder) {
  writer_->call([&](Connection& c, OpContext&) {
    c.prepare(sql::kReleaseLease).bind(name, holder, now_ms()).run();
  });
}

std::vector<Store::LeaseHolder> SqliteStore::live_leases(const std::string& prefix) {
  auto c = readers_->acquire();
  auto s = c->prepare(sql::kLiveLeases);
  s.bind(prefix, now_ms());
  std::vector<LeaseHolder> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.i64(2), s.i64(3)});
  return out;
}

bool SqliteStore::commit_offsets_fenced(const std::string& group,
                                        const std::vector<std::string>& topics, std::int64_t seq,
                                        const std::string& lease, const std::string& holder,
                                        std::int64_t epoch) {
  return writer_->call([&](Connection& c, OpContext&) {
    const std::int64_t now = now_ms();
    if (c.prepare(sql::kLeaseHeld).bind(lease, holder, epoch, now).first_int().value_or(0) == 0)
      return false;
    for (const auto& t : topics) c.prepare(sql::kCommitOffsetForward).bind(group, t, seq, now).run();
    return true;
  });
}

std::int64_t SqliteStore::prune_events(std::int64_t before_ms, int limit) {
  return writer_->call([&](Connection& c, OpContext&) {
    c.prepare(sql::kPruneEvents).bind(before_ms, static_cast<std::int64_t>(std::max(1, limit))).run();
    return c.changes();
  });
}

Store::EventLogStats SqliteStore::event_log_stats() {
  auto c = readers_->acquire();
  auto s = c->prepare(sql::kEventLogStats);
  EventLogStats st;
  if (s.step()) {
    st.rows = s.i64(0);
    st.oldest_created_at_ms = s.i64(1);
  }
  return st;
}

std::int64_t SqliteStore::add_to_counter(const std::string& key, std::int64_t window_start_ms,
                                         std::int64_t amount, std::int64_t expires_at_ms, bool) {
  if (key.empty()) throw Error(ErrorKind::invalid_argument, "a counter needs a key", "key");
  return writer_->call([&](Connection& c, OpContext&) -> std::int64_t {
    auto s = c.prepare(sql::kAddToCounter);
    s.bind(key, window_start_ms, amount, expires_at_ms);
    return s.step() ? s.i64(0) : 0;
  });
}

std::int64_t SqliteStore::prune_counters(std::int64_t now) {
  return writer_->call([&](Connection& c, OpContext&) {
    c.prepare(sql::kPruneCounters).bind(now).run();
    return c.changes();
  });
}

}  // namespace fte::sqlite
