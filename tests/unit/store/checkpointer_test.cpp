// The background checkpointer's signal (checkpointer.h, round 10): past the threshold the writer's
// commits start a checkpoint once per half threshold of WAL growth, not at every commit, and a
// restarted WAL starts counting again from the threshold.
#include "store/sqlite/checkpointer.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <string>

namespace fte::sqlite {
namespace {

namespace fs = std::filesystem;

TEST(Checkpointer, PastTheThresholdCommitsSignalOncePerHalfThresholdOfGrowth) {
  std::string tmpl = (fs::temp_directory_path() / "fte-ckpt-XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  const fs::path dir = tmpl;
  const std::string path = (dir / "t.db").string();
  {
    Connection::Options o;
    o.path = path;
    Connection writer(o);  // creates the database in WAL mode
    Checkpointer ck(path, 5000, 100, std::chrono::seconds(60));
    for (int frames = 1; frames <= 99; ++frames) ck.wal_grew(frames);
    EXPECT_EQ(ck.signals(), 0u);  // below the threshold: only the interval checkpoints
    for (int frames = 100; frames <= 1000; ++frames) ck.wal_grew(frames);  // 901 commits
    EXPECT_EQ(ck.signals(), 19u);  // at 100, 150, …, 1000
    ck.wal_grew(3);                // the WAL restarted
    for (int frames = 4; frames <= 149; ++frames) ck.wal_grew(frames);
    EXPECT_EQ(ck.signals(), 20u);  // at 100 again
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace fte::sqlite
