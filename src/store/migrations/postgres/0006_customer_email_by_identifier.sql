-- fte PostgreSQL schema, version 6: customers.email without its own UNIQUE index (as SQLite 0006).
-- The constitution's "customer email unique when present" is kept by the unique
-- customer_identifiers(type, value): every customers.email is written together with its 'email'
-- identifier, in the same transaction (the store conformance test
-- EveryCustomerEmailIsAnIdentifierOfThatCustomer), and rows of older databases get theirs here.
-- customers_email_key was a second B-tree keyed by a random value, written by every new customer
-- with an email (docs/BENCHMARKS.md Round 9).
INSERT INTO customer_identifiers(customer_id, type, value, created_at)
  SELECT id, 'email', email, created_at FROM customers WHERE email IS NOT NULL AND email <> ''
  ON CONFLICT (type, value) DO NOTHING;
ALTER TABLE customers DROP CONSTRAINT customers_email_key;
