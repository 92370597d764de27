// A small RAII layer over libpq: one Connection (PGconn) with its named prepared statements, a
// Result (PGresult) with typed column access, and DbError, the fte::Error a failed call throws,
// carrying the SQLSTATE and whether retrying the transaction may help. Why our own and not
// libpqxx: see src/store/postgres/README.md.
//
// Thread-safety: a Connection is used by one thread at a time (the pool and the writer hand it
// out). Failure: every call throws DbError; kinds follow store.h (unavailable/timeout retryable).
#pragma once
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.h"

namespace fte::pg {

// A named SQL statement (sql.h): prepared once per connection under `name`.
struct Sql {
  const char* name;
  const char* text;
};

class DbError : public Error {
 public:
  DbError(ErrorKind k, std::string message, std::string sqlstate, std::string constraint,
          bool transient)
      : Error(k, std::move(message)),
        sqlstate_(std::move(sqlstate)),
        constraint_(std::move(constraint)),
        transient_(transient) {}
  const std::string& sqlstate() const noexcept { return sqlstate_; }
  const std::string& constraint() const noexcept { return constraint_; }
  // Connection lost, serialization failure (40001), deadlock (40P01), server shutting down or
  // starting: running the transaction again may succeed.
  bool transient() const noexcept { return transient_; }
  bool connection_lost() const noexcept {
    return sqlstate_.empty() || sqlstate_.rfind("08", 0) == 0;
  }

 private:
  std::string sqlstate_;
  std::string constraint_;
  bool transient_;
};

// Maps a SQLSTATE to the kind of fte::Error it is (store.h). Empty state = connection problem.
ErrorKind kind_of_sqlstate(std::string_view state);
bool is_transient_sqlstate(std::string_view state);

// Bytes passed as a binary parameter (bytea).
struct Bytes {
  const void* data;
  std::size_t size;
};
// A text[] of these values in PostgreSQL's binary array format (array_recv), for a parameter passed
// as Bytes to `$n::text[]`: the server copies each value as it is, with no text to parse or escape.
// A value must be valid UTF-8 without NUL bytes, or the server refuses the statement (22021).
std::string binary_text_array(const std::vector<std::string_view>& values);
// A text parameter that is NULL when empty.
struct NullIfEmpty {
  std::string_view v;
};

// Parameters of one statement, in text format except Bytes.
class Params {
 public:
  Params& add(std::string_view v);
  Params& add(const std::string& v) { return add(std::string_view(v)); }
  Params& add(const char* v) { return add(std::string_view(v)); }
  Params& add(std::int64_t v);
  Params& add(int v) { return add(static_cast<std::int64_t>(v)); }
  Params& add(bool v);
  Params& add(double v);
  Params& add(NullIfEmpty v);
  Params& add(std::nullopt_t);
  Params& add(Bytes b);
  int size() const { return static_cast<int>(values_.size()); }
  // Pointers valid while this object lives and is not modified.
  void finish(std::vector<const char*>& values, std::vector<int>& lengths,
              std::vector<int>& formats) const;

 private:
  struct Value {
    bool null = false;
    bool binary = false;
    std::string bytes;
  };
  std::vector<Value> values_;
};

class Result {
 public:
  Result() = default;
  explicit Result(PGresult* r) : r_(r) {}
  int rows() const { return r_ ? PQntuples(r_.get()) : 0; }
  bool null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string text(int row, int col) const;           // "" for NULL
  std::int64_t i64(int row, int col) const;           // 0 for NULL
  double f64(int row, int col) const;                 // 0 for NULL
  bool boolean(int row, int col) const;               // false for NULL
  std::vector<float> floats(int row, int col) const;  // bytea of little-endian float32
  std::int64_t affected() const;                      // rows changed by INSERT/UPDATE/DELETE
  std::string command_status() const;                 // e.g. "COMMIT", "ROLLBACK"
  std::optional<std::string> first_text() const {
    return rows() > 0 && !null(0, 0) ? std::optional(text(0, 0)) : std::nullopt;
  }
  std::optional<std::int64_t> first_i64() const {
    return rows() > 0 && !null(0, 0) ? std::optional(i64(0, 0)) : std::nullopt;
  }

 private:
  struct Clear {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  std::unique_ptr<PGresult, Clear> r_;
};

class Connection {
 public:
  struct Options {
    std::string conninfo;  // a libpq URI or key=value string
    int statement_timeout_ms = 5000;
    int connect_timeout_s = 2;  // libpq's minimum; the URL's connect_timeout overrides it
    std::string application_name = "fte";
  };
  // Connects and sets the session's statement_timeout. Throws DbError(unavailable, transient).
  explicit Connection(const Options& o);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Prepares a named statement on this connection unless it already is. Before a transaction,
  // for statements first used inside it (see pq.cpp: PGlite's shared session).
  void prepare(const Sql& s);
  // Runs a named statement, preparing it on this connection at first use.
  Result exec(const Sql& s, const Params& p = {});
  template <class... A>
  Result run(const Sql& s, const A&... a) {
    Params p;
    (p.add(a), ...);
    return exec(s, p);
  }
  // Runs SQL text without parameters (transaction control, migrations). Several statements allowed.
  void simple(const std::string& sql);

  // One statement of a pipeline: a named statement with its parameters, or (empty name) SQL text
  // without parameters run unprepared (BEGIN, COMMIT).
  struct Step {
    const Sql* sql;
    const Params* params = nullptr;
  };
  // Sends `steps` in one round trip (libpq pipeline mode) and returns their results in order.
  // When a step fails the server skips the rest: throws that step's DbError and sets *failed (when
  // given) to its index; a connection lost on the way throws a transient DbError with *failed = -1
  // (which steps ran is unknown) and leaves the connection not ok().
  std::vector<Result> pipeline(const std::vector<Step>& steps, int* failed = nullptr);
  // BEGIN is not sent now but with the next statement, in one round trip with it (exec and
  // exec_and_commit: a pipeline that starts with BEGIN; simple: "BEGIN; " + sql; commit: nothing
  // was begun, nothing is sent). forget_begin() drops a BEGIN not sent yet.
  void begin_with_next() { begin_pending_ = true; }
  void forget_begin() { begin_pending_ = false; }
  bool begin_pending() const { return begin_pending_; }
  // COMMIT in the same round trip as statement `s` (which runs first); returns s's result.
  // Throws like exec when s fails (*failed = 0), like commit() when COMMIT fails or rolls back
  // (*failed = 1), and a transient DbError with *failed = -1 when the connection was lost (whether
  // COMMIT ran is then unknown).
  Result exec_and_commit(const Sql& s, const Params& p, int* failed = nullptr);
  // As exec_and_commit with several statements before the COMMIT, all in one round trip; returns
  // their results. *failed: the index of the step that failed, steps.size() for the COMMIT, -1
  // when the connection was lost (whether COMMIT ran is then unknown).
  std::vector<Result> steps_and_commit(const std::vector<Step>& steps, int* failed = nullptr);
  // COMMIT; throws when the server rolled back instead (the transaction had failed).
  void commit();
  // SET name = value for the session, unless this connection already set that value (no round
  // trip then). Name and value are SQL text from the store's code, never user input.
  void set(const std::string& name, const std::string& value);

  bool ok() const { return !broken_ && PQstatus(c_) == CONNECTION_OK; }
  bool idle() const { return PQtransactionStatus(c_) == PQTRANS_IDLE; }
  bool in_transaction() const {
    auto s = PQtransactionStatus(c_);
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR;
  }
  int backend_pid() const { return PQbackendPID(c_); }
  PGconn* raw() const { return c_; }

 private:
  [[noreturn]] void fail(const char* what, PGresult* r);
  Result check(PGresult* r, const char* what);

  PGconn* c_ = nullptr;
  bool broken_ = false;         // a pipeline left the connection in an unknown state
  bool begin_pending_ = false;  // begin_with_next()
  std::unordered_set<std::string> prepared_;
  std::unordered_map<std::string, std::string> settings_;  // set by set()
};

// A transaction on a connection: BEGIN at construction, ROLLBACK at scope exit unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& c, const char* begin = "BEGIN");
  ~Transaction();
  void commit();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

 private:
  Connection& c_;
  bool done_ = false;
};

}  // namespace fte::pg
