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
// A bound on the WAL under sustained writes: the writer never idles long enough for the WAL to
// restart, so past `cap_frames` (default 16 × the threshold: 256,000 pages of 4 KB, 1 GB, at the
// default threshold) the writer's commit runs a RESTART checkpoint, at most once per
// `restart_spacing` (default 10 s): it copies the frames PASSIVE left, syncs, waits for readers
// of old snapshots (up to the busy timeout), and the next commit writes the WAL from its start
// again, so the file stops growing. The batch that triggers it is acknowledged that much later
// (~80 ms on this VM's disk; TRUNCATE, which also gives the file's blocks back, took 0.3–0.5 s).
// Measured without it: 3.5 GB of WAL after 12 s of intake at ~14,000 req/s, ~100 MB/s at 1,000
// tickets/s end to end, growing without end (docs/BENCHMARKS.md, "The WAL's cap"). At a support
// desk's usual rates the writer idles and PASSIVE alone restarts the WAL; the cap is what keeps a
// long flood from filling the disk.
//
// Thread-safety: wal_grew() is called on the writer thread; the rest is internal. Failure: a
// failed checkpoint is logged and retried at the next signal; the WAL then simply grows (and is
// logged when it passes a large size) — no data is at risk.
#pragma once
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite/connection.h"

namespace fte::sqlite {

class Checkpointer {
 public:
  Checkpointer(const std::string& path, int busy_timeout_ms, int threshold_frames,
               std::chrono::milliseconds interval, int cap_frames = 0,
               std::chrono::milliseconds restart_spacing = std::chrono::seconds(10));
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Routes the writer connection's WAL hook here (this replaces SQLite's automatic checkpoint).
  void install(sqlite3* writer);
  void wal_grew(int frames);
  std::uint64_t signals() const { return signals_.load(std::memory_order_relaxed); }  // tests
  // RESTART checkpoints that completed (the cap above); tests read it.
  std::uint64_t restarts() const { return restarts_.load(std::memory_order_relaxed); }

 private:
  void loop();
  void restart_wal();

  std::unique_ptr<Connection> conn_;
  const int threshold_;
  const std::chrono::milliseconds interval_;
  const int cap_;
  const std::chrono::milliseconds restart_spacing_;
  sqlite3* writer_ = nullptr;                             // install()
  std::chrono::steady_clock::time_point last_restart_{};  // writer thread only
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false, stopping_ = false;
  std::atomic<bool> dirty_{false};        // a commit since the last checkpoint
  std::atomic<bool> restart_due_{false};  // past the cap: PASSIVE runs wait for the restart
  int last_warned_ = 0;
  int last_frames_ = 0;  // writer thread only (wal_grew)
  int next_signal_;      // writer thread only: the WAL size that signals next
  std::atomic<std::uint64_t> signals_{0}, restarts_{0};
  std::thread thread_;
};

}  // namespace fte::sqlite
