-- fte SQLite schema, version 8: the three tables looked up only by their text key —
-- processed_events, deliveries, consumer_offsets — WITHOUT ROWID. A rowid table with a TEXT
-- PRIMARY KEY is two B-trees (the rows by rowid, and the key's index pointing at them): every
-- agent outcome wrote a page of each for its idempotency mark, and every reply's delivery two of
-- each for its claim and its finish. Keyed by the text itself the row lives in one B-tree (one
-- page per insert fewer in the WAL, one B-tree insert instead of two). Nothing reads their rowid.
-- Same columns, constraints and rows; the tables are rebuilt (no foreign key names them).
CREATE TABLE processed_events_new (
  idempotency_key TEXT PRIMARY KEY,
  processed_at    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO processed_events_new(idempotency_key, processed_at)
  SELECT idempotency_key, processed_at FROM processed_events;
DROP TABLE processed_events;
ALTER TABLE processed_events_new RENAME TO processed_events;

CREATE TABLE deliveries_new (
  dedup_key  TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO deliveries_new(dedup_key, message_id, created_at)
  SELECT dedup_key, message_id, created_at FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;

CREATE TABLE consumer_offsets_new (
  group_name TEXT NOT NULL,
  topic      TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (group_name, topic)
) STRICT, WITHOUT ROWID;
INSERT INTO consumer_offsets_new(group_name, topic, seq, updated_at)
  SELECT group_name, topic, seq, updated_at FROM consumer_offsets;
DROP TABLE consumer_offsets;
ALTER TABLE consumer_offsets_new RENAME TO consumer_offsets;
