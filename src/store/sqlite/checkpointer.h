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
// A bound on the WAL under sustained writes, without a pause (round 11): the writer never idles
// long enough for the WAL to restart, so past `cap_frames` (default 4 × the threshold: 64,000
// pages of 4 KB, 256 MB, at the default threshold) this thread drains the WAL: PASSIVE runs back
// to back, each copying what was committed during the previous one, until what is left behind the
// writer is at most `catch_up_frames` (default threshold / 64: 250 frames), or the WAL reached
// twice the cap (a writer faster than the copies, syncs this slow, or a checkpointer thread that
// gets no CPU: the writer then takes its turn by itself and copies more, but the WAL stays
// bounded). A drain run first syncs the database file when more than `catch_up_frames` were copied
// since its last sync (SQLite itself syncs it only at a checkpoint that empties the WAL), so the
// writer's catch-up flushes little more than its own pages. Then the writer, between two batches
// (after_batch(), after the completions), runs one PASSIVE checkpoint on a connection kept for it:
// it copies those few frames and syncs, and since nothing can commit in between, its next BEGIN
// finds the WAL fully copied and SQLite writes the WAL from its start again. What a batch waits for
// is that short copy and its two syncs, not the copy of the backlog (SQLite restarts a WAL only if
// a checkpoint after the last commit emptied it, so some wait remains). Before round 11 the writer
// ran a RESTART checkpoint at 1 GB that copied everything left and waited for readers: 0.26–0.42 s
// per restart at load 8–10, against a median 44–60 ms for the catch-up (docs/BENCHMARKS.md, "Round
// 11"). A reader that began before the catch-up and still reads the WAL keeps SQLite from
// restarting it; the drain then starts again (no sooner than `restart_spacing` after a refused
// restart, default 20 ms). Measured without a cap: 3.5 GB of WAL after 12 s of intake at ~14,000
// req/s, growing without end.
//
// Thread-safety: wal_grew() and after_batch() are called on the writer thread (the WAL hook and
// GroupCommitWriter), the rest is internal; the phase and counters are atomics. Failure: a
// failed checkpoint is logged and retried at the next signal; the WAL then simply grows (and is
// logged when it passes a large size) — no data is at risk.
#pragma once
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <limits>
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
               std::chrono::milliseconds restart_spacing = std::chrono::milliseconds(20),
               int catch_up_frames = 0);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Routes the writer connection's WAL hook here (this replaces SQLite's automatic checkpoint).
  void install(sqlite3* writer);
  void wal_grew(int frames);
  // Writer thread, between two transactions: the catch-up that lets the next BEGIN restart the WAL.
  void after_batch();
  std::uint64_t signals() const { return signals_.load(std::memory_order_relaxed); }  // tests
  // Times the WAL restarted from its start (seen by the writer's next commit); tests read it.
  std::uint64_t restarts() const { return restarts_.load(std::memory_order_relaxed); }
  // Catch-up checkpoints the writer ran, and the most and fewest WAL frames one of them had to
  // copy (the writer's pause is that copy, not the backlog's).
  std::uint64_t catch_ups() const { return catch_ups_.load(std::memory_order_relaxed); }
  int most_frames_copied_by_writer() const { return writer_copied_max_.load(); }
  int fewest_frames_copied_by_writer() const { return writer_copied_min_.load(); }

 private:
  // Past the cap: normal → draining (this thread's runs back to back) → ready (the writer's turn)
  // → caught up (the writer's next commit tells whether the WAL restarted) → normal or draining.
  enum Phase : int { kNormal, kDraining, kReady, kCaughtUp };
  void loop();
  void drained(int done);
  void sync_database();

  std::unique_ptr<Connection> conn_;
  // The writer thread's catch-up runs on a connection of its own, without the writer's memory map
  // of the database file: checkpointing through the writer's connection grew that map's resident
  // pages with the database (peak RSS 163-181 MB instead of ~95 at 64 connections).
  std::unique_ptr<Connection> catch_up_conn_;
  const int threshold_;
  const std::chrono::milliseconds interval_;
  const int cap_;
  const std::chrono::milliseconds restart_spacing_;
  const int catch_up_;
  sqlite3* writer_ = nullptr;  // install()
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false, stopping_ = false;
  std::atomic<bool> dirty_{false};  // a commit since the last checkpoint
  std::atomic<int> phase_{kNormal};
  std::atomic<int> wal_frames_{0};   // the WAL's frames after the writer's last commit
  std::atomic<int> handed_over_{0};  // frames copied when the drain handed over (kReady)
  std::chrono::steady_clock::time_point drain_after_{};  // under mu_: no drain before (refused)
  int last_done_ = 0;  // this thread only: the WAL frames copied by its last run
  int unsynced_ = 0;   // this thread only: WAL frames copied since the database file's last sync
  int last_warned_ = 0;
  int last_frames_ = 0;             // writer thread only (wal_grew)
  int last_catch_up_frames_ = 0;    // writer thread only: logged (debug) at the restart
  long long last_catch_up_us_ = 0;  // writer thread only
  int next_signal_;                 // writer thread only: the WAL size that signals next
  std::atomic<std::uint64_t> signals_{0}, restarts_{0}, catch_ups_{0};
  std::atomic<int> writer_copied_max_{0}, writer_copied_min_{std::numeric_limits<int>::max()};
  std::thread thread_;
};

}  // namespace fte::sqlite
