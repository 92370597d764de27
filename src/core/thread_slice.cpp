#include "core/thread_slice.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>
#include <cerrno>
#include <cstring>
#include <thread>

namespace fte {
namespace {

// The kernel's struct sched_attr (include/uapi/linux/sched/types.h), version 1 (56 bytes).
struct SchedAttr {
  std::uint32_t size;
  std::uint32_t sched_policy;
  std::uint64_t sched_flags;
  std::int32_t sched_nice;
  std::uint32_t sched_priority;
  std::uint64_t sched_runtime;  // for SCHED_OTHER: the requested slice (ns), 0.1–100 ms
  std::uint64_t sched_deadline;
  std::uint64_t sched_period;
  std::uint32_t sched_util_min;
  std::uint32_t sched_util_max;
};

}  // namespace

bool request_short_slice(std::chrono::microseconds slice) {
#if defined(__linux__) && defined(SYS_sched_setattr)
  SchedAttr a;
  std::memset(&a, 0, sizeof a);
  a.size = sizeof a;
  a.sched_policy = 0;  // SCHED_OTHER, as the thread already runs
  errno = 0;
  const int nice = getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)));
  if (nice == -1 && errno != 0) return false;
  a.sched_nice = nice;  // kept
  a.sched_runtime = static_cast<std::uint64_t>(slice.count()) * 1000u;
  return syscall(SYS_sched_setattr, 0, &a, 0) == 0;
#else
  (void)slice;
  return false;
#endif
}

std::chrono::microseconds requested_slice() {
#if defined(__linux__) && defined(SYS_sched_getattr)
  SchedAttr a;
  std::memset(&a, 0, sizeof a);
  if (syscall(SYS_sched_getattr, 0, &a, sizeof a, 0) != 0) return std::chrono::microseconds(0);
  return std::chrono::microseconds(a.sched_runtime / 1000u);
#else
  return std::chrono::microseconds(0);
#endif
}

bool short_slices_supported() {
  static const bool yes = [] {
    bool ok = false;
    std::thread t([&] {
      ok = request_short_slice(std::chrono::microseconds(400)) &&
           requested_slice() == std::chrono::microseconds(400);
    });
    t.join();
    return ok;
  }();
  return yes;
}

}  // namespace fte
