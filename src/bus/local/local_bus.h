// LocalBus: the embedded bus. Its durable log is the store's `events` table (the same table the
// store's transactional outbox appends to), consumer offsets live in `consumer_offsets`.
// Each subscribe() runs one consumer thread that reads batches in log order and queues them on
// `lanes` long-lived lane threads by hash of the event key, so one key's events stay in order while
// different customers are handled in parallel. The consumer keeps reading while lanes work (at most
// two batches in flight) and commits each topic's offset up to the oldest event not yet handled
// (at-least-once; at most every 20 ms, and at stop): a slow handler holds
// back only its own lane, and neither reads nor offset commits pause the lanes. A failing handler is retried with exponential
// backoff, then the event is appended to fte.dlq with the error and the consumer moves on.
// Wake-ups come from Store::on_events_appended, with a short poll as a fallback for events written
// by other processes sharing the database. When the store hands over its commits' events
// (Store::on_events_committed) and a consumer waits with nothing unread, the store's callback
// queues the events on the lanes itself (the consumer wakes only for its offset commits, every
// 20 ms): one thread hand-off per commit fewer. Thread-safe.
#pragma once
#include <cstdint>
#include <memory>

#include "bus/bus.h"

namespace fte {

struct LocalBusOptions {
  int lanes = 4;           // parallel handler lanes per subscription
  int batch = 256;         // events read per batch
  int poll_ms = 100;       // fallback poll interval
};

std::unique_ptr<Bus> open_local_bus(Store& store, const BusOptions& o, const LocalBusOptions& lo);

struct LocalBusStats {
  std::uint64_t handed_to_lanes = 0;  // events the store's commit callback queued on the lanes
};
// Of a bus from open_local_bus (zeros for any other bus).
LocalBusStats local_bus_stats(Bus& bus);

}  // namespace fte
