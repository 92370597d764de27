#include "store/postgres/pq.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace fte::pg {

ErrorKind kind_of_sqlstate(std::string_view s) {
  if (s.empty()) return ErrorKind::unavailable;  // no answer: the connection is gone
  auto cls = s.substr(0, 2);
  if (cls == "08" || cls == "53" || cls == "40" || s == "57P01" || s == "57P02" || s == "57P03")
    return ErrorKind::unavailable;
  if (s == "57014" || s == "55P03") return ErrorKind::timeout;  // statement timeout, lock timeout
  if (s == "23505") return ErrorKind::conflict;
  if (cls == "23" || cls == "22" || s == "P0001") return ErrorKind::invalid_argument;
  return ErrorKind::internal;
}

bool is_transient_sqlstate(std::string_view s) {
  return s.empty() || s.rfind("08", 0) == 0 || s == "40001" || s == "40P01" || s == "57P01" ||
         s == "57P02" || s == "57P03";
}

// --- Params -------------------------------------------------------------------------------------

Params& Params::add(std::string_view v) {
  values_.push_back({false, false, std::string(v)});
  return *this;
}
Params& Params::add(std::int64_t v) {
  values_.push_back({false, false, std::to_string(v)});
  return *this;
}
Params& Params::add(bool v) {
  values_.push_back({false, false, v ? "true" : "false"});
  return *this;
}
Params& Params::add(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  values_.push_back({false, false, std::string(buf, r.ptr)});
  return *this;
}
Params& Params::add(NullIfEmpty v) {
  values_.push_back({v.v.empty(), false, std::string(v.v)});
  return *this;
}
Params& Params::add(std::nullopt_t) {
  values_.push_back({true, false, {}});
  return *this;
}
Params& Params::add(Bytes b) {
  values_.push_back({false, true, std::string(static_cast<const char*>(b.data), b.size)});
  return *this;
}

std::string binary_text_array(const std::vector<std::string_view>& values) {
  std::string out;
  std::size_t size = 20;
  for (auto v : values) size += 4 + v.size();
  out.reserve(size);
  auto int32 = [&](std::uint32_t x) {
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<char>((x >> shift) & 0xff));
  };
  constexpr std::uint32_t kTextOid = 25;
  int32(1);  // dimensions
  int32(0);  // no NULLs
  int32(kTextOid);
  int32(static_cast<std::uint32_t>(values.size()));
  int32(1);  // lower bound
  for (auto v : values) {
    int32(static_cast<std::uint32_t>(v.size()));
    out.append(v);
  }
  return out;
}

void Params::finish(std::vector<const char*>& values, std::vector<int>& lengths,
                    std::vector<int>& formats) const {
  values.clear();
  lengths.clear();
  formats.clear();
  for (const auto& v : values_) {
    values.push_back(v.null ? nullptr : v.bytes.c_str());
    lengths.push_back(static_cast<int>(v.bytes.size()));
    formats.push_back(v.binary ? 1 : 0);
  }
}

// --- Result -------------------------------------------------------------------------------------

std::string Result::text(int row, int col) const {
  if (null(row, col)) return {};
  return std::string(PQgetvalue(r_.get(), row, col),
                     static_cast<std::size_t>(PQgetlength(r_.get(), row, col)));
}

std::int64_t Result::i64(int row, int col) const {
  if (null(row, col)) return 0;
  const char* p = PQgetvalue(r_.get(), row, col);
  std::int64_t v = 0;
  std::from_chars(p, p + PQgetlength(r_.get(), row, col), v);
  return v;
}

double Result::f64(int row, int col) const {
  if (null(row, col)) return 0;
  return std::strtod(PQgetvalue(r_.get(), row, col), nullptr);
}

bool Result::boolean(int row, int col) const {
  return !null(row, col) && PQgetvalue(r_.get(), row, col)[0] == 't';
}

std::vector<float> Result::floats(int row, int col) const {
  if (null(row, col)) return {};
  std::size_t n = 0;
  unsigned char* raw =
      PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(r_.get(), row, col)), &n);
  if (!raw) throw Error(ErrorKind::internal, "postgres: cannot decode a bytea column");
  std::vector<float> out(n / sizeof(float));
  std::memcpy(out.data(), raw, out.size() * sizeof(float));
  PQfreemem(raw);
  if constexpr (std::endian::native == std::endian::big) {
    for (auto& f : out)
      f = std::bit_cast<float>(__builtin_bswap32(std::bit_cast<std::uint32_t>(f)));
  }
  return out;
}

std::string Result::command_status() const {
  const char* t = r_ ? PQcmdStatus(r_.get()) : nullptr;
  return t ? t : "";
}

std::int64_t Result::affected() const {
  const char* t = PQcmdTuples(r_.get());
  return t && *t ? std::strtoll(t, nullptr, 10) : 0;
}

// --- Connection ---------------------------------------------------------------------------------

Connection::Connection(const Options& o) {
  std::string timeout = std::to_string(o.connect_timeout_s);
  // Defaults first: what the URL says (expanded from dbname) overrides them.
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* vals[] = {timeout.c_str(), o.application_name.c_str(), o.conninfo.c_str(), nullptr};
  c_ = PQconnectdbParams(keys, vals, /*expand_dbname=*/1);
  if (!c_) throw DbError(ErrorKind::unavailable, "postgres: out of memory", "", "", true);
  if (PQstatus(c_) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(c_);
    c_ = nullptr;
    throw DbError(ErrorKind::unavailable, "postgres: cannot connect: " + msg, "", "", true);
  }
  // Server NOTICEs ("relation already exists, skipping") are not ours to print on stderr.
  PQsetNoticeProcessor(
      c_, [](void*, const char*) {}, nullptr);
  try {
    simple("SET statement_timeout = " + std::to_string(o.statement_timeout_ms) +
           "; SET lock_timeout = " + std::to_string(o.statement_timeout_ms));
  } catch (...) {
    PQfinish(c_);
    c_ = nullptr;
    throw;
  }
}

Connection::~Connection() {
  if (c_) PQfinish(c_);
}

void Connection::fail(const char* what, PGresult* r) {
  std::string state, constraint, primary;
  if (r) {
    if (const char* s = PQresultErrorField(r, PG_DIAG_SQLSTATE)) state = s;
    if (const char* s = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME)) constraint = s;
    // The primary message only: DETAIL would carry row values (emails, phone numbers).
    if (const char* s = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)) primary = s;
    PQclear(r);
  }
  if (!ok()) state.clear();  // whatever the server said last, the connection is gone now
  if (primary.empty()) {
    primary = PQerrorMessage(c_);
    while (!primary.empty() && (primary.back() == '\n' || primary.back() == ' '))
      primary.pop_back();
    if (primary.empty()) primary = "connection lost";
  }
  std::string msg = std::string("postgres: ") + what + ": " + primary;
  if (!state.empty()) msg += " [" + state + "]";
  throw DbError(kind_of_sqlstate(state), std::move(msg), state, std::move(constraint),
                is_transient_sqlstate(state));
}

Result Connection::check(PGresult* r, const char* what) {
  auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Result(r);
  fail(what, r);
}

void Connection::prepare(const Sql& s) {
  if (prepared_.count(s.name)) return;
  const bool outside_tx = idle();
  PGresult* r = PQprepare(c_, s.name, s.text, 0, nullptr);
  // 42P05 "prepared statement already exists" outside a transaction: the session already has
  // it. Not possible on a PostgreSQL server (names are tracked per connection); PGlite's socket
  // server multiplexes every connection onto its one session, where another connection prepared
  // the same statement (every name in sql.h stands for one text). Inside a transaction the error
  // has aborted it, so it is reported as it is.
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  if (outside_tx && state && std::strcmp(state, "42P05") == 0 &&
      PQresultStatus(r) == PGRES_FATAL_ERROR) {
    PQclear(r);
  } else {
    check(r, s.name);
  }
  prepared_.insert(s.name);
}

Result Connection::exec(const Sql& s, const Params& p) {
  if (begin_pending_) {
    static constexpr Sql kBegin{"", "BEGIN"};
    begin_pending_ = false;
    auto r = pipeline({{&kBegin}, {&s, &p}});
    return std::move(r[1]);
  }
  prepare(s);
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  p.finish(values, lengths, formats);
  return check(
      PQexecPrepared(c_, s.name, p.size(), values.data(), lengths.data(), formats.data(), 0),
      s.name);
}

void Connection::simple(const std::string& sql) {
  if (begin_pending_) {
    begin_pending_ = false;
    simple("BEGIN; " + sql);
    return;
  }
  PGresult* r = PQexec(c_, sql.c_str());
  check(r, "statement");
  // PQexec returns the last result of a multi-statement string; earlier failures abort it.
}

void Connection::set(const std::string& name, const std::string& value) {
  auto it = settings_.find(name);
  if (it != settings_.end() && it->second == value) return;
  simple("SET " + name + " = " + value);
  settings_[name] = value;
}

std::vector<Result> Connection::pipeline(const std::vector<Step>& steps, int* failed) {
  if (failed) *failed = -1;
  for (const auto& st : steps)
    if (st.sql->name[0]) prepare(*st.sql);
  if (PQenterPipelineMode(c_) != 1) fail("pipeline", nullptr);
  bool sent = true;
  for (const auto& st : steps) {
    int ok = 0;
    if (st.sql->name[0]) {
      static const Params kNone;
      const Params& p = st.params ? *st.params : kNone;
      std::vector<const char*> values;
      std::vector<int> lengths, formats;
      p.finish(values, lengths, formats);  // libpq copies them into its buffer at once
      ok = PQsendQueryPrepared(c_, st.sql->name, p.size(), values.data(), lengths.data(),
                               formats.data(), 0);
    } else {
      ok = PQsendQueryParams(c_, st.sql->text, 0, nullptr, nullptr, nullptr, nullptr, 0);
    }
    if (!ok) {
      sent = false;
      break;
    }
  }
  if (!sent || PQpipelineSync(c_) != 1) {
    broken_ = true;  // half a pipeline sent: the session's state is unknown
    fail("pipeline", nullptr);
  }
  std::vector<Result> out;
  out.reserve(steps.size());
  PGresult* error = nullptr;
  int error_at = -1;
  for (std::size_t i = 0; i < steps.size() && !broken_; ++i) {
    PGresult* r = PQgetResult(c_);
    if (!r) {
      broken_ = true;
      break;
    }
    auto st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
      out.emplace_back(r);
    } else {
      if (!error && st != PGRES_PIPELINE_ABORTED) {
        error = r;
        error_at = static_cast<int>(i);
      } else {
        PQclear(r);
      }
      out.emplace_back();
    }
    if (PGresult* end = PQgetResult(c_)) {  // each step's results end with a null
      PQclear(end);
      broken_ = true;
    }
  }
  if (!broken_ && ok()) {
    PGresult* sync = PQgetResult(c_);
    if (!sync || PQresultStatus(sync) != PGRES_PIPELINE_SYNC) broken_ = true;
    if (sync) PQclear(sync);
  }
  if (!broken_ && ok() && PQexitPipelineMode(c_) != 1) broken_ = true;
  if (broken_ || !ok()) {
    broken_ = true;
    if (error) PQclear(error);
    fail("pipeline", nullptr);  // no SQLSTATE: connection lost, transient
  }
  if (error) {
    if (failed) *failed = error_at;
    const auto& st = steps[static_cast<std::size_t>(error_at)];
    fail(st.sql->name[0] ? st.sql->name : st.sql->text, error);
  }
  return out;
}

Result Connection::exec_and_commit(const Sql& s, const Params& p, int* failed) {
  int at = -1;
  try {
    auto r = steps_and_commit({{&s, &p}}, &at);
    return std::move(r[0]);
  } catch (...) {
    if (failed) *failed = at < 0 ? -1 : std::min(at, 1);
    throw;
  }
}

std::vector<Result> Connection::steps_and_commit(const std::vector<Step>& given, int* failed) {
  static constexpr Sql kCommit{"", "COMMIT"};
  static constexpr Sql kBegin{"", "BEGIN"};
  if (failed) *failed = -1;
  std::vector<Step> steps;
  steps.reserve(given.size() + 2);
  const int offset = begin_pending_ ? 1 : 0;
  if (begin_pending_) steps.push_back({&kBegin});
  begin_pending_ = false;
  steps.insert(steps.end(), given.begin(), given.end());
  steps.push_back({&kCommit});
  const int n = static_cast<int>(given.size());
  int at = -1;
  std::vector<Result> r;
  try {
    r = pipeline(steps, &at);
  } catch (...) {
    if (failed) *failed = at < 0 ? -1 : std::clamp(at - offset, 0, n);
    throw;
  }
  // COMMIT of a transaction that had failed "succeeds" as a ROLLBACK.
  if (r.back().command_status() == "ROLLBACK") {
    if (failed) *failed = n;
    throw DbError(ErrorKind::internal, "postgres: COMMIT rolled back a failed transaction", "25P02",
                  "", false);
  }
  r.pop_back();
  if (offset) r.erase(r.begin());
  return r;
}

void Connection::commit() {
  if (begin_pending_) {  // nothing was sent: an empty transaction
    begin_pending_ = false;
    return;
  }
  PGresult* r = PQexec(c_, "COMMIT");
  bool rolled_back =
      r && PQresultStatus(r) == PGRES_COMMAND_OK && std::strcmp(PQcmdStatus(r), "ROLLBACK") == 0;
  auto res = check(r, "COMMIT");
  // COMMIT of a transaction that had failed "succeeds" as a ROLLBACK.
  if (rolled_back)
    throw DbError(ErrorKind::internal, "postgres: COMMIT rolled back a failed transaction", "25P02",
                  "", false);
}

// --- Transaction --------------------------------------------------------------------------------

Transaction::Transaction(Connection& c, const char* begin) : c_(c) {
  c_.simple(begin);
}

Transaction::~Transaction() {
  if (done_ || !c_.ok()) return;
  try {
    c_.simple("ROLLBACK");
  } catch (...) {
  }
}

void Transaction::commit() {
  done_ = true;
  c_.commit();
}

}  // namespace fte::pg
