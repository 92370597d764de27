#include "store/sqlite/checkpointer.h"

#include <algorithm>

#include "ops/log.h"

namespace fte::sqlite {
namespace {

constexpr int kWarnFrames = 262144;  // ~1 GB of 4 KB pages waiting in the WAL

int on_commit(void* self, sqlite3*, const char*, int frames) {
  static_cast<Checkpointer*>(self)->wal_grew(frames);
  return SQLITE_OK;
}

}  // namespace

Checkpointer::Checkpointer(const std::string& path, int busy_timeout_ms, int threshold_frames,
                           std::chrono::milliseconds interval, int cap_frames,
                           std::chrono::milliseconds restart_spacing, int catch_up_frames)
    : threshold_(threshold_frames > 0 ? threshold_frames : 1000),
      interval_(interval),
      cap_(cap_frames > 0 ? cap_frames : 4 * threshold_),
      restart_spacing_(restart_spacing),
      catch_up_(catch_up_frames > 0 ? catch_up_frames : std::max(64, threshold_ / 64)),
      next_signal_(threshold_) {
  Connection::Options o;
  o.path = path;
  o.busy_timeout_ms = busy_timeout_ms;
  o.checkpointer = true;
  conn_ = std::make_unique<Connection>(o);
  catch_up_conn_ = std::make_unique<Connection>(o);
  thread_ = std::thread([this] { loop(); });
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Checkpointer::install(sqlite3* writer) {
  writer_ = writer;
  sqlite3_wal_hook(writer, on_commit, this);
}

void Checkpointer::wal_grew(int frames) {
  dirty_.store(true, std::memory_order_relaxed);
  wal_frames_.store(frames, std::memory_order_relaxed);
  bool wake = false;
  if (frames < last_frames_) {  // the WAL restarted from its start
    next_signal_ = threshold_;
    restarts_.fetch_add(1, std::memory_order_relaxed);
    if (phase_.exchange(kNormal) == kCaughtUp)
      ops::log(ops::Level::debug, "sqlite WAL restarted after a catch-up", {},
               {{"wal_frames", std::to_string(last_frames_)},
                {"catch_up_frames", std::to_string(last_catch_up_frames_)},
                {"catch_up_us", std::to_string(last_catch_up_us_)}});
  } else if (phase_.load() == kCaughtUp) {
    // A reader that began before the catch-up still reads the WAL, so SQLite wrote on at its end:
    // drain again, a little later (the reader is gone by then, or the next one is).
    ops::log(ops::Level::debug, "sqlite WAL restart refused: a reader holds a WAL snapshot", {},
             {{"wal_frames", std::to_string(frames)}});
    std::lock_guard lk(mu_);
    drain_after_ = std::chrono::steady_clock::now() + restart_spacing_;
    phase_.store(kDraining);
    wake = true;
  }
  last_frames_ = frames;
  if (frames >= cap_ && phase_.load() == kNormal) {
    std::lock_guard lk(mu_);  // the loop checks the phase under it before waiting
    phase_.store(kDraining);
    wake = true;
  }
  // Twice the cap and still draining: this thread takes its turn without waiting for the drain to
  // hand over, so the bound holds even when the checkpointer thread gets no CPU (a loaded machine);
  // the catch-up then copies whatever the drain left, as much as the whole WAL.
  if (frames >= 2 * cap_ && phase_.load() == kDraining) {
    handed_over_.store(0, std::memory_order_relaxed);
    int expected = kDraining;
    phase_.compare_exchange_strong(expected, kReady);
  }
  // Once per half threshold of growth, not at every commit past the threshold: under sustained
  // writes the WAL rarely restarts (see the header), and a checkpoint started at every commit
  // copied the pages of a few commits each time, the hot ones again and again, with two fsyncs.
  if (frames >= next_signal_) {
    next_signal_ = frames + std::max(1, threshold_ / 2);
    signals_.fetch_add(1, std::memory_order_relaxed);
    if (frames >= kWarnFrames && frames >= 2 * last_warned_) {
      last_warned_ = frames;
      ops::warn(
          "sqlite WAL keeps growing: checkpoints cannot keep up or a reader holds an old "
          "snapshot",
          {}, {{"wal_frames", std::to_string(frames)}});
    }
    std::lock_guard lk(mu_);
    pending_ = true;
    wake = true;
  }
  if (wake) cv_.notify_one();
}

void Checkpointer::loop() {
  for (;;) {
    bool timed_out = false;
    {
      std::unique_lock lk(mu_);
      for (;;) {
        if (stopping_) return;
        if (phase_.load() == kDraining) {
          if (std::chrono::steady_clock::now() >= drain_after_) break;
          cv_.wait_until(lk, drain_after_);
          continue;
        }
        if (pending_) break;
        if (cv_.wait_for(lk, interval_) == std::cv_status::timeout) {
          timed_out = true;
          break;
        }
      }
      pending_ = false;
    }
    const int phase = phase_.load();
    // Handed over: the writer's catch-up would meet this thread's run and get SQLITE_BUSY. Only
    // the interval's run goes ahead (an idle writer takes no turn; the WAL then restarts anyway).
    if (phase == kReady && !timed_out) continue;
    const bool drain = phase == kDraining;
    if (!dirty_.exchange(false) && !drain) continue;
    // SQLite syncs the database file only at a checkpoint that empties the WAL, i.e. the writer's
    // catch-up, which would then flush every page copied since the last restart (tens of MB). A
    // drain run syncs first what the runs before it copied, once that is more than the catch-up's
    // share, so the catch-up flushes little more than its own and short runs stay short.
    if (drain && unsynced_ > catch_up_) {
      sync_database();
      unsynced_ = 0;
    }
    int log = 0, done = 0;
    int rc =
        sqlite3_wal_checkpoint_v2(conn_->raw(), "main", SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
      ops::warn("sqlite checkpoint failed", {}, {{"error", sqlite3_errstr(rc)}});
    if (drain && rc == SQLITE_OK) drained(done);
    if (rc == SQLITE_OK) {
      // Pages copied since the database file was last synced (a checkpoint that emptied the WAL
      // synced it; the WAL then restarted and `done` counts from its start again).
      unsynced_ = done < last_done_ ? done : unsynced_ + (done - last_done_);
      last_done_ = done;
    }
  }
}

// After a drain run that copied the WAL up to frame `done`: the writer takes over once what it
// would have to copy is small. Each run copies what was committed during the previous one, so the
// gap shrinks while runs are faster than the writer's commits and jumps when a sync is slow; a
// drain that does not get there hands over anyway once the WAL reaches twice the cap (a writer
// faster than the copies, a disk this slow), so the WAL stays bounded and the writer pays the copy.
void Checkpointer::drained(int done) {
  const int frames = wal_frames_.load(std::memory_order_relaxed);
  if (frames - done > catch_up_ && frames < 2 * cap_) return;
  handed_over_.store(done, std::memory_order_relaxed);
  int expected = kDraining;
  phase_.compare_exchange_strong(expected, kReady);  // unless the WAL restarted meanwhile
}

// An fdatasync of the database file through SQLite's own handle (closing another descriptor of
// the file would drop the process's POSIX locks on it). A failure only means the catch-up flushes
// more: it syncs the file again anyway.
void Checkpointer::sync_database() {
  sqlite3_file* f = nullptr;
  if (sqlite3_file_control(conn_->raw(), "main", SQLITE_FCNTL_FILE_POINTER, &f) == SQLITE_OK && f &&
      f->pMethods)
    f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);
}

// The writer's catch-up (see the header), between two transactions: a PASSIVE checkpoint of the
// few frames committed since the drain's last run. With none left behind, the next BEGIN restarts
// the WAL. Frames a reader still needs, or a checkpoint of this thread's in progress (SQLITE_BUSY,
// without waiting), leave it for the drain.
void Checkpointer::after_batch() {
  if (phase_.load() != kReady || !writer_) return;
  int log = 0, done = 0;
  const auto t0 = std::chrono::steady_clock::now();
  int rc = sqlite3_wal_checkpoint_v2(catch_up_conn_->raw(), "main", SQLITE_CHECKPOINT_PASSIVE, &log,
                                     &done);
  if (rc == SQLITE_OK && done == log) {
    catch_ups_.fetch_add(1, std::memory_order_relaxed);
    const int copied = done - handed_over_.load(std::memory_order_relaxed);
    if (copied > writer_copied_max_.load()) writer_copied_max_.store(copied);
    if (copied < writer_copied_min_.load()) writer_copied_min_.store(copied);
    last_catch_up_frames_ = copied;
    last_catch_up_us_ =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    phase_.store(kCaughtUp);
    return;
  }
  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    ops::warn("sqlite WAL catch-up failed", {}, {{"error", sqlite3_errstr(rc)}});
  {
    std::lock_guard lk(mu_);
    drain_after_ = std::chrono::steady_clock::now() + restart_spacing_;
    phase_.store(kDraining);
  }
  cv_.notify_one();
}

}  // namespace fte::sqlite
