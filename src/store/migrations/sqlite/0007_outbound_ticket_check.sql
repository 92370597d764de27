-- fte SQLite schema, version 7: "an outbound message needs an existing ticket" as a CHECK plus the
-- foreign key on messages.ticket_id (as PostgreSQL's 0001 has it), instead of two triggers. A
-- table with a BEFORE trigger makes SQLite run every INSERT into it inside a statement journal
-- (a copy of each page the statement touches), the largest cost of an intake's message insert.
-- The foreign key already refuses a ticket_id that names no ticket (every store connection runs
-- with foreign_keys on), so the triggers' remaining case is a NULL ticket_id, which the named
-- CHECK refuses. Rows already stored satisfy it (the triggers refused the others since 0001),
-- so the table's definition is edited in place as in 0005, without copying a row.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
    '  UNIQUE (channel, channel_message_id)
) STRICT',
    '  UNIQUE (channel, channel_message_id),
  CONSTRAINT ticket_before_response CHECK (direction = ''inbound'' OR ticket_id IS NOT NULL)
) STRICT')
  WHERE type = 'table' AND name = 'messages';
PRAGMA writable_schema = OFF;
-- Refuse (integer overflow: the migration's transaction rolls back) rather than drop the triggers
-- when the definition did not have the text replaced above.
SELECT CASE WHEN (SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'messages')
                 LIKE '%CONSTRAINT ticket_before_response CHECK%'
            THEN 0 ELSE abs(-9223372036854775808) END;
DROP TRIGGER messages_outbound_needs_ticket;
DROP TRIGGER messages_outbound_keeps_ticket;
