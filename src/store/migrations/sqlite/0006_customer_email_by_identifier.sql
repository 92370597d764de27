-- fte SQLite schema, version 6: customers.email without its own UNIQUE index.
-- The constitution's "customer email unique when present" is kept by the unique
-- customer_identifiers(type, value): every customers.email is written together with its 'email'
-- identifier (the store conformance test EveryCustomerEmailIsAnIdentifierOfThatCustomer), and rows
-- of older databases get theirs here. The UNIQUE was a second B-tree keyed by a random value: a
-- random page write per new customer. A table rebuild: the migration runner runs this file with
-- foreign keys off and commits only when PRAGMA foreign_key_check finds nothing.
INSERT OR IGNORE INTO customer_identifiers(customer_id, type, value, created_at)
  SELECT id, 'email', email, created_at FROM customers WHERE email IS NOT NULL AND email <> '';
CREATE TABLE customers_new (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL DEFAULT '',
  email       TEXT,                      -- NULL when unknown; unique through customer_identifiers
  phone       TEXT,
  created_at  INTEGER NOT NULL
) STRICT;
INSERT INTO customers_new(id, name, email, phone, created_at)
  SELECT id, name, email, phone, created_at FROM customers;
DROP TABLE customers;
ALTER TABLE customers_new RENAME TO customers;
