-- fte PostgreSQL schema, version 8: two B-trees that every intake wrote and no query reads
-- (docs/BENCHMARKS.md Round 10).
--   * customer_identifiers is keyed by (type, value), the unique key every lookup uses: the
--     identity column `id` keeps ordering a number's identifiers (it stays unique: GENERATED
--     ALWAYS), but its own primary-key index, which no query or foreign key read, is gone. The
--     key keeps the name of the UNIQUE it replaces, which the intake's race handling and its
--     error messages name.
--   * events loses events_topic (topic, seq): every read of the log walks seq in order (a window
--     of at most 10,000 seqs after the reader's position, filtered by topic there), and the
--     pruner goes by seq; the primary key serves them all.
ALTER TABLE customer_identifiers DROP CONSTRAINT customer_identifiers_pkey;
ALTER TABLE customer_identifiers DROP CONSTRAINT customer_identifiers_type_value_key;
ALTER TABLE customer_identifiers
  ADD CONSTRAINT customer_identifiers_type_value_key PRIMARY KEY (type, value);
DROP INDEX events_topic;
