// One SQLite connection with a cache of prepared statements, and a Statement handle that binds,
// steps and reads columns of one cached statement. Every SQL text is a named constant (sql.h);
// the cache is keyed by the constant's address, so each statement is prepared once per connection.
//
// Thread-safety: a Connection is used by one thread at a time (the writer thread, or the holder of
// a read-pool lease); it is opened with SQLITE_OPEN_NOMUTEX.
// Failure: SQLite result codes become fte::Error — BUSY/LOCKED → busy, UNIQUE/PRIMARY KEY
// constraints → conflict, other constraints (CHECK, NOT NULL, FOREIGN KEY, triggers) →
// invalid_argument, I/O, full disk, corruption and open failures → unavailable.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"

namespace fte::sqlite {

// Maps a SQLite (extended) result code to an fte::Error carrying `what` and SQLite's message.
Error to_error(int rc, std::string_view what, const char* sqlite_message);

// A SQL NULL when the string is empty (optional text columns).
struct NullIfEmpty {
  std::string_view value;
};

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* s, bool* in_use) : db_(db), s_(s), in_use_(in_use) {
    *in_use_ = true;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
    *in_use_ = false;
  }

  // Binds the arguments to parameters 1..N in order (text is copied: temporaries are safe).
  template <class... A>
  Statement& bind(const A&... args) {
    int i = 0;
    (bind_one(++i, args), ...);
    return *this;
  }
  template <class T>
  Statement& bind_at(int i, const T& v) {
    bind_one(i, v);
    return *this;
  }
  Statement& bind_blob(int i, const void* data, std::size_t n);

  // Binds the arguments to parameters 1..N like bind(), except that text is not copied (SQLite
  // reads it where it lies: the arguments outlive this call), and steps to completion. For the
  // statements that only write (INSERT, UPDATE): no copy and no allocation per text argument. The
  // bindings then point at text that may die with the caller's temporaries; nothing reads them
  // until the statement's next use, which this handle's destructor precedes by clearing them.
  template <class... A>
  void run_with(const A&... args) {
    int i = 0;
    (bind_ref(++i, args), ...);
    run();
  }

  bool step();                              // true while a row is available; throws on error
  void run();                               // steps to completion, ignoring rows
  std::optional<std::string> first_text();  // column 0 of the first row, if any
  std::optional<std::int64_t> first_int();

  std::string text(int col) const;  // "" for NULL
  std::int64_t i64(int col) const;  // 0 for NULL
  double real(int col) const;
  bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::vector<float> floats(int col) const;  // a BLOB of native floats

 private:
  void bind_one(int i, std::string_view v);
  void bind_one(int i, const std::string& v) { bind_one(i, std::string_view(v)); }
  void bind_one(int i, const char* v) { bind_one(i, std::string_view(v)); }
  void bind_one(int i, NullIfEmpty v);
  void bind_one(int i, std::int64_t v);
  void bind_one(int i, int v) { bind_one(i, static_cast<std::int64_t>(v)); }
  void bind_one(int i, bool v) { bind_one(i, static_cast<std::int64_t>(v)); }
  void bind_one(int i, double v);
  void bind_one(int i, std::nullptr_t);
  // run_with's binding: text without a copy, every other type as bind_one.
  void bind_ref(int i, std::string_view v);
  void bind_ref(int i, const std::string& v) { bind_ref(i, std::string_view(v)); }
  void bind_ref(int i, const char* v) { bind_ref(i, std::string_view(v)); }
  void bind_ref(int i, NullIfEmpty v);
  template <class T>
  void bind_ref(int i, const T& v) {
    bind_one(i, v);
  }
  void check(int rc, int i);

  sqlite3* db_;
  sqlite3_stmt* s_;
  bool* in_use_;
};

class Connection {
 public:
  struct Options {
    std::string path;
    bool read_only = false;
    int busy_timeout_ms = 5000;
    bool synchronous_full = false;  // writer only (see sqlite_store.h)
    bool checkpointer = false;      // read-write, no writer pragmas (see checkpointer.h)
  };
  // Opens (and for the writer, configures WAL and pragmas). Throws Error(unavailable).
  explicit Connection(const Options& o);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A cached prepared statement; `sql` must be a named constant with static storage (sql.h).
  Statement prepare(const char* sql);
  // Runs a script (pragmas, migrations) without caching; throws on error.
  void exec(const std::string& script);
  std::int64_t changes() const { return sqlite3_changes64(db_); }
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  sqlite3* raw() const { return db_; }

 private:
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;  // one Statement at a time per SQL text (no nested use)
  };
  void close() noexcept;

  sqlite3* db_ = nullptr;
  std::unordered_map<const char*, Cached> cache_;
};

// A deferred read transaction (one consistent snapshot for several SELECTs); rolls back on scope
// exit. Used on read-pool connections.
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection& c);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Connection& c_;
};

}  // namespace fte::sqlite
