// The background checkpointer's signal (checkpointer.h, round 10): past the threshold the writer's
// commits start a checkpoint once per half threshold of WAL growth, not at every commit, and a
// restarted WAL starts counting again from the threshold. Past its cap the WAL restarts even
// while the writer never pauses (under sustained writes PASSIVE checkpoints never let it restart).
#include "store/sqlite/checkpointer.h"
#include "temp_db.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace fte::sqlite {
namespace {

namespace fs = std::filesystem;

TEST(Checkpointer, PastTheThresholdCommitsSignalOncePerHalfThresholdOfGrowth) {
  TempDb db;
  const std::string& path = db.path;
  {
    Connection::Options o;
    o.path = path;
    Connection writer(o);  // creates the database in WAL mode
    Checkpointer ck(path, 5000, 100, std::chrono::seconds(60));
    for (int frames = 1; frames <= 99; ++frames) ck.wal_grew(frames);
    EXPECT_EQ(ck.signals(), 0u);  // below the threshold: only the interval checkpoints
    for (int frames = 100; frames <= 1000; ++frames) ck.wal_grew(frames);  // 901 commits
    EXPECT_EQ(ck.signals(), 19u);                                          // at 100, 150, …, 1000
    ck.wal_grew(3);                                                        // the WAL restarted
    for (int frames = 4; frames <= 149; ++frames) ck.wal_grew(frames);
    EXPECT_EQ(ck.signals(), 20u);  // at 100 again
  }
}

// Commits of ~100 pages each (~400 KB of WAL), back to back, a writer faster than any copy, until
// the WAL has restarted twice (at most 600 commits, 240 MB): with a cap of 400 frames (1.6 MB) the
// drain hands over at twice the cap whatever is left, or the writer takes its turn there by itself
// (after_batch, between two commits), so the WAL restarts long before its file holds the 20,000+
// frames of 200 commits. Waiting for the restarts rather than counting a fixed number of commits
// keeps a slow disk (a drain run's syncs taking longer than many commits) from failing the test;
// the file's bound is then what one slow run let the writer add, far below no cap at all.
TEST(Checkpointer, PastTheCapTheWalRestartsWhileTheWriterNeverPauses) {
  TempDb db;
  const std::string& path = db.path;
  {
    Connection::Options o;
    o.path = path;
    o.busy_timeout_ms = 5000;
    Connection writer(o);
    Checkpointer ck(path, 5000, 100, std::chrono::seconds(60), 400, std::chrono::milliseconds(0));
    ck.install(writer.raw());
    writer.exec("CREATE TABLE t (x BLOB)");
    int commits = 0;
    while (ck.restarts() < 2 && commits < 600) {
      writer.exec(
          "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) "
          "INSERT INTO t SELECT randomblob(4000) FROM n; COMMIT;");
      ck.after_batch();
      ++commits;
    }
    EXPECT_GE(ck.restarts(), 2u);
    EXPECT_LT(fs::file_size(path + "-wal"), 12000u * 4120u);  // 48 MB; no cap: 20,000+ frames
    // Nothing a restart could lose:
    EXPECT_EQ(writer.prepare("SELECT count(*) FROM t").first_int(), 100 * commits);
  }
}

// Past the cap no batch waits for the copy of the backlog (round 11): with no checkpoint before
// the cap (threshold above it, interval of a minute), the whole WAL — 1,000 frames — is behind the
// writer when it reaches the cap. The checkpointer's own runs copy it while the writer goes on
// committing (~5 pages and ~2 ms of work each, back to back); the writer's own checkpoint copies
// only what was committed since their last run: at most the 100-frame catch-up and a commit, or
// one run's worth of commits. Before round 11 the writer's RESTART copied all ~1,000 frames.
TEST(Checkpointer, PastTheCapTheWriterCopiesOnlyWhatTheDrainLeft) {
  TempDb db;
  const std::string& path = db.path;
  {
    Connection::Options o;
    o.path = path;
    o.busy_timeout_ms = 5000;
    Connection writer(o);
    Checkpointer ck(path, 5000, 4000, std::chrono::seconds(60), 1000, std::chrono::milliseconds(0),
                    100);
    ck.install(writer.raw());
    writer.exec("CREATE TABLE t (x BLOB)");
    int commits = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (ck.restarts() < 3 && std::chrono::steady_clock::now() < deadline) {
      writer.exec(
          "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
          "SELECT count(*) FROM n; INSERT INTO t VALUES (randomblob(4000)), (randomblob(4000)), "
          "(randomblob(4000)), (randomblob(4000)); COMMIT;");
      ++commits;
      ck.after_batch();
    }
    ASSERT_GE(ck.restarts(), 3u);
    EXPECT_GE(ck.catch_ups(), 3u);
    EXPECT_GT(ck.most_frames_copied_by_writer(), 0);
    // Of the 1,000 behind it at the cap. The fewest, not the most: on a loaded machine the
    // checkpointer thread may get no CPU for a while, and then the writer takes its turn at twice
    // the cap and copies more (by design: the bound must not depend on that thread).
    EXPECT_LE(ck.fewest_frames_copied_by_writer(), 500);
    EXPECT_LT(fs::file_size(path + "-wal"), 2500u * 4120u);  // twice the cap and a few commits
    EXPECT_EQ(writer.prepare("SELECT count(*) FROM t").first_int(), 4 * commits);
  }
}

}  // namespace
}  // namespace fte::sqlite
