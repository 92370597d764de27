// CircuitBreaker: stops calling a service that keeps failing (the model API), so that tickets go to
// the fallback at once instead of each waiting through its own timeouts and retries.
//   closed     calls pass; `failure_threshold` consecutive failed calls open the breaker;
//   open       calls are refused (allow() = false) until `cooldown_ms` has passed;
//   half_open  then one probe call passes (others are still refused): success closes the breaker,
//              failure opens it again for another cool-down.
// A "call" here is one logical request after the HTTP client's own retries.
// Thread-safe (a mutex). Never throws. Time comes from the injected Clock (tests drive it).
#pragma once
#include <cstdint>
#include <mutex>
#include <string>

namespace fte {
class Clock;
}

namespace fte::agent {

class CircuitBreaker {
 public:
  enum class State { closed, open, half_open };
  CircuitBreaker(int failure_threshold, int cooldown_ms, const Clock& clock);

  bool allow();  // may a call start now? (in half_open, true once: the probe)
  void on_success();
  void on_failure();
  State state() const;
  static const char* to_string(State s);

 private:
  const int threshold_;
  const int cooldown_ms_;
  const Clock& clock_;
  mutable std::mutex mu_;
  State state_ = State::closed;
  int failures_ = 0;
  std::int64_t opened_at_ms_ = 0;
  bool probe_in_flight_ = false;
};

}  // namespace fte::agent
