// Schema migrations of the SQLite store. The numbered files in src/store/migrations/sqlite/*.sql
// are the source of truth; migrations.cpp embeds them as raw-string constants, byte for byte, so
// the binary needs no files at run time and the build needs no generator step. A unit test
// (tests/unit/store/sqlite_store_test.cpp) fails when an embedded copy differs from its .sql file.
// To add a migration: write NNNN_name.sql, paste it into migrations.cpp as the next entry.
//
// apply_migrations runs, in one BEGIN IMMEDIATE transaction, every migration not yet recorded in
// schema_migrations and records each one; from a migration that rebuilds a table on, in a second
// transaction with foreign keys off, committed only when PRAGMA foreign_key_check is clean. Thread-safety: call with the writer
// connection before other threads use it. Failure: throws Error(unavailable) and leaves the schema
// as it was; a database newer than this binary is refused.
#pragma once
#include <string_view>
#include <vector>

namespace fte::sqlite {

class Connection;

struct Migration {
  int version;
  std::string_view name;  // file name, e.g. "0001_init.sql"
  std::string_view sql;
  bool rebuilds_tables = false;  // runs with foreign keys off, in a transaction of its own onwards
};

const std::vector<Migration>& migrations();
// Returns the schema version after applying.
int apply_migrations(Connection& c);

}  // namespace fte::sqlite
