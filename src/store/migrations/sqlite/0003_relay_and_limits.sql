-- fte SQLite schema, version 3: one outbox relay per store, event retention, shared limits.

-- Leases: one row per job that exactly one process may do at a time (the outbox relay, the event
-- pruner). `epoch` grows by one at every change of holder (fencing token); expires_at in ms.
CREATE TABLE IF NOT EXISTS leases (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  epoch      INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;

-- Fixed-window counters shared by every process on the store: per-client form submissions, per-
-- customer throttles, the LLM spend of the day (micro-USD). Rows past expires_at are deleted.
CREATE TABLE IF NOT EXISTS shared_counters (
  key          TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  total        INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
) STRICT;
