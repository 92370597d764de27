// The retry policy of the PostgreSQL store: only transient errors are retried (a lost connection,
// a serialization failure 40001, a deadlock 40P01, a server shutting down or starting up — see
// DbError::transient), a bounded number of times, with exponential backoff and jitter. Anything
// else (constraint violations, timeouts, bad input) fails at once: running it again cannot help,
// and a statement timeout already spent its budget. Thread-safe (stateless).
#pragma once
#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "store/postgres/pq.h"

namespace fte::pg {

// The defaults ride out a server restart of a few seconds (about 3.5 s of backoff in all), so
// that a request arriving during one waits instead of failing.
struct RetryPolicy {
  int attempts = 12;  // runs in all, the first included
  std::chrono::milliseconds first_backoff{20};
  std::chrono::milliseconds max_backoff{500};
};

inline std::chrono::milliseconds backoff_for(const RetryPolicy& p, int retry) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  auto base = std::min<std::int64_t>(p.max_backoff.count(), p.first_backoff.count() << retry);
  std::uniform_int_distribution<std::int64_t> jitter(base / 2, base);  // "equal jitter"
  return std::chrono::milliseconds(jitter(rng));
}

// Runs f(); when it throws a transient DbError, calls on_transient(error) (e.g. drop dead pooled
// connections), waits and runs it again, up to p.attempts runs. Rethrows the last error.
template <class F, class OnTransient>
auto with_retries(const RetryPolicy& p, F&& f, OnTransient&& on_transient) -> decltype(f()) {
  for (int attempt = 1;; ++attempt) {
    try {
      return f();
    } catch (const DbError& e) {
      if (!e.transient() || attempt >= p.attempts) throw;
      on_transient(e);
    }
    std::this_thread::sleep_for(backoff_for(p, attempt - 1));
  }
}

}  // namespace fte::pg
