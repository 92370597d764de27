// Helpers for tests that form a writer batch of intakes on PostgreSQL: a gate that holds the
// event-log lock (so that what is queued behind the first batch forms the next batch, whole) and
// the outcomes of asynchronous ingests. Used by postgres_store_test.cpp and
// postgres_intake_set_test.cpp.
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "postgres_world.h"
#include "store/postgres/pq.h"
#include "support/process.h"

namespace fte::storetest {

// Sessions of the test database waiting for a lock of this kind ('advisory', 'relation').
inline std::string lock_waiters(PostgresWorld& w, const std::string& kind) {
  return w.server().exec(w.database(),
                         "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                         "AND wait_event_type = 'Lock' AND wait_event = '" +
                             kind + "'");
}

// Holds the event-log lock from a connection of its own, so that a writer's batch that appends
// events waits in fte_append_events (after its fte_ingest call) until release(): what is queued
// meanwhile forms the next batch, whole.
class EventLogGate {
 public:
  EventLogGate(PostgresWorld& w) : world_(w) {
    pg::Connection::Options o;
    o.conninfo = w.url();
    c_ = std::make_unique<pg::Connection>(o);
    c_->simple("SELECT pg_advisory_lock(7308471164)");
  }
  // True once a session of this database waits for the lock (the writer, in fte_append_events).
  bool writer_waiting() {
    return testing::wait_until([&] { return lock_waiters(world_, "advisory") == "1"; },
                               std::chrono::seconds(20));
  }
  void release() { c_->simple("SELECT pg_advisory_unlock(7308471164)"); }

 private:
  PostgresWorld& world_;
  std::unique_ptr<pg::Connection> c_;
};

// Outcomes of asynchronous ingests, by index.
struct Outcomes {
  explicit Outcomes(std::size_t n) : v(n) {}
  void submit(Store& s, std::size_t i, InboundMessage m, OutboxFn outbox) {
    s.ingest_async(std::move(m), std::move(outbox), [this, i](IngestOutcome o) {
      v[i] = std::move(o);
      done.raise();
    });
  }
  const IngestResult& ok(std::size_t i) {
    if (v[i].error) {
      try {
        std::rethrow_exception(v[i].error);
      } catch (const std::exception& e) {
        ADD_FAILURE() << "ingest " << i << " failed: " << e.what();
      }
    }
    return v[i].result;
  }
  std::optional<ErrorKind> error(std::size_t i) {
    if (!v[i].error) return std::nullopt;
    try {
      std::rethrow_exception(v[i].error);
    } catch (const Error& e) {
      return e.kind();
    } catch (...) {
      return ErrorKind::internal;
    }
  }
  std::vector<IngestOutcome> v;
  Signal done;
};

}  // namespace fte::storetest
