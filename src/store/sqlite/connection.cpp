#include "store/sqlite/connection.h"

#include <cstring>

#include "store/sqlite/sql.h"
#include "store/sqlite/wal_buffer.h"

namespace fte::sqlite {

Error to_error(int rc, std::string_view what, const char* sqlite_message) {
  std::string msg(what);
  msg += ": ";
  msg += sqlite_message ? sqlite_message : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error(ErrorKind::busy, msg);
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return Error(ErrorKind::conflict, msg);
      return Error(ErrorKind::invalid_argument, msg);
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
      return Error(ErrorKind::invalid_argument, msg);
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_NOMEM:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
    case SQLITE_PERM:
      return Error(ErrorKind::unavailable, msg);
    default:
      return Error(ErrorKind::internal, msg);
  }
}

// --- Statement ----------------------------------------------------------------------------------

void Statement::check(int rc, int i) {
  if (rc != SQLITE_OK) throw to_error(rc, "sqlite bind #" + std::to_string(i), sqlite3_errmsg(db_));
}

void Statement::bind_one(int i, std::string_view v) {
  check(sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8), i);
}
void Statement::bind_one(int i, NullIfEmpty v) {
  if (v.value.empty())
    bind_one(i, nullptr);
  else
    bind_one(i, v.value);
}
void Statement::bind_ref(int i, std::string_view v) {
  check(sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8), i);
}
void Statement::bind_ref(int i, NullIfEmpty v) {
  if (v.value.empty())
    bind_one(i, nullptr);
  else
    bind_ref(i, v.value);
}
void Statement::bind_one(int i, std::int64_t v) {
  check(sqlite3_bind_int64(s_, i, v), i);
}
void Statement::bind_one(int i, double v) {
  check(sqlite3_bind_double(s_, i, v), i);
}
void Statement::bind_one(int i, std::nullptr_t) {
  check(sqlite3_bind_null(s_, i), i);
}

Statement& Statement::bind_blob(int i, const void* data, std::size_t n) {
  if (n == 0)
    check(sqlite3_bind_null(s_, i), i);
  else
    check(sqlite3_bind_blob64(s_, i, data, n, SQLITE_TRANSIENT), i);
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // The extended code is on the connection (sqlite3_step returns the primary code).
  throw to_error(sqlite3_extended_errcode(db_), "sqlite", sqlite3_errmsg(db_));
}

void Statement::run() {
  while (step()) {
  }
}

std::optional<std::string> Statement::first_text() {
  if (!step()) return std::nullopt;
  return text(0);
}

std::optional<std::int64_t> Statement::first_int() {
  if (!step()) return std::nullopt;
  return i64(0);
}

std::string Statement::text(int col) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
  if (!p) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col)));
}

std::int64_t Statement::i64(int col) const {
  return sqlite3_column_int64(s_, col);
}
double Statement::real(int col) const {
  return sqlite3_column_double(s_, col);
}

std::vector<float> Statement::floats(int col) const {
  const void* p = sqlite3_column_blob(s_, col);
  auto n = static_cast<std::size_t>(sqlite3_column_bytes(s_, col));
  std::vector<float> out(n / sizeof(float));
  if (p && !out.empty()) std::memcpy(out.data(), p, out.size() * sizeof(float));
  return out;
}

// --- Connection ---------------------------------------------------------------------------------

Connection::Connection(const Options& o) {
  int flags = SQLITE_OPEN_NOMUTEX |
              (o.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  // Read-write connections gather each commit's WAL frames into one write (wal_buffer.h).
  int rc = sqlite3_open_v2(o.path.c_str(), &db_, flags, o.read_only ? nullptr : wal_buffer_vfs());
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw Error(ErrorKind::unavailable, "cannot open the SQLite database: " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  // The writer runs ~10 statements per intake: a larger lookaside (1 MB instead of 120 KB) serves
  // their small allocations without malloc — where SQLite has one: Debian's libsqlite3 3.40 is
  // built with SQLITE_OMIT_LOOKASIDE (PRAGMA compile_options), so there this call changes nothing
  // and every allocation goes to malloc (docs/BENCHMARKS.md, round 15).
  if (!o.read_only) sqlite3_db_config(db_, SQLITE_DBCONFIG_LOOKASIDE, nullptr, 1024, 1024);
  sqlite3_busy_timeout(db_, o.busy_timeout_ms);
  try {
    if (o.read_only) {
      exec("PRAGMA foreign_keys = ON; PRAGMA mmap_size = 0; PRAGMA cache_size = -16384;");
    } else if (o.checkpointer) {
      exec("PRAGMA synchronous = FULL;");
    } else {
      // WAL: readers never block the writer nor each other. NORMAL writes the WAL at every commit
      // (a process crash loses nothing) and syncs it at checkpoints; FULL syncs every commit.
      exec(std::string("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; ") +
           (o.synchronous_full ? "PRAGMA synchronous = FULL; " : "PRAGMA synchronous = NORMAL; ") +
           "PRAGMA mmap_size = 2147418112; PRAGMA cache_size = -16384; PRAGMA temp_store = "
           "MEMORY;");
      auto mode = prepare(sql::kPing);  // proves the file is a database (not garbage)
      mode.run();
    }
  } catch (...) {
    close();
    throw;
  }
}

Connection::~Connection() {
  close();
}

void Connection::close() noexcept {
  for (auto& [_, c] : cache_) sqlite3_finalize(c.stmt);
  cache_.clear();
  sqlite3_close_v2(db_);
  db_ = nullptr;
}

Statement Connection::prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    if (rc != SQLITE_OK)
      throw to_error(sqlite3_extended_errcode(db_), "sqlite prepare", sqlite3_errmsg(db_));
    it = cache_.emplace(sql, Cached{s, false}).first;
  }
  if (it->second.in_use) throw Error(ErrorKind::internal, "sqlite statement used re-entrantly");
  return Statement(db_, it->second.stmt, &it->second.in_use);
}

void Connection::exec(const std::string& script) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw to_error(sqlite3_extended_errcode(db_), "sqlite", msg.c_str());
  }
}

// --- ReadTransaction ----------------------------------------------------------------------------

ReadTransaction::ReadTransaction(Connection& c) : c_(c) {
  c_.prepare(sql::kBegin).run();
}

ReadTransaction::~ReadTransaction() {
  try {
    c_.prepare(sql::kRollback).run();
  } catch (...) {
    // A failed rollback of a read transaction leaves nothing behind worth reporting.
  }
}

}  // namespace fte::sqlite
