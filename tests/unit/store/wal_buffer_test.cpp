// The WAL write buffer (store/sqlite/wal_buffer.h) under SQLite itself: a commit reaches the file
// as a few writes instead of two per page, its bytes are in the WAL file (visible to a connection
// that does not use the buffer) the moment COMMIT returns, and transactions that spill pages
// before their commit, roll back to savepoints or roll back entirely leave a correct database.
// Durability across SIGKILL with the buffer in place: SqliteDurability in sqlite_store_test.cpp.
#include "store/sqlite/wal_buffer.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace fte::sqlite {
namespace {

namespace fs = std::filesystem;

class Db {
 public:
  Db(const std::string& path, const char* vfs) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs) != SQLITE_OK)
      throw std::runtime_error("open failed");
  }
  ~Db() { sqlite3_close_v2(db_); }
  void exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    std::string msg = err ? err : "";
    sqlite3_free(err);
    if (rc != SQLITE_OK) throw std::runtime_error(sql + ": " + msg);
  }
  std::string text(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr);
    std::string out;
    if (s && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

class WalBuffer : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "fte-walbuf-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = (dir_ / "t.db").string();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
  std::string path_;
};

TEST_F(WalBuffer, ACommitIsAFewWritesAndInTheFileWhenCommitReturns) {
  Db w(path_, wal_buffer_vfs());
  w.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
         "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t(v);");
  Db r(path_, nullptr);  // the default VFS: it sees only what is in the file
  auto before = wal_buffer_stats();
  auto wal_before = fs::file_size(path_ + "-wal");
  // About 100 pages: 400 rows of 500 random bytes each, with an index on a random key.
  w.exec("BEGIN IMMEDIATE; WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
         "WHERE i < 400) INSERT INTO t(v) SELECT hex(randomblob(250)) FROM c; COMMIT;");
  auto after = wal_buffer_stats();
  auto frames = after.frames_written - before.frames_written;
  auto writes = after.file_writes - before.file_writes;
  EXPECT_GE(frames, 200u) << "two write calls per page reach the VFS";
  EXPECT_LE(writes, frames / 20) << "but the file sees a few large writes";
  EXPECT_GE(fs::file_size(path_ + "-wal"), wal_before + 100 * 4096) << "the frames are in the file";
  EXPECT_EQ(r.text("SELECT count(*) FROM t"), "400");
  // Small commits right after each other: each is readable at once.
  for (int i = 0; i < 50; ++i) {
    w.exec("INSERT INTO t(v) VALUES ('row " + std::to_string(i) + "')");
    ASSERT_EQ(r.text("SELECT count(*) FROM t"), std::to_string(401 + i));
  }
}

TEST_F(WalBuffer, SpillsSavepointRollbacksAndAbortedTransactionsLeaveACorrectDatabase) {
  Db w(path_, wal_buffer_vfs());
  // A 20-page cache: a large transaction spills frames to the WAL before its commit and reads
  // them back, which goes through the buffer.
  w.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = 20; "
         "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT UNIQUE);");
  w.exec("BEGIN IMMEDIATE");
  for (int i = 0; i < 40; ++i) {
    w.exec("SAVEPOINT op");
    w.exec("INSERT INTO t(v) SELECT hex(randomblob(200)) || '" + std::to_string(i) +
           "' FROM (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 50) "
           "SELECT n FROM c)");
    w.exec(i % 3 == 0 ? "ROLLBACK TO op; RELEASE op" : "RELEASE op");
  }
  w.exec("COMMIT");
  w.exec("BEGIN IMMEDIATE; INSERT INTO t(v) SELECT hex(randomblob(3000)) FROM t; ROLLBACK;");
  w.exec("INSERT INTO t(v) VALUES ('last')");
  Db r(path_, nullptr);
  EXPECT_EQ(r.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(r.text("SELECT count(*) FROM t"), std::to_string(26 * 50 + 1));  // 13 of 40 rolled back
  EXPECT_EQ(r.text("SELECT v FROM t ORDER BY id DESC LIMIT 1"), "last");
  // Checkpoint and restart the log: the buffer follows the log back to offset 0.
  EXPECT_EQ(w.text("PRAGMA wal_checkpoint(RESTART)"), "0");
  w.exec("INSERT INTO t(v) VALUES ('after restart')");
  EXPECT_EQ(r.text("SELECT count(*) FROM t"), std::to_string(26 * 50 + 2));
  EXPECT_EQ(r.text("PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace fte::sqlite
