// The SQLite writer's latency profile (group_commit.h, issue 18 round 13): every submitted
// operation is counted once by its time from submit() to its batch's commit, and one that took
// >= 5 ms is counted under the cause that held it — a pause between two batches (the WAL's
// catch-up runs there), or the writer off the CPU inside its batch.
#include "store/sqlite/group_commit.h"
#include "temp_db.h"

#include "core/thread_slice.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace fte::sqlite {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::unique_ptr<Connection> open_db(const std::string& path) {
  Connection::Options o;
  o.path = path;
  auto c = std::make_unique<Connection>(o);
  c->exec("CREATE TABLE IF NOT EXISTS t (x INTEGER)");
  return c;
}

// A flag one thread sets and another waits for, with a deadline.
struct Signal {
  std::mutex mu;
  std::condition_variable cv;
  bool set = false;
  void raise() {
    std::lock_guard lk(mu);
    set = true;
    cv.notify_all();
  }
  bool wait(std::chrono::milliseconds d = std::chrono::seconds(10)) {
    std::unique_lock lk(mu);
    return cv.wait_for(lk, d, [&] { return set; });
  }
};

GroupCommitWriter::Op insert(Signal* done) {
  GroupCommitWriter::Op op;
  op.run = [](Connection& c, OpContext&) { c.exec("INSERT INTO t VALUES (1)"); };
  op.complete = [done](std::exception_ptr) { done->raise(); };
  return op;
}

std::uint64_t bucketed(const GroupCommitWriter::LatencyProfile& p) {
  return p.under_1ms + p.under_2_5ms + p.under_5ms + p.under_10ms + p.over_10ms;
}
std::uint64_t causes(const GroupCommitWriter::LatencyProfile& p) {
  return p.slow_after_pause + p.slow_commit + p.slow_off_cpu + p.slow_woken_late + p.slow_queued +
         p.slow_other;
}

// The first batch's pause (after_batch) lasts until the second operation has waited 8 ms: that
// operation is slow because of the pause, and counted so.
TEST(SqliteWriterProfile, AnOperationQueuedDuringAPauseBetweenBatchesIsCountedUnderThePause) {
  TempDb db;
  Signal in_pause, second_queued, first_done, second_done;
  std::atomic<int> pauses{0};
  Clock::time_point queued_at{};
  std::mutex at_mu;
  auto after_batch = [&] {
    if (pauses.fetch_add(1) != 0) return;
    in_pause.raise();
    ASSERT_TRUE(second_queued.wait());
    Clock::time_point until;
    {
      std::lock_guard lk(at_mu);
      until = queued_at + std::chrono::milliseconds(8);
    }
    std::mutex m;
    std::condition_variable never;
    std::unique_lock lk(m);
    never.wait_until(lk, until, [&] { return Clock::now() >= until; });
  };
  GroupCommitWriter w(open_db(db.path), 16, 16, after_batch);
  w.submit(insert(&first_done));
  ASSERT_TRUE(in_pause.wait());
  {
    std::lock_guard lk(at_mu);
    queued_at = Clock::now();
  }
  w.submit(insert(&second_done));
  second_queued.raise();
  ASSERT_TRUE(first_done.wait());
  ASSERT_TRUE(second_done.wait());
  // The profile is written before the completions run.
  auto p = w.latency_profile();
  EXPECT_EQ(p.ops, 2u);
  EXPECT_EQ(p.batches, 2u);
  EXPECT_EQ(bucketed(p), 2u);
  EXPECT_GE(p.pauses, 1u);
  EXPECT_GE(p.pause_us, 8000u);
  EXPECT_EQ(p.slow_after_pause, 1u);  // the second; the first (if slow at all) for another cause
  EXPECT_EQ(causes(p), p.under_10ms + p.over_10ms);
}

// An operation whose batch leaves the CPU for 20 ms (it waits inside the transaction) is slow
// because the writer was off the CPU, not because of a pause or its COMMIT.
TEST(SqliteWriterProfile, AnOperationWhoseBatchLeftTheCpuIsCountedUnderOffCpu) {
  TempDb db;
  Signal done;
  GroupCommitWriter w(open_db(db.path), 16, 16);
  GroupCommitWriter::Op op;
  op.run = [](Connection& c, OpContext&) {
    const auto until = Clock::now() + std::chrono::milliseconds(20);
    std::mutex m;
    std::condition_variable never;
    std::unique_lock lk(m);
    never.wait_until(lk, until, [&] { return Clock::now() >= until; });
    c.exec("INSERT INTO t VALUES (2)");
  };
  op.complete = [&done](std::exception_ptr) { done.raise(); };
  w.submit(std::move(op));
  ASSERT_TRUE(done.wait());
  auto p = w.latency_profile();
  EXPECT_EQ(p.ops, 1u);
  EXPECT_EQ(p.over_10ms, 1u);
  EXPECT_EQ(p.off_cpu_batches, 1u);
  EXPECT_EQ(p.slow_off_cpu, 1u);
  EXPECT_EQ(p.slow_after_pause, 0u);
}

// Every operation queued through submit() or call() is counted once, in one bucket.
TEST(SqliteWriterProfile, EveryQueuedOperationIsCountedOnceInOneBucket) {
  TempDb db;
  GroupCommitWriter w(open_db(db.path), 16, 16);
  for (int i = 0; i < 5; ++i)
    w.call([](Connection& c, OpContext&) { c.exec("INSERT INTO t VALUES (3)"); });
  auto p = w.latency_profile();
  EXPECT_EQ(p.ops, 5u);
  EXPECT_EQ(bucketed(p), 5u);
  EXPECT_EQ(p.batches, 5u);
}

// thread_slice_us: the writer thread asks for that scheduler slice; without it the writer keeps the
// kernel's default (core/thread_slice.h; skipped on a kernel without custom slices).
TEST(SqliteWriterSlice, TheWriterThreadRunsWithTheSliceItWasGiven) {
  TempDb db;
  auto slice_seen_by = [&](int slice_us) {
    GroupCommitWriter w(open_db(db.path), 16, 16, {}, std::chrono::microseconds{0}, 64, slice_us);
    return w.call([](Connection&, OpContext&) { return requested_slice(); });
  };
  if (!short_slices_supported()) GTEST_SKIP() << "no custom scheduler slices on this kernel";
  const auto given = slice_seen_by(400);
  const auto plain = slice_seen_by(0);
  EXPECT_EQ(given, std::chrono::microseconds(400));
  EXPECT_NE(plain, std::chrono::microseconds(400));
}

// read_if_idle (issue 18, round 15): a read on the writer's own connection while no batch holds
// it, in a read transaction that sees every commit; never while a batch runs, never on the writer
// thread, and a batch that comes during the read waits for it to end.
std::int64_t rows(Connection& c) {
  auto s = c.prepare("SELECT count(*) FROM t");
  return s.first_int().value_or(-1);
}

TEST(SqliteWriterReads, AnIdleWritersConnectionServesAReadThatSeesItsCommits) {
  TempDb db;
  GroupCommitWriter w(open_db(db.path), 16, 16);
  for (int i = 0; i < 3; ++i)
    w.call([](Connection& c, OpContext&) { c.exec("INSERT INTO t VALUES (4)"); });
  std::int64_t seen = -1;
  EXPECT_TRUE(w.read_if_idle([&](Connection& c) {
    EXPECT_TRUE(c.in_transaction()) << "one snapshot for the whole read";
    seen = rows(c);
  }));
  EXPECT_EQ(seen, 3);
  w.call([](Connection& c, OpContext&) { c.exec("INSERT INTO t VALUES (5)"); });
  EXPECT_TRUE(w.read_if_idle([&](Connection& c) { seen = rows(c); }));
  EXPECT_EQ(seen, 4) << "the next read sees the next commit";
  EXPECT_EQ(w.stats().idle_reads, 2u);
  // An error inside the read propagates and ends its transaction: the writer goes on.
  EXPECT_THROW(w.read_if_idle([](Connection&) { throw std::runtime_error("read failed"); }),
               std::runtime_error);
  w.call([](Connection& c, OpContext&) { c.exec("INSERT INTO t VALUES (6)"); });
  EXPECT_TRUE(w.read_if_idle([&](Connection& c) { seen = rows(c); }));
  EXPECT_EQ(seen, 5);
}

TEST(SqliteWriterReads, AReadNeverWaitsForABatchNorRunsInsideOne) {
  TempDb db;
  GroupCommitWriter w(open_db(db.path), 16, 16);
  Signal in_batch, release, done;
  std::atomic<int> on_writer_thread{-1};
  GroupCommitWriter::Op op;
  op.run = [&](Connection& c, OpContext&) {
    c.exec("INSERT INTO t VALUES (7)");
    in_batch.raise();
    ASSERT_TRUE(release.wait());
  };
  op.complete = [&](std::exception_ptr) {
    // On the writer thread (between batches): refused, the caller reads elsewhere.
    on_writer_thread = w.read_if_idle([](Connection&) {}) ? 1 : 0;
    done.raise();
  };
  w.submit(std::move(op));
  ASSERT_TRUE(in_batch.wait());
  bool ran = false;
  EXPECT_FALSE(w.read_if_idle([&](Connection&) { ran = true; })) << "a batch holds the connection";
  EXPECT_FALSE(ran);
  release.raise();
  ASSERT_TRUE(done.wait());
  EXPECT_EQ(on_writer_thread.load(), 0);
  EXPECT_EQ(w.stats().idle_reads, 0u);
}

TEST(SqliteWriterReads, ABatchThatComesDuringAReadWaitsForItToEnd) {
  TempDb db;
  GroupCommitWriter w(open_db(db.path), 16, 16);
  Signal reading, end_read, committed;
  std::atomic<bool> read_over{false}, committed_after_read{false};
  std::int64_t seen = -1;
  std::thread reader([&] {
    EXPECT_TRUE(w.read_if_idle([&](Connection& c) {
      reading.raise();
      EXPECT_TRUE(end_read.wait());
      seen = rows(c);
      read_over = true;
    }));
  });
  ASSERT_TRUE(reading.wait());
  GroupCommitWriter::Op op;
  op.run = [](Connection& c, OpContext&) { c.exec("INSERT INTO t VALUES (8)"); };
  op.complete = [&](std::exception_ptr e) {
    committed_after_read = !e && read_over.load();
    committed.raise();
  };
  w.submit(std::move(op));
  // The writer takes the operation into its batch, then waits for the read's end to begin it.
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (w.queue_depth() != 0 && Clock::now() < deadline) std::this_thread::yield();
  ASSERT_EQ(w.queue_depth(), 0u);
  EXPECT_FALSE(committed.wait(std::chrono::milliseconds(100))) << "the batch did not wait for the read";
  end_read.raise();
  ASSERT_TRUE(committed.wait());
  reader.join();
  EXPECT_TRUE(committed_after_read.load());
  EXPECT_EQ(seen, 0) << "the read's snapshot was taken before the batch";
}

}  // namespace
}  // namespace fte::sqlite
