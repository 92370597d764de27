#include "agent/engines/circuit_breaker.h"

#include <algorithm>

#include "core/clock.h"

namespace fte::agent {

CircuitBreaker::CircuitBreaker(int failure_threshold, int cooldown_ms, const Clock& clock)
    : threshold_(std::max(1, failure_threshold)),
      cooldown_ms_(std::max(0, cooldown_ms)),
      clock_(clock) {}

bool CircuitBreaker::allow() {
  std::lock_guard lk(mu_);
  switch (state_) {
    case State::closed:
      return true;
    case State::open:
      if (clock_.now_ms() - opened_at_ms_ < cooldown_ms_) return false;
      state_ = State::half_open;
      probe_in_flight_ = true;
      return true;
    case State::half_open:
      if (probe_in_flight_) return false;
      probe_in_flight_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::on_success() {
  std::lock_guard lk(mu_);
  state_ = State::closed;
  failures_ = 0;
  probe_in_flight_ = false;
}

void CircuitBreaker::on_failure() {
  std::lock_guard lk(mu_);
  probe_in_flight_ = false;
  if (state_ == State::half_open || ++failures_ >= threshold_) {
    state_ = State::open;
    opened_at_ms_ = clock_.now_ms();
    failures_ = 0;
  }
}

CircuitBreaker::State CircuitBreaker::state() const {
  std::lock_guard lk(mu_);
  return state_;
}

const char* CircuitBreaker::to_string(State s) {
  switch (s) {
    case State::closed:
      return "closed";
    case State::open:
      return "open";
    case State::half_open:
      return "half_open";
  }
  return "closed";
}

}  // namespace fte::agent
