// WakeBurst: one thread completing many requests at once (the SQLite writer's group commit) asks
// for wake-ups of the threads that write the answers. While a WakeBurst is open on a thread, the
// wake-ups requested on it are deferred to its end and run once each, so a batch of answers wakes
// each I/O thread once instead of once per answer (which, on a fast other core, drains one answer
// per wake-up). The code that requests a wake-up (src/http) and the code that opens the burst
// (src/store) know nothing of each other.
//
// Thread-safety: thread-local; wake() may be called from any thread (outside a burst it runs the
// wake-up at once). Nested bursts on one thread are one burst (the outermost runs the wake-ups).
// Failure: a wake-up that throws is dropped; the others still run.
#pragma once
#include <vector>

namespace fte {

class WakeBurst {
 public:
  using Fn = void (*)(void*);
  WakeBurst();
  ~WakeBurst();
  WakeBurst(const WakeBurst&) = delete;
  WakeBurst& operator=(const WakeBurst&) = delete;

  // fn(arg) now when no burst is open on this thread; else once, at the burst's end, per (fn, arg).
  static void wake(Fn fn, void* arg);

 private:
  bool outer_;
};

}  // namespace fte
