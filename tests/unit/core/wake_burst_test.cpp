// WakeBurst defers the wake-ups asked for on its thread to its end, once per (fn, arg); outside a
// burst (or on another thread) a wake-up runs at once.
#include "core/wake_burst.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace fte {
namespace {

std::vector<int> woken;
void record(void* arg) { woken.push_back(*static_cast<int*>(arg)); }

TEST(WakeBurst, WakeUpsInABurstRunOnceEachAtItsEndAndAtOnceOutside) {
  int a = 1, b = 2;
  woken.clear();
  WakeBurst::wake(&record, &a);
  EXPECT_EQ(woken, (std::vector<int>{1})) << "no burst open: at once";
  woken.clear();
  {
    WakeBurst burst;
    WakeBurst::wake(&record, &a);
    WakeBurst::wake(&record, &b);
    WakeBurst::wake(&record, &a);
    {
      WakeBurst inner;  // nested: part of the outer burst
      WakeBurst::wake(&record, &b);
    }
    EXPECT_TRUE(woken.empty()) << "deferred while the burst is open";
    std::vector<int> other;
    std::thread([&] {
      WakeBurst::wake([](void* p) { static_cast<std::vector<int>*>(p)->push_back(3); }, &other);
    }).join();
    EXPECT_EQ(other, (std::vector<int>{3})) << "another thread's wake-up is not deferred";
  }
  EXPECT_EQ(woken, (std::vector<int>{1, 2})) << "each once, in the order first asked";
  woken.clear();
  WakeBurst::wake(&record, &b);
  EXPECT_EQ(woken, (std::vector<int>{2})) << "after the burst: at once again";
}

}  // namespace
}  // namespace fte
