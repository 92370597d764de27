-- fte PostgreSQL schema, version 9: two foreign-key checks fewer per intake, the same rules
-- (docs/BENCHMARKS.md Round 11). PostgreSQL checks each foreign key of each inserted row with a
-- query of its own (an executor start, an index probe, a row lock); an intake inserted four rows
-- with six of them. Now:
--   * a ticket references the pair (conversation, customer) of its conversation: its conversation
--     exists, and its customer is that conversation's customer (whose existence the conversation's
--     own foreign key keeps) — one check where there were two;
--   * a message with a ticket references the pair (ticket, conversation) of its ticket: the ticket
--     exists, in the message's conversation (which the ticket's own foreign key keeps); a message
--     without a ticket references its conversation through conversation_without_ticket, a stored
--     column that holds conversation_id exactly when ticket_id is NULL (a foreign key is checked
--     only where its columns are all non-NULL) — one check where there were two.
-- Every writer already gives a ticket its conversation's customer and a message its ticket's
-- conversation (the intake; upsert_ticket with the run's ids; replies and human replies take the
-- ticket's conversation), so these rules only become enforced; deleting a customer, conversation
-- or ticket that a row names stays refused, as before. The referenced pairs are unique through the
-- indexes the lookups by customer and by conversation already used, now UNIQUE with the row's id
-- after the key they were on: the same B-tree inserts per intake.
DROP INDEX conversations_customer;
ALTER TABLE conversations ADD CONSTRAINT conversations_customer UNIQUE (customer_id, id);
DROP INDEX tickets_conversation;
ALTER TABLE tickets ADD CONSTRAINT tickets_conversation UNIQUE (conversation_id, id);
ALTER TABLE tickets
  DROP CONSTRAINT tickets_customer_id_fkey,
  DROP CONSTRAINT tickets_conversation_id_fkey,
  ADD CONSTRAINT tickets_conversation_id_fkey
    FOREIGN KEY (conversation_id, customer_id) REFERENCES conversations(id, customer_id);
ALTER TABLE messages
  ADD COLUMN conversation_without_ticket TEXT
    GENERATED ALWAYS AS (CASE WHEN ticket_id IS NULL THEN conversation_id END) STORED,
  DROP CONSTRAINT messages_conversation_id_fkey,
  DROP CONSTRAINT messages_ticket_id_fkey,
  ADD CONSTRAINT messages_conversation_id_fkey
    FOREIGN KEY (conversation_without_ticket) REFERENCES conversations(id),
  ADD CONSTRAINT messages_ticket_id_fkey
    FOREIGN KEY (ticket_id, conversation_id) REFERENCES tickets(id, conversation_id);
