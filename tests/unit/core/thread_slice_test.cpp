// request_short_slice (core/thread_slice.h, issue 18 round 13): the calling thread's scheduler
// slice becomes the one asked for, and only that thread's. On a kernel without custom slices
// (Linux < 6.12) the request is refused or ignored and the tests skip.
#include "core/thread_slice.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace fte {
namespace {

using std::chrono::microseconds;

TEST(ThreadSlice, TheCallingThreadGetsTheSliceItAskedForAndOthersKeepTheirs) {
  microseconds mine{0}, other{0};
  bool granted = false;
  std::thread t([&] {
    granted = request_short_slice(microseconds(400));
    mine = requested_slice();
  });
  t.join();
  std::thread u([&] { other = requested_slice(); });
  u.join();
  if (!short_slices_supported()) GTEST_SKIP() << "no custom scheduler slices on this kernel";
  EXPECT_TRUE(granted);
  EXPECT_EQ(mine, microseconds(400));
  EXPECT_NE(other, microseconds(400));
}

}  // namespace
}  // namespace fte
