// Statement::run_with (store/sqlite/connection.h): text bound without a copy, from the caller's
// temporaries, is what the row gets; the statement's next use starts from cleared bindings, never
// from the text those temporaries left behind.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/sqlite/connection.h"

namespace fte::sqlite {
namespace {

namespace fs = std::filesystem;

constexpr char kCreate[] = "CREATE TABLE t(k INTEGER PRIMARY KEY, a TEXT, b TEXT, n INTEGER)";
constexpr char kInsert[] = "INSERT INTO t(k, a, b, n) VALUES (?1, ?2, ?3, ?4)";
constexpr char kRead[] =
    "SELECT coalesce(a, '<null>'), coalesce(b, '<null>'), n FROM t WHERE k = ?1";

std::string made(std::string s) {
  return s + "-" + std::string(40, 'x');
}  // a heap temporary

TEST(SqliteStatement, RunWithStoresTheCallersTemporariesAndTheNextUseStartsCleared) {
  fs::path dir = fs::temp_directory_path() / ("fte-stmt-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    Connection::Options o;
    o.path = (dir / "t.db").string();
    Connection c(o);
    c.prepare(kCreate).run();
    c.prepare(kInsert).run_with(std::int64_t{1}, made("first"), NullIfEmpty{made("second")}, 7);
    c.prepare(kInsert).run_with(std::int64_t{2}, std::string_view("view"),
                                NullIfEmpty{std::string()}, std::int64_t{-3});
    // The same cached statement, binding only the key: the other parameters are NULL.
    c.prepare(kInsert).bind_at(1, std::int64_t{3}).run();
    auto row = [&](std::int64_t k) {
      auto s = c.prepare(kRead);
      s.bind(k);
      EXPECT_TRUE(s.step());
      return s.text(0) + "|" + s.text(1) + "|" + std::to_string(s.i64(2));
    };
    EXPECT_EQ(row(1), made("first") + "|" + made("second") + "|7");
    EXPECT_EQ(row(2), "view|<null>|-3");
    EXPECT_EQ(row(3), "<null>|<null>|0");
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace fte::sqlite
