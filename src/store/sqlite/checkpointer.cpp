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
                           std::chrono::milliseconds restart_spacing)
    : threshold_(threshold_frames > 0 ? threshold_frames : 1000),
      interval_(interval),
      cap_(cap_frames > 0 ? cap_frames : 16 * threshold_),
      restart_spacing_(restart_spacing),
      next_signal_(threshold_) {
  Connection::Options o;
  o.path = path;
  o.busy_timeout_ms = busy_timeout_ms;
  o.checkpointer = true;
  conn_ = std::make_unique<Connection>(o);
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
  if (frames < last_frames_) next_signal_ = threshold_;  // the WAL restarted
  last_frames_ = frames;
  if (frames >= cap_ && writer_) restart_wal();
  // Once per half threshold of growth, not at every commit past the threshold: under sustained
  // writes the WAL rarely restarts (see the header), and a checkpoint started at every commit
  // copied the pages of a few commits each time, the hot ones again and again, with two fsyncs.
  if (frames < next_signal_) return;
  next_signal_ = frames + std::max(1, threshold_ / 2);
  signals_.fetch_add(1, std::memory_order_relaxed);
  if (frames >= kWarnFrames && frames >= 2 * last_warned_) {
    last_warned_ = frames;
    ops::warn(
        "sqlite WAL keeps growing: checkpoints cannot keep up or a reader holds an old "
        "snapshot",
        {}, {{"wal_frames", std::to_string(frames)}});
  }
  {
    std::lock_guard lk(mu_);
    pending_ = true;
  }
  cv_.notify_one();
}

void Checkpointer::loop() {
  for (;;) {
    {
      std::unique_lock lk(mu_);
      cv_.wait_for(lk, interval_, [&] { return pending_ || stopping_; });
      if (stopping_) return;
      pending_ = false;
    }
    if (restart_due_.load(std::memory_order_relaxed)) continue;  // the writer's turn (the cap)
    if (!dirty_.exchange(false)) continue;
    int log = 0, done = 0;
    int rc =
        sqlite3_wal_checkpoint_v2(conn_->raw(), "main", SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
      ops::warn("sqlite checkpoint failed", {}, {{"error", sqlite3_errstr(rc)}});
  }
}

// The cap (see the header), on the writer thread inside its WAL hook, after the commit (where
// SQLite's own automatic checkpoint runs): the writer holds no lock then, so the checkpoint gets
// the write lock at once — from the checkpointer's own connection it would poll for it and starve
// while the writer commits back to back. SQLITE_BUSY (a PASSIVE run or an old reader held on past
// the busy timeout) leaves the WAL for the next try.
void Checkpointer::restart_wal() {
  auto now = std::chrono::steady_clock::now();
  if (restarts_.load(std::memory_order_relaxed) > 0 && now - last_restart_ < restart_spacing_)
    return;
  // The checkpointer thread starts no PASSIVE run meanwhile: SQLite answers SQLITE_BUSY at once,
  // without waiting, to a checkpoint that meets another in progress.
  restart_due_.store(true, std::memory_order_relaxed);
  int rc = sqlite3_wal_checkpoint_v2(writer_, "main", SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
  if (rc == SQLITE_BUSY) return;  // a PASSIVE run in progress: the next commit tries again
  restart_due_.store(false, std::memory_order_relaxed);
  last_restart_ = now;
  if (rc == SQLITE_OK) {
    restarts_.fetch_add(1, std::memory_order_relaxed);
  } else {
    ops::warn("sqlite WAL restart failed", {}, {{"error", sqlite3_errstr(rc)}});
  }
}

}  // namespace fte::sqlite
