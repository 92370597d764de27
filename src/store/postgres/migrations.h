// Schema migrations of the PostgreSQL store. The numbered files in
// src/store/migrations/postgres/*.sql are the source of truth; migrations.cpp embeds each as a
// raw-string constant, byte for byte (a unit test compares them), so the binary needs no files at
// run time. To add one: write NNNN_name.sql and paste it into migrations.cpp as the next entry.
//
// apply_migrations takes a session-level advisory lock (pg_advisory_lock), so that several
// processes starting at once migrate once: the first applies, the others wait and then find the
// schema current. Each migration runs in its own transaction (PostgreSQL DDL is transactional)
// together with its schema_migrations row. Then, still under the lock, it tries
// `CREATE EXTENSION IF NOT EXISTS vector` in a transaction of its own; failing is normal (the
// extension is not installed) and only selects the in-process knowledge index.
// Thread-safety: one connection, one thread. Failure: throws DbError/Error(unavailable) and leaves
// the schema at the last complete migration; a database newer than this binary is refused.
#pragma once
#include <string_view>
#include <vector>

namespace fte::pg {

class Connection;

struct Migration {
  int version;
  std::string_view name;  // file name, e.g. "0001_init.sql"
  std::string_view sql;
};

const std::vector<Migration>& migrations();

struct MigrationOutcome {
  int version = 0;        // schema version after applying
  int applied = 0;        // migrations this call applied
  bool pgvector = false;  // the vector extension is installed in this database
};
MigrationOutcome apply_migrations(Connection& c);

}  // namespace fte::pg
