// The metrics of the outbox relay and the event log's retention, declared in one place.
//   fte_relay_leader                 1 while this process is the store's active outbox relay, else 0
//   fte_relay_epoch                  the relay lease's epoch this process holds (0: standing by)
//   fte_relay_published_total        outbox events this process published to Kafka
//   fte_relay_lease_lost_total       times this process lost the lease (expired, fenced or taken)
//   fte_relay_already_published_total  events skipped as already on their topic (a former leader
//                                    published them but did not commit its position)
//   fte_relay_tail_check_failures_total  takeovers whose tail check failed (at-least-once then)
//   fte_dlq_events_total{topic}      events sent to fte.dlq (the relay: poison records), by topic
//   fte_events_rows                  rows in the store's events table (outbox / local log);
//                                    above a million the seq span (an upper bound, no table scan)
//   fte_events_oldest_age_seconds    age of the oldest row there (0 when empty)
//   fte_events_pruned_total          rows deleted by retention (FTE_EVENT_RETENTION_HOURS)
// Thread-safe (ops::Metrics is). declare_relay_metrics is idempotent.
#pragma once

#include "ops/metrics.h"

namespace fte::app::metric {

inline constexpr const char* kRelayLeader = "fte_relay_leader";
inline constexpr const char* kRelayEpoch = "fte_relay_epoch";
inline constexpr const char* kRelayPublished = "fte_relay_published_total";
inline constexpr const char* kRelayLeaseLost = "fte_relay_lease_lost_total";
inline constexpr const char* kRelayAlreadyPublished = "fte_relay_already_published_total";
inline constexpr const char* kRelayTailCheckFailures = "fte_relay_tail_check_failures_total";
inline constexpr const char* kDlqEvents = "fte_dlq_events_total";
inline constexpr const char* kEventsRows = "fte_events_rows";
inline constexpr const char* kEventsOldestAge = "fte_events_oldest_age_seconds";
inline constexpr const char* kEventsPruned = "fte_events_pruned_total";

inline void declare_relay_metrics(ops::Metrics& m) {
  m.declare(kRelayLeader, "gauge", "1 while this process is the store's active outbox relay");
  m.declare(kRelayEpoch, "gauge", "Epoch of the relay lease this process holds (0: standing by)");
  m.declare(kRelayPublished, "counter", "Outbox events this process published to Kafka");
  m.declare(kRelayLeaseLost, "counter", "Times this process lost the relay lease");
  m.declare(kRelayAlreadyPublished, "counter",
            "Outbox events skipped as already on their topic (published before a missed commit)");
  m.declare(kRelayTailCheckFailures, "counter",
            "Relay takeovers whose tail check failed, publishing at-least-once");
  m.declare(kDlqEvents, "counter", "Events sent to fte.dlq after their retries, by original topic");
  m.declare(kEventsRows, "gauge", "Rows in the store's events table (outbox / local log)");
  m.declare(kEventsOldestAge, "gauge", "Age in seconds of the oldest row in the events table");
  m.declare(kEventsPruned, "counter", "Events deleted by retention (FTE_EVENT_RETENTION_HOURS)");
}

}  // namespace fte::app::metric
