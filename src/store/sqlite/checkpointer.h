// Moves committed pages from the WAL into the database file on its own thread and connection.
// SQLite's automatic checkpoint runs inside a COMMIT, so one commit in every ~1,000 pages would
// pay for copying them and for an fsync of the database file; here the writer's WAL hook only
// signals this thread, which runs PASSIVE checkpoints (they never block the writer or readers):
// when the WAL passes `threshold_frames`, and at the latest `interval` after a commit. A
// checkpoint fsyncs the WAL first, so with synchronous=NORMAL the interval bounds what an OS crash
// or power loss can take back (a process crash takes nothing back in either mode).
//
// Past the threshold the writer signals once per half threshold of WAL growth, not at every commit
// (round 10). Under sustained writes a PASSIVE checkpoint rarely leaves the WAL fully copied at the
// moment the writer begins its next transaction, which is when SQLite restarts the WAL, so the WAL
// stays past the threshold; signalling at every commit then ran checkpoints back to back, each
// copying the pages of a few commits (the hot ones again and again) and syncing twice.
//
// Thread-safety: wal_grew() is called on the writer thread; the rest is internal. Failure: a
// failed checkpoint is logged and retried at the next signal; the WAL then simply grows (and is
// logged when it passes a large size) — no data is at risk.
#pragma once
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite/connection.h"

namespace fte::sqlite {

class Checkpointer {
 public:
  Checkpointer(const std::string& path, int busy_timeout_ms, int threshold_frames,
               std::chrono::milliseconds interval);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Routes the writer connection's WAL hook here (this replaces SQLite's automatic checkpoint).
  void install(sqlite3* writer);
  void wal_grew(int frames);
  std::uint64_t signals() const { return signals_.load(std::memory_order_relaxed); }  // tests

 private:
  void loop();

  std::unique_ptr<Connection> conn_;
  const int threshold_;
  const std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false, stopping_ = false;
  std::atomic<bool> dirty_{false};  // a commit since the last checkpoint
  int last_warned_ = 0;
  int last_frames_ = 0;   // writer thread only (wal_grew)
  int next_signal_;       // writer thread only: the WAL size that signals next
  std::atomic<std::uint64_t> signals_{0};
  std::thread thread_;
};

}  // namespace fte::sqlite
