-- fte SQLite schema, version 5: the same CHECK constraints, written `col = 'a' OR col = 'b'`
-- instead of `col IN ('a', 'b')`. SQLite checks an IN list of constants by building a temporary
-- B-tree of the list at every INSERT or UPDATE (about ten per intake); the equalities are plain
-- comparisons. Nothing on disk depends on a CHECK constraint's text, so the tables' definitions
-- are edited in place (SQLite's documented procedure for such changes: writable_schema, then a
-- new schema cookie, here by a DDL statement), without copying a row. Allowed values unchanged.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (type IN (''email'', ''phone'', ''whatsapp''))',
    'CHECK (type = ''email'' OR type = ''phone'' OR type = ''whatsapp'')')
  WHERE type = 'table' AND name = 'customer_identifiers';
UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
    'CHECK (initial_channel IN (''email'', ''whatsapp'', ''webform''))',
    'CHECK (initial_channel = ''email'' OR initial_channel = ''whatsapp'' OR initial_channel = ''webform'')'),
    'CHECK (last_channel IN (''email'', ''whatsapp'', ''webform''))',
    'CHECK (last_channel = ''email'' OR last_channel = ''whatsapp'' OR last_channel = ''webform'')'),
    'CHECK (status IN (''open'', ''closed''))',
    'CHECK (status = ''open'' OR status = ''closed'')')
  WHERE type = 'table' AND name = 'conversations';
UPDATE sqlite_schema SET sql = replace(replace(sql,
    'CHECK (from_channel IN (''email'', ''whatsapp'', ''webform''))',
    'CHECK (from_channel = ''email'' OR from_channel = ''whatsapp'' OR from_channel = ''webform'')'),
    'CHECK (to_channel IN (''email'', ''whatsapp'', ''webform''))',
    'CHECK (to_channel = ''email'' OR to_channel = ''whatsapp'' OR to_channel = ''webform'')')
  WHERE type = 'table' AND name = 'channel_switches';
UPDATE sqlite_schema SET sql = replace(replace(sql,
    'CHECK (source_channel IN (''email'', ''whatsapp'', ''webform''))',
    'CHECK (source_channel = ''email'' OR source_channel = ''whatsapp'' OR source_channel = ''webform'')'),
    'CHECK (status IN (''received'', ''open'', ''responded'', ''escalated'',
                                      ''resolved'', ''closed''))',
    'CHECK (status = ''received'' OR status = ''open'' OR status = ''responded'' OR status = ''escalated'' OR status = ''resolved'' OR status = ''closed'')')
  WHERE type = 'table' AND name = 'tickets';
UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
    'CHECK (channel IN (''email'', ''whatsapp'', ''webform''))',
    'CHECK (channel = ''email'' OR channel = ''whatsapp'' OR channel = ''webform'')'),
    'CHECK (direction IN (''inbound'', ''outbound''))',
    'CHECK (direction = ''inbound'' OR direction = ''outbound'')'),
    'CHECK (role IN (''customer'', ''agent'', ''human'', ''system''))',
    'CHECK (role = ''customer'' OR role = ''agent'' OR role = ''human'' OR role = ''system'')')
  WHERE type = 'table' AND name = 'messages';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (status IN (''open'', ''assigned'', ''resolved''))',
    'CHECK (status = ''open'' OR status = ''assigned'' OR status = ''resolved'')')
  WHERE type = 'table' AND name = 'escalations';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (helpful IN (0, 1))',
    'CHECK (helpful = 0 OR helpful = 1)')
  WHERE type = 'table' AND name = 'feedback';
PRAGMA writable_schema = OFF;
-- A schema change of its own, so that every connection (any process) reads the edited definitions.
CREATE TABLE fte_schema_reload (x INTEGER);
DROP TABLE fte_schema_reload;
