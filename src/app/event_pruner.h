// EventPruner: the events table's retention (FTE_EVENT_RETENTION_HOURS) and its size on /metrics.
// Every `interval_ms` each process refreshes fte_events_rows and fte_events_oldest_age_seconds
// (relay_metrics.h); the one process holding the store lease "fte-event-pruner" then deletes, in
// chunks, events older than the retention window that every consumer has passed
// (Store::prune_events: a consumer_offsets row of the event's topic below its seq keeps it — the
// outbox relay's and the local bus groups' positions), and the expired shared-counter windows.
// retention_hours = 0 keeps events forever (the gauges still update).
// Thread-safe; one thread. Store errors are logged and retried at the next interval.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "ops/metrics.h"
#include "store/store.h"

namespace fte::app {

struct PrunerOptions {
  int retention_hours = 168;
  int interval_ms = 60000;
  int chunk = 1000;          // rows per DELETE
  int max_chunks = 100;      // per interval, so one run stays short
};

class EventPruner {
 public:
  EventPruner(Store& store, ops::Metrics& metrics, PrunerOptions o);
  ~EventPruner();
  EventPruner(const EventPruner&) = delete;
  EventPruner& operator=(const EventPruner&) = delete;
  void stop();
  // One round now (on the caller's thread): refreshes the gauges and, when this process holds
  // the pruner lease, prunes. Returns the events deleted. Throws the store's errors.
  std::int64_t run_once();

 private:
  Store& store_;
  ops::Metrics& metrics_;
  PrunerOptions o_;
  std::string holder_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace fte::app
