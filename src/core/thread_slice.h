// Asks the kernel's fair scheduler (EEVDF, Linux >= 6.12) for a shorter time slice for the calling
// thread: such a thread, woken while both cores run others, preempts sooner instead of waiting for
// the running thread's slice to end. Its share of the CPU is unchanged (the slice is not a
// weight), and no privilege is needed. Used by the threads on an intake's path (the HTTP I/O
// threads, the SQLite writer) so that a request does not wait a whole default slice (~3 ms) at each
// of its wake-ups on a two-core machine (issue 18, round 13).
// Best effort: on an older kernel (no custom slices) or a refused call it changes nothing and
// returns false.
#pragma once
#include <chrono>

namespace fte {

bool request_short_slice(std::chrono::microseconds slice);
// The calling thread's slice as the kernel reports it (its default when none was asked for; 0 when
// it cannot tell); for tests.
std::chrono::microseconds requested_slice();
// Whether this kernel grants custom slices (probed once, on a thread of its own); for tests.
bool short_slices_supported();

}  // namespace fte
