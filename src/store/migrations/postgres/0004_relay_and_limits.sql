-- fte PostgreSQL schema, version 4: one outbox relay per store, event retention, shared limits.

-- The server's clock in ms since the epoch: lease expiry is decided by the server alone.
CREATE OR REPLACE FUNCTION fte_now_ms() RETURNS bigint LANGUAGE sql VOLATILE AS
$$ SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint $$;

-- Leases: one row per job that exactly one process may do at a time (the outbox relay, the event
-- pruner). `epoch` grows by one at every change of holder (fencing token). expires_at is ms on the
-- server's clock (the processes' clocks never decide who holds a lease).
CREATE TABLE IF NOT EXISTS leases (
  name       text PRIMARY KEY,
  holder     text NOT NULL,
  epoch      bigint NOT NULL,
  expires_at bigint NOT NULL
);

-- Fixed-window counters shared by every process: durable ones (the LLM spend of the day, in
-- micro-USD) here, rate-limit windows in the UNLOGGED table below (no WAL write on the form's hot
-- path; a server crash empties it, which only restarts the current windows).
CREATE TABLE IF NOT EXISTS shared_counters (
  key          text NOT NULL,
  window_start bigint NOT NULL,
  total        bigint NOT NULL,
  expires_at   bigint NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE UNLOGGED TABLE IF NOT EXISTS rate_counters (
  key          text NOT NULL,
  window_start bigint NOT NULL,
  total        bigint NOT NULL,
  expires_at   bigint NOT NULL,
  PRIMARY KEY (key, window_start)
);
